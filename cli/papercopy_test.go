package cli

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sparekey/internal/tooltest"
)

// TestPaperCopyPrintedScannedAndRestored prints a vault's paper copy with
// `print --paper-copy`, scans every page (pdftoppm at 150 dpi), gives the
// pages to `restore` in a shuffled order on a computer with no vault, and
// gets every key back: with the master password, with the recovery key
// (which asks a new password), and from a folder of the scans. Without one
// page of codes, the spare codes stand in for it; a set with two pages of
// codes missing is refused, naming them; and `import` given a page says it
// is a page of a paper copy.
func TestPaperCopyPrintedScannedAndRestored(t *testing.T) {
	pdftoppm := tooltest.Find(t, "pdftoppm")
	c := newCopyEnv(t)
	out := c.must("", "init")
	recovery := recoveryKeyIn(t, out)
	var links []string
	for i := 0; i < 40; i++ {
		h := sha256.Sum256([]byte(fmt.Sprintf("paper key %d", i)))
		links = append(links, fmt.Sprintf("otpauth://totp/Site%%20%d:person%d@example.com?secret=%s&issuer=Site%%20%d", i, i, base32.StdEncoding.EncodeToString(h[:20]), i))
	}
	c.must(strings.Join(links, "\n")+"\n", "add", "-")
	want := c.must("", "list")

	dir := t.TempDir()
	pdf := filepath.Join(dir, "paper copy.pdf")
	out = c.must("", "print", "--paper-copy", "--paper", "letter", "--out", pdf)
	if !strings.Contains(out, "opens only with your master password or your recovery key") {
		t.Errorf("print --paper-copy does not say what the paper copy is: %q", out)
	}
	if b, err := exec.Command(pdftoppm, "-r", "150", "-gray", "-png", pdf, filepath.Join(dir, "scan")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "scan-*.png"))
	sort.Strings(pages)
	if len(pages) < 3 {
		t.Fatalf("the paper copy of 40 keys has %d pages; want codes and text", len(pages))
	}
	shuffled := append([]string(nil), pages[1:]...)
	shuffled = append(shuffled, pages[0])
	shuffled[0], shuffled[len(shuffled)-2] = shuffled[len(shuffled)-2], shuffled[0]

	// With the master password, on a new computer.
	n := newCopyEnv(t)
	out = n.must("", "restore", shuffled...)
	if !strings.Contains(out, "Opened the paper copy: 40 keys") {
		t.Errorf("restore from the scans says %q", out)
	}
	if got := n.must("", "list"); got != want {
		t.Errorf("the keys from paper:\n%s\nwant:\n%s", got, want)
	}

	// With the recovery key (a new master password is set), from the folder.
	scans := t.TempDir()
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(scans, "IMG_"+filepath.Base(p)), b, 0o600)
	}
	r := newCopyEnv(t)
	r.vars = map[string]string{"SPAREKEY_RECOVERY_KEY": recovery, "SPAREKEY_NEW_PASSWORD": "a new master password", "SPAREKEY_WORK_FACTOR": "1"}
	out = r.must("", "restore", scans)
	if !strings.Contains(out, "Brought back 40 keys from the paper copy") {
		t.Errorf("restore from the folder with the recovery key says %q", out)
	}
	r.vars["SPAREKEY_PASSWORD"] = "a new master password"
	if got := r.must("", "list"); got != want {
		t.Errorf("the keys from paper, with the recovery key:\n%s\nwant:\n%s", got, want)
	}

	// A page of codes missing: the spare codes stand in for it.
	o := newCopyEnv(t)
	code, out, errs := o.run("", "restore", pages[1:]...)
	if code != 0 || !strings.Contains(out, "Opened the paper copy: 40 keys") {
		t.Errorf("restore without page 1: exit %d %q %q", code, out, errs)
	}
	if !strings.Contains(errs, "Some square codes on page 1 could not be read") {
		t.Errorf("restore without page 1 does not say page 1 was not read: %q", errs)
	}
	if got := o.must("", "list"); got != want {
		t.Errorf("the keys from paper without page 1:\n%s\nwant:\n%s", got, want)
	}

	// Two pages of codes missing: refused, naming them; nothing is made.
	m := newCopyEnv(t)
	code, _, errs = m.run("", "restore", pages[2:]...)
	if code == 0 || !strings.Contains(errs, fmt.Sprintf("pages 1 and 2 of %d are missing", len(pages))) {
		t.Errorf("restore without pages 1 and 2: exit %d %q", code, errs)
	}
	if _, err := os.Stat(m.path); err == nil {
		t.Error("a vault was made from an incomplete paper copy")
	}

	// A page given to import is named for what it is.
	code, _, errs = c.run("", "import", pages[0])
	if code == 0 || !strings.Contains(errs, "page of a Sparekey paper copy") {
		t.Errorf("import of a paper copy's page: exit %d %q", code, errs)
	}
}
