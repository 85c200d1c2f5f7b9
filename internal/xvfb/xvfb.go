// Package xvfb starts a virtual X display (Xvfb) for tests, and puts
// things on it the way a person's other programs do: a picture in a window
// of ImageMagick's display, something on the clipboard with xclip.
//
// When a tool is missing the test is skipped, except under CI=true, where
// it fails: CI's machine installs them (scripts/setup.sh).
package xvfb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sparekey/internal/tooltest"
)

// X is a running virtual display.
type X struct {
	Display string // ":N"
}

// Need skips the test (fails it under CI=true) unless every tool is on
// PATH.
func Need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		tooltest.Find(t, tool)
	}
}

// Start starts Xvfb with one w×h screen and stops it when the test ends.
//
// It picks the display number itself, among numbers no other X server has
// left a lock file or socket for: Xvfb's own -displayfd search starts at
// :0 and takes over a lock whose server was killed, and two servers
// started at once can then both take it; the one that ends first removes
// the socket of the other, which becomes unreachable (tests failed so,
// with "unable to open X server :0").
func Start(t testing.TB, w, h int) *X {
	t.Helper()
	Need(t, "Xvfb", "xdotool", "xclip", "display")
	first := 200 + rand.IntN(700)
	var why []string
	for i := 0; i < 700 && len(why) < 20; i++ {
		n := 200 + (first-200+i)%700
		if taken(n) {
			continue
		}
		x, err := startOn(t, n, w, h)
		if err == nil {
			return x
		}
		why = append(why, err.Error())
	}
	t.Fatalf("Xvfb did not start: %s", strings.Join(why, "; "))
	return nil
}

// taken reports whether display n has a lock file or a socket, live or
// left behind.
func taken(n int) bool {
	for _, p := range []string{fmt.Sprintf("/tmp/.X%d-lock", n), fmt.Sprintf("/tmp/.X11-unix/X%d", n)} {
		if _, err := os.Lstat(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// startOn starts Xvfb on display n; it fails if another server holds n.
func startOn(t testing.TB, n, w, h int) (*X, error) {
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// -noreset: by default an X server resets when its last client leaves,
	// and a client connecting meanwhile is refused. A test's window program
	// starting while xdotool polls for its window (each poll a client that
	// leaves) then failed with "unable to open X server".
	cmd := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-displayfd", "3", "-noreset", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp", "+extension", "XINERAMA")
	cmd.ExtraFiles = []*os.File{wr}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting Xvfb: %v", err)
	}
	wr.Close()
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		// Asked to end, Xvfb removes its lock file and socket; killed, it
		// leaves them behind. Kill only one that does not end.
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case d := <-got:
		if d == "" {
			<-exited
			return nil, fmt.Errorf(":%d: %s", n, strings.TrimSpace(stderr.String()))
		}
		if d != fmt.Sprint(n) {
			stop()
			return nil, fmt.Errorf("asked for :%d, Xvfb said :%s", n, d)
		}
	case <-time.After(time.Minute):
		stop()
		return nil, fmt.Errorf(":%d: not started within a minute: %s", n, strings.TrimSpace(stderr.String()))
	}
	// The lock must name this server, not one that took it at the same time.
	if lock, err := os.ReadFile(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil && strings.TrimSpace(string(lock)) != fmt.Sprint(cmd.Process.Pid) {
		stop()
		return nil, fmt.Errorf(":%d: another server holds the lock", n)
	}
	// And a client must reach it.
	x := &X{Display: fmt.Sprintf(":%d", n)}
	probe := exec.Command("xdotool", "getdisplaygeometry")
	probe.Env = x.Env()
	if out, err := probe.CombinedOutput(); err != nil {
		stop()
		return nil, fmt.Errorf(":%d: started, but a client cannot reach it (%v: %s)", n, err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(stop)
	return x, nil
}

// Setenv points this process at the display, as an X11 desktop.
func (x *X) Setenv(t testing.TB) {
	t.Setenv("DISPLAY", x.Display)
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("XDG_SESSION_TYPE", "x11")
}

// Env is the environment of a program run on the display.
func (x *X) Env(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE":
			continue
		}
		env = append(env, kv)
	}
	return append(append(env, "DISPLAY="+x.Display, "XDG_SESSION_TYPE=x11"), extra...)
}

// Picture writes img to a PNG file in the test's folder.
func (x *X) Picture(t testing.TB, img image.Image) string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "picture-*.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

// Show runs a program (with its arguments) on the display, waits until a
// window whose name matches title is on screen, and returns its window id.
// The program is stopped when the test ends.
func (x *X) Show(t testing.TB, title string, program string, args ...string) string {
	t.Helper()
	cmd := exec.Command(program, args...)
	cmd.Env = x.Env()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", program, err)
	}
	t.Cleanup(func() {
		// Asked to end, Xvfb removes its lock file and socket; killed, it
		// leaves them, and two servers started at once elsewhere can then
		// both take that display's stale lock (one test's X server became
		// unreachable so). Kill only one that does not end.
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	return x.Wait(t, title, &out)
}

// Wait waits (at most three minutes: a busy machine is slow to start a
// program) until a window whose name matches title is on screen, and
// returns its id. log is shown if it never comes.
func (x *X) Wait(t testing.TB, title string, log fmt.Stringer) string {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", title)
		cmd.Env = x.Env()
		out, _ := cmd.Output()
		if id := strings.Fields(string(out)); len(id) > 0 {
			return id[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window %q appeared: %s", title, log)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Run runs a command on the display and returns its output; it fails the
// test if the command fails.
func (x *X) Run(t testing.TB, program string, args ...string) string {
	t.Helper()
	cmd := exec.Command(program, args...)
	cmd.Env = x.Env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", program, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Copy puts data on the clipboard as target (e.g. "image/png" or
// "UTF8_STRING") with xclip, which stays to hand it over until something
// else is copied or the display stops.
func (x *X) Copy(t testing.TB, target string, data []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clip")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// xclip's own process stays behind, holding any pipe it was given:
	// its output goes to a file, so that waiting for the first ends.
	log, err := os.Create(path + ".log")
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command("xclip", "-selection", "clipboard", "-t", target, "-i", path)
	cmd.Env = x.Env()
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		out, _ := os.ReadFile(path + ".log")
		t.Fatalf("xclip: %v\n%s", err, out)
	}
	// xclip returns once it has forked, which can be before its request to
	// own the clipboard reaches the X server (Xlib sends it later): wait
	// until the clipboard gives back what was copied, so the test reads
	// that and not what was there before.
	deadline := time.Now().Add(20 * time.Second)
	for {
		q := exec.Command("xclip", "-selection", "clipboard", "-o", "-t", target)
		q.Env = x.Env()
		out, _ := q.Output()
		if bytes.Equal(out, data) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("xclip never took the clipboard (it gives %d bytes, want %d)", len(out), len(data))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
