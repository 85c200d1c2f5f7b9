package backup

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age/armor"

	"sparekey/vault"
)

// The accident: a folder holds a copy with 20 keys; a new, empty vault (the
// new phone that synced an empty authenticator) tries to write there.
func TestGuardRefusesToWriteOverACopyWithKeysTheVaultLacks(t *testing.T) {
	dir := t.TempDir()
	full := newTestVault(t, 20)
	addLocations(t, full, dir)
	if rep, _ := Update(full, testPassphrase, fast()); !rep.OK() {
		t.Fatalf("writing the 20-key copy: %+v", rep.Results)
	}
	before := snapshotDir(t, dir)

	empty := newTestVault(t, 0)
	addLocations(t, empty, dir)
	rep, err := Update(empty, testPassphrase, fast())
	if err != nil {
		t.Fatal(err)
	}
	r := resultFor(t, rep, dir)
	if r.Outcome != Refused || !errors.Is(r.Err, ErrGuard) {
		t.Fatalf("outcome %v (%v), want Refused", r.Outcome, r.Err)
	}
	if len(r.Missing) != 20 {
		t.Fatalf("the guard names %d missing keys, want 20", len(r.Missing))
	}
	msg := r.Message()
	for _, want := range []string{"holds 20 keys this vault does not have", "Service 0 (user0@example.com)", "Service 19 (user19@example.com)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if !sameDir(before, snapshotDir(t, dir)) {
		t.Fatal("the refused update changed the folder")
	}
	if rep.Scrypts != 1 {
		t.Errorf("the refused round cost %d scrypts, want 1 (the guard's decryption, no encryption)", rep.Scrypts)
	}

	// "Add them to the vault", then update again.
	added, err := AddMissing(empty, rep.Refused())
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 20 || len(empty.Entries) != 20 {
		t.Fatalf("added %d, the vault holds %d keys; want 20", len(added), len(empty.Entries))
	}
	for i := range full.Entries {
		if empty.FindDuplicate(&full.Entries[i]) == nil {
			t.Errorf("%s did not come back", full.Entries[i].Name())
		}
	}
	rep, _ = Update(empty, testPassphrase, fast())
	if r := resultFor(t, rep, dir); r.Outcome != Written {
		t.Fatalf("after adding the keys: %v", r.Message())
	}
	for name, data := range before {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != data {
			t.Errorf("the older copy %s was changed or lost", name)
		}
	}
}

func TestWriteAnywayOverrulesTheGuardAndKeepsTheFullerCopy(t *testing.T) {
	dir := t.TempDir()
	full := newTestVault(t, 5)
	addLocations(t, full, dir)
	Update(full, testPassphrase, fast())
	before := snapshotDir(t, dir)

	empty := newTestVault(t, 1)
	addLocations(t, empty, dir)
	o := fast()
	o.Force = []string{dir}
	rep, _ := Update(empty, testPassphrase, o)
	if r := resultFor(t, rep, dir); r.Outcome != Written {
		t.Fatalf("write anyway: %s", r.Message())
	}
	after := snapshotDir(t, dir)
	if len(after) != len(before)+1 {
		t.Fatalf("the folder holds %d files, want %d", len(after), len(before)+1)
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("the fuller copy %s was changed", name)
		}
	}
}

func TestGuardRefusesACopyItCannotOpen(t *testing.T) {
	dir := t.TempDir()
	other := newTestVault(t, 2)
	addLocations(t, other, dir)
	Update(other, "another passphrase entirely", fast())
	before := snapshotDir(t, dir)

	v := newTestVault(t, 2)
	addLocations(t, v, dir)
	rep, _ := Update(v, testPassphrase, fast())
	r := resultFor(t, rep, dir)
	if r.Outcome != Refused || len(r.Missing) != 0 || !strings.Contains(r.Message(), "another passphrase") {
		t.Fatalf("got %v: %s", r.Outcome, r.Message())
	}
	if !sameDir(before, snapshotDir(t, dir)) {
		t.Fatal("the folder changed")
	}
}

func TestGuardLetsThroughKeysRemovedOnPurpose(t *testing.T) {
	dir := t.TempDir()
	v := newTestVault(t, 3)
	addLocations(t, v, dir)
	Update(v, testPassphrase, fast())
	if err := v.Remove(v.Entries[0].ID); err != nil {
		t.Fatal(err)
	}
	rep, _ := Update(v, testPassphrase, fast())
	if r := resultFor(t, rep, dir); r.Outcome != Written {
		t.Fatalf("after removing a key: %s", r.Message())
	}
	if rep.Scrypts != 1 {
		t.Errorf("the round cost %d scrypts; the vault's own copy needs no decrypting, so want 1", rep.Scrypts)
	}
}

