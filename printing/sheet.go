package printing

import (
	"fmt"
	"strings"
	"time"

	"sparekey/interop"
	"sparekey/vault"
)

// KeyLineChars is how many characters of a key go on one printed line (four
// groups of four). Restore from paper cuts a key the same way.
const KeyLineChars = 16

// Sheet layout, in millimetres. Keys go two to a row, so that a page holds
// six keys of the usual length.
const (
	blockPad  = 3.4  // inside a key's frame: quietModules of white around the code
	qrModule  = 0.85 // mm: the smallest module (a poor copy must keep it)
	qrSide    = 36.0 // a QR code, at least
	qrMaxSide = 64.0
	colGap    = 4.0  // between the two columns
	blockGap  = 3.0  // between two rows
	keySize   = 13.0 // points: the key text
	keyLineH  = 5.6  // one key line
	keyTextH  = 4.8  // the key text's own height, from its top to the bottom of j and q
	numberW   = 6.0  // the line number column
	titleSize = 11.0 // points: the issuer
	smallSize = 8.0  // points: the smallest text anyone must read
)

// Sheet makes the recovery sheet for entries, in the order given: each key
// as a QR code of its otpauth:// link and as text, four groups of four a
// line, each line with its number and check code (vault.LineCheck). The QR
// code's link is marked as printed on the sheet's date (sheetLink), so that
// a key read back from the sheet counts as on paper. A key's
// block never splits across pages. Every page says what the sheet is, how to
// use it and that anyone holding it can make the login codes, with the date,
// the page number and a "Stored at" line.
//
// With o.Transfer, the Google Authenticator transfer pages follow the keys
// (every key that app can hold, as "Transfer accounts" codes a new phone
// scans all at once; the others listed with the reason); TransferLeftOut
// says which keys those pages leave out, for the print screen to show.
//
// Sheet changes nothing; after the sheet has been saved or printed, the
// caller records it with MarkPrinted and saves the vault.
func Sheet(entries []*vault.Entry, o Options) ([]byte, error) {
	pdf, _, err := sheet(entries, o)
	return pdf, err
}

// TransferLeftOut returns the keys that the Google Authenticator transfer
// pages cannot hold, with the reason in words, for the print screen to show
// before printing (the pages list them too).
func TransferLeftOut(entries []*vault.Entry) []interop.Problem {
	_, problems := transferBatches(entries)
	return problems
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
	x, y  float64 // the block's top-left corner
	w, h  float64 // its width and height
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
	pages        int // the pages of keys (the transfer pages follow)
	blocks       []placed
	leftOut      []interop.Problem // keys not on the transfer codes
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
	for i, e := range entries {
		if qrs[i], err = qrBitmap(sheetLink(e, o.now())); err != nil {
			return nil, nil, fmt.Errorf("key %q: %w", e.Name(), err)
		}
	}

	// First pass: measure every block and share them out among pages, so
	// that "page x of y" is known before anything is drawn. A page has two
	// columns; each key goes under the shorter one (in the given order), so
	// that a long key does not leave a hole beside it.
	bottom := d.h - margin - footerH
	colW := (d.w - 2*margin - colGap) / 2
	lay := &sheetLayout{pageW: d.w, pageH: d.h, pages: 1}
	top := d.sheetHeader(date, 1, false)
	colY := [2]float64{top, top}
	for i, e := range entries {
		h := d.keyBlock(e, qrs[i], 0, 0, colW, false).h
		if h > bottom-d.sheetHeader(date, 2, false) {
			return nil, nil, fmt.Errorf("key %q is too long to fit on one page", e.Name())
		}
		c := 0
		if colY[1] < colY[0]-0.01 {
			c = 1
		}
		if colY[c]+h > bottom {
			if colY[1-c]+h <= bottom {
				c = 1 - c
			} else {
				lay.pages++
				t := d.sheetHeader(date, lay.pages, false)
				colY = [2]float64{t, t}
				c = 0
			}
		}
		lay.blocks = append(lay.blocks, placed{entry: i, page: lay.pages, x: margin + float64(c)*(colW+colGap), y: colY[c], w: colW, h: h})
		colY[c] += h + blockGap
	}

	// Second pass: draw.
	for p := 1; p <= lay.pages; p++ {
		d.f.AddPage()
		d.sheetHeader(date, p, true)
		for bi := range lay.blocks {
			b := &lay.blocks[bi]
			if b.page != p {
				continue
			}
			got := d.keyBlock(entries[b.entry], qrs[b.entry], b.x, b.y, colW, true)
			b.keyLines = got.keyLines
		}
	}
	if o.Transfer {
		if lay.leftOut, err = d.transferPages(entries); err != nil {
			return nil, nil, err
		}
	}
	total := d.f.PageCount()
	for p := 1; p <= total; p++ {
		d.f.SetPage(p)
		d.footer(p, total, date, "Sparekey recovery sheet")
	}
	pdf, err := d.bytes()
	if err != nil {
		return nil, nil, err
	}
	return pdf, lay, nil
}

