package interop

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"sparekey/internal/tooltest"
	"sparekey/vault"
)

// The QR codes the picture tests hide in their pictures.
var (
	qrTestLink = "otpauth://totp/%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20Bank:Zo%C3%AB?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20Bank&algorithm=SHA256&digits=8"
)

// qrTestBatches returns the Google Authenticator transfer codes of 24 keys
// (three QR codes) and the keys.
func qrTestBatches(t testing.TB) ([]MigrationBatch, []vault.Entry) {
	t.Helper()
	var entries []vault.Entry
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 24 {
		secret := make([]byte, 20)
		for j := range secret {
			secret[j] = byte(r.Uint32())
		}
		e := vault.Entry{Type: vault.TOTP, Issuer: "Site " + string(rune('A'+i)), Account: "user@example.com",
			Secret: vault.EncodeSecret(secret), Algorithm: vault.SHA1, Digits: 6, Period: 30}
		if i%5 == 0 {
			e.Type, e.Period, e.Counter = vault.HOTP, 0, uint64(i*1000)
		}
		entries = append(entries, e)
	}
	batches, problems := MigrationBatches(entries)
	if len(problems) != 0 || len(batches) != 3 {
		t.Fatalf("%d batches, problems %v", len(batches), problems)
	}
	return batches, entries
}

func qrImage(t testing.TB, text string, size int) image.Image {
	t.Helper()
	b, err := QRPNG(text, size)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// screenshot draws codes on a phone-sized screen with some interface
// around them; dark draws it in dark mode (light code on a dark screen).
func screenshot(t testing.TB, texts []string, dark bool) image.Image {
	t.Helper()
	w, h := 1080, 2340
	if len(texts) > 1 {
		w = 2400
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg, bar := color.RGBA{0xfa, 0xfa, 0xfa, 0xff}, color.RGBA{0x1a, 0x73, 0xe8, 0xff}
	draw.Draw(img, img.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, w, 220), image.NewUniform(bar), image.Point{}, draw.Src)
	for y := 1500; y < 2200; y += 90 { // lines of "text"
		draw.Draw(img, image.Rect(80, y, w-300, y+30), image.NewUniform(color.RGBA{0x60, 0x60, 0x60, 0xff}), image.Point{}, draw.Src)
	}
	for i, text := range texts {
		q := qrImage(t, text, 700)
		at := image.Pt(190+i*760, 500)
		draw.Draw(img, q.Bounds().Add(at), q, image.Point{}, draw.Src)
	}
	if dark {
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2] = 255-img.Pix[i], 255-img.Pix[i+1], 255-img.Pix[i+2]
		}
	}
	return img
}

// photograph makes a picture look taken with a phone: rotated, smaller,
// blurred, unevenly lit, noisy, and saved as a JPEG.
func photograph(t testing.TB, img image.Image, angle, scale float64, blur int) []byte {
	t.Helper()
	src := toGray(img)
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	w, h := int(float64(sw)*scale), int(float64(sh)*scale)
	out := image.NewGray(image.Rect(0, 0, w, h))
	sin, cos := math.Sincos(angle * math.Pi / 180)
	r := rand.New(rand.NewPCG(3, 4))
	for y := range h {
		for x := range w {
			// Rotate about the centre and scale back into the source.
			dx, dy := float64(x)-float64(w)/2, float64(y)-float64(h)/2
			sx := (cos*dx+sin*dy)/scale + float64(sw)/2
			sy := (-sin*dx+cos*dy)/scale + float64(sh)/2
			v := 235.0 // the table the paper lies on
			if sx >= 0 && sy >= 0 && int(sx) < sw-1 && int(sy) < sh-1 {
				ix, iy, fx, fy := int(sx), int(sy), sx-math.Floor(sx), sy-math.Floor(sy)
				p := func(x, y int) float64 { return float64(src.Pix[y*src.Stride+x]) }
				v = p(ix, iy)*(1-fx)*(1-fy) + p(ix+1, iy)*fx*(1-fy) + p(ix, iy+1)*(1-fx)*fy + p(ix+1, iy+1)*fx*fy
			}
			// Light falls off towards one corner; the camera adds noise.
			light := 0.75 + 0.25*(1-float64(x+y)/float64(w+h))
			v = v*light + r.NormFloat64()*8
			out.Pix[y*out.Stride+x] = uint8(max(0, min(255, v)))
		}
	}
	for range blur {
		out = boxBlur(out)
	}
	b, err := encodeJPEG(out, 70)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func boxBlur(g *image.Gray) *image.Gray {
	out := image.NewGray(g.Rect)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := range h {
		for x := range w {
			sum, n := 0, 0
			for yy := max(0, y-1); yy <= min(h-1, y+1); yy++ {
				for xx := max(0, x-1); xx <= min(w-1, x+1); xx++ {
					sum += int(g.Pix[yy*g.Stride+xx])
					n++
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / n)
		}
	}
	return out
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func TestScanImage(t *testing.T) {
	batches, _ := qrTestBatches(t)
	var three []string
	for _, b := range batches {
		three = append(three, b.Link)
	}
	png := func(img image.Image) []byte {
		b, err := encodePNG(img)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"screenshot", png(screenshot(t, []string{qrTestLink}, false)), []string{qrTestLink}},
		{"dark-mode screenshot", png(screenshot(t, []string{qrTestLink}, true)), []string{qrTestLink}},
		{"small code, upscaled", png(qrImage(t, qrTestLink, 180)), []string{qrTestLink}},
		{"three codes in one screenshot", png(screenshot(t, three, false)), three},
		{"photo: rotated 17°, scaled, blurred, noisy JPEG", photograph(t, screenshot(t, []string{qrTestLink}, false), 17, 0.6, 2), []string{qrTestLink}},
		{"photo of three codes, rotated 5°", photograph(t, screenshot(t, three, false), -5, 0.7, 1), three},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ScanImage(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sortedCopy(got), sortedCopy(tc.want)) {
				t.Errorf("found %d codes %q, want %d", len(got), got, len(tc.want))
			}
		})
	}
}

