//go:build unix

package vault_test

// The link attacks are tested where any user can make a link. On Windows,
// making a file link takes administrator rights or developer mode, and
// Sparekey's Windows lock does not follow them yet (SECURITY.md).

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"sparekey/vault"
)

// TestPlantedLockLinkIsNotFollowed: a vault.sparekey.lock that is a link to
// another file is refused, and that file is left as it was.
func TestPlantedLockLinkIsNotFollowed(t *testing.T) {
	path, _ := newTestVault(t)
	os.Remove(path + vault.LockSuffix)
	precious := filepath.Join(t.TempDir(), "thesis.txt")
	os.WriteFile(precious, []byte("three years of work"), 0o600)
	if err := os.Symlink(precious, path+vault.LockSuffix); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, testPassword, fast)
	if err == nil {
		if v.ReadOnly() == nil {
			t.Error("the vault opened for changes through a planted lock link")
		}
		v.Close()
	}
	if b, _ := os.ReadFile(precious); string(b) != "three years of work" {
		t.Fatalf("the file the lock link points to was changed: %q", b)
	}
}

// TestSymlinkedAliasIsLockedAsTheVault: a second path to the same vault
// through a link finds it locked.
func TestSymlinkedAliasIsLockedAsTheVault(t *testing.T) {
	path, _ := newTestVault(t)
	alias := filepath.Join(t.TempDir(), "alias.sparekey")
	if err := os.Symlink(path, alias); err != nil {
		t.Fatal(err)
	}
	first, err := vault.Open(alias, testPassword, fast)
	if err != nil || first.ReadOnly() != nil {
		t.Fatalf("first open: %v %v", err, first.ReadOnly())
	}
	defer first.Close()
	second, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	var le *vault.LockedError
	if !errors.As(second.ReadOnly(), &le) {
		t.Errorf("the vault opened for changes through its real path while its alias holds it: %v", second.ReadOnly())
	}
}
