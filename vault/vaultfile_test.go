package vault_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"sparekey/vault"
)

// fast is the scrypt work factor of test vaults: far below the shipped 18.
var fast = vault.WithWorkFactor(4)

const testPassword = "correct horse battery staple"

// sampleEntries covers every type and every field a vault keeps.
func sampleEntries() []vault.Entry {
	return []vault.Entry{
		{Type: vault.TOTP, Issuer: "ACME Co", Account: "john@example.com", Secret: "JBSWY3DPEHPK3PXP",
			Note: "work laptop", Tags: []string{"work"}, RecoveryCodes: []vault.RecoveryCode{{Code: "1111-2222"}, {Code: "3333-4444", Used: true}}},
		{Type: vault.TOTP, Issuer: "Zürich Bank", Account: "ünï:cödé & 100%", Secret: vault.EncodeSecret([]byte("12345678901234567890123456789012")),
			Algorithm: vault.SHA256, Digits: 8, Period: 60},
		{Type: vault.HOTP, Issuer: "Old VPN", Account: "me", Secret: vault.EncodeSecret([]byte("12345678901234567890")), Counter: 7, Digits: 7},
		{Type: vault.Steam, Issuer: "Steam", Account: "gamer", Secret: "63BEDWCQZKTQWPESARIERL5DTTQFCJTK",
			Printed: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
}

// newTestVault creates a vault with the sample entries, saved and closed.
func newTestVault(t testing.TB) (path, recovery string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "vault.sparekey")
	v, recovery, err := vault.Create(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sampleEntries() {
		if _, _, err := v.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return path, recovery
}

// newSmallVault creates a vault with one entry, saved and closed.
func newSmallVault(t testing.TB) (path, recovery string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "vault.sparekey")
	v, recovery, err := vault.Create(path, testPassword, vault.WithWorkFactor(2))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.Add(sampleEntries()[0]); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return path, recovery
}

// snapshot is every file in a folder with its content.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func names(m map[string]string) []string {
	var n []string
	for k := range m {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// reseal recomputes the vault file's checksum after an edit, as anyone who
// edits the file on purpose can.
func reseal(t testing.TB, data []byte) []byte {
	t.Helper()
	const marker = ",\n  \"checksum\": \"sha256:"
	i := bytes.LastIndex(data, []byte(marker))
	if i < 0 {
		t.Fatal("no checksum in the vault file")
	}
	sum := sha256.Sum256(data[:i])
	out := append([]byte{}, data[:i+len(marker)]...)
	out = append(out, hex.EncodeToString(sum[:])...)
	return append(out, data[i+len(marker)+64:]...)
}

func TestCreateOpenSaveKeepsEveryField(t *testing.T) {
	path, recovery := newTestVault(t)
	if _, err := vault.ParseRecoveryKey(recovery); err != nil {
		t.Errorf("Create returned recovery key %q that does not parse: %v", recovery, err)
	}
	if parts := strings.Split(recovery, "-"); len(parts) != 10 {
		t.Errorf("recovery key %q is not 10 groups of 4", recovery)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("vault file mode %v, want 0600", st.Mode().Perm())
	}
	v, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.ReadOnly() != nil || v.MustSetPassword() {
		t.Errorf("fresh open: read-only %v, must set password %v", v.ReadOnly(), v.MustSetPassword())
	}
	want := sampleEntries()
	if len(v.Entries) != len(want) {
		t.Fatalf("%d entries, want %d", len(v.Entries), len(want))
	}
	for i, w := range want {
		if _, err := w.Normalize(); err != nil {
			t.Fatal(err)
		}
		got := v.Entries[i]
		if got.ID == "" || got.Created.IsZero() || got.Updated.IsZero() {
			t.Errorf("entry %d lacks id or times: %+v", i, got)
		}
		if got.Link != got.URI() {
			t.Errorf("entry %d: stored link %q, want %q", i, got.Link, got.URI())
		}
		w.ID, w.Created, w.Updated, w.Link = got.ID, got.Created, got.Updated, got.Link
		if !reflect.DeepEqual(got, w) {
			t.Errorf("entry %d changed through save and open:\n got %+v\nwant %+v", i, got, w)
		}
	}
	// A change is saved; the version before is kept beside the vault.
	v.Entries[0].Note = "changed"
	v.Touch(v.Entries[0].ID)
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v2, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	if v2.Entries[0].Note != "changed" {
		t.Errorf("note after save = %q", v2.Entries[0].Note)
	}
	v2.Close()
	prev, err := vault.Open(path+vault.PreviousSuffix, testPassword, fast, vault.AcceptOlder())
	if err != nil {
		t.Fatalf("the previous version does not open: %v", err)
	}
	if prev.Entries[0].Note != "work laptop" {
		t.Errorf("previous version note = %q, want the one before the save", prev.Entries[0].Note)
	}
	prev.Close()
}

func TestCreateRefusesToOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.sparekey")
	if err := os.WriteFile(path, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := vault.Create(path, testPassword, fast); !errors.Is(err, vault.ErrExists) {
		t.Errorf("Create over a file: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Errorf("Create changed the file that was there")
	}
	if _, _, err := vault.Create(filepath.Join(t.TempDir(), "v"), "", fast); err == nil {
		t.Error("Create accepted an empty password")
	}
}

func TestWrongPasswordIsItsOwnErrorAndWritesNothing(t *testing.T) {
	path, recovery := newTestVault(t)
	before := snapshot(t, filepath.Dir(path))
	for _, pw := range []string{"wrong password", "", testPassword + " ", strings.ToUpper(testPassword), recovery} {
		_, err := vault.Open(path, pw, fast)
		if !errors.Is(err, vault.ErrWrongPassword) {
			t.Errorf("Open with %q: %v, want ErrWrongPassword", pw, err)
		}
		if errors.Is(err, vault.ErrDamaged) || errors.Is(err, vault.ErrNotVault) {
			t.Errorf("Open with %q: %v also claims damage", pw, err)
		}
	}
	if after := snapshot(t, filepath.Dir(path)); !reflect.DeepEqual(before, after) {
		t.Errorf("a failed open changed the folder: %v -> %v", names(before), names(after))
	}
}

func TestChangePassword(t *testing.T) {
	path, recovery := newTestVault(t)
	v, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassword(""); err == nil {
		t.Error("ChangePassword accepted an empty password")
	}
	if err := v.ChangePassword("a new and different passphrase"); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := vault.Open(path, testPassword, fast); !errors.Is(err, vault.ErrWrongPassword) {
		t.Errorf("the old password still opens the vault: %v", err)
	}
	v, err = vault.Open(path, "a new and different passphrase", fast)
	if err != nil {
		t.Fatalf("the new password does not open the vault: %v", err)
	}
	if len(v.Entries) != len(sampleEntries()) {
		t.Errorf("%d entries after a password change", len(v.Entries))
	}
	v.Close()
	v, err = vault.OpenWithRecoveryKey(path, recovery, fast)
	if err != nil {
		t.Fatalf("the recovery key stopped working after a password change: %v", err)
	}
	v.Close()
}

func TestRecoverWithRecoveryKeyThenNewPasswordRequired(t *testing.T) {
	path, recovery := newTestVault(t)
	typed := strings.ToLower(strings.ReplaceAll(recovery, "-", " "))
	v, err := vault.OpenWithRecoveryKey(path, typed, fast)
	if err != nil {
		t.Fatalf("recovery key typed as %q: %v", typed, err)
	}
	if !v.MustSetPassword() {
		t.Error("after a recovery, MustSetPassword is false")
	}
	if len(v.Entries) != len(sampleEntries()) {
		t.Errorf("%d entries after recovery", len(v.Entries))
	}
	before, _ := os.ReadFile(path)
	if err := v.Save(); !errors.Is(err, vault.ErrNeedNewPassword) {
		t.Errorf("Save before a new password: %v, want ErrNeedNewPassword", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("Save wrote the vault although a new password is needed")
	}
	if err := v.ChangePassword("my brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	if v.MustSetPassword() {
		t.Error("MustSetPassword still true after ChangePassword")
	}
	if err := v.Save(); err != nil {
		t.Errorf("Save after the new password: %v", err)
	}
	v.Close()
	if _, err := vault.Open(path, testPassword, fast); !errors.Is(err, vault.ErrWrongPassword) {
		t.Errorf("the forgotten password still opens: %v", err)
	}
	v, err = vault.Open(path, "my brand new passphrase", fast)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
}

func TestWrongRecoveryKey(t *testing.T) {
	path, recovery := newTestVault(t)
	before := snapshot(t, filepath.Dir(path))
	other := vault.NewRecoveryKey()
	if _, err := vault.OpenWithRecoveryKey(path, other, fast); !errors.Is(err, vault.ErrWrongRecoveryKey) {
		t.Errorf("another vault's recovery key: %v, want ErrWrongRecoveryKey", err)
	}
	typo := []byte(recovery)
	if typo[0] == 'A' {
		typo[0] = 'B'
	} else {
		typo[0] = 'A'
	}
	if _, err := vault.OpenWithRecoveryKey(path, string(typo), fast); !errors.Is(err, vault.ErrRecoveryKeyTypo) {
		t.Errorf("recovery key with a typo: %v, want ErrRecoveryKeyTypo", err)
	}
	if _, err := vault.OpenWithRecoveryKey(path, recovery[:20], fast); !errors.Is(err, vault.ErrRecoveryKeyShape) {
		t.Errorf("half a recovery key: %v, want ErrRecoveryKeyShape", err)
	}
	if _, err := vault.OpenWithRecoveryKey(path, testPassword, fast); err == nil || errors.Is(err, vault.ErrDamaged) {
		t.Errorf("the password given as a recovery key: %v", err)
	}
	if after := snapshot(t, filepath.Dir(path)); !reflect.DeepEqual(before, after) {
		t.Errorf("a failed recovery changed the folder: %v -> %v", names(before), names(after))
	}
}

func TestClosedVaultHoldsNothing(t *testing.T) {
	path, _ := newTestVault(t)
	v, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if len(v.Entries) != 0 {
		t.Errorf("%d entries after Close", len(v.Entries))
	}
	if err := v.Save(); !errors.Is(err, vault.ErrLocked) {
		t.Errorf("Save after Close: %v, want ErrLocked", err)
	}
	if err := v.ChangePassword("another long passphrase"); !errors.Is(err, vault.ErrLocked) {
		t.Errorf("ChangePassword after Close: %v, want ErrLocked", err)
	}
}

// openDamaged opens a damaged copy of a vault and checks the promises made
// for any damage: a clear error, no panic, the file byte-identical and
// nothing else written in its folder.
func openDamaged(t *testing.T, dir string, data []byte, what string) error {
	t.Helper()
	path := filepath.Join(dir, "vault.sparekey")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("%s: Open panicked: %v", what, r)
			}
		}()
		var v *vault.Vault
		v, err = vault.Open(path, testPassword, fast)
		if err == nil {
			v.Close()
		}
	}()
	after, rerr := os.ReadFile(path)
	if rerr != nil || !bytes.Equal(after, data) {
		t.Fatalf("%s: the file changed after a failed open", what)
	}
	// The lock file is taken before the vault is read, and stays (as it
	// does beside every vault); nothing else may be left.
	ents, _ := os.ReadDir(dir)
	var left []string
	for _, e := range ents {
		if e.Name() != "vault.sparekey" && e.Name() != "vault.sparekey"+vault.LockSuffix {
			left = append(left, e.Name())
		}
	}
	if len(left) > 0 {
		t.Fatalf("%s: Open left files behind: %v", what, left)
	}
	return err
}

func TestEveryTruncationIsReportedAsDamage(t *testing.T) {
	path, _ := newSmallVault(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for n := 0; n < len(data); n++ {
		err := openDamaged(t, dir, data[:n], "cut to "+itoa(n)+" bytes")
		if !errors.Is(err, vault.ErrDamaged) {
			t.Fatalf("vault cut to %d of %d bytes: %v, want ErrDamaged", n, len(data), err)
		}
		if n > 0 && !strings.Contains(err.Error(), "damaged or cut short") {
			t.Fatalf("cut to %d: message %q", n, err)
		}
	}
}

func TestEveryFlippedBitIsReportedAsDamage(t *testing.T) {
	path, _ := newSmallVault(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seen := map[string]int{}
	tail := bytes.LastIndex(data, []byte(`"checksum"`))
	for i := range data {
		for bit := 0; bit < 8; bit++ {
			// Every byte gets one flipped bit (a different bit from byte
			// to byte); the checksum line and the end get all eight.
			if i < tail && bit != i%8 {
				continue
			}
			d := append([]byte{}, data...)
			d[i] ^= 1 << bit
			err := openDamaged(t, dir, d, "bit "+itoa(bit)+" of byte "+itoa(i))
			if !errors.Is(err, vault.ErrDamaged) {
				t.Fatalf("bit %d of byte %d (%q) flipped: %v, want ErrDamaged", bit, i, data[i], err)
			}
			seen[err.Error()]++
		}
	}
	t.Logf("%d bytes; messages: %v", len(data), seen)
}

// After a checksum-consistent edit (someone editing the file by hand), damage
// inside the age texts is still reported as damage, not as a wrong password.
func TestResealedDamageInsideTheSlotsAndPayload(t *testing.T) {
	path, _ := newTestVault(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cases := map[string]func(string) string{
		"payload body changed": func(s string) string {
			i := strings.Index(s, `"payload": "`) + 200
			return s[:i] + flipCase(s[i:i+1]) + s[i+1:]
		},
		"payload removed":    func(s string) string { return cutBetween(s, `"payload": "`, `"`) },
		"password slot gone": func(s string) string { return strings.Replace(s, `"kind": "password"`, `"kind": "nothing"`, 1) },
		"recovery slot gone": func(s string) string { return strings.Replace(s, `"kind": "recovery-key"`, `"kind": "nothing"`, 1) },
		"slot armor broken": func(s string) string {
			return strings.Replace(s, "-----END AGE ENCRYPTED FILE-----", "-----END AGE", 1)
		},
		"format name changed":  func(s string) string { return strings.Replace(s, `"sparekey-vault"`, `"other-vault"`, 1) },
		"version from future":  func(s string) string { return strings.Replace(s, `"version": 2`, `"version": 3`, 1) },
		"version zero":         func(s string) string { return strings.Replace(s, `"version": 2`, `"version": 0`, 1) },
		"version not a number": func(s string) string { return strings.Replace(s, `"version": 2`, `"version": "2"`, 1) },
	}
	// A changed or removed payload under a consistent checksum is someone's
	// edit, which the MAC catches.
	want := map[string]error{"format name changed": vault.ErrNotVault, "version from future": vault.ErrTooNew,
		"payload body changed": vault.ErrTampered, "payload removed": vault.ErrTampered}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			edited := edit(string(data))
			if edited == string(data) {
				t.Fatal("the edit changed nothing")
			}
			err := openDamaged(t, dir, reseal(t, []byte(edited)), name)
			w := want[name]
			if w == nil {
				w = vault.ErrDamaged
			}
			if !errors.Is(err, w) {
				t.Errorf("%s: %v, want %v", name, err, w)
			}
			if errors.Is(err, vault.ErrWrongPassword) {
				t.Errorf("%s reported as a wrong password", name)
			}
		})
	}
}

func TestOtherFilesAreNotVaults(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"png":      "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"text":     "hello, this is a shopping list\n",
		"json":     `{"name": "something else", "items": [1, 2, 3]}`,
		"age file": "age-encryption.org/v1\n-> X25519 abc\n",
	} {
		err := openDamaged(t, dir, []byte(content), name)
		if !errors.Is(err, vault.ErrNotVault) {
			t.Errorf("%s: %v, want ErrNotVault", name, err)
		}
	}
	if _, err := vault.Open(filepath.Join(dir, "missing.sparekey"), testPassword, fast); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing vault: %v, want a not-exist error", err)
	}
}

