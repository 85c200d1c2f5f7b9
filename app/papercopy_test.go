package app

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

	"fyne.io/fyne/v2/test"

	"sparekey/internal/tooltest"
	"sparekey/vault"
)

// TestPaperCopyPrintedFromCopiesAndRestoredFromScans prints the paper copy
// from the Copies screen (Letter), scans its pages (pdftoppm, 150 dpi) into
// a folder with another picture, and on a new computer brings the vault
// back from that folder through the welcome's "From paper…": a wrong
// password is refused and asked again, the master password opens it, and
// the vault comes back with every key. Without the first page, the spare
// codes stand in for it; a folder without the first two pages is refused,
// naming them.
func TestPaperCopyPrintedFromCopiesAndRestoredFromScans(t *testing.T) {
	pdftoppm := tooltest.Find(t, "pdftoppm")
	fake := useFakePrinting(t)
	var links []string
	for i := 0; i < 30; i++ {
		s := sha256.Sum256([]byte(fmt.Sprintf("paper copy key %d", i)))
		links = append(links, fmt.Sprintf("otpauth://totp/Shop%%20%d:customer%d@example.com?secret=%s&issuer=Shop%%20%d", i, i, base32.StdEncoding.EncodeToString(s[:20]), i))
	}
	h := listHarness(t, links...)
	h.u.Prefs.SetString(prefPaper, "Letter")
	h.u.openCopies()
	h.settled()
	if !h.shows("A paper copy is all your keys printed on a few pages") {
		t.Error("the Copies screen does not say what a paper copy is")
	}
	h.tapButton("Print a paper copy…")
	h.waitFor("the offer", func() bool {
		return h.shows("Sparekey brings it back even if one page of its square codes is lost or spoiled")
	})
	h.tapButton("Open it to print…")
	h.waitFor("the viewer", func() bool { return len(fake.PDFs()) == 1 })
	pdf := fake.PDFs()[0]

	dir := t.TempDir()
	pdfPath := filepath.Join(dir, "copy.pdf")
	if err := os.WriteFile(pdfPath, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	scans := t.TempDir()
	if b, err := exec.Command(pdftoppm, "-r", "150", "-gray", "-png", pdfPath, filepath.Join(scans, "scan")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	pages, _ := filepath.Glob(filepath.Join(scans, "scan-*.png"))
	sort.Strings(pages)
	if len(pages) < 2 {
		t.Fatalf("the paper copy has %d pages", len(pages))
	}
	os.WriteFile(filepath.Join(scans, "holiday.png"), qrPNG(t, "https://example.com/holiday"), 0o600)

	n := newComputer(t)
	test.Tap(n.u.first.fromPaper)
	n.chooseFolder(func() { test.Tap(n.u.paperWelcome.paperCopy) }, func() { n.u.readPaperCopy(scans) })
	n.waitFor("the question", func() bool { return len(n.find(isField("Password or recovery key"))) == 1 })
	enter(n.field("Password or recovery key"), "not the password")
	n.waitFor("the refusal", func() bool { return n.shows("That does not open the copy") })
	test.Tap(n.button("OK"))
	n.waitFor("the question again", func() bool { return len(n.find(isField("Password or recovery key"))) == 1 })
	enter(n.field("Password or recovery key"), strongPW)
	n.waitFor("the contents", func() bool { return n.shows("The paper copy (your keys as they were saved") })
	if !n.shows("holds 30 keys") || !n.shows("Shop 7 (customer7@example.com)") {
		t.Error("the paper copy's keys are not shown")
	}
	test.Tap(n.button("Bring my keys back"))
	n.waitFor("the list", func() bool { return n.u.screen == screenList && n.shows("Your keys are back") })
	v, err := vault.Open(n.path, strongPW, vault.WithSeenDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	want := h.saved()
	if len(v.Entries) != len(want) {
		t.Fatalf("restored %d keys, want %d", len(v.Entries), len(want))
	}
	for i := range want {
		if v.Entries[i].URI() != want[i].URI() {
			t.Errorf("key %d: %s, want %s", i, v.Entries[i].URI(), want[i].URI())
		}
	}

	// Without page 1: the spare codes stand in for it, and the password
	// is asked.
	os.Remove(pages[0])
	o := newComputer(t)
	test.Tap(o.u.first.fromPaper)
	o.u.readPaperCopy(scans)
	o.waitFor("the question", func() bool { return len(o.find(isField("Password or recovery key"))) == 1 })
	if !o.shows("Some square codes on page 1 could not be read") {
		t.Error("the question does not say that page 1 was not read")
	}

	// Without pages 1 and 2: refused, and the pages are named.
	os.Remove(pages[1])
	m := newComputer(t)
	test.Tap(m.u.first.fromPaper)
	m.u.readPaperCopy(scans)
	want2 := fmt.Sprintf("Pages 1 and 2 of %d are missing", len(pages))
	m.waitFor("the refusal", func() bool { return m.shows(want2) || m.shows(strings.ToLower(want2[:1])+want2[1:]) })
	if len(m.find(isField("Password or recovery key"))) != 0 {
		t.Error("an incomplete paper copy asks for the password")
	}
}
