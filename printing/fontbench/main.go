// Command fontbench compares fonts and printed forms of key text for text
// recognition: for each variant it prints pages of made-up key lines (with
// line numbers and check numbers, as the sheet does), photographs each page
// as photobench does (plain, 12 megapixels), flattens the photo, has
// tesseract read it (limited to the form's characters, no dictionary, and
// as it comes), and counts the lines read exactly. Every variant gets the
// same keys and the same photos.
//
//	go run ./printing/fontbench -pages 8 -variants key-clq-1.05,key-lower-1.15
//
// A variant is FONT-FORM-TRACKING[-SIZE]: FONT is "key" (the sheet's
// embedded font) or a name given with -font NAME=FILE.ttf; FORM is lower,
// upper or clq (small letters but C, L and Q); TRACKING is the letters'
// distance in the font's pitch; SIZE is in points (13 if left out).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"

	"sparekey/printing/internal/photo"
)

type variant struct {
	name, font string
	form       func(string) string
	white      string
	tracking   float64
	size       float64
}

func lower(s string) string { return strings.ToLower(s) }
func mixed(caps string) func(string) string {
	return func(s string) string {
		var b strings.Builder
		for _, r := range strings.ToLower(s) {
			if strings.ContainsRune(caps, r) {
				r = r - 'a' + 'A'
			}
			b.WriteRune(r)
		}
		return b.String()
	}
}
func upper(s string) string { return s }

