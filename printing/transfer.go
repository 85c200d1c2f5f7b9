package printing

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"golang.org/x/image/font/sfnt"

	"sparekey/interop"
	"sparekey/vault"
)

// transferPages adds the Google Authenticator transfer pages to a sheet:
// the keys as "Transfer accounts" QR codes (interop.MigrationBatches), which
// a new phone scans to take every key at once, each code with the names it
// holds, and the keys that cannot go that way with the reason. It returns
// the keys left out. The caller draws the footers.
func (d *doc) transferPages(entries []*vault.Entry) ([]interop.Problem, error) {
	batches, problems := transferBatches(entries)
	x, w := margin, d.w-2*margin
	out := d.writer(true)
	bottom := d.h - margin - footerH
	y := 0.0
	start := func() {
		d.f.AddPage()
		y = margin
		d.font(sans, "B", 15)
		out.text(x, y, "Move every key to a new phone at once")
		y += d.lineH() + 0.5
		d.font(sans, "", 9.5)
		y = out.para(x, y, w, "On the new phone, open Google Authenticator, tap its menu, then \u201cTransfer accounts\u201d and \u201cImport accounts\u201d, and scan these codes one after the other. "+
			"Other authenticator apps that import from Google Authenticator take them too. Like the rest of this sheet, anyone who scans them can make your login codes.")
		y += 3
	}
	start()
	for _, b := range batches {
		bits, err := transferBitmap(b.Link)
		if err != nil {
			return problems, err
		}
		side := float64(len(bits)) * 0.6
		d.font(sans, "", 9)
		names := d.wrap("Holds "+strings.Join(b.Names, ", ")+".", w-side-12)
		h := max(side+8, float64(len(names)+2)*d.lineH()+4)
		if y+h > bottom {
			start()
		}
		d.drawQR(bits, x+3, y+3, side)
		tx := x + side + 10
		d.font(sans, "B", 11)
		out.text(tx, y+3, fmt.Sprintf("Code %d of %d", b.Index, b.Count))
		d.font(sans, "", 9)
		ty := y + 3 + 6
		for _, l := range names {
			out.text(tx, ty, l)
			ty += d.lineH()
		}
		d.f.SetLineWidth(0.3)
		d.f.Rect(x, y, w, h, "D")
		y += h + 3
	}
	if len(problems) > 0 {
		d.font(sans, "", 9.5)
		need := float64(len(problems)+2) * d.lineH()
		if y+min(need, 30) > bottom {
			start()
		}
		d.font(sans, "B", 10.5)
		out.text(x, y, "Not on these codes (Google Authenticator cannot hold them; use their own blocks on this sheet):")
		y += d.lineH() + 0.5
		d.font(sans, "", 9.5)
		for _, p := range problems {
			name, _ := printable(p.Name, sansFontOnly())
			reason := strings.TrimSuffix(strings.TrimPrefix(p.Reason, "Left out because "), ".")
			lines := d.wrap("\u2022 "+name+": "+reason+".", w-4)
			if y+float64(len(lines))*d.lineH() > bottom {
				start()
				d.font(sans, "", 9.5)
			}
			for _, l := range lines {
				out.text(x+2, y, l)
				y += d.lineH()
			}
		}
	}
	return problems, nil
}

// transferBatches are the transfer codes of entries.
func transferBatches(entries []*vault.Entry) ([]interop.MigrationBatch, []interop.Problem) {
	values := make([]vault.Entry, len(entries))
	for i, e := range entries {
		values[i] = *e
	}
	return interop.MigrationBatches(values)
}

// transferBitmap is a transfer link's QR code. Google's own app makes these
// codes at level M; so do we: they are read from a screen or a clean sheet.
func transferBitmap(link string) ([][]bool, error) {
	q, err := qrcode.New(link, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("making the transfer code: %w", err)
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

func sansFontOnly() *sfnt.Font {
	f, _ := fonts()
	return f
}
