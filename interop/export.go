package interop

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	qr "github.com/skip2/go-qrcode"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"sparekey/vault"
)

// URIsWarning is shown beside every otpauth:// list export: the file holds
// every key in the clear.
const URIsWarning = "This file is NOT encrypted: anyone who opens it can make your login codes. Import it where you need it, then delete it (also from the trash)."

// ExportURIs writes one otpauth:// link a line: the list every authenticator
// app can read (Aegis, 2FAS, Ente, andOTP, ... import "plain text"). The file
// is not encrypted; show URIsWarning.
func ExportURIs(entries []vault.Entry) []byte {
	var b strings.Builder
	for i := range entries {
		b.WriteString(entries[i].URI())
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// ExportAegis writes an Aegis vault file, as Aegis's docs/vault.md describes:
// encrypted with password (scrypt and AES-256-GCM, Aegis's own settings), or
// plain when password is empty. Aegis imports it from "Import & export →
// Import from file → Aegis". Notes and tags (as Aegis groups) go along.
func ExportAegis(entries []vault.Entry, password string) ([]byte, error) {
	return writeAegis(entries, password, 0)
}

// Limits of one Google Authenticator transfer QR code: Google's own app puts
// about ten keys in a code; the link length keeps the code at a size a phone
// camera reads from a screen or from paper.
const (
	migrationMaxPerCode = 10
	migrationMaxLink    = 900
)

// MigrationBatch is one QR code of a Google Authenticator transfer.
type MigrationBatch struct {
	Link  string   // the otpauth-migration:// link the QR code holds
	Names []string // the keys in it, as people see them
	Index int      // from 1
	Count int      // how many codes the transfer has
}

// MigrationBatches splits entries into Google Authenticator transfer QR
// codes ("Transfer accounts → Import accounts" in the app scans them one
// after the other). Keys that Google Authenticator cannot hold (Steam,
// 7-digit codes, periods other than 30 seconds) are left out and returned as
// problems.
func MigrationBatches(entries []vault.Entry) ([]MigrationBatch, []Problem) {
	var problems []Problem
	type item struct {
		op   migrationParams
		name string
	}
	var items []item
	for _, e := range entries {
		op, err := migrationParamsOf(e)
		if err != nil {
			problems = append(problems, Problem{Name: e.Name(), Reason: "Left out because " + err.Error() + "."})
			continue
		}
		items = append(items, item{op, e.Name()})
	}
	var id [4]byte
	if _, err := rand.Read(id[:]); err != nil {
		panic("sparekey: no randomness from the operating system: " + err.Error())
	}
	batchID := int32(binary.BigEndian.Uint32(id[:]))
	// Fill codes greedily; the batch size and index are written once the
	// number of codes is known (they change the length by a few bytes only,
	// which the limit leaves room for).
	var groups [][]item
	var cur []item
	for _, it := range items {
		next := append(append([]item(nil), cur...), it)
		p := migrationPayload{Version: 1, BatchSize: 99, BatchIndex: 98, BatchID: batchID}
		for _, x := range next {
			p.Params = append(p.Params, x.op)
		}
		if len(cur) > 0 && (len(next) > migrationMaxPerCode || len(p.link()) > migrationMaxLink) {
			groups = append(groups, cur)
			cur = []item{it}
			continue
		}
		cur = next
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	batches := make([]MigrationBatch, 0, len(groups))
	for i, g := range groups {
		p := migrationPayload{Version: 1, BatchSize: int32(len(groups)), BatchIndex: int32(i), BatchID: batchID}
		b := MigrationBatch{Index: i + 1, Count: len(groups)}
		for _, x := range g {
			p.Params = append(p.Params, x.op)
			b.Names = append(b.Names, x.name)
		}
		b.Link = p.link()
		batches = append(batches, b)
	}
	return batches, problems
}

// QRPNG draws a QR code of text as a PNG, with medium error correction and a
// quiet zone, at about size pixels square.
func QRPNG(text string, size int) ([]byte, error) {
	code, err := qr.New(text, qr.Medium)
	if err != nil {
		return nil, fmt.Errorf("making the QR code: %w", err)
	}
	png, err := code.PNG(size)
	if err != nil {
		return nil, fmt.Errorf("drawing the QR code: %w", err)
	}
	return png, nil
}

// MigrationQRCodes returns the transfer QR codes as PNG pictures, in order,
// and the keys left out.
func MigrationQRCodes(entries []vault.Entry) ([][]byte, []Problem, error) {
	batches, problems := MigrationBatches(entries)
	pngs := make([][]byte, 0, len(batches))
	for _, b := range batches {
		png, err := QRPNG(b.Link, 600)
		if err != nil {
			return nil, problems, err
		}
		pngs = append(pngs, png)
	}
	return pngs, problems, nil
}

// MigrationSheet returns a printable PDF (A4) with one transfer QR code a
// page, the keys each holds, and how to scan them into Google Authenticator;
// and the keys left out.
func MigrationSheet(entries []vault.Entry) ([]byte, []Problem, error) {
	batches, problems := MigrationBatches(entries)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Move your keys to Google Authenticator", true)
	pdf.SetCreator("Sparekey", true)
	pdf.AddUTF8FontFromBytes("Go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("Go", "B", gobold.TTF)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 15)
	const width = 170.0
	if len(batches) == 0 {
		pdf.AddPage()
		pdf.SetFont("Go", "B", 16)
		pdf.MultiCell(width, 8, "No key can move to Google Authenticator", "", "L", false)
	}
	for _, b := range batches {
		pdf.AddPage()
		pdf.SetFont("Go", "B", 16)
		pdf.MultiCell(width, 8, fmt.Sprintf("Move your keys to Google Authenticator — code %d of %d", b.Index, b.Count), "", "L", false)
		pdf.Ln(2)
		pdf.SetFont("Go", "", 10.5)
		pdf.MultiCell(width, 5.2, "On the new phone, open Google Authenticator, tap the menu, then \"Transfer accounts\", "+
			"then \"Import accounts\", and scan this code. "+scanNext(b)+
			" Keep this page as safe as your keys: anyone who scans it can make your login codes. Shred it when you are done.", "", "L", false)
		png, err := QRPNG(b.Link, 1000)
		if err != nil {
			return nil, problems, err
		}
		name := fmt.Sprintf("qr%d", b.Index)
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		y := pdf.GetY() + 4
		const side = 120.0
		pdf.ImageOptions(name, 20+(width-side)/2, y, side, side, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.SetY(y + side + 4)
		pdf.SetFont("Go", "B", 11)
		pdf.MultiCell(width, 6, "This code holds "+vault.Count(len(b.Names), "key", "keys")+":", "", "L", false)
		pdf.SetFont("Go", "", 10.5)
		for _, n := range b.Names {
			pdf.MultiCell(width, 5.2, "•  "+pdfText(n), "", "L", false)
		}
	}
	if len(problems) > 0 {
		pdf.Ln(3)
		pdf.SetFont("Go", "B", 11)
		pdf.MultiCell(width, 6, "Not on this sheet (Google Authenticator cannot hold them):", "", "L", false)
		pdf.SetFont("Go", "", 10.5)
		for _, p := range problems {
			pdf.MultiCell(width, 5.2, "•  "+pdfText(p.Name+": "+strings.TrimPrefix(p.Reason, "Left out because ")), "", "L", false)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, problems, fmt.Errorf("writing the PDF: %w", err)
	}
	return buf.Bytes(), problems, nil
}

// sheetFont is the font of the sheet, read once to know which characters it
// can draw.
var sheetFont, _ = sfnt.Parse(goregular.TTF)

// pdfText replaces the characters the sheet's font cannot draw (emoji,
// most scripts beyond Latin, Greek and Cyrillic) with "?", so that a name
// with them still prints, recognisably.
func pdfText(s string) string {
	if sheetFont == nil {
		return s
	}
	var buf sfnt.Buffer
	return strings.Map(func(r rune) rune {
		if r > 0xffff {
			return '?'
		}
		if i, err := sheetFont.GlyphIndex(&buf, r); err != nil || i == 0 {
			return '?'
		}
		return r
	}, s)
}

func scanNext(b MigrationBatch) string {
	if b.Count == 1 {
		return "This one code holds every key."
	}
	if b.Index < b.Count {
		return fmt.Sprintf("Then scan code %d on the next page.", b.Index+1)
	}
	return "This is the last code."
}
