package interop

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"sort"
	"testing"
)

// manyCodes is a w×w picture with n×n different QR codes in a grid, and
// their texts.
func manyCodes(t testing.TB, n, w int) (*image.Gray, []string) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, w))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	cell := w / n
	var texts []string
	for i := range n * n {
		text := fmt.Sprintf("otpauth://totp/Grid:%d?secret=JBSWY3DPEHPK3PXP%04d", i, i)
		code := qrImage(t, text, cell)
		x, y := (i%n)*cell, (i/n)*cell
		draw.Draw(img, image.Rect(x, y, x+cell, y+cell), code, code.Bounds().Min, draw.Src)
		texts = append(texts, text)
	}
	return img, texts
}

func TestReadQRCodesFindsEveryCodeOfAPage(t *testing.T) {
	img, want := manyCodes(t, 5, 2400)
	var calls, total, last int
	got, err := ReadQRCodes(context.Background(), img, func(done, n int) {
		calls++
		if total == 0 {
			total = n
		}
		if n != total || done != last+1 || done > n {
			t.Errorf("progress(%d, %d) after (%d, %d)", done, n, last, total)
		}
		last = done
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	sort.Strings(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("found %d codes, want the %d of the page:\n%q", len(got), len(want), got)
	}
	if calls == 0 || last != total {
		t.Errorf("progress ended at %d of %d after %d calls", last, total, calls)
	}
}

func TestReadQRCodesStopsWhenCancelled(t *testing.T) {
	img, _ := manyCodes(t, 4, 2000)
	ctx, cancel := context.WithCancel(context.Background())
	var steps int
	_, err := ReadQRCodes(ctx, img, func(done, total int) {
		steps = done
		if done == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ReadQRCodes after cancel: %v, want context.Canceled", err)
	}
	if steps != 2 {
		t.Errorf("it went on for %d steps after being cancelled at step 2", steps-2)
	}
}

// TestScanPlanIsBounded: whatever the picture's size, the work is a bounded
// number of searches over a bounded number of pixels.
func TestScanPlanIsBounded(t *testing.T) {
	for _, size := range [][2]int{{100, 100}, {1200, 900}, {4000, 3000}, {4400, 4400}, {6000, 4000}, {20000, 1000}, {100000, 240}} {
		w, h := size[0], size[1]
		if px := w * h; px > maxScanPixels {
			// ReadQRCodes scales such a picture down first.
			t.Logf("%dx%d is scaled down first", w, h)
		}
		steps := scanPlan(w, h)
		tiles := map[int]int{}
		for _, s := range steps {
			if !s.tile.Empty() {
				tiles[s.long]++
			}
		}
		for long, n := range tiles {
			if n > maxTiles {
				t.Errorf("%dx%d: %d tiles at long side %d, more than %d", w, h, n, long, maxTiles)
			}
		}
		if len(steps) > 2*maxTiles+3 {
			t.Errorf("%dx%d: %d steps", w, h, len(steps))
		}
		// Every pixel of the picture is in some tile of each tiled scale.
		for long := range tiles {
			sw, sh := long*w/max(w, h), long*h/max(w, h)
			for _, p := range []image.Point{{0, 0}, {sw - 1, sh - 1}, {sw / 2, sh / 2}, {sw - 1, 0}} {
				in := false
				for _, s := range steps {
					if s.long == long && p.In(s.tile) {
						in = true
					}
				}
				if !in {
					t.Errorf("%dx%d at %d: pixel %v is in no tile", w, h, long, p)
				}
			}
		}
	}
}

// BenchmarkReadQRCodes400 reads a 4400×4400 picture of 400 codes.
func BenchmarkReadQRCodes400(b *testing.B) {
	img, want := manyCodes(b, 20, 4400)
	for b.Loop() {
		got, used, err := readQRCodes(context.Background(), img, nil, readBudget)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(got))/float64(len(want)), "found/codes")
		b.ReportMetric(float64(used), "units")
	}
}