func main() {
	out := flag.String("out", "", "folder for the pages and photos (default: a new temporary folder)")
	list := flag.String("variants", "key-clq-1.05,key-lower-1.15,key-upper-1.15", "variants to compare")
	fonts := flag.String("font", "", "more fonts, NAME=FILE.ttf,...")
	verbose := flag.Bool("v", false, "show each line missed")
	pages := flag.Int("pages", 3, "pages of key lines for each variant")
	pitch := flag.Float64("pitch", 9.5, "distance of the lines, in mm (the sheet's is 5.6)")
	photoSeed := flag.Uint64("seed", 0, "seed of the photos (the keys stay the same)")
	checkX := flag.Float64("checkx", 150, "where the check numbers start, in mm from the page's left edge (the key text starts at 26; the sheet's checks would be at 89)")
	stroke := flag.Float64("stroke", 0, "also stroke the key text's outlines this wide, in mm (heavier letters)")
	boxes := flag.Bool("boxes", false, "box the check numbers, as the sheet does")
	flag.Parse()
	if *out == "" {
		var err error
		if *out, err = os.MkdirTemp("", "sparekey-fontbench-"); err != nil {
			fail(err)
		}
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		fail(err)
	}
	fontFiles := map[string]string{"key": filepath.Join("printing", "fonts", "DejaVuSansMono-Bold.ttf")}
	for _, kv := range strings.Split(*fonts, ",") {
		if name, file, ok := strings.Cut(kv, "="); ok {
			fontFiles[name] = file
		}
	}
	for _, name := range strings.Split(*list, ",") {
		v, err := parseVariant(name, fontFiles)
		if err != nil {
			fail(err)
		}
		ttf, err := os.ReadFile(v.font)
		if err != nil {
			fail(err)
		}
		r := rand.New(rand.NewPCG(7, 9))
		const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
		f := fpdf.New("P", "mm", "A4", "")
		f.SetAutoPageBreak(false, 0)
		f.AddUTF8FontFromBytes("key", "", ttf)
		f.AddUTF8FontFromBytes("sans", "", goregular.TTF)
		var want [][]string
		for p := 0; p < *pages; p++ {
			f.AddPage()
			var lines []string
			perPage := int(240 / *pitch)
			for i := 0; i < perPage; i++ {
				var g []string
				for j := 0; j < 4; j++ {
					var s []byte
					for k := 0; k < 4; k++ {
						s = append(s, alpha[r.IntN(32)])
					}
					g = append(g, string(s))
				}
				line := strings.Join(g, " ")
				lines = append(lines, line)
				y := 25 + float64(i)**pitch
				f.SetFont("sans", "", 9)
				f.SetTextColor(70, 70, 70)
				f.Text(20, y, fmt.Sprint(i%4+1))
				f.SetTextColor(0, 0, 0)
				f.SetFont("key", "", v.size)
				pitch := f.GetStringWidth("M")
				f.RawWriteStr(fmt.Sprintf("%.3f Tc", pitch*(v.tracking-1)*72/25.4))
				if *stroke > 0 {
					f.SetLineWidth(*stroke)
					f.SetTextRenderingMode(2)
				}
				f.Text(26, y, v.form(line))
				f.SetTextRenderingMode(0)
				f.RawWriteStr("0 Tc")
				f.SetFont("sans", "", 10)
				check := fmt.Sprintf("%02d", r.IntN(100))
				f.Text(*checkX+1, y, check)
				if *boxes {
					f.SetLineWidth(0.25)
					f.Rect(*checkX, y-3.9, f.GetStringWidth(check)+2, 4.6, "D")
				}
			}
			want = append(want, lines)
		}
		pdf := filepath.Join(*out, v.name+".pdf")
		if err := f.OutputFileAndClose(pdf); err != nil {
			fail(err)
		}
		prefix := filepath.Join(*out, v.name)
		if b, err := exec.Command("pdftoppm", "-r", "300", "-gray", "-png", pdf, prefix).CombinedOutput(); err != nil {
			fail(fmt.Errorf("pdftoppm: %s", b))
		}
		okW, okN, total := 0, 0, 0
		for p := range want {
			// pdftoppm pads the page numbers to the width of the last.
			pngPath := fmt.Sprintf("%s-%0*d.png", prefix, len(fmt.Sprint(len(want))), p+1)
			b, err := os.ReadFile(pngPath)
			if err != nil {
				fail(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				fail(err)
			}
			ph, err := photo.Take(img, 300, photo.Options{Megapixels: 12, Damage: photo.Plain, Seed: uint64(p*31+5) + *photoSeed*1_000_003})
			if err != nil {
				fail(err)
			}
			jp, _ := decodeJPEG(ph.JPEG)
			flat := photo.Flatten(jp, ph.Map, 210, 297, 300)
			flatPath := fmt.Sprintf("%s-%d-flat.png", prefix, p+1)
			var buf bytes.Buffer
			png.Encode(&buf, flat)
			os.WriteFile(flatPath, buf.Bytes(), 0o644)
			tw, _ := exec.Command("tesseract", flatPath, "stdout", "--psm", "6", "-c", "tessedit_char_whitelist="+v.white, "-c", "load_system_dawg=0", "-c", "load_freq_dawg=0").Output()
			tn, _ := exec.Command("tesseract", flatPath, "stdout", "--psm", "6").Output()
			fw, fn := photo.KeyLinesIn(string(tw)), photo.KeyLinesIn(string(tn))
			for _, l := range want[p] {
				total++
				if fw[l] {
					okW++
				} else if *verbose {
					fmt.Println("   miss", v.form(l), "|", near(string(tw), l))
				}
				if fn[l] {
					okN++
				}
			}
		}
		fmt.Printf("%-14s whitelist %3d/%d (%.1f%%)  plain %3d/%d (%.1f%%)\n", v.name, okW, total, 100*float64(okW)/float64(total), okN, total, 100*float64(okN)/float64(total))
	}
}

func near(text, l string) string {
	first := strings.Fields(l)[1]
	for _, row := range strings.Split(text, "\n") {
		if strings.Contains(strings.ToUpper(row), first) {
			return row
		}
	}
	return "?"
}

func decodeJPEG(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "fontbench:", err)
	os.Exit(1)
}

// parseVariant reads FONT-FORM-TRACKING[-SIZE].
func parseVariant(name string, fonts map[string]string) (variant, error) {
	p := strings.Split(name, "-")
	if len(p) < 3 || len(p) > 4 {
		return variant{}, fmt.Errorf("%q is not FONT-FORM-TRACKING[-SIZE]", name)
	}
	v := variant{name: name, font: fonts[p[0]], size: 13}
	if v.font == "" {
		return v, fmt.Errorf("%q: no font %q (give it with -font %s=FILE.ttf)", name, p[0], p[0])
	}
	switch p[1] {
	case "lower":
		v.form, v.white = lower, "abcdefghijklmnopqrstuvwxyz234567 "
	case "upper":
		v.form, v.white = upper, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567 "
	case "clq":
		v.form, v.white = mixed("clq"), "abCdefghijkLmnopQrstuvwxyz234567 "
	default:
		return v, fmt.Errorf("%q: the form is lower, upper or clq", name)
	}
	if _, err := fmt.Sscan(p[2], &v.tracking); err != nil {
		return v, fmt.Errorf("%q: tracking: %w", name, err)
	}
	if len(p) == 4 {
		if _, err := fmt.Sscan(p[3], &v.size); err != nil {
			return v, fmt.Errorf("%q: size: %w", name, err)
		}
	}
	return v, nil
}
