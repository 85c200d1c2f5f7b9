package printing

import (
	"fmt"
	"strings"
	"time"

	"sparekey/vault"
)

// KeyLineChars is how many characters of a key go on one printed line (four
// groups of four). Restore from paper cuts a key the same way.
const KeyLineChars = 16

// Sheet layout, in millimetres.
const (
	blockPad  = 5.0  // inside a key's frame
	qrSide    = 44.0 // a QR code without its quiet zone, at least
	qrModule  = 0.85 // mm: the smallest module (a poor copy must keep it)
	qrMaxSide = 64.0
	qrQuiet   = 5.0  // white around the QR code, at least quietModules wide
	blockGap  = 4.0  // between two keys' frames
	keySize   = 14.0 // points: the key text in Go Mono
	keyLineH  = 6.6  // one key line
	numberW   = 9.0  // the line number column
	checkW    = 22.0 // the check code column
	titleSize = 15.0 // points: the issuer
)

// Sheet makes the recovery sheet for entries, in the order given: each key
// as a QR code of its otpauth:// link and as text, four groups of four a
// line, each line with its number and check code (vault.LineCheck). A key's
// block never splits across pages. Every page says what the sheet is, how to
// use it and that anyone holding it can make the login codes, with the date,
// the page number and a "Stored at" line.
//
// Sheet changes nothing; after the sheet has been saved or printed, the
// caller records it with MarkPrinted and saves the vault.
func Sheet(entries []*vault.Entry, o Options) ([]byte, error) {
	pdf, _, err := sheet(entries, o)
	return pdf, err
}

// MarkPrinted records t as the time each entry last went onto paper.
func MarkPrinted(entries []*vault.Entry, t time.Time) {
	for _, e := range entries {
		e.Printed = t.UTC()
	}
}

// NotPrinted returns the entries that have never been printed.
func NotPrinted(entries []*vault.Entry) []*vault.Entry {
	var out []*vault.Entry
	for _, e := range entries {
		if e.Printed.IsZero() {
			out = append(out, e)
		}
	}
	return out
}

// placed is where one key went on the sheet (for tests that read it back).
type placed struct {
	entry int     // index in entries
	page  int     // counting from 1
	y, h  float64 // the block's top and height
	// keyLines are the key text's lines, in order, with their boxes.
	keyLines []box
}

// box is a line of text on a page, in millimetres from the top-left corner;
// its characters sit in cells cell wide, starting at x.
type box struct {
	x, y, w, h float64
	cell       float64
	text       string
}

type sheetLayout struct {
	pageW, pageH float64
	pages        int
	blocks       []placed
}

func sheet(entries []*vault.Entry, o Options) ([]byte, *sheetLayout, error) {
	if len(entries) == 0 {
		return nil, nil, fmt.Errorf("there are no keys to print")
	}
	d, err := newDoc(o, "Sparekey recovery sheet")
	if err != nil {
		return nil, nil, err
	}
	date := PrintedDate(o.now())
	qrs := make([][][]bool, len(entries))
	col := 0.0
	for i, e := range entries {
		if qrs[i], err = qrBitmap(e.URI()); err != nil {
			return nil, nil, fmt.Errorf("key %q: %w", e.Name(), err)
		}
		col = max(col, qrSideFor(qrs[i]))
	}

	// First pass: measure every block and share them out among pages, so
	// that "page x of y" is known before anything is drawn.
	top := d.sheetHeader(date, false)
	bottom := d.h - margin - footerH
	width := d.w - 2*margin
	lay := &sheetLayout{pageW: d.w, pageH: d.h, pages: 1}
	y := top
	for i, e := range entries {
		h := d.keyBlock(e, qrs[i], margin, 0, width, col, false).h
		if h > bottom-top {
			return nil, nil, fmt.Errorf("key %q is too long to fit on one page", e.Name())
		}
		if y+h > bottom {
			lay.pages++
			y = top
		}
		lay.blocks = append(lay.blocks, placed{entry: i, page: lay.pages, y: y, h: h})
		y += h + blockGap
	}

	// Second pass: draw.
	for p := 1; p <= lay.pages; p++ {
		d.f.AddPage()
		d.sheetHeader(date, true)
		d.footer(p, lay.pages, date, "Sparekey recovery sheet: anyone holding it can make your login codes. Keep it safe.")
		for bi := range lay.blocks {
			b := &lay.blocks[bi]
			if b.page != p {
				continue
			}
			got := d.keyBlock(entries[b.entry], qrs[b.entry], margin, b.y, width, col, true)
			b.keyLines = got.keyLines
		}
	}
	pdf, err := d.bytes()
	if err != nil {
		return nil, nil, err
	}
	return pdf, lay, nil
}

