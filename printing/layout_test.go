package printing

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"

	"sparekey/printing/internal/testkeys"
	"sparekey/vault"
)

// usualKeys are n keys as most people have them: 32-character (or shorter)
// keys, Latin names, the usual settings.
func usualKeys(n int) []*vault.Entry {
	r := rand.New(rand.NewPCG(uint64(n), 30))
	issuers := []string{"GitHub", "Example Bank", "Électricité de France", "Proton", "Dropbox", "Zürcher Kantonalbank",
		"Amazon Web Services", "Nextcloud", "Mastodon", "Tax Office"}
	var out []*vault.Entry
	for i := range n {
		raw := make([]byte, []int{20, 10, 20, 16}[i%4])
		for j := range raw {
			raw[j] = byte(r.IntN(256))
		}
		e := vault.Entry{Issuer: issuers[i%len(issuers)], Account: fmt.Sprintf("person%d@example.com", i), Secret: vault.EncodeSecret(raw)}
		if _, err := e.Normalize(); err != nil {
			panic(err)
		}
		out = append(out, &e)
	}
	return out
}

// TestSheetHoldsSixUsualKeysAPage: 30 keys of the usual kind take at most 5
// pages on A4 and on Letter, six a page at least, the long instructions
// included on page 1.
func TestSheetHoldsSixUsualKeysAPage(t *testing.T) {
	for _, paper := range []Paper{A4, Letter} {
		_, lay, err := sheet(usualKeys(30), Options{Paper: paper, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		per := map[int]int{}
		for _, b := range lay.blocks {
			per[b.page]++
			if b.y+b.h > lay.pageH-margin-footerH+0.01 || b.x+b.w > lay.pageW-margin+0.01 {
				t.Errorf("%s: key %d runs off page %d", paper, b.entry+1, b.page)
			}
		}
		t.Logf("%s: 30 keys on %d pages %v", paper, lay.pages, per)
		if lay.pages > 5 {
			t.Errorf("%s: 30 usual keys take %d pages, want 5 at most", paper, lay.pages)
		}
		for p := 1; p < lay.pages; p++ {
			if per[p] < 6 {
				t.Errorf("%s: page %d holds %d keys, want at least 6", paper, p, per[p])
			}
		}
	}
}

// TestSheetHoldsSixMixedKeysAPage: 30 keys of the mix people have (long
// names and addresses, Steam and counter-based keys, 8-digit codes, keys of
// 16 to 64 characters; the photo benchmark's keys) take 5 pages on A4 and on
// Letter, six a page, none running into the footer.
func TestSheetHoldsSixMixedKeysAPage(t *testing.T) {
	for _, paper := range []Paper{A4, Letter} {
		_, lay, err := sheet(testkeys.Mixed(30, 1), Options{Paper: paper, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		per := map[int]int{}
		for _, b := range lay.blocks {
			per[b.page]++
			if b.y+b.h > lay.pageH-margin-footerH+0.01 {
				t.Errorf("%s: key %d runs into the footer of page %d", paper, b.entry+1, b.page)
			}
		}
		t.Logf("%s: 30 mixed keys on %d pages %v", paper, lay.pages, per)
		for p := 1; p < lay.pages; p++ {
			if per[p] < 6 {
				t.Errorf("%s: page %d holds %d keys, want at least 6", paper, p, per[p])
			}
		}
	}
}

// TestNoTextUnderEightPoints reads the font size of every piece of text in
// the sheet (with recovery codes, unusual settings and a transfer page), the
// kit and a paper copy: none is under 8 points.
func TestNoTextUnderEightPoints(t *testing.T) {
	sheetPDF, err := Sheet(testEntries(20, 1), Options{Now: testNow, Transfer: true})
	if err != nil {
		t.Fatal(err)
	}
	kitPDF, err := Kit(KitInfo{RecoveryKey: vault.NewRecoveryKey(), VaultPath: "/home/ada/vault.sparekey", Keys: 3}, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var copyPDF bytes.Buffer
	if err := PaperCopy(&copyPDF, bytes.Repeat([]byte(`{"a": "some text of a vault file"}`+"\n"), 100), Options{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	for name, pdf := range map[string][]byte{"sheet": sheetPDF, "kit": kitPDF, "paper copy": copyPDF.Bytes()} {
		sizes := fontSizes(t, pdf)
		if len(sizes) == 0 {
			t.Fatalf("%s: no text found", name)
		}
		small := 1000.0
		for _, s := range sizes {
			small = min(small, s)
		}
		t.Logf("%s: smallest text %.1f pt", name, small)
		if small < 8 {
			t.Errorf("%s has text of %.1f pt", name, small)
		}
	}
}

var (
	streamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`)
	tfRE     = regexp.MustCompile(`/F\w+ ([0-9.]+) Tf`)
)

// fontSizes lists the size of every "Tf" (set font) in the PDF's pages.
func fontSizes(t *testing.T, pdf []byte) []float64 {
	t.Helper()
	var out []float64
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(zr)
		for _, f := range tfRE.FindAllSubmatch(b, -1) {
			v, err := strconv.ParseFloat(string(f[1]), 64)
			if err == nil {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestPaperCopyCodesStayOnThePage: on A4 and Letter, every code of a paper
// copy (with the long header of page 1) and its label lie inside the page,
// above the footer, no two overlap, and a module is at least 0.75 mm (read
// from a phone photo).
func TestPaperCopyCodesStayOnThePage(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 5))
	file := make([]byte, 16*paperCopyChunk+100) // incompressible: 17 chunks, and their spares
	for i := range file {
		file[i] = byte(r.IntN(256))
	}
	for _, paper := range []Paper{A4, Letter} {
		_, codes, err := paperCopy(file, Options{Paper: paper, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		w, h := 210.0, 297.0
		if paper == Letter {
			w, h = 215.9, 279.4
		}
		if want := 17 + spareCount(17); len(codes) != want {
			t.Fatalf("%s: %d codes placed, want %d", paper, len(codes), want)
		}
		for i, c := range codes {
			if c.x < margin-0.01 || c.x+c.w > w-margin+0.01 || c.y+c.h > h-margin-footerH+0.01 {
				t.Errorf("%s: code %d (page %d) runs off the page or into the footer: %+v", paper, c.entry+1, c.page, c)
			}
			if c.entry != 16 && c.w/69 < 0.75 { // the last chunk's code is a smaller version
				t.Errorf("%s: code %d has modules of %.2f mm", paper, c.entry+1, c.w/69)
			}
			for _, d := range codes[:i] {
				if d.page == c.page && c.x < d.x+d.w && d.x < c.x+c.w && c.y < d.y+d.h && d.y < c.y+c.h {
					t.Errorf("%s: codes %d and %d overlap on page %d", paper, d.entry+1, c.entry+1, c.page)
				}
			}
		}
	}
}
