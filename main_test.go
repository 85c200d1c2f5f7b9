package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandsSayOneLineOnError builds the program as people get it (with
// the desktop app linked in, no build tags) and checks that a failing verb
// writes exactly one line on stderr: nothing that the GUI packages do at
// start-up may leak into the command line's output.
func TestCommandsSayOneLineOnError(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole program")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sparekey")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building sparekey: %v\n%s", err, out)
	}
	for _, lang := range []string{"en_US.UTF-8", ""} {
		cmd := exec.Command(bin, "--vault", filepath.Join(dir, "none.sparekey"), "list")
		cmd.Env = []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "PATH=" + os.Getenv("PATH")}
		if lang != "" {
			cmd.Env = append(cmd.Env, "LANG="+lang)
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err == nil {
			t.Fatalf("LANG=%q: list of a missing vault succeeded", lang)
		}
		lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], "no vault") || stdout.Len() != 0 {
			t.Errorf("LANG=%q: want one line about the missing vault on stderr, got stdout %q stderr %q", lang, stdout.String(), stderr.String())
		}
	}
	// help prints to stdout and nothing on stderr.
	cmd := exec.Command(bin, "help")
	cmd.Env = []string{"HOME=" + dir, "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH")}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() != 0 || !strings.Contains(string(out), "print") {
		t.Errorf("help: %v, stderr %q", err, stderr.String())
	}
}