// sheetHeader draws (or, with draw false, only measures) the top of a sheet
// page and returns the y where the keys start.
func (d *doc) sheetHeader(date string, draw bool) float64 {
	x, w := margin, d.w-2*margin
	y := margin
	out := d.writer(draw)
	d.font(sans, "B", 17)
	out.text(x, y, "Sparekey recovery sheet: your two-step login keys")
	y += d.lineH() + 1.5

	d.font(sans, "", 9.5)
	boxTop := y
	y += 2.5
	inner := w - 6
	y = out.labelled(x+3, y, inner, "What this is. ",
		"The secret keys behind the login codes of your accounts (two-step login, also called 2FA or authenticator codes), printed by Sparekey on "+date+
			". With this paper you can get your login codes back on a new phone or computer, even if every device is lost.")
	y += 1.2
	y = out.labelled(x+3, y, inner, "How to use it. ",
		"Open any authenticator app (Google Authenticator, Microsoft Authenticator, Aegis, 2FAS, Sparekey and others), choose to add an account, and scan the square code of the account you need. "+
			"No camera? Choose \u201cEnter a setup key\u201d (or \u201center the key manually\u201d) and type the key; spaces do not matter, and a round letter is always the letter O (keys use only A to Z and 2 to 7). "+
			"In Sparekey you can also choose \u201cRestore from paper\u201d: it checks each line as you type it against the check number printed at its end.")
	y += 1.2
	d.font(sans, "", 9.5)
	y = out.labelled(x+3, y, inner, "Keep it secret. ",
		"Anyone holding this paper can make your login codes. Keep it somewhere safe, like your passport; do not photograph or share it; shred old sheets when you print a new one.")
	y += 2
	if draw {
		d.f.SetDrawColor(0, 0, 0)
		d.f.SetLineWidth(0.5)
		d.f.Rect(x, boxTop, w, y-boxTop, "D")
	}
	return y + 5
}

// footer draws the bottom line of a page: the date, where the paper is kept
// and the page number.
func (d *doc) footer(page, pages int, date, warning string) {
	y := d.h - margin - footerH + 3
	d.f.SetDrawColor(0, 0, 0)
	d.f.SetLineWidth(0.3)
	d.f.Line(margin, y, d.w-margin, y)
	y += 2.5
	d.font(sans, "", 9.5)
	d.text(margin, y, "Printed on "+date)
	d.font(sans, "B", 9.5)
	stored := "Stored at: "
	sx := margin + 52
	d.text(sx, y, stored)
	lx := sx + d.f.GetStringWidth(stored) + 1
	d.f.SetLineWidth(0.25)
	d.f.Line(lx, y+4.2, d.w-margin-38, y+4.2)
	d.font(sans, "B", 9.5)
	pg := fmt.Sprintf("Page %d of %d", page, pages)
	d.text(d.w-margin-d.f.GetStringWidth(pg), y, pg)
	d.font(sans, "", 7.5)
	d.f.SetTextColor(80, 80, 80)
	d.text(margin, y+5.2, warning)
	d.f.SetTextColor(0, 0, 0)
}

// qrSideFor is how big a QR code is printed: dense codes (long links) grow
// so that each module stays big enough for a poor copy.
func qrSideFor(qr [][]bool) float64 {
	return min(max(qrSide, float64(len(qr))*qrModule), qrMaxSide)
}

