package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age/armor"

	"sparekey/vault"
)

// newVaultWithKey is newTestVault that also returns the recovery key.
func newVaultWithKey(t *testing.T, n int) (*vault.Vault, string) {
	t.Helper()
	v, recovery, err := vault.Create(filepath.Join(t.TempDir(), "vault.sparekey"), testPassphrase, vault.WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	addTestKeys(t, v, 0, n)
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	return v, recovery
}

// TestEveryCopyOpensWithThePasswordAndTheRecoveryKey: the emergency kit's
// promise. A copy is the vault's own file, written with no password typed
// and no scrypt, and opens with either.
func TestEveryCopyOpensWithThePasswordAndTheRecoveryKey(t *testing.T) {
	v, recovery := newVaultWithKey(t, 5)
	dirs := tempDirs(t, 2)
	addLocations(t, v, dirs...)
	rep, err := Update(v, fast())
	if err != nil || !rep.OK() || rep.Scrypts != 0 {
		t.Fatalf("update: %v ok=%v scrypts=%d", err, rep.OK(), rep.Scrypts)
	}
	for _, r := range rep.Results {
		data, _ := os.ReadFile(r.File)
		if !bytes.Equal(data, v.FileBytes()) && !v.IsOwn(data) {
			t.Errorf("%s is not a snapshot of the vault", r.File)
		}
		for name, s := range map[string]Secret{"password": {Password: testPassphrase}, "recovery key": {RecoveryKey: recovery}} {
			c, err := Open(r.File, s)
			if err != nil {
				t.Errorf("%s with the %s: %v", filepath.Base(r.File), name, err)
				continue
			}
			if len(c.Entries) != 5 {
				t.Errorf("%s with the %s holds %d keys", filepath.Base(r.File), name, len(c.Entries))
			}
		}
		if _, err := Open(r.File, Secret{Password: "a wrong one"}); !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("a wrong password: %v", err)
		}
	}
}

// TestRestoringAPlaceTakesItsNewestCopy: a USB stick holds two copies with
// near-identical names, an older one with 6 keys and a newer one with 60.
// The place opens its newest; the older file, chosen by hand, names the
// newer one beside it.
func TestRestoringAPlaceTakesItsNewestCopy(t *testing.T) {
	v, _ := newVaultWithKey(t, 6)
	dir := t.TempDir()
	addLocations(t, v, dir)
	o := fast()
	Update(v, o)
	addTestKeys(t, v, 6, 60)
	rep, _ := Update(v, o)
	newer := rep.Results[0].File
	all, err := CopiesIn(dir)
	if err != nil || len(all) != 2 {
		t.Fatalf("CopiesIn: %v %d", err, len(all))
	}
	if all[0].File != newer {
		t.Fatalf("newest first: %s, want %s", all[0].Name(), filepath.Base(newer))
	}
	c, skipped, err := OpenPlace(dir, Secret{Password: testPassphrase})
	if err != nil || len(skipped) != 0 || len(c.Entries) != 60 {
		t.Fatalf("OpenPlace: %v skipped %v", err, skipped)
	}
	beside, err := NewerBeside(all[1].File)
	if err != nil || len(beside) != 1 || beside[0].File != newer {
		t.Fatalf("NewerBeside(the older): %v %+v", err, beside)
	}
	if b, _ := NewerBeside(newer); len(b) != 0 {
		t.Errorf("the newest has newer copies beside it: %+v", b)
	}
	// A damaged newest copy is passed over, and named.
	os.WriteFile(newer, []byte("{\n  \"format\": \"sparekey-vault\","), 0o600)
	c, skipped, err = OpenPlace(dir, Secret{Password: testPassphrase})
	if err != nil || len(skipped) != 1 || len(c.Entries) != 6 {
		t.Fatalf("with the newest damaged: %v %+v", err, skipped)
	}
}

