package cli

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sparekey/internal/tooltest"
	"sparekey/vault"
)

// TestImportOfSheetPhotosCountsTheKeysAsPrinted: the sheets `sparekey
// print` made, scanned (pdftoppm) and imported into another vault, give
// keys that count as on paper, dated the day the sheets were printed.
func TestImportOfSheetPhotosCountsTheKeysAsPrinted(t *testing.T) {
	pdftoppm := tooltest.Find(t, "pdftoppm")
	// Keys whose sheet code carries the printed-on mark (it is left off
	// where it would make the code bigger: printing/qr.go, sheetLink).
	old := newCopyEnv(t).withKeys(0)
	old.must(strings.Join([]string{
		"otpauth://totp/Forum:lovelace?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Forum",
		"otpauth://totp/GitHub:lovelace?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub",
		"otpauth://totp/Mail:ada.lovelace%40example.com?secret=NVQWS3DNMFUWYZDBOZQWS3DMNFWGC3DB&issuer=Mail",
		"otpauth://totp/Forum:ada.lovelace%40example.com?secret=ONSWG4TFOQYTEMZUONSWG4TFOQYTEMZU&issuer=Forum",
	}, "\n")+"\n", "add", "-")
	dir := t.TempDir()
	sheet := filepath.Join(dir, "sheet.pdf")
	before := time.Now()
	old.must("", "print", "--out", sheet)
	after := time.Now()
	if out, err := exec.Command(pdftoppm, "-r", "150", "-gray", "-png", sheet, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	c := newCopyEnv(t).withKeys(0)
	c.must("", "import", pages...)
	v, err := vault.Open(c.path, c.vars["SPAREKEY_PASSWORD"], vault.WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if len(v.Entries) != 4 {
		t.Fatalf("%d keys imported from the sheet, want 4", len(v.Entries))
	}
	for _, e := range v.Entries {
		if e.Printed.IsZero() {
			t.Errorf("%s came from a photo of a sheet but does not count as on paper", e.Name())
		} else if day := e.Printed.Local().Format(time.DateOnly); day != before.Format(time.DateOnly) && day != after.Format(time.DateOnly) {
			t.Errorf("%s counts as printed on %s, want the day the sheet was printed (%s)", e.Name(), day, before.Format(time.DateOnly))
		}
	}
}
