package backup

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestUpdateWithNothingChangedWritesNothing(t *testing.T) {
	dirs := tempDirs(t, 2)
	v := newTestVault(t, 5)
	addLocations(t, v, dirs...)
	o := fast()
	if rep, _ := Update(v, o); !rep.OK() {
		t.Fatal(rep.Results)
	}
	before := map[string]map[string]string{}
	for _, d := range dirs {
		before[d] = snapshotDir(t, d)
	}
	v.Touch(v.Entries[0].ID) // saved again, but no key changed
	v.Save()
	rep, _ := Update(v, o)
	for _, d := range dirs {
		if r := resultFor(t, rep, d); r.Outcome != UpToDate {
			t.Errorf("%s: %s", d, r.Message())
		}
		if !sameDir(before[d], snapshotDir(t, d)) {
			t.Errorf("%s changed", d)
		}
	}
	if rep.Scrypts != 0 {
		t.Errorf("an update with nothing to write cost %d scrypts", rep.Scrypts)
	}

	addTestKeys(t, v, 5, 6)
	rep, _ = Update(v, o)
	for _, d := range dirs {
		if r := resultFor(t, rep, d); r.Outcome != Written {
			t.Errorf("after adding a key, %s: %s", d, r.Message())
		}
		if n := len(copyNames(t, d)); n != 2 {
			t.Errorf("%s holds %d copies, want 2", d, n)
		}
	}
}

func TestUpdateWritesAgainWhenTheCopyVanished(t *testing.T) {
	dir := t.TempDir()
	v := newTestVault(t, 2)
	addLocations(t, v, dir)
	rep, _ := Update(v, fast())
	os.Remove(resultFor(t, rep, dir).File)
	rep, _ = Update(v, fast())
	if r := resultFor(t, rep, dir); r.Outcome != Written {
		t.Fatalf("got %s", r.Message())
	}
}

func TestRotationKeepsTheNewestCopiesAndOtherFiles(t *testing.T) {
	dir := t.TempDir()
	v := newTestVault(t, 1)
	v.Copies.Keep = 3
	addLocations(t, v, dir)
	others := map[string]string{"notes.txt": "mine", "sparekey-copy-garbage.age": "not a copy name", "sparekey-copy-20200101-000000.age.bak": "x"}
	for name, data := range others {
		os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600)
	}
	o := fast()
	var written []string
	for i := 1; i <= 6; i++ {
		addTestKeys(t, v, i, i+1)
		rep, _ := Update(v, o)
		r := resultFor(t, rep, dir)
		if r.Outcome != Written {
			t.Fatalf("round %d: %s", i, r.Message())
		}
		written = append(written, filepath.Base(r.File))
		if i > 3 && !reflect.DeepEqual(r.Removed, []string{written[i-4]}) {
			t.Errorf("round %d removed %v, want %v", i, r.Removed, written[i-4:i-3])
		}
	}
	if got := copyNames(t, dir); !reflect.DeepEqual(got, written[3:]) {
		t.Errorf("the folder keeps %v, want the newest three %v", got, written[3:])
	}
	for name, data := range others {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != data {
			t.Errorf("%s was touched", name)
		}
	}
}

func TestANewCopySortsAfterOneFromAClockAhead(t *testing.T) {
	dir := t.TempDir()
	other := newTestVault(t, 1)
	addLocations(t, other, dir)
	ahead := Options{Now: func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }}
	Update(other, ahead)

	v := newTestVault(t, 2)
	addLocations(t, v, dir)
	o := fast()
	o.ForceAll = true
	rep, _ := Update(v, o)
	r := resultFor(t, rep, dir)
	if want := CopyName(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 2); filepath.Base(r.File) != want {
		t.Fatalf("wrote %s, want %s", filepath.Base(r.File), want)
	}
	rep, _ = Update(v, fast())
	if r := resultFor(t, rep, dir); r.Outcome != UpToDate {
		t.Fatalf("the vault does not see its own copy as newest: %s", r.Message())
	}
}

