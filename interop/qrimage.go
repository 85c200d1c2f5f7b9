package interop

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // screenshots are sometimes saved as GIF
	"image/jpeg"
	"image/png"
	"math"
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	multidetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/makiuchi-d/gozxing/qrcode"
	qrdecoder "github.com/makiuchi-d/gozxing/qrcode/decoder"
	qrdetector "github.com/makiuchi-d/gozxing/qrcode/detector"
	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // phones save some screenshots as WebP
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
var ErrNotSetupQRCode = errors.New("the QR code in this picture is not a 2FA setup code (it does not start with otpauth://)")

// maxImagePixels refuses pictures that would take too much memory to read.
const maxImagePixels = 50_000_000

func init() {
	Register(Format{
		Name:   "image",
		Title:  "QR code picture",
		Detect: isImage,
		Read: func(data []byte, _ string) (*Found, error) {
			texts, err := ScanImage(data)
			if err != nil {
				return nil, err
			}
			var links []string
			for _, t := range texts {
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(t)), "otpauth") {
					links = append(links, t)
				}
			}
			if len(links) == 0 {
				return nil, ErrNotSetupQRCode
			}
			f := ReadLinks(links)
			f.Format = "QR code picture"
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
// when there is none.
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
	texts := ScanPicture(img)
	if len(texts) == 0 {
		return nil, ErrNoQRCode
	}
	return texts, nil
}

// ScanPicture returns the texts of the QR codes found in img, each once.
func ScanPicture(img image.Image) []string {
	gray := toGray(img)
	s := &scanner{seen: map[string]bool{}}
	w, h := gray.Rect.Dx(), gray.Rect.Dy()
	long := max(w, h)
	var sizes []int
	if long <= 1600 {
		sizes = append(sizes, long)
	}
	for _, target := range []int{1200, 800, 500} {
		if target < long && (len(sizes) == 0 || target*5 < sizes[len(sizes)-1]*4) {
			sizes = append(sizes, target)
		}
	}
	if long < 600 {
		sizes = append(sizes, long*2)
	}
	if len(sizes) == 0 {
		sizes = append(sizes, long)
	}
	for i, size := range sizes {
		g := gray
		if size != long {
			g = scaleGray(gray, size*w/long, size*h/long)
		}
		s.scan(g)
		// In a large picture (a photo, or a page of several codes), also
		// look at overlapping tiles: the detector, seeing fewer finder
		// patterns at once, pairs them up correctly more often.
		if i == 0 && size >= 1000 {
			for _, n := range []int{2, 3} {
				tw, th := 2*g.Rect.Dx()/(n+1), 2*g.Rect.Dy()/(n+1)
				for ty := range n {
					for tx := range n {
						r := image.Rect(tx*tw/2, ty*th/2, tx*tw/2+tw, ty*th/2+th).Intersect(g.Rect)
						s.add(decodeAll(cropGray(g, r), false))
					}
				}
			}
		}
	}
	return s.found
}

// add keeps the texts of results not seen before and reports how many.
func (s *scanner) add(results []*gozxing.Result) int {
	fresh := 0
	for _, r := range results {
		if text := r.GetText(); !s.seen[text] {
			s.seen[text] = true
			s.found = append(s.found, text)
			fresh++
		}
	}
	return fresh
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
	seen  map[string]bool
	found []string
}

var qrHints = map[gozxing.DecodeHintType]interface{}{
	gozxing.DecodeHintType_TRY_HARDER:    true,
	gozxing.DecodeHintType_CHARACTER_SET: "UTF-8",
}

// scan searches one picture with both thresholds, as it is and inverted,
// repeating after painting over what it found.
func (s *scanner) scan(g *image.Gray) {
	for _, inverted := range []bool{false, true} {
		pic := g
		if inverted {
			// Light codes on a dark screen (dark mode) are only looked for
			// when no dark code was found.
			if len(s.found) > 0 {
				break
			}
			pic = invertGray(g)
		}
		for _, global := range []bool{false, true} {
			work := pic
			copied := false
			for round := 0; round < 8; round++ {
				results := decodeAll(work, global)
				fresh := s.add(results)
				if len(results) == 0 {
					break
				}
				// Paint over every code found (new or not) and look again:
				// the detector finds codes more easily one at a time.
				if !copied {
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

// decodeAll finds the codes in g with the multi-code reader, falling back
// on the single-code reader.
func decodeAll(g *image.Gray, global bool) []*gozxing.Result {
	src := gozxing.NewLuminanceSourceFromImage(g)
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
	results, _ := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, qrHints)
	if len(results) > 0 {
		return results
	}
	r, err := qrcode.NewQRCodeReader().Decode(bmp, qrHints)
	if err == nil && r != nil {
		return []*gozxing.Result{r}
	}
	return decodeGuessingSize(bmp)
}

// decodeGuessingSize is the last try for large codes (Google's transfer
// codes are often version 20 and more) in blurred or tilted pictures:
// ZXing's detector measures the module size from the finder patterns, and a
// small error gives a size that no QR code has, after which it gives up.
// Here every code size near the estimate is tried, sampling the grid from
// the three finder patterns alone.
func decodeGuessingSize(bmp *gozxing.BinaryBitmap) []*gozxing.Result {
	matrix, err := bmp.GetBlackMatrix()
	if err != nil {
		return nil
	}
	var infos []*qrdetector.FinderPatternInfo
	if many, err := multidetector.NewMultiFinderPatternFinder(matrix, nil).FindMulti(qrHints); err == nil {
		infos = append(infos, many...)
	}
	if one, err := qrdetector.NewFinderPatternFinder(matrix, nil).Find(qrHints); err == nil {
		infos = append(infos, one)
	}
	var results []*gozxing.Result
	seen := map[string]bool{}
	dec := qrdecoder.NewDecoder()
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
				res, err := sampleAndDecode(dec, matrix, tl, tr, bl, module, d)
				if err != nil {
					continue
				}
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
