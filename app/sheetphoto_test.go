package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"sparekey/interop"
	"sparekey/printing"
	"sparekey/vault"
)

// sheetDate is the date the recovery sheets of these tests are printed on.
var sheetDate = time.Date(2026, 3, 14, 10, 0, 0, 0, time.Local)

// sheetPhoto prints a recovery sheet of the links' keys on sheetDate and
// returns its first page as a picture (pdftoppm, 150 dpi), as a scan or a
// photo of the paper would be.
func sheetPhoto(t *testing.T, links ...string) []byte {
	t.Helper()
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatal("pdftoppm is needed (poppler-utils)")
	}
	var entries []*vault.Entry
	for _, l := range links {
		e, _, err := vault.ParseURI(l)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, &e)
	}
	pdf, err := printing.Sheet(entries, printing.Options{Now: sheetDate})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sheet.pdf"), pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftoppm, "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile",
		filepath.Join(dir, "sheet.pdf"), filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// printedOnSheetDay is the time a key read from a sheet printed on
// sheetDate counts as printed: noon of that day.
func printedOnSheetDay() time.Time {
	return time.Date(sheetDate.Year(), sheetDate.Month(), sheetDate.Day(), 12, 0, 0, 0, time.Local)
}

// TestKeysFromAPhotoOfASheetCountAsOnPaperWhereverTheyComeIn: a photo of a
// Sparekey recovery sheet brought in by Import, by "Scan a QR image…" on
// Add a key, or dropped with other pictures, gives keys that count as on
// paper (printed on the sheet's date) and that the main screen does not ask
// to print; a key from a picture of a website's QR code is still not on
// paper.
func TestKeysFromAPhotoOfASheetCountAsOnPaperWhereverTheyComeIn(t *testing.T) {
	// Keys whose sheet code carries the printed-on mark (it is left off
	// where it would make the code bigger: printing/qr.go, sheetLink).
	const (
		bank   = "otpauth://totp/Example%20Bank:ada.lovelace?secret=ONSWG4TFOQYTEMZUONSWG4TFOQYTEMZU&issuer=Example%20Bank"
		forum  = "otpauth://totp/Forum:lovelace?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Forum"
		github = "otpauth://totp/GitHub:lovelace?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub"
		shop   = "otpauth://totp/Shop:ada?secret=KRUGKIDROVUWG2ZAMJZG653OEBTG66BA&issuer=Shop"
		mail   = "otpauth://totp/Mail:ada.lovelace%40example.com?secret=NVQWS3DNMFUWYZDBOZQWS3DMNFWGC3DB&issuer=Mail"
	)
	h := listHarness(t)
	u := h.u
	printed := func(name string) time.Time {
		t.Helper()
		for _, e := range h.saved() {
			if e.Issuer == name {
				return e.Printed
			}
		}
		t.Fatalf("%s is not in the vault", name)
		return time.Time{}
	}

	// Import from another app…, choosing the photo of a sheet.
	u.importFiles([]importFile{{"IMG_3001.jpg", sheetPhoto(t, bank, forum)}})
	h.importScreenShown()
	test.Tap(h.button("Add 2 keys"))
	h.flush()
	for _, name := range []string{"Example Bank", "Forum"} {
		if got := printed(name); !got.Equal(printedOnSheetDay()) {
			t.Errorf("imported from a photo of a sheet, %s counts as printed on %v, want the sheet's date", name, got)
		}
	}
	if h.shows("Not on paper yet") {
		t.Error("the main screen asks to print keys that came from a sheet")
	}

	// Add a key › Scan a QR image…, with a photo of a one-key sheet.
	h.menuItem("Add a key…").Action()
	h.flush()
	u.scanPicture(interop.Picture{Name: "IMG_3002.jpg", Data: sheetPhoto(t, github)})
	h.waitFor("the form filled from the photo", func() bool { return u.add != nil && u.add.issuer.Text == "GitHub" })
	test.Tap(u.add.add)
	h.flush()
	if got := printed("GitHub"); !got.Equal(printedOnSheetDay()) {
		t.Errorf("scanned from a photo of a sheet on Add a key, GitHub counts as printed on %v, want the sheet's date", got)
	}

	// Many pictures dropped at once: a sheet page and a website's QR code
	// on a screenshot.
	dir := t.TempDir()
	page := filepath.Join(dir, "scan-1.png")
	shot := filepath.Join(dir, "Screenshot.png")
	os.WriteFile(page, sheetPhoto(t, forum, mail), 0o600)
	os.WriteFile(shot, pngBytes(t, screenWith(t, shop)), 0o600)
	u.ShowMain()
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(page), storage.NewFileURI(shot)})
	h.waitFor("the preview", func() bool { return h.shows("Nothing is added until") })
	test.Tap(h.button("Add 2 keys"))
	h.flush()
	if got := printed("Mail"); !got.Equal(printedOnSheetDay()) {
		t.Errorf("dropped with other pictures, Mail from a photo of a sheet counts as printed on %v, want the sheet's date", got)
	}
	if got := printed("Shop"); !got.IsZero() {
		t.Errorf("a key from a screenshot of a website counts as printed on %v", got)
	}
	if !h.shows("Not on paper yet: Shop (ada)") {
		t.Error("the main screen does not ask to print the one key that is not on paper")
	}
}