// keyBlock draws (or only measures) one key's framed block with its top at
// y. col is the width of the QR code column, the same for every block of a
// sheet so that the text lines up.
func (d *doc) keyBlock(e *vault.Entry, qr [][]bool, x, y, w, col float64, draw bool) placed {
	out := d.writer(draw)
	var res placed
	qrSide := qrSideFor(qr)
	if draw {
		qx := x + qrQuiet + (col-qrSide)/2
		d.drawQR(qr, qx, y+qrQuiet, qrSide)
		d.font(sans, "", 7.5)
		d.f.SetTextColor(60, 60, 60)
		cap := "Scan with any authenticator app"
		d.text(qx+(qrSide-d.f.GetStringWidth(cap))/2, y+qrQuiet+qrSide+1.8, cap)
		d.f.SetTextColor(0, 0, 0)
	}
	leftBottom := y + qrQuiet + qrSide + 1.8 + 3.5

	tx := x + qrQuiet + col + qrQuiet + 2
	tw := x + w - blockPad - tx
	ty := y + blockPad - 0.5

	sansF, monoF := fonts()
	title, account := e.Issuer, e.Account
	if title == "" {
		title, account = account, ""
	}
	if title == "" {
		title = "Unnamed key"
	}
	title, miss1 := printable(title, sansF)
	account, miss2 := printable(account, sansF)
	d.font(sans, "B", titleSize)
	ty = out.para(tx, ty, tw, title)
	if account != "" {
		d.font(sans, "", 11.5)
		ty = out.para(tx, ty, tw, account)
	}
	if miss1 || miss2 {
		d.font(sans, "", 8)
		ty = out.para(tx, ty, tw, "(Some letters of this name cannot be printed and show as ?; the square code holds the full name.)")
	}
	ty += 1.5

	d.font(sans, "", 8.5)
	ty = out.para(tx, ty, tw, codesInWords(e))
	ty += 0.8
	lx := out.rich(tx, ty, run{sans, "B", 8.5, "The key "}, run{sans, "", 8.5, "(to type if you cannot scan)"})
	d.font(mono, keyStyle, keySize)
	ckx := tx + numberW + d.f.GetStringWidth(strings.Repeat("M", KeyLineChars+KeyLineChars/4-1))*keyTracking + 5
	if lx+1 > ckx {
		ckx = lx + 1
	}
	d.font(sans, "", 7)
	d.f.SetTextColor(80, 80, 80)
	out.text(ckx, ty+0.6, "check")
	d.f.SetTextColor(0, 0, 0)
	d.font(sans, "", 8.5)
	ty += d.lineH() + 0.3

	for n, line := range vault.KeyLines(e.Secret, KeyLineChars) {
		d.font(sans, "", 10)
		d.f.SetTextColor(80, 80, 80)
		out.text(tx+1, ty+1.1, fmt.Sprintf("%d", n+1))
		d.f.SetTextColor(0, 0, 0)
		d.font(mono, keyStyle, keySize)
		kt := vault.GroupsOfFour(line)
		kw := out.spaced(tx+numberW, ty+0.2, kt)
		res.keyLines = append(res.keyLines, box{x: tx + numberW, y: ty, w: kw, h: keyLineH - 1,
			cell: d.f.GetStringWidth("M") * keyTracking, text: kt})
		d.font(mono, "", 12)
		check := vault.LineCheck(n+1, line)
		out.text(ckx+1.2, ty+0.8, check)
		if draw {
			d.f.SetLineWidth(0.25)
			d.f.Rect(ckx, ty, d.f.GetStringWidth(check)+2.4, keyLineH-1, "D")
		}
		ty += keyLineH
	}

	if len(e.RecoveryCodes) > 0 {
		ty += 1
		d.font(sans, "B", 8.5)
		rw := d.f.GetStringWidth("Recovery codes ")
		out.text(tx, ty, "Recovery codes")
		d.font(sans, "", 8.5)
		ty = out.para(tx+rw, ty, tw-rw, "(each works once in place of a login code; crossed out = used)")
		ty += 0.3
		d.font(mono, "", 10)
		colW := 0.0
		codes := make([]string, len(e.RecoveryCodes))
		for i, rc := range e.RecoveryCodes {
			codes[i], _ = printable(rc.Code, monoF)
			if cw := d.f.GetStringWidth(codes[i]); cw > colW {
				colW = cw
			}
		}
		d.font(sans, "", 7)
		colW += d.f.GetStringWidth(" used") + 4
		cols := int(tw / colW)
		if cols < 1 {
			cols = 1
		}
		d.font(mono, "", 10)
		lh := d.lineH()
		for i, rc := range e.RecoveryCodes {
			cx := tx + float64(i%cols)*colW
			cy := ty + float64(i/cols)*lh
			d.font(mono, "", 10)
			out.text(cx, cy, codes[i])
			cw := d.f.GetStringWidth(codes[i])
			if rc.Used && draw {
				d.f.SetLineWidth(0.4)
				d.f.Line(cx-0.5, cy+lh*0.4, cx+cw+0.5, cy+lh*0.4)
			}
			if rc.Used {
				d.font(sans, "", 7)
				out.text(cx+cw+1, cy+0.9, "used")
			}
		}
		ty += float64((len(e.RecoveryCodes)+cols-1)/cols) * lh
	}

	ty += 0.8
	d.font(sans, "", 7)
	d.f.SetTextColor(80, 80, 80)
	out.text(tx, ty, "Fingerprint "+e.Fingerprint()+" (the same key always has the same fingerprint, on every sheet)")
	d.f.SetTextColor(0, 0, 0)
	ty += d.lineH()

	bottom := ty + blockPad - 1.5
	if leftBottom > bottom {
		bottom = leftBottom
	}
	res.y, res.h = y, bottom-y
	if draw {
		d.f.SetDrawColor(0, 0, 0)
		d.f.SetLineWidth(0.35)
		d.f.Rect(x, y, w, res.h, "D")
	}
	return res
}

