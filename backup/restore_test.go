package backup

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"

	"sparekey/vault"
)

// writtenCopy writes a vault of n keys to a fresh folder and returns the copy.
func writtenCopy(t *testing.T, n int) (*vault.Vault, string) {
	t.Helper()
	v := newTestVault(t, n)
	dir := t.TempDir()
	addLocations(t, v, dir)
	rep, _ := Update(v, testPassphrase, fast())
	if !rep.OK() {
		t.Fatal(rep.Results)
	}
	return v, resultFor(t, rep, dir).File
}

// ageFile encrypts plain to a passphrase with age itself.
func ageFile(t *testing.T, plain, passphrase string) []byte {
	r, _ := age.NewScryptRecipient(passphrase)
	r.SetWorkFactor(1)
	var b strings.Builder
	aw := armor.NewWriter(&b)
	w, _ := age.Encrypt(aw, r)
	w.Write([]byte(plain))
	w.Close()
	aw.Close()
	return []byte(b.String())
}

func TestVerifyTellsDamageFromAWrongPassphrase(t *testing.T) {
	v, file := writtenCopy(t, 4)
	good, _ := os.ReadFile(file)
	lines := strings.Split(string(good), "\n")
	// Flip one base64 character in the middle of the encrypted keys.
	mid := len(lines) - 4
	flipped := append([]string(nil), lines...)
	c := []byte(flipped[mid])
	c[10] = map[bool]byte{true: 'B', false: 'A'}[c[10] == 'A']
	flipped[mid] = string(c)

	tests := []struct {
		name       string
		data       []byte
		passphrase string
		is         error
		entries    int
	}{
		{"a good copy", good, testPassphrase, nil, len(v.Entries)},
		{"a wrong passphrase", good, "wrong", ErrWrongPassphrase, 0},
		{"a changed character", []byte(strings.Join(flipped, "\n")), testPassphrase, ErrDamaged, 0},
		{"cut short", good[:len(good)*2/3], testPassphrase, ErrDamaged, 0},
		{"without its end line", []byte(strings.Join(lines[:len(lines)-2], "\n") + "\n"), testPassphrase, ErrDamaged, 0},
		{"without its first line", good[len(lines[0])+1:], testPassphrase, ErrDamaged, 0},
		{"empty", nil, testPassphrase, ErrNotCopy, 0},
		{"a text file", []byte("my shopping list\n"), testPassphrase, ErrNotCopy, 0},
		{"another age file", ageFile(t, "hello", testPassphrase), testPassphrase, ErrNotCopy, 0},
		{"a newer Sparekey's copy", ageFile(t, `{"format":"sparekey-payload","version":99,"entries":[]}`, testPassphrase), testPassphrase, vault.ErrTooNew, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), "sparekey-copy-20260101-000000.age")
			os.WriteFile(f, tc.data, 0o600)
			c, err := Verify(f, tc.passphrase)
			if tc.is == nil {
				if err != nil || c.Entries != tc.entries {
					t.Fatalf("Verify = %+v, %v", c, err)
				}
				return
			}
			if !errors.Is(err, tc.is) {
				t.Fatalf("Verify error %v, want %v", err, tc.is)
			}
			for _, other := range []error{ErrWrongPassphrase, ErrDamaged, ErrNotCopy, vault.ErrTooNew} {
				if other != tc.is && errors.Is(err, other) {
					t.Errorf("%v is also reported as %v", err, other)
				}
			}
		})
	}
}

func TestRestoreAddsTheCopysKeysSkippingDuplicates(t *testing.T) {
	_, file := writtenCopy(t, 6)
	p, err := Open(file, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	v := newTestVault(t, 2) // keys 0 and 1, also in the copy
	addTestKeys(t, v, 100, 101)
	added, skipped, err := AddKeys(v, p.Entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 4 || len(skipped) != 2 || len(v.Entries) != 7 {
		t.Fatalf("added %d, skipped %d, the vault holds %d; want 4, 2, 7", len(added), len(skipped), len(v.Entries))
	}
	if skipped[0].Name() != "Service 0 (user0@example.com)" {
		t.Errorf("skipped %s first", skipped[0].Name())
	}
}

func TestRestoreAsANewVault(t *testing.T) {
	old, file := writtenCopy(t, 5)
	p, err := Open(file, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "new.sparekey")
	v, recovery, err := NewVault(path, "a new master password", p, vault.WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := vault.ParseRecoveryKey(recovery); err != nil {
		t.Errorf("recovery key: %v", err)
	}
	v, err = vault.Open(path, "a new master password", vault.WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if len(v.Entries) != 5 || len(v.Copies.Locations) != 1 || v.Copies.Locations[0].Path != old.Copies.Locations[0].Path {
		t.Fatalf("the new vault holds %d keys and locations %+v", len(v.Entries), v.Copies.Locations)
	}
	if v.Copies.Locations[0].FileHash != "" {
		t.Error("the new vault claims to have written the copy")
	}
	// Its first update reads the copy it came from, finds nothing new, writes.
	rep, _ := Update(v, testPassphrase, fast())
	if r := rep.Results[0]; r.Outcome != Written {
		t.Fatalf("first update of the restored vault: %s", r.Message())
	}
}

func TestCheckPassphraseAgainstTheVaultsOwnCopy(t *testing.T) {
	v := newTestVault(t, 1)
	if checked, err := CheckPassphrase(v, "anything", nil); checked || err != nil {
		t.Fatalf("with no copy: %v %v", checked, err)
	}
	addLocations(t, v, t.TempDir())
	Update(v, testPassphrase, fast()) // locked with the master password
	UseSeparatePassphrase(v, true)
	if checked, err := CheckPassphrase(v, "the copy passphrase", nil); checked || err != nil {
		t.Fatalf("with no copy locked with the separate passphrase yet: %v %v", checked, err)
	}
	Update(v, "the copy passphrase", fast())
	if checked, err := CheckPassphrase(v, "the copy passphrase", nil); !checked || err != nil {
		t.Errorf("the right passphrase: %v %v", checked, err)
	}
	if checked, err := CheckPassphrase(v, "a typo", nil); !checked || !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a wrong passphrase: %v %v", checked, err)
	}
}
