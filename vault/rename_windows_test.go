//go:build windows

package vault

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

// holdOpen opens path the way many scanners and sync tools do: reading,
// sharing reading and writing but not deletion, so that a rename over it
// fails while the handle is open.
func holdOpen(t *testing.T, path string) windows.Handle {
	t.Helper()
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func writeTwo(t *testing.T) (from, to string) {
	t.Helper()
	dir := t.TempDir()
	from, to = filepath.Join(dir, "new"), filepath.Join(dir, "vault.sparekey")
	if err := os.WriteFile(from, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	return from, to
}

// TestReplaceFileWaitsForAProgramThatHoldsTheFile: a rename over a file that
// another program holds for a moment succeeds once it lets go.
func TestReplaceFileWaitsForAProgramThatHoldsTheFile(t *testing.T) {
	from, to := writeTwo(t)
	h := holdOpen(t, to)
	if err := os.Rename(from, to); err == nil {
		t.Fatal("a plain rename over a held file succeeded: this system does not show the problem replaceFile mends")
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		windows.CloseHandle(h)
	}()
	if err := replaceFile(from, to); err != nil {
		t.Fatalf("replaceFile: %v", err)
	}
	if b, err := os.ReadFile(to); err != nil || string(b) != "new" {
		t.Errorf("after replaceFile the file holds %q (%v), want \"new\"", b, err)
	}
	if _, err := os.Stat(from); !os.IsNotExist(err) {
		t.Errorf("the temporary file is still there: %v", err)
	}
}

// TestReplaceFileGivesUpOnAFileHeldForGood: a file that stays held gives an
// error in the end, and both files are as they were.
func TestReplaceFileGivesUpOnAFileHeldForGood(t *testing.T) {
	from, to := writeTwo(t)
	h := holdOpen(t, to)
	defer windows.CloseHandle(h)
	if err := replaceFile(from, to); err == nil {
		t.Fatal("replaceFile over a file held for good succeeded")
	}
	if b, _ := os.ReadFile(to); string(b) != "old" {
		t.Errorf("the held file now holds %q", b)
	}
	if b, _ := os.ReadFile(from); string(b) != "new" {
		t.Errorf("the new file now holds %q", b)
	}
}
