// Package printing turns a vault's keys into paper: the recovery sheet (every
// key as a QR code and as typed text with a check code on each line) and the
// emergency kit (the vault's recovery key and the steps to get every key
// back, with or without Sparekey). Both are PDF documents, A4 or Letter, with
// their fonts embedded, made to be understood years later by someone who has
// never heard of 2FA.
//
// A sheet is as good as the keys on it: Sheet and Kit return the PDF's bytes
// and the caller decides where they go. TempPDF writes a private temporary
// file for the system's viewer (OpenInViewer) or a CUPS printer (PrintTo),
// to be removed as soon as they have it.
//
// Fonts: the Go fonts (regular, bold and mono) are embedded. They cover the
// Latin, Greek and Cyrillic scripts. A name in another script is printed with
// "?" for each letter the fonts lack, and its block says so; the QR code
// still carries the exact name, and a key itself only ever uses A-Z and 2-7.
package printing

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Paper is a paper size.
type Paper string

// The paper sizes Sparekey prints on.
const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// ParsePaper reads a paper size as a person writes it ("A4", "letter").
func ParsePaper(s string) (Paper, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "a4":
		return A4, nil
	case "letter", "us-letter", "us letter":
		return Letter, nil
	}
	return "", fmt.Errorf("%q is not a paper size Sparekey knows (A4 or Letter)", s)
}

// Options are the choices shared by every printout.
type Options struct {
	// Paper is A4 or Letter; empty means A4.
	Paper Paper
	// Now is the date printed on the pages; zero means the current time.
	Now time.Time
	// Transfer adds, after a sheet's keys, the Google Authenticator
	// transfer pages (see Sheet). Other printouts ignore it.
	Transfer bool
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// PrintedDate is how a date is written on paper: "26 November 2026", which
// reads the same in every country.
func PrintedDate(t time.Time) string {
	return t.Format("2 January 2006")
}

// Font families registered in every document.
const (
	sans = "go"
	mono = "mono"
	// keyFont is the font of the keys people type or a phone's text
	// recognition reads: DejaVu Sans Mono Bold (fonts/, with its licence),
	// whose 5 and s, 2 and z, 6 and b, 0 (slashed) and o, 1 and l look
	// nothing alike. Measured with printing/photobench -ocr and tesseract
	// on phone photos, it reads right more often than Go Mono.
	keyFont = "key"
)

//go:embed fonts/DejaVuSansMono-Bold.ttf
var keyFontTTF []byte

// Page geometry, in millimetres.
const (
	margin     = 12.0
	footerH    = 9.0
	mmPerPoint = 25.4 / 72
)

// doc is one PDF under construction, with the page size and fonts set up.
type doc struct {
	f      *fpdf.Fpdf
	w, h   float64 // page size in mm
	family string  // the font family in use
}

func newDoc(o Options, title string) (*doc, error) {
	size := "A4"
	switch o.Paper {
	case "", A4:
	case Letter:
		size = "Letter"
	default:
		return nil, fmt.Errorf("%q is not a paper size Sparekey knows (A4 or Letter)", string(o.Paper))
	}
	f := fpdf.New("P", "mm", size, "")
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(margin, margin, margin)
	f.SetCellMargin(0)
	f.SetCreationDate(o.now())
	f.SetModificationDate(o.now())
	f.SetCatalogSort(true)
	f.SetTitle(title, true)
	f.SetCreator("Sparekey", true)
	f.SetProducer("Sparekey", true)
	f.AddUTF8FontFromBytes(sans, "", goregular.TTF)
	f.AddUTF8FontFromBytes(sans, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(mono, "", gomono.TTF)
	f.AddUTF8FontFromBytes(mono, "B", gomonobold.TTF)
	f.AddUTF8FontFromBytes(keyFont, "", keyFontTTF)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("preparing the PDF's fonts: %w", err)
	}
	w, h := f.GetPageSize()
	return &doc{f: f, w: w, h: h}, nil
}

// bytes finishes the document.
func (d *doc) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("writing the PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// font sets the font; size is in points.
func (d *doc) font(family, style string, size float64) {
	d.f.SetFont(family, style, size)
	d.family = family
}

// lineH is the height of one line of text in the current font.
func (d *doc) lineH() float64 {
	pt, _ := d.f.GetFontSize()
	return pt * mmPerPoint * 1.3
}

// wrap cuts text into lines no wider than w in the current font.
func (d *doc) wrap(text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, d.f.SplitText(para, w)...)
	}
	return out
}

// para writes wrapped text at (x, y) in width w and returns the y below it.
func (d *doc) para(x, y, w float64, text string) float64 {
	lh := d.lineH()
	for _, l := range d.wrap(text, w) {
		d.text(x, y, l)
		y += lh
	}
	return y
}

// text writes one line with its top at y. A character the font cannot draw
// prints as '?': a name, or the folder of a copy, may hold any character,
// and the PDF library fails on one beyond the first 65,536 (an emoji).
func (d *doc) text(x, y float64, s string) {
	sansF, monoF := fonts()
	switch d.family {
	case sans:
		s, _ = printable(s, sansF)
	case mono:
		s, _ = printable(s, monoF)
	default:
		s = strings.Map(func(r rune) rune {
			if r > 0xFFFF {
				return '?'
			}
			return r
		}, s)
	}
	pt, _ := d.f.GetFontSize()
	// Text() takes the baseline; the Go fonts' ascent is about 0.93 em.
	d.f.Text(x, y+pt*mmPerPoint*0.95, s)
}

type run struct {
	family, style string
	size          float64
	text          string
}

var (
	coverageOnce sync.Once
	sansFont     *sfnt.Font
	monoFont     *sfnt.Font
)

func fonts() (*sfnt.Font, *sfnt.Font) {
	coverageOnce.Do(func() {
		var err error
		if sansFont, err = sfnt.Parse(goregular.TTF); err != nil {
			panic("printing: the embedded Go font cannot be read: " + err.Error())
		}
		if monoFont, err = sfnt.Parse(gomono.TTF); err != nil {
			panic("printing: the embedded Go Mono font cannot be read: " + err.Error())
		}
	})
	return sansFont, monoFont
}

// printable replaces each character that the font cannot draw with '?' and
// reports whether it had to.
func printable(s string, f *sfnt.Font) (string, bool) {
	var buf sfnt.Buffer
	var b strings.Builder
	missing := false
	for _, r := range s {
		if r == ' ' || r == utf8.RuneError {
			b.WriteRune(r)
			continue
		}
		if r < ' ' {
			continue
		}
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			b.WriteByte('?')
			missing = true
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), missing
}

// Printable reports how a name will look on paper: s with '?' for each
// letter the embedded fonts lack, and whether there were any.
func Printable(s string) (string, bool) {
	f, _ := fonts()
	return printable(s, f)
}
