package printing

import (
	"fmt"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"sparekey/vault"
)

// qrLevel is the error correction of a printed QR code: level Q
// (qrcode.High), which rebuilds up to a quarter of the code, enough for a
// photocopy, a fold or a coffee stain. A long link (a long key, or a name in
// Greek or Cyrillic, which links spell out as %XX escapes) would need so many
// modules at level Q that each gets too small to survive a poor copy; those
// use level M (qrcode.Medium, up to 15%) and keep bigger modules.
const (
	qrLevel     = qrcode.High
	qrLongLevel = qrcode.Medium
	// qrMaxModules is the most modules a side may have at level Q: version
	// 10, 57 modules, 0.8 mm each on a 46 mm code.
	qrMaxModules = 57
)

// quietModules is the white border a reader needs around a QR code.
const quietModules = 4

// qrBitmap returns the dark modules of content's QR code, without border.
func qrBitmap(content string) ([][]bool, error) {
	q, err := qrcode.New(content, qrLevel)
	if err == nil {
		q.DisableBorder = true
		if bits := q.Bitmap(); len(bits) <= qrMaxModules {
			return bits, nil
		}
	}
	q, err = qrcode.New(content, qrLongLevel)
	if err != nil {
		return nil, fmt.Errorf("making the QR code: %w", err)
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// sheetLink is what a key's QR code on a recovery sheet printed on date
// holds: the link marked as printed that day (vault.Entry.SheetURI), so that
// a key read back from the sheet counts as on paper; or the plain link when
// the mark would make the code bigger (more modules: fewer keys a page, or
// smaller modules that a poor copy loses), since a code that survives a
// poor copy, and six keys a page, matter more than the mark.
func sheetLink(e *vault.Entry, date time.Time) string {
	plain := e.URI()
	marked := e.SheetURI(date)
	mq, err := qrcode.New(marked, qrLevel)
	if err != nil {
		return plain
	}
	pq, err := qrcode.New(plain, qrLevel)
	if err != nil {
		return plain
	}
	mq.DisableBorder, pq.DisableBorder = true, true
	if n := len(mq.Bitmap()); n <= qrMaxModules && n <= len(pq.Bitmap()) {
		return marked
	}
	return plain
}

// drawQR draws the QR code with its top-left corner at (x, y), side mm wide
// without its quiet zone (the caller leaves quietModules of white around it).
// It is drawn as vector rectangles, one per horizontal run of dark modules,
// in a single fill: sharp at any resolution and small in the file.
func (d *doc) drawQR(bits [][]bool, x, y, side float64) {
	n := len(bits)
	if n == 0 {
		return
	}
	k := 72 / 25.4 // points per mm
	m := side / float64(n) * k
	var b strings.Builder
	// One module is one unit, y going down: "col row width 1 re" per run.
	// All runs are one path filled once, so neighbouring runs join without
	// seams.
	fmt.Fprintf(&b, "q 0 g %.4f 0 0 %.4f %.2f %.2f cm\n", m, -m, x*k, (d.h-y)*k)
	for r, row := range bits {
		for c := 0; c < n; {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < n && row[c] {
				c++
			}
			fmt.Fprintf(&b, "%d %d %d 1 re\n", start, r, c-start)
		}
	}
	b.WriteString("f Q\n")
	d.f.RawWriteStr(b.String())
}
