package interop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // screenshots are sometimes saved as GIF
	"image/jpeg"
	"image/png"
	"math"
	"slices"
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	qrdecoder "github.com/makiuchi-d/gozxing/qrcode/decoder"
	qrdetector "github.com/makiuchi-d/gozxing/qrcode/detector"
	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // phones save some screenshots as WebP

	"sparekey/vault"
)

// QR codes are read from pictures in several ways, because a screenshot and
// a phone photo fail differently: a screenshot is sharp but may be small or
// dark-mode (light code on dark); a photo is large, blurred, tilted and
// unevenly lit. The picture is tried as it is, smaller (which averages away
// blur and noise), larger (for tiny codes), with a global and a local
// threshold, and inverted. Every code found anywhere is kept; each found code
// is painted over and the picture searched again, so that several codes in
// one picture are all found.

// ErrNoQRCode means a picture has no QR code that could be read.
var ErrNoQRCode = errors.New("no QR code was found in this picture; try a sharper, closer picture with the whole code in it")

// ErrNotSetupQRCode means a picture's QR codes are not 2FA setup codes.
var ErrNotSetupQRCode = errors.New("the QR code in this picture is not a two-step login key (it does not start with otpauth://)")

// ErrPaperCopyPage means a picture shows a page of a Sparekey paper copy
// (package printing's format, whose codes start with "SKPC2:" or "SKPC1:"):
// those are read all together, by restoring a paper copy, not key by key.
var ErrPaperCopyPage = errors.New("this is a page of a Sparekey paper copy (all your keys on paper, locked with your password), not the QR code of one key: bring it back with Restore from a paper copy, from photos of all its pages")

// maxImagePixels refuses pictures that would take too much memory to read.
const maxImagePixels = 50_000_000

func init() {
	Register(Format{
		Name:   "image",
		Title:  "QR code picture",
		Detect: isImage,
		Read: func(data []byte, _ string) (*Found, error) {
			texts, err := ScanImage(data)
			var stopped []Problem
			if errors.Is(err, ErrCrowdedPicture) && len(texts) > 0 {
				// What was read is kept; the reading's end is said.
				stopped = []Problem{{Name: "The picture", Reason: err.Error() + "."}}
			} else if err != nil {
				return nil, err
			}
			var links []string
			for _, t := range texts {
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(t)), "otpauth") {
					links = append(links, t)
				}
			}
			if len(links) == 0 && stopped != nil {
				return nil, err
			}
			if len(links) == 0 {
				for _, t := range texts {
					if isPaperCopyText(t) {
						return nil, ErrPaperCopyPage
					}
				}
				return nil, ErrNotSetupQRCode
			}
			f := ReadLinks(links)
			f.Format = "QR code picture"
			f.Problems = append(f.Problems, stopped...)
			return f, nil
		},
	})
}

// isImage reports whether data starts like a PNG, JPEG, GIF or WebP file.
func isImage(data []byte) bool {
	return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) ||
		bytes.HasPrefix(data, []byte("\xff\xd8\xff")) ||
		bytes.HasPrefix(data, []byte("GIF8")) ||
		(len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP")
}

// ScanImage finds the QR codes in a picture (PNG, JPEG, GIF or WebP) and
// returns their texts, each once, in the order found. It returns ErrNoQRCode
// when there is none, and the codes read with an error wrapping
// ErrCrowdedPicture when the picture holds more than it can read at once.
func ScanImage(data []byte) ([]string, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("this file is not a picture Sparekey can open (PNG, JPEG, GIF or WebP): %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return nil, fmt.Errorf("this picture is too large to read (%d×%d)", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("this picture is damaged: %w", err)
	}
	return ReadQRCodes(context.Background(), img, nil)
}

// ScanPicture returns the texts of the QR codes found in img, each once. It
// is ReadQRCodes without a way to cancel or follow it, and without its
// errors.
func ScanPicture(img image.Image) []string {
	texts, _ := ReadQRCodes(context.Background(), img, nil)
	return texts
}