// TestRestoreOnANewComputerKeepsThePlacesAsItsOwn: restored from a copy,
// the vault is the same vault: the places say they are up to date, and the
// next update writes there without a word.
func TestRestoreOnANewComputerKeepsThePlacesAsItsOwn(t *testing.T) {
	for _, how := range []string{"password", "recovery key"} {
		t.Run(how, func(t *testing.T) {
			old, recovery := newVaultWithKey(t, 8)
			dirs := tempDirs(t, 2)
			addLocations(t, old, dirs...)
			Update(old, fast())
			old.Save()
			old.Close()

			s := Secret{Password: testPassphrase, Options: []vault.Option{vault.WithWorkFactor(1)}}
			newPassword := ""
			if how == "recovery key" {
				s = Secret{RecoveryKey: recovery, Options: []vault.Option{vault.WithWorkFactor(1)}}
				newPassword = "a brand new master password"
			}
			c, _, err := OpenPlace(dirs[0], s)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "new computer", "vault.sparekey")
			v, _, err := Restore(path, c, newPassword, vault.WithWorkFactor(1), vault.WithSeenDir(t.TempDir()))
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if len(v.Entries) != 8 || len(v.Copies.Locations) != 2 {
				t.Fatalf("restored %d keys, %d places", len(v.Entries), len(v.Copies.Locations))
			}
			for _, st := range Statuses(v, nil) {
				if strings.HasPrefix(st.Summary(), "No copy written here yet") {
					t.Errorf("%s: %q", st.Path, st.Summary())
				}
				if how == "password" && st.OutOfDate {
					t.Errorf("%s is out of date after a restore from it: %q", st.Path, st.Summary())
				}
				if how == "recovery key" && !st.OutOfDate {
					t.Errorf("%s is up to date although the password changed: %q", st.Path, st.Summary())
				}
			}
			rep, _ := Update(v, fast())
			if !rep.OK() || len(rep.Refused()) != 0 {
				t.Fatalf("the first update after the restore: %s", rep.Results[0].Message())
			}
			if how == "recovery key" {
				if _, err := Open(rep.Results[0].File, Secret{Password: newPassword}); err != nil {
					t.Errorf("the new copy does not open with the new password: %v", err)
				}
			}
		})
	}
}

// TestAfterPasswdEveryPlaceIsOutOfDate: a copy opens with the password in
// force when it was written; after a change every place counts as out of
// date until a copy that opens with the new one is there.
func TestAfterPasswdEveryPlaceIsOutOfDate(t *testing.T) {
	v, _ := newVaultWithKey(t, 3)
	addLocations(t, v, tempDirs(t, 2)...)
	Update(v, fast())
	if show, _ := Reminder(v); show {
		t.Fatal("a reminder before the change")
	}
	if err := v.ChangePassword("another long passphrase"); err != nil {
		t.Fatal(err)
	}
	if show, msg := Reminder(v); !show || !strings.Contains(msg, "out of date") {
		t.Errorf("after passwd, the reminder: %v %q", show, msg)
	}
	for _, st := range Statuses(v, nil) {
		if !st.OutOfDate {
			t.Errorf("%s up to date after passwd", st.Path)
		}
	}
	rep, _ := Update(v, fast())
	for _, r := range rep.Results {
		if r.Outcome != Written {
			t.Fatalf("%s: %s", r.Path, r.Message())
		}
		if _, err := Open(r.File, Secret{Password: "another long passphrase"}); err != nil {
			t.Errorf("the new copy with the new password: %v", err)
		}
	}
	if show, msg := Reminder(v); show {
		t.Errorf("after the update: %q", msg)
	}
}

