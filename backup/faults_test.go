package backup

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// mountTmpfs mounts a small tmpfs on a fresh folder where the test may
// (root, with mount); ok is false otherwise.
func mountTmpfs(t *testing.T, size string) (string, bool) {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Logf("cannot mount a tmpfs (%v: %s)", err, strings.TrimSpace(string(out)))
		return "", false
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir, true
}

// fillDisk writes a file into dir until the disk is full.
func fillDisk(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 1024)
	for {
		if _, err := f.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

// The faults: a read-only folder, a folder that vanished and a full disk,
// between two good folders. The good ones are written, each fault is named
// in plain words, and the older copies in the faulty places are untouched.
//
// "real" uses real mounts (a tmpfs remounted read-only, a 64 KiB tmpfs
// filled up) and runs where the test may mount (root; chmod does not stop
// root, so a read-only folder needs a read-only mount). "injected" puts an
// FS in front of the real one that fails with EROFS and ENOSPC, and runs
// everywhere.
func TestFaultyLocationsDoNotStopTheOthers(t *testing.T) {
	for _, variant := range []string{"injected", "real"} {
		t.Run(variant, func(t *testing.T) {
			good1, good2, vanished := t.TempDir(), t.TempDir(), t.TempDir()
			var readOnly, full string
			var o Options
			if variant == "real" {
				var ok1, ok2 bool
				readOnly, ok1 = mountTmpfs(t, "1m")
				full, ok2 = mountTmpfs(t, "64k")
				if !ok1 || !ok2 {
					t.Skip("mounting is not allowed here; the injected variant covers the faults")
				}
			} else {
				readOnly, full = t.TempDir(), t.TempDir()
			}
			v := newTestVault(t, 3)
			addLocations(t, v, good1, readOnly, vanished, full, good2)
			o = fast()
			if rep, _ := Update(v, o); !rep.OK() {
				t.Fatalf("first round: %+v", rep.Results)
			}
			older := map[string]map[string]string{readOnly: snapshotDir(t, readOnly), full: snapshotDir(t, full)}

			os.RemoveAll(vanished)
			if variant == "real" {
				if out, err := exec.Command("mount", "-o", "remount,ro", readOnly).CombinedOutput(); err != nil {
					t.Fatalf("remount read-only: %v %s", err, out)
				}
				fillDisk(t, full)
				older[full] = snapshotDir(t, full)
			} else {
				o.FS = faultFS{faults: map[string]syscall.Errno{readOnly: errnoReadOnly, full: errnoFull}}
			}

			addTestKeys(t, v, 3, 4)
			rep, err := Update(v, o)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatal("the report says all is well")
			}
			if rep.Scrypts != 0 {
				t.Errorf("scrypts = %d, want 0 (a copy is the vault's own file)", rep.Scrypts)
			}
			tests := []struct {
				dir     string
				outcome Outcome
				is      error
				says    string
			}{
				{good1, Written, nil, "A new copy was written and checked"},
				{readOnly, ReadOnly, ErrReadOnly, "cannot be written to"},
				{vanished, Missing, ErrMissingFolder, "the folder is not there"},
				{full, Full, ErrFull, "the disk is full"},
				{good2, Written, nil, "A new copy was written and checked"},
			}
			for _, tc := range tests {
				r := resultFor(t, rep, tc.dir)
				if r.Outcome != tc.outcome || (tc.is != nil && !errors.Is(r.Err, tc.is)) || !strings.Contains(r.Message(), tc.says) {
					t.Errorf("%s: outcome %v, err %v, message %q", filepath.Base(tc.dir), r.Outcome, r.Err, r.Message())
				}
			}
			for _, d := range []string{good1, good2} {
				if n := len(copyNames(t, d)); n != 2 {
					t.Errorf("a good folder holds %d copies, want 2", n)
				}
			}
			for d, before := range older {
				if !sameDir(before, snapshotDir(t, d)) {
					t.Errorf("the faulty folder %s changed (older copies must stay, and nothing be left behind)", d)
				}
			}
			Apply(v, rep)
			for _, st := range Statuses(v, o.FS) {
				if st.Path == vanished && (st.Reachable || !st.OutOfDate) {
					t.Errorf("status of the vanished folder: %+v", st)
				}
				if (st.Path == good1 || st.Path == good2) && (st.OutOfDate || !st.Verified || st.Entries != 4) {
					t.Errorf("status of a good folder: %+v", st)
				}
				if st.Path == full && (!st.OutOfDate || !strings.Contains(st.Summary(), "disk is full")) {
					t.Errorf("status of the full folder: %s", st.Summary())
				}
			}
		})
	}
}