// Bounds on the work one picture may ask for.
const (
	// maxScanPixels: a larger picture is scaled down to this many pixels
	// before it is searched (a 24-megapixel photo is searched as it is).
	maxScanPixels = 24_000_000
	// scanTile is the side of the square pieces a large picture is cut
	// into, overlapping by half; maxTiles bounds their number at one scale
	// (the tiles grow instead).
	scanTile = 1024
	maxTiles = 48
	// maxGuesses bounds the finder-pattern triples decodeGuessingSize
	// tries in one search.
	maxGuesses = 8
)

// readBudget is the work one picture may cost, in work units (about a pixel
// examined each; see qrdetect.go). Measured on a busy 2-core build machine:
// random noise of 24 megapixels (no code) costs 2.6 billion units in 6 s of
// CPU; a 4400×4400 picture of 400 QR codes has all 400 read in 0.3 billion
// units with ZBar and 2.1 billion without (each code read is painted out
// before the later steps); the costliest picture known, thousands of
// corner marks and no code, spends it in 17 s.
const readBudget = 3_000_000_000

// ErrCrowdedPicture is wrapped by the error ReadQRCodes returns when it
// stopped before the end of a picture because the picture asked for more
// work than any picture may (a page crowded with hundreds of codes, or a
// picture made to look like thousands of them). The codes read until then
// are returned with it.
var ErrCrowdedPicture = errors.New("this picture holds more than Sparekey can read at once")

// crowdedError says in words how far the reading went.
type crowdedError struct{ read int }

func (e crowdedError) Error() string {
	if e.read == 0 {
		return "Sparekey stopped before it found a QR code: this picture holds more than it can read at once; crop it into parts and read each part"
	}
	return "Sparekey stopped after reading " + vault.Count(e.read, "QR code", "QR codes") +
		": this picture holds more than it can read at once; crop it into parts and read each part"
}

func (e crowdedError) Is(target error) bool { return target == ErrCrowdedPicture }

// ReadQRCodes finds the QR codes in a picture and returns their texts, each
// once, in the order found, or ErrNoQRCode when there is none.
//
// A phone photo of a printed page is searched at several scales: the whole
// picture made small (big codes, and blur averaged away), then overlapping
// tiles of about a megapixel at half and at full resolution (small codes
// keep every pixel they have; the detector, seeing fewer codes at once,
// pairs their corner marks up right). Each search uses two thresholds and
// paints over what it found before looking again. A light code on a dark
// background (a screenshot in dark mode) is looked for when nothing else is
// found.
//
// The work is bounded whatever the picture: it is scaled down to at most
// 24 megapixels, each scale is cut into at most 48 tiles, and every piece
// of work is counted before it is done, against a budget the same on every
// machine (readBudget). A picture that asks for more (hundreds of codes)
// stops there: ReadQRCodes returns the codes read with an error wrapping
// ErrCrowdedPicture that says how many, in words.
//
// progress, if not nil, is called as the work goes on with the work done
// and the total (the total is the same at every call): after each step, and
// within a long step as its work is counted. When ctx is cancelled
// ReadQRCodes stops within one small piece of work (a grid sampled, a tile
// binarized) and returns what it found so far with ctx's error.
func ReadQRCodes(ctx context.Context, img image.Image, progress func(done, total int)) ([]string, error) {
	found, _, err := readQRCodes(ctx, img, progress, readBudget)
	return found, err
}

// readQRCodes is ReadQRCodes with a budget of limit work units; it also
// returns the units spent.
func readQRCodes(ctx context.Context, img image.Image, progress func(done, total int), limit int64) ([]string, int64, error) {
	s := &scanner{seen: map[string]bool{}, budget: &budget{limit: limit, done: func() bool { return ctx.Err() != nil }}}
	found, err := s.read(img, progress)
	if err == nil && len(found) == 0 {
		err = ErrNoQRCode
	}
	return found, s.budget.used, err
}