// TestOwnCopiesAreRotatedEvenIfNeverRecorded: copies written but not
// recorded (a crash before the vault saved the round) are recognised by
// their MAC and rotated; another vault's copies never are.
func TestOwnCopiesAreRotatedEvenIfNeverRecorded(t *testing.T) {
	dir := t.TempDir()
	other := newTestVault(t, 2)
	addLocations(t, other, dir)
	Update(other, fast())
	foreign := snapshotDir(t, dir)

	v := newTestVault(t, 3)
	addLocations(t, v, dir)
	v.Copies.Keep = 3
	o := fast()
	o.ForceAll = true
	for i := 0; i < 12; i++ {
		addTestKeys(t, v, 10+i, 11+i)
		s, err := Take(v)
		if err != nil {
			t.Fatal(err)
		}
		s.Write(o) // never applied: as if the app crashed each time
	}
	Update(v, o)
	n := 0
	for _, f := range mustCopies(t, dir) {
		if data, _ := os.ReadFile(f.File); v.IsOwn(data) {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d of this vault's copies left, want 3", n)
	}
	for name, data := range foreign {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != data {
			t.Errorf("another vault's %s was touched", name)
		}
	}
}

func mustCopies(t *testing.T, dir string) []Found {
	t.Helper()
	all, err := CopiesIn(dir)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestPlantedFilesNeverBlockAPlace: a huge file as the newest copy, one that
// asks for a ruinous work factor, and a name with a huge number: none costs
// more than a look, and the update still writes there.
func TestPlantedFilesNeverBlockAPlace(t *testing.T) {
	v := newTestVault(t, 2)
	dir := t.TempDir()
	addLocations(t, v, dir)
	Update(v, fast())

	// 2 GB, sparse: it takes no disk, and must take no memory.
	huge := filepath.Join(dir, CopyName(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 1))
	f, _ := os.Create(huge)
	f.Truncate(2 << 30)
	f.Close()
	// A small copy whose password slot asks for work factor 22.
	other := newTestVault(t, 1)
	costly := withWorkFactor(t, other.FileBytes(), 22)
	os.WriteFile(filepath.Join(dir, CopyName(time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC), 1)), costly, 0o600)
	os.WriteFile(filepath.Join(dir, "sparekey-copy-20270103-000000-99999999999999999999.sparekey"), []byte("x"), 0o600)

	o := fast()
	o.Secret = Secret{Password: testPassphrase}
	rep, _ := Update(v, o)
	r := rep.Results[0]
	if r.Outcome == Written {
		return
	}
	if !errors.Is(r.Err, ErrTooCostly) {
		t.Fatalf("the planted files: %s", r.Message())
	}
	if rep.Scrypts != 0 {
		t.Errorf("the planted files cost %d scrypts", rep.Scrypts)
	}
}

// withWorkFactor rewrites the work factor in a file's password slot's age
// header, as an attacker may (armor re-encoded, checksum redone).
func withWorkFactor(t *testing.T, data []byte, logN int) []byte {
	t.Helper()
	text := string(data)
	i := strings.Index(text, `"-----BEGIN AGE ENCRYPTED FILE-----"`)
	j := strings.Index(text[i:], `"-----END AGE ENCRYPTED FILE-----"`) + i + len(`"-----END AGE ENCRYPTED FILE-----"`)
	var lines []string
	for _, l := range strings.Split(text[i:j], "\n") {
		lines = append(lines, strings.Trim(strings.TrimSpace(l), `",`))
	}
	bin, err := io.ReadAll(armor.NewReader(strings.NewReader(strings.Join(lines, "\n") + "\n")))
	if err != nil {
		t.Fatal(err)
	}
	hdr := strings.SplitN(string(bin), "\n", 3)
	f := strings.Fields(hdr[1])
	f[3] = strconv.Itoa(logN)
	bin = []byte(hdr[0] + "\n" + strings.Join(f, " ") + "\n" + hdr[2])
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	aw.Write(bin)
	aw.Close()
	var quoted []string
	for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		quoted = append(quoted, `"`+l+`"`)
	}
	out := text[:i] + strings.Join(quoted, ",\n        ") + text[j:]
	const marker = "\",\n  \"checksum\": \"sha256:"
	k := strings.LastIndex(out, marker)
	sum := sha256.Sum256([]byte(out[:k+1]))
	return []byte(out[:k+len(marker)] + hex.EncodeToString(sum[:]) + out[k+len(marker)+64:])
}

