package interop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	multidetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	qrdetector "github.com/makiuchi-d/gozxing/qrcode/detector"
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
		if n != total || done <= last || done > n {
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

// Cancel is looked at as the work is counted, not only between steps: the
// reading stops within a few checkEvery units (hundredths of a second) of
// the moment it was cancelled, with what it found and ctx's error. (The
// moments are a quarter, half and three quarters of the whole reading's
// work, after ZBar's pass, which cannot be stopped midway.)
func TestReadQRCodesStopsWhenCancelled(t *testing.T) {
	img, _ := manyCodes(t, 4, 2000)
	_, whole, err := readQRCodes(context.Background(), img, nil, readBudget)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []int64{whole / 4, whole / 2, whole * 3 / 4} {
		b := &budget{limit: readBudget}
		b.done = func() bool { return b.used >= at }
		s := &scanner{seen: map[string]bool{}, budget: b}
		_, err := s.read(img, nil)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled at %d units: %v, want context.Canceled", at, err)
		}
		if b.used-at > 4*checkEvery {
			t.Errorf("cancelled at %d units, it went on for %d more", at, b.used-at)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := ReadQRCodes(ctx, img, nil); !errors.Is(err, context.Canceled) || len(got) != 0 {
		t.Errorf("cancelled before it starts: %q, %v", got, err)
	}
}

// A picture that asks for more work than the budget stops there, keeps the
// codes read, and says so in words; the work counted never passes the
// budget.
func TestACrowdedPictureStopsAndSaysSo(t *testing.T) {
	img, want := manyCodes(t, 6, 2400)
	all, used, err := readQRCodes(context.Background(), img, nil, readBudget)
	if err != nil || len(all) != len(want) {
		t.Fatalf("with the whole budget: %d codes of %d, %v", len(all), len(want), err)
	}
	limit := used / 2
	got, spent, err := readQRCodes(context.Background(), img, nil, limit)
	if !errors.Is(err, ErrCrowdedPicture) {
		t.Fatalf("with half the work it needs: %v, want ErrCrowdedPicture", err)
	}
	if spent > limit {
		t.Errorf("spent %d units of a budget of %d", spent, limit)
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("read %q, not a code of the picture", g)
		}
	}
	wantMsg := fmt.Sprintf("Sparekey stopped after reading %d QR codes: this picture holds more than it can read at once; crop it into parts and read each part", len(got))
	if err.Error() != wantMsg {
		t.Errorf("said %q\nwant %q", err, wantMsg)
	}
	r := PictureReport{Name: "crowded.png", Codes: len(got), Keys: len(got), Err: err}
	if s := r.String(); !strings.HasPrefix(s, fmt.Sprintf("crowded.png: %d keys (%d QR codes); Sparekey stopped after reading", len(got), len(got))) {
		t.Errorf("report %q", s)
	}
}

// A picture made of thousands of corner marks and no code (each triple of
// them looks like a code to the detector, and each reading fails) is
// refused within the budget: before, each search tried every triple.
func TestAPictureOfCornerMarksCostsNoMoreThanTheBudget(t *testing.T) {
	img := cornerLattice(2000, 2)
	const limit = 300_000_000
	got, used, err := readQRCodes(context.Background(), img, nil, limit)
	if !errors.Is(err, ErrCrowdedPicture) || len(got) != 0 || used > limit {
		t.Fatalf("%q, %v, %d units of %d", got, err, used, limit)
	}
	if want := "Sparekey stopped before it found a QR code: this picture holds more than it can read at once; crop it into parts and read each part"; err.Error() != want {
		t.Errorf("said %q", err)
	}
}

// cornerLattice is a w×w picture of QR finder patterns (the three corner
// marks of a code) of modules of m pixels, 11 modules apart.
func cornerLattice(w, m int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, w))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	for y := 5 * m; y+7*m < w; y += 11 * m {
		for x := 5 * m; x+7*m < w; x += 11 * m {
			for dy := range 7 * m {
				for dx := range 7 * m {
					a, b := dx/m, dy/m
					if a == 0 || a == 6 || b == 0 || b == 6 || (a >= 2 && a <= 4 && b >= 2 && b <= 4) {
						g.Pix[(y+dy)*g.Stride+x+dx] = 0
					}
				}
			}
		}
	}
	return g
}

