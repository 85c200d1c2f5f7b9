package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sparekey/internal/tooltest"
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
		if len(lines) != 1 || !strings.Contains(lines[0], "no Sparekey file") || stdout.Len() != 0 {
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

// TestQuitWithoutDBusExitsCleanly runs the desktop app as people get it
// under Xvfb with no D-Bus session (no system tray), unlocks a vault, copies
// nothing, and quits with File › Quit's shortcut: the program must exit 0
// with nothing at all on stderr (Fyne's tray used to log an error at start
// and panic at quit).
func TestQuitWithoutDBusExitsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole program and runs it under Xvfb")
	}
	tooltest.Find(t, "xvfb-run")
	tooltest.Find(t, "xdotool")
	dir := t.TempDir()
	bin := filepath.Join(dir, "sparekey")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building sparekey: %v\n%s", err, out)
	}
	vaultPath := filepath.Join(dir, "vault.sparekey")
	const pw = "violin tram sunny cactus"
	env := []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_RUNTIME_DIR=" + dir,
		"LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"), "SPAREKEY_WORK_FACTOR=10"}
	initCmd := exec.Command(bin, "--vault", vaultPath, "init")
	initCmd.Env = append(env, "SPAREKEY_NEW_PASSWORD="+pw)
	if out, err := initCmd.CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	// The script starts the app, waits for its window, types the password,
	// waits for the list, presses Ctrl+Q and reports the app's exit status.
	script := `"$1" --vault "$2" 2>"$3" &
pid=$!
wid="$(timeout 60 xdotool search --sync --onlyvisible --name Sparekey | head -1)" || exit 90
sleep 2
xdotool type --window "$wid" --delay 20 "$4"
xdotool key --window "$wid" Return
sleep 4
# Ctrl+Q, again every few seconds while the app is still there: on a
# loaded machine the first key may come before the window takes keys.
for i in $(seq 1 300); do
	[ $((i % 25)) = 1 ] && xdotool key --window "$wid" ctrl+q
	kill -0 $pid 2>/dev/null || break
	sleep 0.2
done
if kill -0 $pid 2>/dev/null; then kill -9 $pid; exit 91; fi
wait $pid`
	stderrFile := filepath.Join(dir, "stderr")
	cmd := exec.Command("xvfb-run", "-a", "-s", "-screen 0 1024x768x24", "bash", "-c", script, "quit", bin, vaultPath, stderrFile, pw)
	cmd.Env = env // no DBUS_SESSION_BUS_ADDRESS, no /run/user/UID/bus: XDG_RUNTIME_DIR is the temp dir
	out, err := cmd.CombinedOutput()
	stderr, _ := os.ReadFile(stderrFile)
	if err != nil {
		code := -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		switch code {
		case 90:
			t.Fatalf("the window never appeared\n%s\nstderr: %s", out, stderr)
		case 91:
			t.Fatalf("Ctrl+Q did not end the app\nstderr: %s", stderr)
		}
		t.Fatalf("the app exited with status %d\nstderr: %s", code, stderr)
	}
	// Fyne 2.7.1's own preferences reload race is known and filtered
	// (quit_test.go's fynePrefsRace); anything else is a failure.
	stderr = fynePrefsRace.ReplaceAll(stderr, nil)
	if len(stderr) != 0 {
		t.Errorf("the app wrote on stderr:\n%s", stderr)
	}
	// The vault is intact after quitting: the command line opens and changes it.
	add := exec.Command(bin, "--vault", vaultPath, "add", "otpauth://totp/Example:ada?secret=JBSWY3DPEHPK3PXP&issuer=Example")
	add.Env = append(env, "SPAREKEY_PASSWORD="+pw)
	if out, err := add.CombinedOutput(); err != nil {
		t.Errorf("after quitting, the vault cannot be changed: %v\n%s", err, out)
	}
}
