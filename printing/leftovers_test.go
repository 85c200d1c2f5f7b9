package printing

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestRemoveTempPDFsDeletesEveryOneStillThere(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	a, removeA, err := TempPDF([]byte("%PDF-1.4 a"), "sheet")
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := TempPDF([]byte("%PDF-1.4 b"), "kit")
	if err != nil {
		t.Fatal(err)
	}
	removeA() // the person answered "Did it print?"
	RemoveTempPDFs()
	for _, p := range []string{a, b} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", p, err)
		}
	}
	removeA() // a late remove after the sweep is harmless
}

func TestSweepTempPDFsDeletesOnlySparekeysOldLeftovers(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	start := time.Now()
	old := start.Add(-time.Hour)
	file := func(name string, when time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("%PDF-1.4"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
		return p
	}
	crashed := file("sparekey-sheet-123.pdf", old)
	kit := file("sparekey-kit-456.pdf", old)
	keep := []string{
		file("sparekey-sheet-789.pdf", start.Add(time.Second)), // made after this start: another Sparekey's, in use
		file("invoice.pdf", old),                               // not Sparekey's
		file("sparekey-notes.txt", old),                        // not a PDF
		file("my-sparekey-sheet-1.pdf", old),                   // the prefix must start the name
	}
	if err := os.Mkdir(filepath.Join(dir, "sparekey-dir-1.pdf"), 0o700); err != nil {
		t.Fatal(err)
	}
	keep = append(keep, filepath.Join(dir, "sparekey-dir-1.pdf"))
	if runtime.GOOS != "windows" {
		target := file("target.pdf", old)
		link := filepath.Join(dir, "sparekey-link-1.pdf")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		keep = append(keep, link, target)
	}
	if os.Getuid() == 0 {
		// As root the test can give a file to another user, whose
		// leftovers are theirs to judge.
		p := file("sparekey-sheet-999.pdf", old)
		if err := os.Lchown(p, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		keep = append(keep, p)
	}

	n, err := SweepTempPDFs(start)
	if err != nil || n != 2 {
		t.Errorf("SweepTempPDFs = %d, %v; want 2 deleted", n, err)
	}
	for _, p := range []string{crashed, kit} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("the leftover %s is still there", filepath.Base(p))
		}
	}
	for _, p := range keep {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was deleted: %v", filepath.Base(p), err)
		}
	}
}
