package printing

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sparekey/internal/tooltest"
	"sparekey/interop"
)

// TestTransferPagesMoveEveryKeyGoogleCanHold prints a sheet with the
// transfer pages, renders it, reads every QR code of the transfer pages and
// imports them as Google Authenticator's transfer: every key that app can
// hold comes back exactly, once; the others are listed on the page, each with
// its reason, and TransferLeftOut says the same.
func TestTransferPagesMoveEveryKeyGoogleCanHold(t *testing.T) {
	pdftoppm := tooltest.Find(t, "pdftoppm")
	pdftotext := tooltest.Find(t, "pdftotext")
	entries := testEntries(26, 4)
	pdf, lay, err := sheet(entries, Options{Now: testNow, Transfer: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sheet.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	runTool(t, pdftoppm, "-r", "200", "-gray", "-png", "-f", fmt.Sprint(lay.pages+1), path, filepath.Join(dir, "t"))
	files, _ := filepath.Glob(filepath.Join(dir, "t-*.png"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("the sheet has no transfer page")
	}
	var links []string
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		texts, err := interop.ReadQRCodes(context.Background(), img, nil)
		if err != nil && !errors.Is(err, interop.ErrNoQRCode) { // a page may only list the keys left out
			t.Fatalf("%s: %v", f, err)
		}
		links = append(links, texts...)
	}
	found := interop.ReadLinks(links)
	if len(found.Problems) != 0 {
		t.Errorf("importing the transfer codes: %v", found.Problems)
	}
	left := TransferLeftOut(entries)
	leftNames := map[string]bool{}
	for _, p := range left {
		leftNames[p.Name] = true
	}
	got := map[string]int{}
	for _, e := range found.Entries {
		got[e.Secret]++
	}
	for _, e := range entries {
		switch {
		case leftNames[e.Name()]:
			if got[e.Secret] != 0 {
				t.Errorf("%s is on the transfer codes and listed as left out", e.Name())
			}
		case got[e.Secret] != 1:
			t.Errorf("%s came back %d times from the transfer codes", e.Name(), got[e.Secret])
		}
	}
	if len(left) == 0 || len(left) == len(entries) {
		t.Fatalf("%d of %d keys left out: the test checks nothing", len(left), len(entries))
	}
	text := strings.Join(strings.Fields(string(runTool(t, pdftotext, "-f", fmt.Sprint(lay.pages+1), path, "-"))), " ")
	for _, p := range left {
		name, _ := Printable(p.Name)
		reason := strings.TrimSuffix(strings.TrimPrefix(p.Reason, "Left out because "), ".")
		if !strings.Contains(text, name+": "+reason) {
			t.Errorf("the transfer page does not list %q with its reason %q", name, reason)
		}
	}
	for _, w := range []string{"Transfer accounts", "Import accounts", "Code 1 of"} {
		if !strings.Contains(text, w) {
			t.Errorf("the transfer page lacks %q", w)
		}
	}
}