// TestAPulledUSBStickIsNamed: a place on a disk of its own that is no longer
// mounted (its empty mount folder left behind) is not written to.
func TestAPulledUSBStickIsNamed(t *testing.T) {
	v := newTestVault(t, 2)
	dir := t.TempDir()
	addLocations(t, v, dir)
	v.Copies.Locations[0].Mount = "/media/someone/STICK"
	rep, _ := Update(v, fast())
	r := rep.Results[0]
	if r.Outcome != Missing || !errors.Is(r.Err, ErrNotPluggedIn) {
		t.Fatalf("%v %v", r.Outcome, r.Err)
	}
	if !strings.Contains(r.Message(), "not plugged in") {
		t.Errorf("message %q", r.Message())
	}
	if n := len(mustCopies(t, dir)); n != 0 {
		t.Errorf("%d copies written to the computer's own disk", n)
	}
	if st := Statuses(v, nil)[0]; !strings.Contains(st.Summary(), "not plugged in") {
		t.Errorf("status %q", st.Summary())
	}
}

// TestChoicesShowEveryCopyOfAPlaceWithItsKeys: a restore shows each copy
// of a place, newest first, with the keys it holds, at the cost of opening
// the newest (and the file chosen) only.
func TestChoicesShowEveryCopyOfAPlaceWithItsKeys(t *testing.T) {
	v, recovery := newVaultWithKey(t, 6)
	dir := t.TempDir()
	addLocations(t, v, dir)
	o := fast()
	older, _ := Update(v, o)
	addTestKeys(t, v, 6, 60)
	newer, _ := Update(v, o)
	for name, s := range map[string]Secret{"password": {Password: testPassphrase}, "recovery key": {RecoveryKey: recovery}} {
		cs, err := Choices(dir, s, "")
		if err != nil {
			t.Fatalf("with the %s: %v", name, err)
		}
		if len(cs) != 2 || cs[0].File != newer.Results[0].File || cs[1].File != older.Results[0].File {
			t.Fatalf("with the %s: %+v", name, cs)
		}
		if cs[0].Keys != 60 || cs[0].Copy == nil || cs[1].Keys != 6 || cs[1].Copy != nil {
			t.Errorf("with the %s: newest %d keys (opened %v), older %d keys (opened %v); want 60 opened, 6 counted",
				name, cs[0].Keys, cs[0].Copy != nil, cs[1].Keys, cs[1].Copy != nil)
		}
		if name == "recovery key" && !cs[0].Copy.WithRecoveryKey() {
			t.Error("the copy does not say it was opened with the recovery key")
		}
	}
	// The older file chosen by hand is opened too, ready to restore.
	cs, err := Choices(dir, Secret{Password: testPassphrase}, older.Results[0].File)
	if err != nil || cs[1].Copy == nil || len(cs[1].Copy.Entries) != 6 || cs[0].Keys != 60 {
		t.Fatalf("with the older chosen: %v %+v", err, cs)
	}
	if _, err := Choices(dir, Secret{Password: "not it"}, ""); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a wrong password: %v", err)
	}

	// After a password change, the newest copy opens only with the new one:
	// with the old password and the older file chosen, the newest is shown,
	// unopened, not hidden.
	if err := v.ChangePassword("a new master password for this test"); err != nil {
		t.Fatal(err)
	}
	addTestKeys(t, v, 60, 61)
	newest, _ := Update(v, o)
	cs, err = Choices(dir, Secret{Password: testPassphrase}, older.Results[0].File)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 || cs[0].File != newest.Results[0].File || cs[0].Keys != -1 || cs[0].Copy != nil {
		t.Fatalf("the newest, under the new password: %+v", cs[0])
	}
	if cs[1].Keys != 60 || cs[2].Keys != 6 || cs[2].Copy == nil {
		t.Errorf("the older copies: %d and %d keys", cs[1].Keys, cs[2].Keys)
	}
	if _, err := Choices(dir, Secret{Password: testPassphrase}, ""); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("the old password on the place: %v, want the newest copy's refusal", err)
	}
}

