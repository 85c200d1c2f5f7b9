package printing

import (
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"unicode/utf8"

	qrcode "github.com/skip2/go-qrcode"
)

// Paper copy layout, in millimetres.
const (
	pcModule   = 0.85 // a module of a paper copy's code, like a key's code
	pcTextSize = 8.5  // points: the file's text
	pcTextCols = 76   // characters of the file on one printed line
)

// PaperCopy writes a paper copy of a vault file as a PDF to w: first the
// file as QR codes (six a page, each labelled "code 4 of 13"), then the
// file's text, line by line with a check code on each line. The file is
// treated as opaque bytes: it is whatever the vault file or an encrypted copy
// holds (locked with the master password and the recovery key), so the
// paper is as safe as a copy file.
//
// ReadPaperCopy brings the file back from photos of the pages; the text is
// there for the age steps (AgeSteps) if Sparekey is gone.
func PaperCopy(w io.Writer, vaultFile []byte, o Options) error {
	pdf, _, err := paperCopy(vaultFile, o)
	if err != nil {
		return err
	}
	_, err = w.Write(pdf)
	return err
}

// paperCopy makes the paper copy's PDF and says where each code went (a
// box's w is its side, h its cell's height with the label under it).
func paperCopy(vaultFile []byte, o Options) (pdf []byte, codesAt []placed, err error) {
	d, err := newDoc(o, "Sparekey paper copy")
	if err != nil {
		return nil, nil, err
	}
	date := PrintedDate(o.now())
	lines := paperCopyLines(vaultFile)
	d.font(mono, "", pcTextSize)
	lineH := pcTextSize * mmPerPoint * 1.32
	textTop := margin + 26.0
	perTextPage := int((d.h - margin - footerH - textTop) / lineH)
	textPages := (len(lines) + perTextPage - 1) / perTextPage
	set, codes, err := paperCopyCodes(vaultFile, textPages)
	if err != nil {
		return nil, nil, fmt.Errorf("making the paper copy: %w", err)
	}
	codePages := codes[0].pages - textPages
	pages := codes[0].pages

	bitmaps := make([][][]bool, len(codes))
	for i := range codes {
		q, err := qrcode.New(codes[i].text(), qrcode.Medium)
		if err != nil {
			return nil, nil, fmt.Errorf("making the paper copy's code %d: %w", i+1, err)
		}
		q.DisableBorder = true
		bitmaps[i] = q.Bitmap()
	}

	maxMods := 0
	for _, bits := range bitmaps {
		maxMods = max(maxMods, len(bits))
	}

	x, tw := margin, d.w-2*margin
	out := d.writer(true)
	for p := 1; p <= codePages; p++ {
		d.f.AddPage()
		y := d.paperCopyHeader(set, date, p == 1)
		// Three rows of codes fill what the header leaves, their modules
		// pcModule wide unless that would not fit (page 1 of Letter, under
		// the long header). Every cell is as tall as the largest code (the
		// last is often a smaller version), so that rows never overlap.
		const label, gap = 5.0, 2.0
		module := min(pcModule, (d.h-margin-footerH-y-3*(label+2)-2*gap)/(3*float64(maxMods)))
		maxSide := float64(maxMods) * module
		cellH := maxSide + 2 + label
		colW := (tw - 6) / 2
		row, col := 0, 0
		for i := range codes {
			if codes[i].page != p {
				continue
			}
			bits := bitmaps[i]
			side := float64(len(bits)) * module
			cx := x + float64(col)*(colW+6)
			cy := y + float64(row)*(cellH+gap)
			d.drawQR(bits, cx+(colW-side)/2, cy+(maxSide-side)/2, side)
			codesAt = append(codesAt, placed{entry: i, page: p, x: cx + (colW-side)/2, y: cy, w: side, h: cellH})
			d.font(sans, "B", 9)
			label := fmt.Sprintf("Code %d of %d", i+1, len(codes))
			out.text(cx+(colW-d.f.GetStringWidth(label))/2, cy+maxSide+1, label)
			col++
			if col == 2 {
				col, row = 0, row+1
			}
		}
		d.footer(p, pages, date, "Sparekey paper copy "+set)
	}

	// The text: the file's own lines, each cut into printed lines of
	// pcTextCols characters; a printed line that continues the one before
	// is marked with "+" instead of a number.
	for tp := 0; tp < textPages; tp++ {
		p := codePages + tp + 1
		d.f.AddPage()
		y := margin
		d.font(sans, "B", 13)
		out.text(x, y, "Sparekey paper copy "+set+": the same file as text")
		y += d.lineH() + 0.5
		d.font(sans, "", 8.5)
		y = out.para(x, y, tw, "Only needed if Sparekey is gone (see \u201cWithout Sparekey\u201d in your emergency kit). Type each line without its number and check; "+
			"a line marked + continues the line above it with no line break. The check (4 letters) catches a mistyped line.")
		y = max(y+2, textTop)
		for li := tp * perTextPage; li < min(len(lines), (tp+1)*perTextPage); li++ {
			l := lines[li]
			d.font(mono, "", pcTextSize)
			d.f.SetTextColor(90, 90, 90)
			if l.cont {
				out.text(x, y, fmt.Sprintf("%5s", "+"))
			} else {
				out.text(x, y, fmt.Sprintf("%5d", l.n))
			}
			d.f.SetTextColor(0, 0, 0)
			out.text(x+13, y, l.text)
			d.f.SetTextColor(90, 90, 90)
			out.text(x+tw-d.f.GetStringWidth("XXXX"), y, l.check)
			d.f.SetTextColor(0, 0, 0)
			y += lineH
		}
		d.footer(p, pages, date, "Sparekey paper copy "+set)
	}
	pdf, err = d.bytes()
	return pdf, codesAt, err
}