// sheetHeader draws (or, with draw false, only measures) the top of a sheet
// page and returns the y where the keys start. The first page explains the
// sheet in full; the others carry a short reminder.
func (d *doc) sheetHeader(date string, page int, draw bool) float64 {
	x, w := margin, d.w-2*margin
	y := margin
	out := d.writer(draw)
	if page > 1 {
		d.font(sans, "B", 11)
		out.text(x, y, "Sparekey recovery sheet (continued)")
		y += d.lineH()
		d.font(sans, "", 9)
		y = out.para(x, y, w, "Scan a key’s square code with any authenticator app, or type its key. Anyone holding this paper can make your login codes: keep it safe. How to use it: page 1.")
		return y + 2.5
	}
	d.font(sans, "B", 15)
	out.text(x, y, "Sparekey recovery sheet: your two-step login keys")
	y += d.lineH() + 0.5

	d.font(sans, "", 8.5)
	boxTop := y
	y += 1.5
	y = out.labelled(x+2.5, y, w-5, "What this is. ",
		"The secret keys behind your login codes (two-step login, 2FA), printed by Sparekey on "+date+
			". With it you get your login codes back on a new phone or computer, even if every device is lost.")
	y += 0.2
	y = out.labelled(x+2.5, y, w-5, "How to use it. ",
		"In any authenticator app (Google Authenticator, Microsoft Authenticator, Aegis, 2FAS, Sparekey\u2026) add an account and scan the square code of the account you need. "+
			"No camera? Choose to type the key in (\u201cEnter a setup key\u201d in Google Authenticator) and type it "+KeyForm+
			" In Sparekey, Keys \u203a \u201c"+kitAppWords[2]+"\u201d checks each line against the number in the box at its end.")
	y += 0.2
	y = out.labelled(x+2.5, y, w-5, "Keep it secret. ",
		"Anyone holding this paper can make your login codes. Keep it as safe as your passport, and a second set in another building (one fire takes both if they lie together). Do not photograph or share it; shred old sheets when you print new ones.")
	y += 1
	if draw {
		d.f.SetDrawColor(0, 0, 0)
		d.f.SetLineWidth(0.4)
		d.f.Rect(x, boxTop, w, y-boxTop, "D")
	}
	return y + 1.5
}

// KeyForm is how the sheet tells a person to read a printed key: the form
// the keys are printed in (lower case, groups of four) and what their
// characters can be.
const KeyForm = "as printed (capitals or small letters, spaces or none, all work): keys use the letters a to z and the digits 2 to 7, never 0, 1, 8 or 9."

// footer draws the bottom line of a page: what the paper is, the date, a
// line to write where it is kept, and the page number.
func (d *doc) footer(page, pages int, date, what string) {
	y := d.h - margin - footerH + 2.5
	d.f.SetDrawColor(0, 0, 0)
	d.f.SetLineWidth(0.3)
	d.f.Line(margin, y, d.w-margin, y)
	y += 1.8
	d.font(sans, "", 8.5)
	left := what + ", printed on " + date + ".   Stored at:"
	d.text(margin, y, left)
	lx := margin + d.f.GetStringWidth(left) + 1.5
	d.font(sans, "B", 8.5)
	pg := fmt.Sprintf("Page %d of %d", page, pages)
	px := d.w - margin - d.f.GetStringWidth(pg)
	d.text(px, y, pg)
	d.f.SetLineWidth(0.25)
	if px-4 > lx+10 {
		d.f.Line(lx, y+3.6, px-4, y+3.6)
	}
}