// read searches img step by step (scanPlan).
func (s *scanner) read(img image.Image, progress func(done, total int)) ([]string, error) {
	b := s.budget
	b.charge(0) // a reading cancelled before it starts does nothing
	gray := toGray(img)
	if gray.Rect.Min != (image.Point{}) {
		// A part of a larger picture: the steps' tiles and the codes'
		// outlines are counted from the top-left corner.
		gray = cropGray(gray, gray.Rect)
	}
	w, h := gray.Rect.Dx(), gray.Rect.Dy()
	if w <= 0 || h <= 0 || b.stopped() {
		return nil, s.stopErr()
	}
	if px := w * h; px > maxScanPixels {
		f := math.Sqrt(float64(maxScanPixels) / float64(px))
		w, h = max(1, int(float64(w)*f)), max(1, int(float64(h)*f))
		gray = scaleGray(gray, w, h)
	}
	steps := scanPlan(w, h)
	if zbarAvailable {
		steps = append([]scanStep{{long: max(w, h), zbar: true}}, steps...)
	}
	// Progress: a thousand a step, or the share of the budget spent when
	// that is further (a crowded picture spends it before its steps end).
	const perStep = 1000
	total, shown, stepsDone := len(steps)*perStep, 0, 0
	report := func() {
		if progress == nil {
			return
		}
		done := max(stepsDone*perStep, int(b.used*int64(total)/b.limit))
		if done > shown {
			shown = min(done, total)
			progress(shown, total)
		}
	}
	b.moved = report
	scaled := map[int]*image.Gray{}
	// The parts of the picture where a search left triples untried, and
	// those searched to the end, with the scale of each (in the picture's
	// own coordinates).
	var leftOver, searched []searchedPart
	painted := false
	for i, st := range steps {
		b.gaveUp, b.failed, b.read = false, 0, 0
		g, ok := scaled[st.long]
		if !ok {
			g = gray
			if st.long != max(w, h) {
				if !b.charge(int64(w * h)) {
					break
				}
				g = scaleGray(gray, st.long*w/max(w, h), st.long*h/max(w, h))
			}
			scaled[st.long] = g
		}
		switch {
		case st.zbar:
			// ZBar's C code cannot be stopped midway: charged whole first.
			if !b.charge(zbarUnitsPerPixel * int64(g.Rect.Dx()*g.Rect.Dy())) {
				break
			}
			codes := zbarScan(g)
			// The codes ZBar read are painted out after this step, as
			// those of every step are (below).
			for _, c := range codes {
				if !s.seen[c.text] {
					s.seen[c.text] = true
					s.found = append(s.found, c.text)
				}
				if len(c.outline) >= 3 {
					s.outlines = append(s.outlines, zbarOutline(c.outline))
				}
			}
		case st.tile.Empty():
			if b.charge(int64(g.Rect.Dx()*g.Rect.Dy())) && !blank(g) {
				s.scan(g, st.invert)
			}
		default:
			// A tile of one colour (all painted out, or the paper's
			// margin) holds no code: looked at once, not searched.
			r := st.tile.Intersect(g.Rect)
			if b.charge(2 * int64(r.Dx()*r.Dy())) {
				if tile := cropGray(g, r); !blank(tile) {
					s.scan(tile, false)
				}
			}
		}
		if b.stopped() {
			break
		}
		// The codes read are painted out of the picture, at every scale,
		// before the next steps (on copies: the picture may be the
		// caller's), so that these do not spend their work reading them
		// again: on a page of 400 codes that work was more than the
		// budget, and it left the budget spent with every code read.
		if len(s.outlines) > 0 {
			if !painted {
				if !b.charge(int64(w * h)) {
					break
				}
				gray, painted = cloneGray(gray), true
				scaled = map[int]*image.Gray{max(w, h): gray}
			}
			f := float64(max(w, h)) / float64(st.long)
			for _, q := range s.outlines {
				q = slices.Clone(q)
				for k := range q {
					q[k].x = (q[k].x + float64(st.tile.Min.X)) * f
					q[k].y = (q[k].y + float64(st.tile.Min.Y)) * f
				}
				for long, sg := range scaled {
					if !b.charge(paintCost(q, float64(long)/float64(max(w, h)))) {
						break
					}
					paintOutline(sg, q, float64(long)/float64(max(w, h)))
				}
			}
			s.outlines = s.outlines[:0]
			if b.stopped() {
				break
			}
		}
		if !st.zbar {
			part := searchedPart{long: st.long, r: image.Rect(0, 0, w, h)}
			if !st.tile.Empty() {
				f := float64(max(w, h)) / float64(st.long)
				part.r = image.Rect(int(float64(st.tile.Min.X)*f), int(float64(st.tile.Min.Y)*f),
					int(math.Ceil(float64(st.tile.Max.X)*f)), int(math.Ceil(float64(st.tile.Max.Y)*f))).Intersect(part.r)
			}
			if b.gaveUp {
				leftOver = append(leftOver, part)
			} else {
				searched = append(searched, part)
			}
		}
		stepsDone = i + 1
		report()
	}
	if b.stopped() {
		return s.found, s.stopErr()
	}
	for _, p := range leftOver {
		if !p.searchedFiner(searched) {
			return s.found, crowdedError{read: len(s.found)}
		}
	}
	return s.found, nil
}