// cornerTriples finds the same triples as ZXing's multi-code finder, in the
// same order, by pairs instead of every triple.
func TestCornerTriplesAreZXings(t *testing.T) {
	grid, _ := manyCodes(t, 4, 1200)
	pics := map[string]image.Image{"a grid of 16 codes": grid, "corner marks": cornerLattice(300, 2)}
	for _, f := range []string{"qr/three.png", "qr/photo-three.jpg", "qr/photo-single.jpg"} {
		img, _, err := image.Decode(bytes.NewReader(readTestdata(t, f)))
		if err != nil {
			t.Fatal(err)
		}
		pics[f] = img
	}
	for name, img := range pics {
		g := toGray(img)
		for _, global := range []bool{false, true} {
			src, _ := gozxing.NewPlanarYUVLuminanceSource(cloneCompact(g).Pix, g.Rect.Dx(), g.Rect.Dy(), 0, 0, g.Rect.Dx(), g.Rect.Dy(), false)
			var bin gozxing.Binarizer = gozxing.NewHybridBinarizer(src)
			if global {
				bin = gozxing.NewGlobalHistgramBinarizer(src)
			}
			bmp, _ := gozxing.NewBinaryBitmap(bin)
			matrix, _ := bmp.GetBlackMatrix()
			var want []string
			if infos, err := multidetector.NewMultiFinderPatternFinder(matrix, nil).FindMulti(qrHints); err == nil {
				for _, i := range infos {
					want = append(want, tripleName(i))
				}
			}
			var got []string
			corners := cornerMarks(matrix)
			for _, i := range cornerTriples(corners, &budget{limit: readBudget}) {
				got = append(got, tripleName(i))
			}
			if len(corners) > maxCorners || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s (global %v): %d corner marks, %d triples, ZXing's %d", name, global, len(corners), len(got), len(want))
			} else {
				t.Logf("%s (global %v): %d corner marks, the same %d triples", name, global, len(corners), len(got))
			}
		}
	}
}

func tripleName(i *qrdetector.FinderPatternInfo) string {
	p := func(f *qrdetector.FinderPattern) string { return fmt.Sprintf("(%.1f,%.1f)", f.GetX(), f.GetY()) }
	return p(i.GetBottomLeft()) + p(i.GetTopLeft()) + p(i.GetTopRight())
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

// A page of 400 codes has every code read, and no word of stopping: the
// codes read are painted out before the later searches, which therefore do
// not spend the budget reading them again (they did, and the person who
// got every key was told to crop the picture). The work is counted, not
// timed: it stays within the budget, with ZBar (a tenth of it) or without
// (two thirds).
func TestAPageOf400CodesIsReadWhole(t *testing.T) {
	img, want := manyCodes(t, 20, 4400)
	before := slices.Clone(img.Pix)
	got, used, err := readQRCodes(context.Background(), img, nil, readBudget)
	if err != nil {
		t.Fatalf("%d codes of %d, %d units: %v", len(got), len(want), used, err)
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("read %d codes, want the %d of the page", len(got), len(want))
	}
	if !bytes.Equal(img.Pix, before) {
		t.Error("the caller's picture was painted on")
	}
	t.Logf("%d units (ZBar: %v)", used, zbarAvailable)
}

// BenchmarkReadQRCodes400 reads a 4400×4400 picture of 400 codes.
func BenchmarkReadQRCodes400(b *testing.B) {
	img, want := manyCodes(b, 20, 4400)
	b.ReportAllocs()
	for b.Loop() {
		got, used, err := readQRCodes(context.Background(), img, nil, readBudget)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(got))/float64(len(want)), "found/codes")
		b.ReportMetric(float64(used), "units")
	}
}

// A picture that is part of a larger one (its corner is not at 0,0) is
// read whole: the tiles and the painting out are counted from its corner.
func TestAPartOfAPictureIsReadWhole(t *testing.T) {
	img, texts := manyCodes(t, 6, 3600)
	part := img.SubImage(image.Rect(600, 600, 3600, 3600)).(*image.Gray)
	var want []string
	for i, text := range texts {
		if i%6 >= 1 && i/6 >= 1 {
			want = append(want, text)
		}
	}
	got, err := ReadQRCodes(context.Background(), part, nil)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("read %d codes %q, want the %d in the part", len(got), got, len(want))
	}
}