func TestCopyNames(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	tests := []struct {
		name string
		seq  int
		ok   bool
	}{
		{"sparekey-copy-20260304-050607.sparekey", 1, true},
		{"sparekey-copy-20260304-050607-2.sparekey", 2, true},
		{"sparekey-copy-20260304-050607-12.sparekey", 12, true},
		{"sparekey-copy-20260304-050607-9999.sparekey", 9999, true},
		{"sparekey-copy-20260304-050607-10000.sparekey", 0, false},
		{"sparekey-copy-20260304-050607-99999999999999999999999.sparekey", 0, false},
		{"sparekey-copy-20260304-050607-1.sparekey", 0, false},
		{"sparekey-copy-20260304-050607-02.age", 0, false},
		{"sparekey-copy-20260304-0506.age", 0, false},
		{"sparekey-copy-20260304-050607.age.tmp", 0, false},
		{"sparekey-copy-20261304-050607.age", 0, false},
		{"other-20260304-050607.age", 0, false},
	}
	for _, tc := range tests {
		got, seq, legacy, ok := parseName(tc.name)
		if ok != tc.ok || (ok && (!got.Equal(at) || seq != tc.seq)) {
			t.Errorf("parseName(%q) = %v, %d, %v", tc.name, got, seq, ok)
		}
		if ok && !legacy && CopyName(got, seq) != tc.name {
			t.Errorf("CopyName does not give back %q", tc.name)
		}
	}
}

func TestRotationNeverDeletesACopyThisVaultDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	other := newTestVault(t, 8)
	addLocations(t, other, dir)
	Update(other, fast())
	foreign := snapshotDir(t, dir)

	v := newTestVault(t, 1)
	v.Copies.Keep = 2
	addLocations(t, v, dir)
	o := fast()
	o.Force = []string{dir} // "write anyway" over the fuller copy
	for i := 1; i <= 5; i++ {
		addTestKeys(t, v, 100+i, 101+i)
		rep, _ := Update(v, o)
		if r := resultFor(t, rep, dir); r.Outcome != Written {
			t.Fatalf("round %d: %s", i, r.Message())
		}
	}
	after := snapshotDir(t, dir)
	for name, data := range foreign {
		if after[name] != data {
			t.Fatalf("the other vault's copy %s was deleted or changed", name)
		}
	}
	if len(after) != len(foreign)+2 {
		t.Errorf("the folder holds %d files, want the other copy and this vault's 2", len(after))
	}
	if n := len(v.Copies.Locations[0].Written); n != 2 {
		t.Errorf("the vault remembers %d of its copies, want 2", n)
	}
}

func TestRotationLeavesAnOwnCopyThatWasChanged(t *testing.T) {
	dir := t.TempDir()
	v := newTestVault(t, 1)
	v.Copies.Keep = 1
	addLocations(t, v, dir)
	rep, _ := Update(v, fast())
	first := resultFor(t, rep, dir).File
	os.WriteFile(first, []byte("changed by someone"), 0o600)
	addTestKeys(t, v, 1, 2)
	rep, _ = Update(v, fast())
	if r := resultFor(t, rep, dir); len(r.Removed) != 0 {
		t.Fatalf("deleted %v", r.Removed)
	}
	if b, _ := os.ReadFile(first); string(b) != "changed by someone" {
		t.Fatal("the changed file was deleted")
	}
}

func TestAnUpdateRemovesTemporaryFilesLeftByACrash(t *testing.T) {
	dir := t.TempDir()
	o := fast()
	now := o.Now()
	old := filepath.Join(dir, ".sparekey-copy-123.tmp")
	fresh := filepath.Join(dir, ".sparekey-copy-456.tmp")
	mine := filepath.Join(dir, ".sparekey-copy-notes.txt")
	for _, f := range []string{old, fresh, mine} {
		os.WriteFile(f, []byte("half a copy"), 0o600)
	}
	os.Chtimes(old, now.Add(-2*time.Hour), now.Add(-2*time.Hour))
	os.Chtimes(fresh, now, now)
	os.Chtimes(mine, now.Add(-2*time.Hour), now.Add(-2*time.Hour))
	v := newTestVault(t, 1)
	addLocations(t, v, dir)
	Update(v, o)
	for f, want := range map[string]bool{old: false, fresh: true, mine: true} {
		if _, err := os.Stat(f); (err == nil) != want {
			t.Errorf("%s: there = %v, want %v", filepath.Base(f), err == nil, want)
		}
	}
}