// searchedPart is a part of the picture (in its own coordinates) and the
// scale it was searched at (the long side).
type searchedPart struct {
	long int
	r    image.Rectangle
}

// searchedFiner reports whether every part of p was searched to the end at
// a finer scale: looked at on a grid of 17×17 points.
func (p searchedPart) searchedFiner(done []searchedPart) bool {
	const n = 16
	for i := 0; i <= n; i++ {
		for j := 0; j <= n; j++ {
			pt := image.Pt(p.r.Min.X+min(i*p.r.Dx()/n, p.r.Dx()-1), p.r.Min.Y+min(j*p.r.Dy()/n, p.r.Dy()-1))
			covered := false
			for _, d := range done {
				if d.long > p.long && pt.In(d.r) {
					covered = true
					break
				}
			}
			if !covered {
				return false
			}
		}
	}
	return true
}

// stopErr is the error of a reading that stopped before its end: the
// person cancelled it, or the budget is spent.
func (s *scanner) stopErr() error {
	if s.budget.cancelled {
		return context.Canceled
	}
	if s.budget.spent {
		return crowdedError{read: len(s.found)}
	}
	return nil
}

// scanStep is one search: the picture at a scale (its long side), whole or
// one tile of it.
type scanStep struct {
	long   int
	tile   image.Rectangle // empty: the whole picture
	invert bool            // also look for light codes on dark
	zbar   bool            // the whole picture read by ZBar (builds with the zbar tag)
}

// scanPlan lists the searches for a w×h picture: the whole picture at up to
// 1,200 pixels (as it is when smaller, and twice as large when tiny), then
// tiles at half and at full resolution.
func scanPlan(w, h int) []scanStep {
	long := max(w, h)
	var steps []scanStep
	switch {
	case long < 600:
		steps = append(steps, scanStep{long: long, invert: true}, scanStep{long: 2 * long})
	case long <= 1600:
		steps = append(steps, scanStep{long: long, invert: true})
		if long > 1000 {
			steps = append(steps, scanStep{long: 800})
		}
	default:
		steps = append(steps, scanStep{long: 1200, invert: true})
	}
	var scales []int
	if long > 2*scanTile+scanTile/2 {
		scales = append(scales, long/2)
	}
	if long > 1600 {
		scales = append(scales, long)
	} else if long > scanTile+scanTile/4 {
		scales = append(scales, long)
	}
	for _, sl := range scales {
		sw, sh := sl*w/long, sl*h/long
		steps = append(steps, tiles(sl, sw, sh)...)
	}
	return steps
}