func TestGuardAcceptsACopyFromElsewhereWithNothingNew(t *testing.T) {
	dir := t.TempDir()
	other := newTestVault(t, 3)
	addLocations(t, other, dir)
	Update(other, testPassphrase, fast())

	v := newTestVault(t, 4) // the same 3 keys and one more
	addLocations(t, v, dir)
	rep, _ := Update(v, testPassphrase, fast())
	if r := resultFor(t, rep, dir); r.Outcome != Written {
		t.Fatalf("got %s", r.Message())
	}
	if rep.Scrypts != 2 {
		t.Errorf("scrypts = %d, want 2 (one to read the other copy, one to encrypt)", rep.Scrypts)
	}
}

func TestGuardPassesOverADamagedNewestCopy(t *testing.T) {
	dir := t.TempDir()
	full := newTestVault(t, 4)
	addLocations(t, full, dir)
	Update(full, testPassphrase, fast())
	// A newer file with a copy's name but cut short.
	cut := filepath.Join(dir, CopyName(fast().Now().AddDate(1, 0, 0), 1))
	if err := os.WriteFile(cut, []byte("-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNjcnlwdCBB\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := newTestVault(t, 0)
	addLocations(t, empty, dir)
	rep, _ := Update(empty, testPassphrase, fast())
	r := resultFor(t, rep, dir)
	if r.Outcome != Refused || len(r.Missing) != 4 {
		t.Fatalf("got %v with %d missing: %s", r.Outcome, len(r.Missing), r.Message())
	}
	if len(r.Damaged) != 1 || !strings.Contains(r.Message(), "Damaged copies there: "+filepath.Base(cut)) {
		t.Errorf("the damaged copy is not reported: %s", r.Message())
	}
}

func TestMissingFromComparesBySecretAndType(t *testing.T) {
	v := vault.NewInMemory()
	e, _, _ := v.Add(vault.Entry{Issuer: "A", Secret: testSecret(1)})
	renamed := e
	renamed.Issuer = "A, renamed"
	hotp := e
	hotp.Type = vault.HOTP
	got := MissingFrom(v, []vault.Entry{renamed, hotp, hotp})
	if len(got) != 1 || got[0].Type != vault.HOTP {
		t.Fatalf("MissingFrom = %+v, want only the counter-based one, once", got)
	}
}

func TestGuardKnowsEveryCopyThisVaultWrote(t *testing.T) {
	dir := t.TempDir()
	v := newTestVault(t, 3)
	addLocations(t, v, dir)
	Update(v, testPassphrase, fast())
	addTestKeys(t, v, 3, 4)
	rep, _ := Update(v, testPassphrase, fast())
	// Someone deletes the newest copy; the one before is this vault's too.
	os.Remove(resultFor(t, rep, dir).File)
	if err := v.Remove(v.Entries[0].ID); err != nil {
		t.Fatal(err)
	}
	rep, _ = Update(v, testPassphrase, fast())
	if r := resultFor(t, rep, dir); r.Outcome != Written || rep.Scrypts != 1 {
		t.Fatalf("got %s with %d scrypts; the older copy is this vault's own and needs no decrypting", r.Message(), rep.Scrypts)
	}
}

// rearmor rewrites an armored age file's binary form with edit.
func rearmor(t *testing.T, armored []byte, edit func([]byte) []byte) []byte {
	t.Helper()
	bin, err := io.ReadAll(armor.NewReader(bytes.NewReader(armored)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := armor.NewWriter(&out)
	w.Write(edit(bin))
	w.Close()
	return out.Bytes()
}

func TestGuardRefusesACopyThatAsksForTooMuchWork(t *testing.T) {
	dir := t.TempDir()
	other := newTestVault(t, 2)
	addLocations(t, other, dir)
	rep, _ := Update(other, testPassphrase, fast())
	file := resultFor(t, rep, dir).File
	data, _ := os.ReadFile(file)
	costly := rearmor(t, data, func(b []byte) []byte {
		i := bytes.Index(b, []byte("-> scrypt "))
		end := i + bytes.IndexByte(b[i:], '\n')
		line := b[i:end]
		fixed := append(line[:bytes.LastIndexByte(line, ' ')+1:bytes.LastIndexByte(line, ' ')+1], "21"...)
		return append(append(append([]byte{}, b[:i]...), fixed...), b[end:]...)
	})
	if n, ok := workFactor(costly); !ok || n != 21 {
		t.Fatalf("the edited copy asks for %d (%v)", n, ok)
	}
	os.WriteFile(file, costly, 0o600)
	before := snapshotDir(t, dir)

	v := newTestVault(t, 0)
	addLocations(t, v, dir)
	rep, _ = Update(v, testPassphrase, fast())
	r := resultFor(t, rep, dir)
	// No scrypt at all: the guard refused the work factor before paying it.
	if r.Outcome != Refused || !errors.Is(r.Err, ErrTooCostly) || rep.Scrypts != 0 {
		t.Fatalf("got %v, %v, %d scrypts", r.Outcome, r.Err, rep.Scrypts)
	}
	if !sameDir(before, snapshotDir(t, dir)) {
		t.Fatal("the folder changed")
	}
}
