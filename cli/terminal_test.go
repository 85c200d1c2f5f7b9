package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// built is the program as the headless CI builds it, built once for every
// test of the package (go build links the whole program each time); TestMain
// removes it.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// buildSparekey returns the program, built without cgo and with the ci tag,
// as the headless CI builds it (the command line is the same).
func buildSparekey(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the program with")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "sparekey-cli-test-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "sparekey")
		build := exec.Command(goTool, "build", "-tags", "ci", "-o", built.bin, "sparekey")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("building sparekey: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// TestOneLineUnderTheCLocaleWithAnEncoding: with LANG=C.UTF-8 (the default
// of many containers and CI machines) Fyne, linked in for the desktop app,
// used to log three lines about the locale "C" before any command ran.
func TestOneLineUnderTheCLocaleWithAnEncoding(t *testing.T) {
	bin := buildSparekey(t)
	home := t.TempDir()
	for _, locale := range []string{"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "LANG=POSIX.utf8", "LANG=C", "LANG=en_US.UTF-8"} {
		cmd := exec.Command(bin, "--vault", filepath.Join(home, "none.sparekey"), "list")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + home, locale}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err == nil {
			t.Fatalf("%s: list of a missing vault succeeded", locale)
		}
		checkOneLine(t, locale, stderr.String())
		if !strings.Contains(stderr.String(), "no Sparekey file") || stdout.Len() != 0 {
			t.Errorf("%s: stdout %q, stderr %q", locale, stdout.String(), stderr.String())
		}
	}
}