// qrSideFor is how big a QR code is printed: qrModule a module, so that
// dense codes (long links) grow and each module stays big enough for a poor
// copy.
func qrSideFor(qr [][]bool) float64 {
	return min(max(qrSide, float64(len(qr))*qrModule), qrMaxSide)
}

// keyBlock draws (or only measures) one key's framed block, w wide, with its
// top-left corner at (x, y): the QR code with the names and the kind of
// codes beside it, the key's lines under them, then its recovery codes.
func (d *doc) keyBlock(e *vault.Entry, qr [][]bool, x, y, w float64, draw bool) placed {
	out := d.writer(draw)
	var res placed
	side := qrSideFor(qr)
	col := side
	qx := x + blockPad
	if draw {
		d.drawQR(qr, qx, y+blockPad, side)
	}
	// Beside the code: the names and the kind of codes.
	tx := x + blockPad + col + 3
	tw := x + w - blockPad - tx
	ty := y + blockPad - 0.3
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
		// An address breaks badly across lines: a long one gets smaller
		// letters first (down to smallSize).
		size := 9.0
		d.font(sans, "", size)
		for d.f.GetStringWidth(account) > tw && size > smallSize {
			size -= 0.25
			d.font(sans, "", size)
		}
		ty = out.para(tx, ty, tw, account)
	}
	if miss1 || miss2 {
		d.font(sans, "", smallSize)
		ty = out.para(tx, ty, tw, "(Letters that cannot be printed show as ?; the square code holds the full name.)")
	}
	ty += 1.2
	d.font(sans, "", smallSize)
	ty = out.para(tx, ty, tw, codesInWords(e))

	// Under the code, the key. Its heading goes beside the code, under
	// the names, when there is room there: that line saved on every key
	// lets six keys of the usual mix share a page of Letter.
	kx := x + blockPad
	d.font(keyFont, "", keySize)
	// The check column stands apart from the key text (8 mm after a full
	// line), so that text recognition does not take its box for a letter.
	ckx := kx + numberW + d.f.GetStringWidth(strings.Repeat("M", KeyLineChars+KeyLineChars/4-1))*checkColumnAt + 3
	d.font(sans, "", smallSize)
	headH := d.lineH()
	codeBottom := y + blockPad + side
	hx, hy := kx, max(codeBottom+0.8, ty+1)
	ky := hy + headH
	const head = "The key"
	why := " (to type if you cannot scan)"
	d.font(sans, "B", smallSize)
	headW := d.f.GetStringWidth(head)
	d.font(sans, "", smallSize)
	if ty+1+headH <= codeBottom && tx+headW+d.f.GetStringWidth(" (to type)")+2 <= ckx {
		hx, hy = tx, codeBottom-headH
		ky = codeBottom + 1.2 // apart from the code, for text recognition
		if tx+headW+d.f.GetStringWidth(why)+2 > ckx {
			why = " (to type)"
		}
	}
	d.font(sans, "B", smallSize)
	out.text(hx, hy, head)
	x2 := hx + d.f.GetStringWidth(head)
	d.font(sans, "", smallSize)
	out.text(x2, hy, why)
	out.text(ckx, hy, "check")
	for n, line := range vault.KeyLines(e.Secret, KeyLineChars) {
		d.font(sans, "", 9)
		d.f.SetTextColor(70, 70, 70)
		out.text(kx+0.5, ky+1.0, fmt.Sprintf("%d", n+1))
		d.f.SetTextColor(0, 0, 0)
		d.font(keyFont, "", keySize)
		kt := PrintedKey(line)
		kw := out.spaced(kx+numberW, ky+0.2, kt)
		res.keyLines = append(res.keyLines, box{x: kx + numberW, y: ky, w: kw, h: keyTextH,
			cell: d.f.GetStringWidth("M") * keyTracking, text: kt})
		d.font(mono, "", 10)
		check := vault.LineCheck(n+1, line)
		out.text(ckx+1, ky+0.7, check)
		if draw {
			d.f.SetLineWidth(0.25)
			d.f.Rect(ckx, ky+0.1, d.f.GetStringWidth(check)+2, keyLineH-1, "D")
		}
		ky += keyLineH
	}

	if len(e.RecoveryCodes) > 0 {
		ky += 0.6
		d.font(sans, "B", smallSize)
		rw := d.f.GetStringWidth("Recovery codes ")
		out.text(kx, ky, "Recovery codes")
		d.font(sans, "", smallSize)
		ky = out.para(kx+rw, ky, w-2*blockPad-rw, "(each works once instead of a login code)")
		ky += 0.2
		d.font(mono, "", 9.5)
		colW := 0.0
		codes := make([]string, len(e.RecoveryCodes))
		for i, rc := range e.RecoveryCodes {
			codes[i], _ = printable(rc.Code, monoF)
			colW = max(colW, d.f.GetStringWidth(codes[i]))
		}
		d.font(sans, "", smallSize)
		colW += d.f.GetStringWidth(" used") + 3
		cols := max(1, int((w-2*blockPad)/colW))
		d.font(mono, "", 9.5)
		lh := d.lineH()
		for i, rc := range e.RecoveryCodes {
			cx := kx + float64(i%cols)*colW
			ry := ky + float64(i/cols)*lh
			d.font(mono, "", 9.5)
			out.text(cx, ry, codes[i])
			cw := d.f.GetStringWidth(codes[i])
			if rc.Used {
				if draw {
					d.f.SetLineWidth(0.4)
					d.f.Line(cx-0.5, ry+lh*0.4, cx+cw+0.5, ry+lh*0.4)
				}
				d.font(sans, "", smallSize)
				out.text(cx+cw+1, ry+0.4, "used")
			}
		}
		ky += float64((len(e.RecoveryCodes)+cols-1)/cols) * lh
	}

	res.y, res.h = y, ky+blockPad-2.2-y
	if draw {
		d.f.SetDrawColor(0, 0, 0)
		d.f.SetLineWidth(0.35)
		d.f.Rect(x, y, w, res.h, "D")
	}
	return res
}

