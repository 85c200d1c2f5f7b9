package vault

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// On a file system without hard links the previous version is still kept,
// as a copy.
func TestPreviousVersionWithoutHardLinks(t *testing.T) {
	linkFile = func(string, string) error { return errors.New("operation not permitted") }
	defer func() { linkFile = os.Link }()
	path := filepath.Join(t.TempDir(), "vault.sparekey")
	v, _, err := Create(path, "a long test password", WithWorkFactor(2))
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range []string{"first", "second"} {
		if _, _, err := v.Add(Entry{Issuer: note, Secret: EncodeSecret([]byte(note + " key bytes."))}); err != nil {
			t.Fatal(err)
		}
		if err := v.Save(); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	prev, err := Open(path+PreviousSuffix, "a long test password", WithWorkFactor(2), AcceptOlder())
	if err != nil {
		t.Fatalf("no previous version: %v", err)
	}
	defer prev.Close()
	if len(prev.Entries) != 1 || prev.Entries[0].Issuer != "first" {
		t.Errorf("the previous version holds %d entries", len(prev.Entries))
	}
	ents, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if st, err := os.Stat(path + PreviousSuffix); err != nil || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o600) {
		t.Errorf("previous version mode: %v %v", st.Mode(), err)
	}
}