// TestScanImageFixtures reads pictures made with ImageMagick (see
// testdata/qr/make.sh) from the codes TestWriteQRFixtures writes.
func TestScanImageFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"qr/photo-single.jpg", []string{qrTestLink}},
		{"qr/photo-three.jpg", nil}, // the links of qr/three.png
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			want := tc.want
			if want == nil {
				texts, err := ScanImage(readTestdata(t, "qr/three.png"))
				if err != nil || len(texts) != 3 {
					t.Fatalf("qr/three.png: %d codes, %v", len(texts), err)
				}
				want = texts
			}
			got, err := ScanImage(readTestdata(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sortedCopy(got), sortedCopy(want)) {
				t.Errorf("found %d codes, want %d", len(got), len(want))
			}
		})
	}
}

func TestImportQRPicture(t *testing.T) {
	batches, entries := qrTestBatches(t)
	var three []string
	for _, b := range batches {
		three = append(three, b.Link)
	}
	data, err := encodePNG(screenshot(t, three, false))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Read(data, "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != "QR code picture" || len(f.Problems) != 0 {
		t.Errorf("format %q, problems %v", f.Format, f.Problems)
	}
	got := map[string]foundKey{}
	for _, e := range f.Entries {
		got[e.Secret] = keyOf(e)
	}
	if len(got) != len(entries) {
		t.Fatalf("found %d keys, want %d", len(got), len(entries))
	}
	for _, e := range entries {
		if !reflect.DeepEqual(got[e.Secret], keyOf(e)) {
			t.Errorf("got %+v, want %+v", got[e.Secret], keyOf(e))
		}
	}

	// A picture with a QR code that is not a setup code, and one with none.
	notSetup, _ := encodePNG(qrImage(t, "https://example.com/", 300))
	if _, err := Read(notSetup, "auto", ""); err != ErrNotSetupQRCode {
		t.Errorf("web link picture: %v", err)
	}
	blank, _ := encodePNG(image.NewGray(image.Rect(0, 0, 200, 200)))
	if _, err := Read(blank, "auto", ""); err != ErrNoQRCode {
		t.Errorf("blank picture: %v", err)
	}
}

// TestMigrationQRExportThroughZbarimg exports keys as Google Authenticator
// transfer QR codes, reads the pictures with the real zbarimg, and imports
// what zbarimg printed: the keys come back as they were, within what the
// format can carry.
func TestMigrationQRExportThroughZbarimg(t *testing.T) {
	zbarimg := tooltest.Find(t, "zbarimg")
	_, entries := qrTestBatches(t)
	all := append(slices.Clone(entries), entriesOf(aegisKeys)...)
	pngs, problems, err := MigrationQRCodes(all)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 3 { // the 60 s and 20 s keys and the Steam key
		t.Errorf("problems %v", problems)
	}
	dir := t.TempDir()
	var files []string
	for i, p := range pngs {
		name := filepath.Join(dir, "code"+string(rune('0'+i))+".png")
		if err := os.WriteFile(name, p, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	out, err := exec.Command(zbarimg, append([]string{"--quiet"}, files...)...).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v\n%s", err, out)
	}
	f, err := Read(out, "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) != 0 {
		t.Errorf("problems after import: %v", f.Problems)
	}
	var want []foundKey
	for _, e := range all {
		if _, err := migrationParamsOf(e); err == nil {
			k := keyOf(e)
			k.Note, k.Tags = "", nil // Google's format has no notes or tags
			want = append(want, k)
		}
	}
	checkFoundEntries(t, f.Entries, want)
}