func TestDamagedVaultPointsToThePreviousVersion(t *testing.T) {
	path, _ := newTestVault(t) // Create + Save: the previous version exists
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := vault.Open(path, testPassword, fast)
	if !errors.Is(err, vault.ErrDamaged) || !strings.Contains(err.Error(), filepath.Base(path)+vault.PreviousSuffix) {
		t.Errorf("damaged vault with a previous version: %v", err)
	}
}

func flipCase(s string) string {
	if strings.ToUpper(s) != s {
		return strings.ToUpper(s)
	}
	return strings.ToLower(s)
}

func cutBetween(s, from, to string) string {
	i := strings.Index(s, from) + len(from)
	j := i + strings.Index(s[i:], to)
	return s[:i] + s[j:]
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestConcurrentCreatesMakeOneVault: several Creates of the same path at once
// (two windows, a double click): exactly one succeeds, the others are told a
// vault is there or held, and the vault opens with the winner's password.
func TestConcurrentCreatesMakeOneVault(t *testing.T) {
	for round := 0; round < 20; round++ {
		path := filepath.Join(t.TempDir(), "vault.sparekey")
		const n = 6
		errs := make(chan error, n)
		won := make(chan string, n)
		for i := 0; i < n; i++ {
			// Different work factors spread the moments at which each
			// Create, having seen no file, takes the lock and saves.
			go func(pw string, logN int) {
				v, _, err := vault.Create(path, pw, vault.WithWorkFactor(logN))
				if err == nil {
					won <- pw
					v.Close()
				}
				errs <- err
			}("password number "+strconv.Itoa(i), 1+2*i)
		}
		ok := 0
		for i := 0; i < n; i++ {
			err := <-errs
			var le *vault.LockedError
			switch {
			case err == nil:
				ok++
			case errors.Is(err, vault.ErrExists), errors.As(err, &le):
			default:
				t.Fatalf("round %d: unexpected error %v", round, err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d creates succeeded, want exactly 1", round, ok)
		}
		v, err := vault.Open(path, <-won)
		if err != nil {
			t.Fatalf("round %d: the vault does not open with the winner's password: %v", round, err)
		}
		v.Close()
	}
}

// TestSaveThroughASymbolicLink: a vault reached through a link is saved where
// the link points, and the link stays a link.
func TestSaveThroughASymbolicLink(t *testing.T) {
	real, _ := newTestVault(t)
	link := filepath.Join(t.TempDir(), "vault.sparekey")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if _, err := os.Readlink(link); err != nil {
		// wine 8 says yes to making a link and makes none.
		t.Skipf("no symbolic links here: the link made is not there (%v)", err)
	}
	v, err := vault.Open(link, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	v.Entries[0].Note = "saved through the link"
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file: %v", err)
	}
	v, err = vault.Open(real, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.Entries[0].Note != "saved through the link" {
		t.Errorf("the linked-to vault holds %q", v.Entries[0].Note)
	}
	if _, err := os.Stat(real + vault.PreviousSuffix); err != nil {
		t.Errorf("no previous version beside the real file: %v", err)
	}
}

// TestSaveAfterACrashBetweenItsTwoRenames: a crash after the previous
// version was linked but before the new file was renamed in leaves the vault
// and its previous version as two links to one file. The next save still
// leaves no temporary file behind.
func TestSaveAfterACrashBetweenItsTwoRenames(t *testing.T) {
	path, _ := newTestVault(t)
	prev := path + vault.PreviousSuffix
	os.Remove(prev)
	if err := os.Link(path, prev); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	v, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for name := range snapshot(t, filepath.Dir(path)) {
		if strings.Contains(name, ".tmp") {
			t.Errorf("left behind: %s", name)
		}
	}
}
