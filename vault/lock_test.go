//go:build unix

package vault_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sparekey/vault"
)

// TestSecondProcessCannotWrite: while a child process has the vault open, this
// process can read it but every write is refused with a message that names the
// child's process id, and nothing on disk changes.
func TestSecondProcessCannotWrite(t *testing.T) {
	path, _ := newTestVault(t)
	cmd, stdin, line := startChild(t, "holder", path, "")
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	pid, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "ready")))
	if err != nil || pid != cmd.Process.Pid {
		t.Fatalf("holder said %q, its pid is %d", line, cmd.Process.Pid)
	}
	before := snapshot(t, filepath.Dir(path))

	v, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatalf("a second process cannot even read the vault: %v", err)
	}
	if len(v.Entries) != len(sampleEntries()) {
		t.Errorf("read-only open sees %d entries", len(v.Entries))
	}
	var le *vault.LockedError
	if !errors.As(v.ReadOnly(), &le) {
		t.Fatalf("ReadOnly() = %v, want a *LockedError", v.ReadOnly())
	}
	if le.PID != pid {
		t.Errorf("LockedError names process %d, the holder is %d", le.PID, pid)
	}
	if msg := le.Error(); !strings.Contains(msg, "process "+strconv.Itoa(pid)) || !strings.Contains(msg, "close it first") {
		t.Errorf("message %q should name process %d and say what to do", msg, pid)
	}
	if _, _, err := v.Add(vault.Entry{Issuer: "Intruder", Secret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ"}); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); !errors.As(err, &le) {
		t.Errorf("Save from the second process: %v, want the LockedError", err)
	}
	if err := v.ChangePassword("some other long password"); !errors.As(err, &le) {
		t.Errorf("ChangePassword from the second process: %v, want the LockedError", err)
	}
	v.Close()
	r, err := vault.OpenWithRecoveryKey(path, "", fast)
	if err == nil {
		r.Close()
	}
	if after := snapshot(t, filepath.Dir(path)); !equalExceptLock(before, after) {
		t.Errorf("the refused writes changed the folder: %v -> %v", names(before), names(after))
	}
	// The holder's lock is intact: its process id is still in the lock file.
	if b, _ := os.ReadFile(path + vault.LockSuffix); strings.TrimSpace(string(b)) != strconv.Itoa(pid) {
		t.Errorf("lock file holds %q, want the holder's pid %d", b, pid)
	}

	// Once the holder closes the vault, this process may write, and the
	// intruder entry it could not save is not there.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("holder: %v", err)
	}
	v, err = vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.ReadOnly() != nil {
		t.Fatalf("still read-only after the holder closed: %v", v.ReadOnly())
	}
	if len(v.Entries) != len(sampleEntries()) {
		t.Errorf("%d entries, want %d: the refused save left a trace", len(v.Entries), len(sampleEntries()))
	}
	if err := v.Save(); err != nil {
		t.Errorf("Save after the holder closed: %v", err)
	}
}

// TestSameProcessSecondOpenIsReadOnly: two opens in one process (the app and
// a background job, say) do not both write.
func TestSameProcessSecondOpenIsReadOnly(t *testing.T) {
	path, _ := newTestVault(t)
	a, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var le *vault.LockedError
	if !errors.As(b.ReadOnly(), &le) {
		t.Fatalf("second open in the same process: ReadOnly() = %v", b.ReadOnly())
	}
	before, _ := os.ReadFile(path)
	if err := b.Save(); err == nil {
		t.Error("the second open could save")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the refused save changed the file")
	}
}

// equalExceptLock compares folder snapshots; the lock file is the holder's.
func equalExceptLock(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.HasSuffix(k, vault.LockSuffix) {
			if _, ok := b[k]; !ok {
				return false
			}
			continue
		}
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestVaultInAFolderThatCannotBeWrittenOpensReadOnly: when the lock file
// cannot be made (read-only disc, no permission; here: a folder in its
// place), the vault still opens for reading and every write is refused.
func TestVaultInAFolderThatCannotBeWrittenOpensReadOnly(t *testing.T) {
	path, _ := newTestVault(t)
	os.Remove(path + vault.LockSuffix)
	if err := os.Mkdir(path+vault.LockSuffix, 0o700); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	v, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer v.Close()
	if len(v.Entries) != len(sampleEntries()) {
		t.Errorf("%d entries", len(v.Entries))
	}
	ro := v.ReadOnly()
	if ro == nil || !strings.Contains(ro.Error(), "cannot be written") {
		t.Fatalf("ReadOnly() = %v", ro)
	}
	if err := v.Save(); err == nil {
		t.Error("Save succeeded without the lock")
	}
	if err := v.ChangePassword("another long password here"); err == nil {
		t.Error("ChangePassword succeeded without the lock")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the vault changed")
	}
}

// TestTwoWritersAtOnceKeepBothKeys: two processes add a key to the same
// vault at the same instant (two "sparekey add" at once). Each takes the
// lock before reading the vault, so the second reads what the first saved:
// both succeed and both keys are there. (Before, both read the old file and
// the second save dropped the first key.)
func TestTwoWritersAtOnceKeepBothKeys(t *testing.T) {
	for round := 0; round < 3; round++ {
		path, _ := newTestVault(t)
		type child struct {
			cmd   interface{ Wait() error }
			stdin interface{ Close() error }
		}
		var kids []child
		for _, name := range []string{"First Bank", "Second Bank"} {
			cmd, stdin, _ := startChild(t, "adder", path, name)
			kids = append(kids, child{cmd, stdin})
		}
		for _, k := range kids {
			k.stdin.Close() // both go at once
		}
		for i, k := range kids {
			if err := k.cmd.Wait(); err != nil {
				t.Fatalf("round %d: adder %d failed: %v", round, i, err)
			}
		}
		v, err := vault.Open(path, testPassword, fast)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range v.Entries {
			names = append(names, e.Issuer)
		}
		v.Close()
		for _, want := range []string{"First Bank", "Second Bank"} {
			if !strings.Contains(strings.Join(names, "|"), want) {
				t.Errorf("round %d: %s is gone; the vault holds %v", round, want, names)
			}
		}
	}
}
