package printing

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"sparekey/interop"
)

// TestKeysReadBackFromASheetCountAsOnPaper prints a sheet, renders its pages
// with pdftoppm and reads them as the app and `sparekey import` read photos
// (interop.ReadPictures): each key comes back marked as printed on the
// sheet's date, except a key whose link is so long that the mark would cost
// its code the level Q of error correction (a name outside ASCII is spelt
// out in %XX escapes, and long keys); every key of the usual length with an
// ASCII name (the layout test's, six a page) is marked.
func TestKeysReadBackFromASheetCountAsOnPaper(t *testing.T) {
	s := testSheet(t)
	var pics []interop.Picture
	for _, p := range s.pages(t, 150) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pics = append(pics, interop.Picture{Name: p, Data: data})
	}
	found, _, err := interop.ReadPictures(context.Background(), pics, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Entries) != len(s.entries) {
		t.Fatalf("%d keys read back, the sheet has %d", len(found.Entries), len(s.entries))
	}
	sheetDay := time.Date(testNow.Year(), testNow.Month(), testNow.Day(), 12, 0, 0, 0, time.Local)
	marked := 0
	for _, e := range found.Entries {
		plain := e.URI()
		if sheetLink(&e, testNow) == plain {
			if !e.Printed.IsZero() {
				t.Errorf("%s: printed plain, read back as printed on %v", e.Name(), e.Printed)
			}
			mq, merr := qrcode.New(e.SheetURI(testNow), qrLevel)
			pq, perr := qrcode.New(plain, qrLevel)
			if merr == nil && perr == nil && len(mq.Bitmap()) <= len(pq.Bitmap()) && len(mq.Bitmap())-2*quietModules <= qrMaxModules {
				t.Errorf("%s: printed plain although its marked code is no bigger", e.Name())
			}
			continue
		}
		marked++
		if !e.Printed.Equal(sheetDay) {
			t.Errorf("%s: read back as printed on %v, want the sheet's date %v", e.Name(), e.Printed, sheetDay)
		}
	}
	t.Logf("%d of %d keys carry the sheet's mark", marked, len(found.Entries))
	// The mark is left off where it would make the code bigger (fewer keys
	// a page): most keys of the usual length still carry it.
	usual, withMark := 0, 0
	for _, e := range usualKeys(30) {
		if strings.Contains(e.URI(), "%") {
			continue // Électricité: %C3%89
		}
		usual++
		if sheetLink(e, testNow) != e.URI() {
			withMark++
		}
	}
	t.Logf("%d of %d usual keys carry the sheet's mark", withMark, usual)
	if withMark*3 < usual*2 {
		t.Errorf("only %d of %d keys of the usual length carry the sheet's mark", withMark, usual)
	}
}