// TestPlaceInFindsTheCopiesUnderTheChosenFolder: a person picks the USB
// stick itself; the copies are in a folder on it.
func TestPlaceInFindsTheCopiesUnderTheChosenFolder(t *testing.T) {
	v := newTestVault(t, 1)
	stick := t.TempDir()
	place := filepath.Join(stick, "Backups", "Sparekey")
	os.MkdirAll(place, 0o700)
	os.MkdirAll(filepath.Join(stick, "Photos"), 0o700)
	addLocations(t, v, place)
	if rep, _ := Update(v, fast()); !rep.OK() {
		t.Fatal(rep.Results[0].Message())
	}
	for _, dir := range []string{stick, place, filepath.Join(stick, "Backups")} {
		if got, err := PlaceIn(dir); err != nil || got != place {
			t.Errorf("PlaceIn(%s) = %s, %v; want %s", dir, got, err, place)
		}
	}
	if _, err := PlaceIn(filepath.Join(stick, "Photos")); err == nil || !strings.Contains(err.Error(), "there is no Sparekey copy in") {
		t.Errorf("a folder without copies: %v", err)
	}
	other := filepath.Join(stick, "Backups", "Old")
	os.MkdirAll(other, 0o700)
	data, _ := os.ReadFile(v.Path())
	os.WriteFile(filepath.Join(other, CopyName(time.Now(), 1)), data, 0o600)
	if _, err := PlaceIn(stick); err == nil || !strings.Contains(err.Error(), "several folders") {
		t.Errorf("two folders with copies: %v, want both named", err)
	}
}

// TestRestoreOnTheSameComputerAfterTheVaultWasLost: the vault file is gone
// (deleted, a dead disk) on the computer that saved it last. Restored from
// its newest copy, which lacks the save that recorded the copy, it opens
// at the next start like any vault, not refused as an older file put in
// its place; with the password or with the recovery key.
func TestRestoreOnTheSameComputerAfterTheVaultWasLost(t *testing.T) {
	for _, how := range []string{"password", "recovery key"} {
		t.Run(how, func(t *testing.T) {
			seen := t.TempDir()
			opts := []vault.Option{vault.WithWorkFactor(1), vault.WithSeenDir(seen)}
			path := filepath.Join(t.TempDir(), "vault.sparekey")
			v, recovery, err := vault.Create(path, testPassphrase, opts...)
			if err != nil {
				t.Fatal(err)
			}
			addTestKeys(t, v, 0, 4)
			place := t.TempDir()
			addLocations(t, v, place)
			if rep, err := Update(v, fast()); err != nil || !rep.OK() {
				t.Fatalf("the copy: %v", err)
			}
			if err := v.Save(); err != nil { // records the copy: a later save than the copy
				t.Fatal(err)
			}
			v.Close()
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			os.Remove(path + ".previous")

			s, password := Secret{Password: testPassphrase, Options: opts}, ""
			if how == "recovery key" {
				s, password = Secret{RecoveryKey: recovery, Options: opts}, "a brand new master password"
			}
			c, _, err := OpenPlace(place, s)
			if err != nil {
				t.Fatal(err)
			}
			r, _, err := Restore(path, c, password, opts...)
			if err != nil {
				t.Fatal(err)
			}
			r.Close()
			if password == "" {
				password = testPassphrase
			}
			again, err := vault.Open(path, password, opts...)
			if err != nil {
				t.Fatalf("the restored vault at the next start: %v", err)
			}
			defer again.Close()
			if len(again.Entries) != 4 {
				t.Errorf("the restored vault holds %d keys, want 4", len(again.Entries))
			}
		})
	}
}