// tiles cuts a sw×sh picture into overlapping squares, at most maxTiles.
func tiles(long, sw, sh int) []scanStep {
	side := scanTile
	for {
		nx, ny := tileCount(sw, side), tileCount(sh, side)
		if nx*ny <= maxTiles {
			break
		}
		side = side * 5 / 4
	}
	var out []scanStep
	nx, ny := tileCount(sw, side), tileCount(sh, side)
	for ty := range ny {
		for tx := range nx {
			x0 := tileStart(tx, nx, sw, side)
			y0 := tileStart(ty, ny, sh, side)
			out = append(out, scanStep{long: long, tile: image.Rect(x0, y0, x0+side, y0+side)})
		}
	}
	return out
}

// tileCount is how many tiles of side, overlapping by half, cover n pixels.
func tileCount(n, side int) int {
	if n <= side {
		return 1
	}
	return (n-side+side/2-1)/(side/2) + 1
}

// tileStart spreads the tiles evenly so that the last one ends at the edge.
func tileStart(i, count, n, side int) int {
	if count == 1 || n <= side {
		return 0
	}
	return i * (n - side) / (count - 1)
}

// add keeps the texts of results not seen before and reports how many.
func (s *scanner) add(results []*gozxing.Result) int {
	fresh := 0
	for _, r := range results {
		s.outlines = append(s.outlines, finderSquares(r.GetResultPoints())...)
		if text := r.GetText(); !s.seen[text] {
			s.seen[text] = true
			s.found = append(s.found, text)
			fresh++
		}
	}
	return fresh
}

// blank reports whether every pixel of g has the same value.
func blank(g *image.Gray) bool {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w == 0 || h == 0 {
		return true
	}
	first := g.Pix[0]
	for y := range h {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v != first {
				return false
			}
		}
	}
	return true
}

// cropGray copies part of a picture into a picture of its own.
func cropGray(g *image.Gray, r image.Rectangle) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		row := (y+r.Min.Y-g.Rect.Min.Y)*g.Stride + (r.Min.X - g.Rect.Min.X)
		copy(out.Pix[y*out.Stride:y*out.Stride+r.Dx()], g.Pix[row:row+r.Dx()])
	}
	return out
}

// scanner collects the codes found over several passes.
type scanner struct {
	seen   map[string]bool
	found  []string
	budget *budget
	// outlines are the parts of the picture to paint out after the
	// current step, in its picture's coordinates: the outlines of the
	// codes ZBar read, the corner marks of those gozxing read.
	outlines [][]outlinePoint
}

var qrHints = map[gozxing.DecodeHintType]interface{}{
	gozxing.DecodeHintType_TRY_HARDER:    true,
	gozxing.DecodeHintType_CHARACTER_SET: "UTF-8",
}

// scan searches one picture with both thresholds, as it is and (when
// invert is true) inverted, repeating after painting over what it found.
// Every search, and every copy of the picture, is charged first.
func (s *scanner) scan(g *image.Gray, invert bool) {
	b := s.budget
	px := int64(g.Rect.Dx() * g.Rect.Dy())
	for _, inverted := range []bool{false, true} {
		if inverted && !invert {
			break
		}
		pic := g
		if inverted {
			// Light codes on a dark screen (dark mode) are only looked for
			// when no dark code was found.
			if len(s.found) > 0 || !b.charge(px) {
				break
			}
			pic = invertGray(g)
		}
		if !b.charge(2 * px) {
			return
		}
		variants := []*image.Gray{pic, pic}
		if st := stretched(pic); st != nil {
			// A faded print: its contrast is spread over the full range
			// and read once more with the local threshold.
			variants = append(variants, st)
		}
		for vi, variant := range variants {
			global := vi == 1
			work := variant
			copied := false
			for round := 0; round < 8; round++ {
				results := decodeAll(work, global, b)
				if b.stopped() {
					s.add(results)
					return
				}
				fresh := s.add(results)
				if len(results) == 0 {
					break
				}
				// Paint over every code found (new or not) and look again:
				// the detector finds codes more easily one at a time.
				if !copied {
					if !b.charge(px) {
						return
					}
					work = cloneGray(work)
					copied = true
				}
				for _, r := range results {
					paintOver(work, r.GetResultPoints())
				}
				if fresh == 0 && round > 0 {
					break
				}
			}
		}
	}
}