// codesInWords says what kind of codes the key makes, in words a person can
// match against an app's settings.
func codesInWords(e *vault.Entry) string {
	s := e.Settings()
	switch {
	case e.Type == vault.Steam:
		return "Codes: " + s + ". Scan it with the Steam app or an authenticator app that knows Steam Guard."
	case s == "":
		return "Codes: 6 digits, a new one every 30 seconds (the usual kind)."
	}
	return "Codes: " + s + ". If you type the key by hand, choose these settings in the app's advanced options."
}

// writer draws text when draw is true and only measures it otherwise, so
// that measuring and drawing share one layout.
func (d *doc) writer(draw bool) pen { return pen{d: d, draw: draw} }

type pen struct {
	d    *doc
	draw bool
}

func (p pen) text(x, y float64, s string) {
	if p.draw {
		p.d.text(x, y, s)
	}
}

// The key text is Go Mono Bold, its letters spread to keyTracking times the
// font's own pitch: letters that stand apart are easier to copy by eye and
// to read by OCR (at its natural pitch, tesseract reads Go Mono's T, I, F
// and 5, S into each other; see TestSheetKeyLinesReadByOCR).
const (
	keyStyle    = "B"
	keyTracking = 1.3
)

// spaced writes s with its letters keyTracking times the font's pitch
// apart (PDF character spacing, so that copied text stays one word per
// group) and returns the width it took.
func (p pen) spaced(x, y float64, s string) float64 {
	pitch := p.d.f.GetStringWidth("M")
	extra := pitch * (keyTracking - 1)
	if p.draw {
		p.d.f.RawWriteStr(fmt.Sprintf("%.3f Tc", extra*72/25.4))
		p.d.text(x, y, s)
		p.d.f.RawWriteStr("0 Tc")
	}
	n := float64(len([]rune(s)))
	return n*pitch + (n-1)*extra
}

// rich writes runs in different styles one after the other and returns the
// x after the last.
func (p pen) rich(x, y float64, runs ...run) float64 {
	for _, r := range runs {
		p.d.font(r.family, r.style, r.size)
		p.text(x, y, r.text)
		x += p.d.f.GetStringWidth(r.text)
	}
	return x
}

func (p pen) para(x, y, w float64, s string) float64 {
	lh := p.d.lineH()
	for _, l := range p.d.wrap(s, w) {
		p.text(x, y, l)
		y += lh
	}
	return y
}

// labelled writes a paragraph that starts with a bold label.
func (p pen) labelled(x, y, w float64, label, body string) float64 {
	d := p.d
	pt, _ := d.f.GetFontSize()
	d.font(sans, "B", pt)
	lw := d.f.GetStringWidth(label)
	p.text(x, y, label)
	d.font(sans, "", pt)
	lh := d.lineH()
	// The first line starts after the label; the rest use the full width.
	first := d.f.SplitText(body, w-lw)
	if len(first) == 0 {
		return y + lh
	}
	p.text(x+lw, y, first[0])
	rest := strings.TrimSpace(strings.TrimPrefix(body, first[0]))
	y += lh
	if rest != "" {
		y = p.para(x, y, w, rest)
	}
	return y
}
