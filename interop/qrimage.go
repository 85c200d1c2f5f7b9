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
	"strings"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode"
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
	for _, size := range sizes {
		g := gray
		if size != long {
			g = scaleGray(gray, size*w/long, size*h/long)
		}
		s.scan(g)
	}
	return s.found
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
			pic = invertGray(g)
		}
		for _, global := range []bool{false, true} {
			work := pic
			copied := false
			for round := 0; round < 8; round++ {
				results := decodeAll(work, global)
				fresh := 0
				for _, r := range results {
					text := r.GetText()
					if !s.seen[text] {
						s.seen[text] = true
						s.found = append(s.found, text)
						fresh++
					}
				}
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
	if err != nil || r == nil {
		return nil
	}
	return []*gozxing.Result{r}
}

// paintOver whitens the square around a found code's finder points, with a
// margin, so that the next search sees the other codes. (The picture being
// searched has a light background, inverted or not.)
func paintOver(g *image.Gray, pts []gozxing.ResultPoint) {
	if len(pts) < 3 {
		return
	}
	minX, minY, maxX, maxY := pts[0].GetX(), pts[0].GetY(), pts[0].GetX(), pts[0].GetY()
	for _, p := range pts[1:] {
		minX, maxX = min(minX, p.GetX()), max(maxX, p.GetX())
		minY, maxY = min(minY, p.GetY()), max(maxY, p.GetY())
	}
	// Finder points sit 3.5 modules inside the corners; a quarter of the
	// size on each side covers the code and its edge.
	mx, my := (maxX-minX)/4+4, (maxY-minY)/4+4
	r := image.Rect(int(minX-mx), int(minY-my), int(maxX+mx)+1, int(maxY+my)+1).Intersect(g.Rect)
	draw.Draw(g, r, image.NewUniform(color.Gray{Y: 255}), image.Point{}, draw.Src)
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