// decodeAll finds the codes in g with the multi-code search, falling back
// on the single-code reader and on guessing the size of large codes. The
// binarizing and the search for corner marks are charged first (a pixel a
// unit), then each triple and each grid sampled (qrdetect.go).
func decodeAll(g *image.Gray, global bool, b *budget) []*gozxing.Result {
	if !b.charge(int64(g.Rect.Dx() * g.Rect.Dy())) {
		return nil
	}
	// The gray pixels are the luminance as they are (a Y plane); this
	// skips a per-pixel colour conversion.
	pix := g.Pix
	if g.Stride != g.Rect.Dx() {
		g = cloneCompact(g)
		pix = g.Pix
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(pix, g.Rect.Dx(), g.Rect.Dy(), 0, 0, g.Rect.Dx(), g.Rect.Dy(), false)
	if err != nil {
		return nil
	}
	var bin gozxing.Binarizer
	if global {
		bin = gozxing.NewGlobalHistgramBinarizer(src)
	} else {
		bin = gozxing.NewHybridBinarizer(src)
	}
	bmp, err := gozxing.NewBinaryBitmap(bin)
	if err != nil {
		return nil
	}
	matrix, err := bmp.GetBlackMatrix()
	if err != nil {
		return nil
	}
	corners := cornerMarks(matrix)
	triples := cornerTriples(corners, b)
	if results := decodeTriples(matrix, triples, b); len(results) > 0 || b.stopped() {
		return results
	}
	if r := decodeSingle(bmp, len(corners), b); r != nil {
		return []*gozxing.Result{r}
	}
	return decodeGuessingSize(matrix, triples, corners, b)
}

// decodeGuessingSize is the last try for large codes (Google's transfer
// codes are often version 20 and more) in blurred or tilted pictures:
// ZXing's detector measures the module size from the finder patterns, and a
// small error gives a size that no QR code has, after which it gives up.
// Here every code size near the estimate is tried, sampling the grid from
// the three finder patterns alone.
//
// The triples tried are those the multi-code search found (in its order),
// then the single-code reader's choice when there are few corner marks;
// every grid sampled is charged first, and each that fails counts against
// the step's failures (maxFailedTriples).
func decodeGuessingSize(matrix *gozxing.BitMatrix, triples []*qrdetector.FinderPatternInfo, corners []*qrdetector.FinderPattern, b *budget) []*gozxing.Result {
	infos := slices.Clone(triples)
	if len(infos) < maxGuesses && len(corners) <= maxSingleCorners {
		c := int64(len(corners))
		if !b.charge(int64(matrix.GetWidth()*matrix.GetHeight()) + unitsPerTriple*c*c*c/6) {
			return nil
		}
		if one, err := qrdetector.NewFinderPatternFinder(matrix, nil).Find(qrHints); err == nil {
			infos = append(infos, one)
		}
	}
	var results []*gozxing.Result
	seen := map[string]bool{}
	dec := qrdecoder.NewDecoder()
	if len(infos) > maxGuesses {
		infos = infos[:maxGuesses]
	}
	for _, info := range infos {
		tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
		module := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
		if module <= 0 {
			continue
		}
		dist := (gozxing.ResultPoint_Distance(tl, tr) + gozxing.ResultPoint_Distance(tl, bl)) / 2
		est := int(math.Round(dist/module)) + 7
		for delta := 0; delta <= 12; delta++ {
			found := false
			for _, d := range []int{est - delta, est + delta} {
				if d < 21 || d > 177 || d%4 != 1 || (delta == 0 && d != est) {
					continue
				}
				if b.failed >= maxFailedTriples+8*b.read {
					b.gaveUp = true
					return results
				}
				if !b.charge(2 * moduleCost(float64(d), module)) {
					return results
				}
				res, err := sampleAndDecode(dec, matrix, tl, tr, bl, module, d)
				if err != nil {
					// Each size tried in vain counts as a triple that
					// failed (maxFailedTriples).
					b.failed++
					continue
				}
				b.read++
				if !seen[res.GetText()] {
					seen[res.GetText()] = true
					points := []gozxing.ResultPoint{bl, tl, tr}
					results = append(results, gozxing.NewResult(res.GetText(), res.GetRawBytes(), points, gozxing.BarcodeFormat_QR_CODE))
				}
				found = true
				break
			}
			if found {
				break
			}
		}
	}
	return results
}

// paintOver whitens the square around a found code, so that the next
// search sees the other codes. (The picture being searched has a light
// background, inverted or not.) The square is the finder points' box grown
// by five modules: the finder centres are 3.5 modules in from the code's
// edge, and a tilted code reaches a little further. The module size is read
// from the top-left finder's centre, a dark run three modules wide.
func paintOver(g *image.Gray, pts []gozxing.ResultPoint) {
	if len(pts) < 3 {
		return
	}
	minX, minY, maxX, maxY := pts[0].GetX(), pts[0].GetY(), pts[0].GetX(), pts[0].GetY()
	for _, p := range pts[1:3] {
		minX, maxX = min(minX, p.GetX()), max(maxX, p.GetX())
		minY, maxY = min(minY, p.GetY()), max(maxY, p.GetY())
	}
	box := image.Rect(int(minX), int(minY), int(maxX)+1, int(maxY)+1).Intersect(g.Rect)
	if box.Empty() {
		return
	}
	lo, hi := uint8(255), uint8(0)
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for _, v := range g.Pix[y*g.Stride+box.Min.X : y*g.Stride+box.Max.X] {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	threshold := (int(lo) + int(hi)) / 2
	cx, cy := int(pts[1].GetX()), int(pts[1].GetY())
	run := 0
	if image.Pt(cx, cy).In(g.Rect) {
		row := g.Pix[cy*g.Stride : cy*g.Stride+g.Rect.Dx()]
		for x := cx; x >= 0 && int(row[x]) < threshold; x-- {
			run++
		}
		for x := cx + 1; x < len(row) && int(row[x]) < threshold; x++ {
			run++
		}
	}
	module := float64(run) / 3
	// A run that is not the finder's centre (too short or too long) would
	// give a wrong size; fall back on the smallest code's proportions.
	if span := max(maxX-minX, maxY-minY); module < 1 || module > span/10 {
		module = span / 14
	}
	m := 5*module + 2
	r := image.Rect(int(minX-m), int(minY-m), int(maxX+m)+1, int(maxY+m)+1).Intersect(g.Rect)
	draw.Draw(g, r, image.NewUniform(color.Gray{Y: 255}), image.Point{}, draw.Src)
}

// sampleAndDecode reads a code of dimension d from its finder patterns,
// with the bottom-right alignment pattern when one is found near where it
// should be (it corrects a picture taken at an angle), else without.
func sampleAndDecode(dec *qrdecoder.Decoder, matrix *gozxing.BitMatrix, tl, tr, bl *qrdetector.FinderPattern, module float64, d int) (*common.DecoderResult, error) {
	var tries []*qrdetector.AlignmentPattern
	if d > 21 {
		// Where the alignment pattern sits: 3 modules in from the bottom
		// right corner, along the diagonal from the top-left finder.
		brX := tr.GetX() - tl.GetX() + bl.GetX()
		brY := tr.GetY() - tl.GetY() + bl.GetY()
		c := 1 - 3/float64(d-7)
		ex, ey := tl.GetX()+c*(brX-tl.GetX()), tl.GetY()+c*(brY-tl.GetY())
		for _, allowance := range []float64{4, 8, 16} {
			a := int(allowance * module)
			x0, y0 := max(0, int(ex)-a), max(0, int(ey)-a)
			x1, y1 := min(matrix.GetWidth()-1, int(ex)+a), min(matrix.GetHeight()-1, int(ey)+a)
			if float64(x1-x0) < 3*module || float64(y1-y0) < 3*module {
				break
			}
			if ap, err := qrdetector.NewAlignmentPatternFinder(matrix, x0, y0, x1-x0, y1-y0, module, nil).Find(); err == nil {
				tries = append(tries, ap)
				break
			}
		}
	}
	tries = append(tries, nil)
	var lastErr error
	for _, ap := range tries {
		transform := qrdetector.Detector_createTransform(tl, tr, bl, ap, d)
		bits, err := qrdetector.Detector_sampleGrid(matrix, transform, d)
		if err != nil {
			lastErr = err
			continue
		}
		res, err := dec.Decode(bits, qrHints)
		if err == nil {
			return res, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

// toGray converts a picture to 8-bit gray, quickly for the usual decoders'
// types; JPEG's luma plane is used as it is.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], m.Y[(y+b.Min.Y-m.Rect.Min.Y)*m.YStride+(b.Min.X-m.Rect.Min.X):])
		}
		return g
	}
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	// Transparent pixels count as white (a QR code on a transparent PNG).
	white := image.NewUniform(color.Gray{Y: 255})
	draw.Draw(g, g.Rect, white, image.Point{}, draw.Src)
	draw.Draw(g, g.Rect, img, b.Min, draw.Over)
	return g
}

func scaleGray(g *image.Gray, w, h int) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, max(w, 1), max(h, 1)))
	if w > g.Rect.Dx() {
		xdraw.NearestNeighbor.Scale(out, out.Rect, g, g.Rect, xdraw.Src, nil)
	} else {
		xdraw.ApproxBiLinear.Scale(out, out.Rect, g, g.Rect, xdraw.Src, nil)
	}
	return out
}

