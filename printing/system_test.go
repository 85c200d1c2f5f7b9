package printing

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeCommands puts shell scripts named like system commands first on PATH;
// each records its arguments in DIR/NAME.args and prints out.
func fakeCommands(t *testing.T, outputs map[string]string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts stand in for the commands")
	}
	dir := t.TempDir()
	for name, out := range outputs {
		script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + filepath.Join(dir, name+".args") + "\"\nprintf '" + out + "'\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

func argsOf(t *testing.T, dir, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+".args"))
	if err != nil {
		t.Fatalf("%s was not run: %v", name, err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestTempPDFIsPrivateAndRemoved(t *testing.T) {
	path, remove, err := TempPDF([]byte("%PDF-1.4 test"), "sheet")
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("the temporary PDF has mode %v, want 0600", st.Mode().Perm())
	}
	if !strings.HasSuffix(path, ".pdf") || !strings.Contains(filepath.Base(path), "sparekey-sheet-") {
		t.Errorf("temporary PDF named %s", path)
	}
	remove()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the temporary PDF is still there after remove: %v", err)
	}
}

func TestPrintersListsTheDefaultFirst(t *testing.T) {
	dir := fakeCommands(t, map[string]string{"lp": ""})
	// lpstat -e lists the printers, lpstat -d names the default.
	os.WriteFile(filepath.Join(dir, "lpstat"), []byte("#!/bin/sh\nif [ \"$1\" = -d ]; then echo 'system default destination: Office_Laser'; else printf 'Home_Inkjet\\nOffice_Laser\\n'; fi\n"), 0o755)
	if !CanPrintDirectly() {
		t.Fatal("CanPrintDirectly is false with lp and lpstat on PATH")
	}
	ps, err := Printers()
	if err != nil {
		t.Fatal(err)
	}
	want := []Printer{{Name: "Office_Laser", Default: true}, {Name: "Home_Inkjet"}}
	if len(ps) != 2 || ps[0] != want[0] || ps[1] != want[1] {
		t.Errorf("Printers() = %v, want %v", ps, want)
	}
}

func TestPrintToSendsTheFileToTheChosenPrinter(t *testing.T) {
	dir := fakeCommands(t, map[string]string{"lp": "request id is Office_Laser-12 (1 file(s))"})
	if err := PrintTo("Office_Laser", "/some/sheet.pdf", Letter); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(argsOf(t, dir, "lp"), " ")
	if want := "-d Office_Laser -o media=Letter -t Sparekey -- /some/sheet.pdf"; got != want {
		t.Errorf("lp %s, want lp %s", got, want)
	}
}

func TestPrintToSaysWhenThePrinterRefuses(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "lp"), []byte("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n"), 0o755)
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	err := PrintTo("Gone", "/some/sheet.pdf", A4)
	if err == nil || !strings.Contains(err.Error(), "Gone did not take the sheet") || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("PrintTo to a missing printer: %v", err)
	}
}

func TestOpenInViewerHandsThePDFToXdgOpen(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("xdg-open is the Linux viewer")
	}
	dir := fakeCommands(t, map[string]string{"xdg-open": ""})
	if err := OpenInViewer("/some/sheet.pdf"); err != nil {
		t.Fatal(err)
	}
	if got := argsOf(t, dir, "xdg-open"); len(got) != 1 || got[0] != "/some/sheet.pdf" {
		t.Errorf("xdg-open %v", got)
	}
}