// paperCopyHeader draws the top of a page of codes and returns the y below.
func (d *doc) paperCopyHeader(set, date string, first bool) float64 {
	x, w := margin, d.w-2*margin
	out := d.writer(true)
	y := margin
	d.font(sans, "B", 15)
	out.text(x, y, "Sparekey paper copy "+set)
	y += d.lineH() + 0.5
	d.font(sans, "", 9)
	if !first {
		y = out.para(x, y, w, "Your whole Sparekey file, locked: it opens only with your master password or your recovery key. Keep the pages of this set together; Sparekey can do without any one page of codes.")
		return y + 2
	}
	y = out.labelled(x, y, w, "What this is. ", "Your whole Sparekey file (every key, with its name, settings and recovery codes), printed on "+date+
		". It is locked like your Sparekey file: it opens only with your master password or with the recovery key of your emergency kit, so you can keep it away from home, with someone you trust or in a bank box. "+
		"It holds your keys as they were on that day; print a new one after adding keys.")
	y += 0.8
	y = out.labelled(x, y, w, "To get it back. ", "Photograph or scan every page of this set into one folder. In Sparekey, choose File \u203a \u201c"+kitAppWords[3]+"\u201d (on a new computer: From paper, then From a paper copy), and choose that folder; "+
		"the pages may be in any order. Sparekey puts the codes back together, says which pages are missing, and asks for your master password or recovery key. "+
		"Spare codes stand in for any one page of codes that is lost or spoiled (a stain, a tear), and for a few unreadable codes on any pages. "+
		"Without Sparekey: the text after the codes is the same file, for the age steps in your emergency kit.")
	return y + 3
}

// pcLine is one printed line of a paper copy's text.
type pcLine struct {
	n     int    // the file's line number (for the first printed line of it)
	cont  bool   // continues the printed line above
	text  string // up to pcTextCols characters
	check string
}

// paperCopyLines cuts a file's text into printed lines. Each printed line's
// check is 4 letters of a CRC-32 of its text and position, so a person (or
// a program reading a photo) can tell a line typed wrong.
func paperCopyLines(file []byte) []pcLine {
	text := strings.ToValidUTF8(string(file), "\uFFFD")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.TrimSuffix(text, "\n")
	_, monoF := fonts()
	var out []pcLine
	for n, l := range strings.Split(text, "\n") {
		l = strings.ReplaceAll(l, "\t", "    ")
		// A character the font lacks (one outside the first 65,536, say:
		// the PDF library cannot embed those) or a control character
		// prints as '?'.
		l = strings.Map(func(r rune) rune {
			if r < ' ' || r == 0x7f {
				return '?'
			}
			return r
		}, l)
		l, _ = printable(l, monoF)
		first := true
		for first || l != "" {
			cut := len(l)
			if utf8.RuneCountInString(l) > pcTextCols {
				cut = 0
				for i := 0; i < pcTextCols; i++ {
					_, sz := utf8.DecodeRuneInString(l[cut:])
					cut += sz
				}
			}
			part := l[:cut]
			l = l[cut:]
			out = append(out, pcLine{n: n + 1, cont: !first, text: part, check: textCheck(len(out)+1, part)})
			first = false
		}
	}
	return out
}

// textCheck is 4 letters that change with any change to a printed line.
func textCheck(n int, s string) string {
	sum := crc32.ChecksumIEEE([]byte(fmt.Sprintf("%d\x00%s", n, s)))
	const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ" // no I or O
	var b [4]byte
	for i := range b {
		b[i] = letters[sum%uint32(len(letters))]
		sum /= uint32(len(letters))
	}
	return string(b[:])
}
