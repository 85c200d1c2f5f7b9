package printing

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// TempPDF writes pdf to a new temporary file that only the user can read
// (mode 0600) and returns its path and a function that removes it. A sheet
// holds keys in the clear: call remove as soon as the viewer or printer has
// it. Until then the file is also on the list RemoveTempPDFs empties when the
// program is asked to end, and its name starts with TempPrefix, by which
// SweepTempPDFs finds it after a crash.
func TempPDF(pdf []byte, name string) (path string, remove func(), err error) {
	f, err := os.CreateTemp("", TempPrefix+name+"-*.pdf")
	if err != nil {
		return "", nil, fmt.Errorf("making a temporary file for the PDF: %w", err)
	}
	path = f.Name()
	temps.add(path)
	remove = func() { temps.remove(path) }
	if err = f.Chmod(0o600); err == nil {
		_, err = f.Write(pdf)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("writing the temporary PDF: %w", err)
	}
	return path, remove, nil
}

// openCommand is the command that opens a file in the system's viewer.
func openCommand(path string) *exec.Cmd {
	switch runtime.GOOS {
	case "darwin":
		return exec.Command("open", path)
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	}
	return exec.Command("xdg-open", path)
}

// OpenInViewer opens the PDF in the system's PDF viewer (xdg-open on Linux),
// from where the person prints it. It returns once the viewer is started.
func OpenInViewer(path string) error {
	cmd := openCommand(path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return errors.New("this computer has no program set up to show PDF files, so Sparekey cannot show the pages to print. Choose Save as PDF instead, then print the file from another computer or a print shop")
		}
		return fmt.Errorf("the program that shows PDF files did not start, so Sparekey cannot show the pages to print. Choose Save as PDF instead, then open the file and print it (what the computer said, for someone technical: %s: %v %s)", cmd.Args[0], err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// Printer is a printer that CUPS knows.
type Printer struct {
	Name    string
	Default bool
}

// CanPrintDirectly reports whether CUPS's lp and lpstat commands are here.
func CanPrintDirectly() bool {
	_, err1 := exec.LookPath("lp")
	_, err2 := exec.LookPath("lpstat")
	return err1 == nil && err2 == nil
}

// Printers lists the printers CUPS knows (lpstat -e), the default one
// (lpstat -d) marked and first.
func Printers() ([]Printer, error) {
	out, err := exec.Command("lpstat", "-e").Output()
	if err != nil {
		return nil, fmt.Errorf("asking the system for its printers (lpstat): %w", err)
	}
	def := ""
	if d, err := exec.Command("lpstat", "-d").Output(); err == nil {
		// "system default destination: Office_Laser"
		if _, name, ok := strings.Cut(strings.TrimSpace(string(d)), ": "); ok {
			def = strings.TrimSpace(name)
		}
	}
	var ps []Printer
	for _, l := range strings.Split(string(out), "\n") {
		name := strings.TrimSpace(l)
		if name == "" {
			continue
		}
		p := Printer{Name: name, Default: name == def}
		if p.Default {
			ps = append([]Printer{p}, ps...)
		} else {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// PrintTo sends the PDF at path to a CUPS printer (lp -d PRINTER). CUPS
// copies the file into its queue, so the caller may remove it afterwards.
func PrintTo(printer, path string, paper Paper) error {
	media := "A4"
	if paper == Letter {
		media = "Letter"
	}
	cmd := exec.Command("lp", "-d", printer, "-o", "media="+media, "-t", "Sparekey", "--", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("the printer %s did not take the sheet: %s", printer, msg)
	}
	return nil
}