// PrintedKey is one line of a key as the sheet prints it, in groups of
// four: in small letters (in which 5 and s, 2 and z, 6 and b look nothing
// alike, to people and to text recognition alike), except C, L and Q,
// which print as capitals (a small c reads as e, l as 1 or i, q as g).
// KeyCharacters are the characters it can hold.
func PrintedKey(line string) string {
	return keyCase.Replace(strings.ToLower(vault.GroupsOfFour(line)))
}

var keyCase = strings.NewReplacer("c", "C", "l", "L", "q", "Q")

// KeyCharacters are the characters of a printed key line (PrintedKey): a
// program reading the sheet with text recognition allows only these.
//
// Chosen with tesseract on 12-megapixel photos of the sheet (printing/
// photobench -ocr, plain) and of pages of key lines alone: all small
// letters read 82.9 % of the sheet's lines exactly (c read as e, q as g,
// ll as l, l as 2); capital C, L and Q with the letters closer together
// (keyTracking) read the lines alone 98.7 % against 91.0 %. Wider spacing
// (1.35 times the pitch) made it worse, 83.3 %; all capitals 87.2 %;
// OCR-B 46.2 %.
const KeyCharacters = "abCdefghijkLmnopQrstuvwxyz234567 "

// codesInWords says what kind of codes the key makes, in words a person can
// match against an app's settings.
func codesInWords(e *vault.Entry) string {
	s := e.Settings()
	switch {
	case e.Type == vault.Steam:
		return "Codes: " + s + ". Only an app that makes Steam Guard codes (Sparekey does) can use this key; the Steam app itself cannot take it in."
	case s == "":
		return "Codes: 6 digits, a new one every 30 seconds (the usual kind)."
	}
	return "Codes: " + s + ". If you type the key, choose these settings in the app’s advanced options."
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

// The key text's letters are spread to keyTracking times the font's own
// pitch: letters a little apart are easier to copy by eye and to read by
// text recognition; much further apart, tesseract reads worse (see
// KeyCharacters and TestSheetKeyLinesReadByOCR).
const keyTracking = 1.05

// checkColumnAt places the check column as if the key's letters were this
// many times the font's pitch apart.
const checkColumnAt = 1.15

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