func invertGray(g *image.Gray) *image.Gray {
	out := cloneGray(g)
	for i, p := range out.Pix {
		out.Pix[i] = 255 - p
	}
	return out
}

// stretched returns g with its contrast spread over the full range when it
// is low (a faded print, a grey photo), or nil when it is not: the 1st
// percentile becomes black and the 99th white.
func stretched(g *image.Gray) *image.Gray {
	var hist [256]int
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			hist[v]++
		}
	}
	n := w * h
	lo, hi, acc := 0, 255, 0
	for v := 0; v < 256; v++ {
		if acc += hist[v]; acc > n/100 {
			lo = v
			break
		}
	}
	acc = 0
	for v := 255; v >= 0; v-- {
		if acc += hist[v]; acc > n/100 {
			hi = v
			break
		}
	}
	if hi-lo >= 140 || hi-lo < 8 {
		return nil
	}
	var lut [256]uint8
	for v := range lut {
		lut[v] = uint8(min(255, max(0, (v-lo)*255/(hi-lo))))
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for x, v := range row {
			out.Pix[y*out.Stride+x] = lut[v]
		}
	}
	return out
}

// cloneCompact copies g into a picture whose rows follow each other with
// no gap.
func cloneCompact(g *image.Gray) *image.Gray {
	return cropGray(g, g.Rect)
}

func cloneGray(g *image.Gray) *image.Gray {
	out := &image.Gray{Pix: append([]byte(nil), g.Pix...), Stride: g.Stride, Rect: g.Rect}
	return out
}

// encodePNG and encodeJPEG are here for the tests and the exports, which
// write pictures.
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encodeJPEG(img image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
