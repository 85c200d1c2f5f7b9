package printing

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"sparekey/internal/tooltest"
	"sparekey/interop"
	"sparekey/printing/internal/photo"
)

// TestSheetComesBackFromPhonePhotos prints 12 keys of the usual kind,
// renders the pages with pdftoppm and photographs each as a phone would
// (package photo: tilted, at an angle, uneven light, blur, JPEG 60): page 1
// plain and folded at 12 megapixels, page 2 plain at 2 and coffee-stained at
// 12; then reads each
// photo with interop.ReadQRCodes: every key of the page comes back exactly,
// and nothing else. (printing/photobench runs the same over many more
// photos and conditions, beside zbarimg.)
func TestSheetComesBackFromPhonePhotos(t *testing.T) {
	pdftoppm := tooltest.Find(t, "pdftoppm")
	entries := usualKeys(12)
	pdf, lay, err := sheet(entries, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sheet.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	runTool(t, pdftoppm, "-r", "300", "-gray", "-png", path, filepath.Join(dir, "p"))
	pages, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	sort.Strings(pages)
	if len(pages) != lay.pages {
		t.Fatalf("%d pages rendered, the layout has %d", len(pages), lay.pages)
	}
	// Two photos of each page (the benchmark takes many more).
	shots := [][]photo.Options{
		{{Megapixels: 12, Damage: photo.Plain, Seed: 1}, {Megapixels: 12, Damage: photo.Folded, Seed: 3}},
		{{Megapixels: 2, Damage: photo.Plain, Seed: 2}, {Megapixels: 12, Damage: photo.Coffee, Seed: 4}},
	}
	for p, pagePath := range pages {
		f, err := os.Open(pagePath)
		if err != nil {
			t.Fatal(err)
		}
		page, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, b := range lay.blocks {
			if b.page == p+1 {
				want[sheetLink(entries[b.entry], testNow)] = true
			}
		}
		for _, o := range shots[p%len(shots)] {
			t.Run(fmt.Sprintf("page %d %s %.0f MP", p+1, o.Damage, o.Megapixels), func(t *testing.T) {
				ph, err := photo.Take(page, 300, o)
				if err != nil {
					t.Fatal(err)
				}
				img, err := jpeg.Decode(bytes.NewReader(ph.JPEG))
				if err != nil {
					t.Fatal(err)
				}
				got, err := interop.ReadQRCodes(context.Background(), img, nil)
				if err != nil {
					t.Fatal(err)
				}
				seen := map[string]bool{}
				for _, g := range got {
					if !want[g] {
						t.Errorf("read %q, which is not a key of this page", g)
					}
					seen[g] = true
				}
				for w := range want {
					if !seen[w] {
						t.Errorf("the key %s was not read", w)
					}
				}
			})
		}
	}
}
