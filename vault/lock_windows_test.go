//go:build windows

package vault_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"sparekey/vault"
)

// TestWindowsSecondProcessCannotWrite is the Windows half of the lock: while
// a child process holds the vault (LockFileEx), this process reads it, is
// told which process holds it, and cannot save; when the child dies without
// closing the vault (as in a crash), the lock is gone and this process may
// write.
func TestWindowsSecondProcessCannotWrite(t *testing.T) {
	path, _ := newTestVault(t)
	cmd, stdin, line := startChild(t, "holder", path, "")
	defer stdin.Close()
	pid, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "ready")))
	if err != nil || pid != cmd.Process.Pid {
		t.Fatalf("holder said %q, its pid is %d", line, cmd.Process.Pid)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatalf("a second process cannot even read the vault: %v", err)
	}
	var le *vault.LockedError
	if !errors.As(v.ReadOnly(), &le) || le.PID != pid {
		t.Fatalf("ReadOnly() = %v, want a *LockedError naming process %d", v.ReadOnly(), pid)
	}
	if _, _, err := v.Add(vault.Entry{Issuer: "Intruder", Secret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ"}); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); !errors.As(err, &le) {
		t.Errorf("Save from the second process: %v, want the LockedError", err)
	}
	v.Close()
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the refused save changed the vault file")
	}

	cmd.Process.Kill()
	cmd.Wait()
	v, err = vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.ReadOnly() != nil {
		t.Fatalf("after the holder died: %v", v.ReadOnly())
	}
	if _, _, err := v.Add(vault.Entry{Issuer: "After", Secret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ"}); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); err != nil {
		t.Errorf("saving once the holder is gone: %v", err)
	}
}
