package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"sparekey/internal/tooltest"
	"sparekey/internal/xvfb"
)

// waitFor polls cond every 100 ms for up to two minutes (a loaded machine
// is slow; the wait bounds a hang, it is no speed limit).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(2 * time.Minute); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("waited two minutes for %s", what)
}

// primaryButton finds the app's one primary (blue) button on the screen,
// wider than any check box, and returns its middle.
func primaryButton(t *testing.T, display string) (x, y int, ok bool) {
	t.Helper()
	shot := exec.Command(tooltest.Find(t, "import"), "-display", display, "-window", "root", "png:-")
	out, err := shot.Output()
	if err != nil {
		return 0, 0, false
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("reading the screenshot: %v", err)
	}
	blue := func(p image.Point) bool {
		r, g, b, _ := img.At(p.X, p.Y).RGBA()
		r, g, b = r>>8, g>>8, b>>8
		return b > 200 && r < 90 && g > 80 && g < 150
	}
	bounds := img.Bounds()
	for row := bounds.Min.Y; row < bounds.Max.Y; row++ {
		first, run := -1, 0
		for col := bounds.Min.X; col < bounds.Max.X; col++ {
			if blue(image.Pt(col, row)) {
				if run == 0 {
					first = col
				}
				run++
				continue
			}
			if run >= 100 {
				return first + run/2, row + 8, true
			}
			run = 0
		}
	}
	return 0, 0, false
}

// TestSIGTERMEndsTheAppCleanly runs the real app under Xvfb with no D-Bus
// session, in the demo on its print screen. A plaintext sheet left by an
// earlier crash is swept at start; "Open it to print…" writes a temporary
// sheet (the viewer is a stand-in that notes the file); SIGTERM then ends the
// app with exit status 0, nothing on stderr (it was a nil-pointer panic in
// the tray's cleanup), and no sheet left in the temporary folder.
func TestSIGTERMEndsTheAppCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole program")
	}
	xdotool := tooltest.Find(t, "xdotool")
	dir := t.TempDir()
	bin := filepath.Join(dir, "sparekey")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building sparekey: %v\n%s", err, out)
	}
	display := xvfb.Start(t, 1024, 768).Display

	tmp := filepath.Join(dir, "tmp")
	fake := filepath.Join(dir, "bin")
	for _, d := range []string{tmp, fake} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	viewerLog := filepath.Join(dir, "viewer.log")
	if err := os.WriteFile(filepath.Join(fake, "xdg-open"), []byte("#!/bin/sh\necho \"$1\" >> \"$VIEWER_LOG\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	// An earlier Sparekey's leftover, and a file of another program's.
	old := time.Now().Add(-time.Hour)
	leftover := filepath.Join(tmp, "sparekey-sheet-1234567.pdf")
	other := filepath.Join(tmp, "invoice.pdf")
	for _, f := range []string{leftover, other} {
		if err := os.WriteFile(f, []byte("%PDF-1.4 keys"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(f, old, old)
	}

	app := exec.Command(bin, "--demo")
	app.Env = []string{
		"DISPLAY=" + display, "HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_RUNTIME_DIR=" + dir, // no D-Bus socket in it
		"TMPDIR=" + tmp, "PATH=" + fake + string(os.PathListSeparator) + os.Getenv("PATH"),
		"LANG=en_US.UTF-8", "SPAREKEY_SCREEN=print", "VIEWER_LOG=" + viewerLog,
	}
	var stdout, stderr bytes.Buffer
	app.Stdout, app.Stderr = &stdout, &stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	ended := false
	defer func() {
		if !ended {
			app.Process.Kill()
			<-exited
			t.Logf("the app's stderr: %s", stderr.String())
		}
	}()

	waitFor(t, "the window", func() bool {
		search := exec.Command(xdotool, "search", "--onlyvisible", "--name", "Sparekey")
		search.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := search.Output()
		return len(bytes.TrimSpace(out)) > 0
	})
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("the leftover sheet of an earlier run is still there: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another program's PDF was swept: %v", err)
	}
	// Core dumps are off while it runs (Linux shows the limit in /proc).
	if limits, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", app.Process.Pid)); err == nil {
		if !regexp.MustCompile(`(?m)^Max core file size\s+0\s+0\s`).Match(limits) {
			t.Errorf("the running app allows core files:\n%s", limits)
		}
	} else if runtime.GOOS == "linux" {
		t.Errorf("reading the app's limits: %v", err)
	}

	var x, y int
	waitFor(t, "the Open it to print button", func() bool {
		var ok bool
		x, y, ok = primaryButton(t, display)
		return ok
	})
	click := exec.Command(xdotool, "mousemove", fmt.Sprint(x), fmt.Sprint(y), "click", "1")
	click.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := click.CombinedOutput(); err != nil {
		t.Fatalf("clicking: %v %s", err, out)
	}
	var sheet string
	waitFor(t, "the viewer to be asked to open the sheet", func() bool {
		b, _ := os.ReadFile(viewerLog)
		sheet = strings.TrimSpace(string(b))
		return sheet != ""
	})
	fi, err := os.Stat(sheet)
	if err != nil || filepath.Dir(sheet) != tmp || !strings.HasPrefix(filepath.Base(sheet), "sparekey-sheet-") || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the viewer got %q (%v, %v); want a private sparekey-sheet-*.pdf in the temporary folder", sheet, fi, err)
	}
	// Let the app take the signals over from Fyne (a second after it
	// starts); before that, Run's own ending deletes the sheet as well.
	time.Sleep(1500 * time.Millisecond)

	if err := app.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var werr error
	waitFor(t, "the app to end after SIGTERM", func() bool {
		select {
		case werr = <-exited:
			ended = true
			return true
		default:
			return false
		}
	})
	if werr != nil {
		t.Errorf("after SIGTERM: %v (want exit status 0)", werr)
	}
	if rest := withoutPreferencesRace(stderr.String()); rest != "" {
		t.Errorf("stderr after SIGTERM: %s", rest)
	}
	if _, err := os.Stat(sheet); !os.IsNotExist(err) {
		t.Errorf("the temporary sheet survived SIGTERM: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "sparekey-*")); len(m) != 0 {
		t.Errorf("left in the temporary folder: %q", m)
	}
}

// fynePrefsRace is the message of a race in Fyne 2.7.1's preferences: its
// file watcher can read preferences.json while Fyne itself is rewriting it,
// and logs this error (three lines: the error, its cause, where). It has
// nothing to do with quitting; every other line on stderr counts.
var fynePrefsRace = regexp.MustCompile(`(?m)^\S+ \S+ Fyne error:  Preferences load error:\n\S+ \S+   Cause: EOF\n\S+ \S+   At: \S+/fyne/v2@\S+/app/preferences\.go:\d+\n`)

func withoutPreferencesRace(stderr string) string {
	return fynePrefsRace.ReplaceAllString(stderr, "")
}

func TestWithoutPreferencesRaceDropsOnlyThatMessage(t *testing.T) {
	race := "2026/11/30 12:33:56 Fyne error:  Preferences load error:\n2026/11/30 12:33:56   Cause: EOF\n2026/11/30 12:33:56   At: /home/someone/go/pkg/mod/fyne.io/fyne/v2@v2.7.1/app/preferences.go:103\n"
	if got := withoutPreferencesRace(race); got != "" {
		t.Errorf("the race's message is left: %q", got)
	}
	panicked := "panic: runtime error: invalid memory address or nil pointer dereference\n"
	if got := withoutPreferencesRace(race + panicked); got != panicked {
		t.Errorf("got %q, want the panic kept", got)
	}
}
