// Command photobench measures how well printed recovery sheets come back
// from phone photos. It prints a sheet of 30 made-up keys on A4 and on
// Letter, renders every page with pdftoppm at 300 dpi, photographs each page
// in every condition (package printing/internal/photo: tilted 10 to 25
// degrees, seen at an angle, uneven light, out of focus, JPEG quality 60; 12
// and 2 megapixels; the paper plain, folded, crumpled, coffee-stained, faded
// or photocopied twice), and reads every photo with Sparekey's own reader
// (interop.ReadQRCodes) and with zbarimg. It counts, for each condition and
// paper size, the keys whose exact link came back, and any link that came
// back wrong. With -ocr it also flattens the plain 12-megapixel photos (as
// a phone's scanning app does), has tesseract read them, and counts the key
// lines read exactly. With -papercopy it measures the paper copy of a vault
// file holding the keys instead (codes read, pages whole, and whether the
// file came back from each condition's photos).
//
//	go run ./printing/photobench -out /tmp/bench
//	go run ./printing/photobench -out /tmp/bench -papercopy
//
// Everything is seeded: the same flags give the same photos and figures.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"sparekey/interop"
	"sparekey/printing"
	"sparekey/printing/internal/photo"
	"sparekey/printing/internal/testkeys"
	"sparekey/vault"
)

func main() {
	out := flag.String("out", "", "folder for the pages and photos (default: a new temporary folder)")
	keys := flag.Int("keys", 30, "how many keys the sheet has")
	seed := flag.Uint64("seed", 1, "seed of the keys and the photos")
	papers := flag.String("papers", "a4,letter", "paper sizes")
	damages := flag.String("damage", "plain,folded,crumpled,coffee,faded,photocopied", "kinds of damage")
	mps := flag.String("mp", "12,2", "megapixels of the photos")
	ocr := flag.Bool("ocr", false, "also read the key lines of the plain 12-megapixel photos with tesseract")
	noZbar := flag.Bool("nozbar", false, "do not run zbarimg")
	verbose = flag.Bool("v", false, "name each photo and what each reader missed")
	fresh = flag.Bool("fresh", false, "make the photos again even where they exist")
	paperCopy := flag.Bool("papercopy", false, "measure the paper copy of a vault file holding the keys instead of the sheet")
	flag.Parse()
	if *paperCopy {
		if err := runPaperCopy(*out, *keys, *seed, split(*papers), split(*damages), split(*mps), !*noZbar); err != nil {
			fmt.Fprintln(os.Stderr, "photobench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*out, *keys, *seed, split(*papers), split(*damages), split(*mps), *ocr, !*noZbar); err != nil {
		fmt.Fprintln(os.Stderr, "photobench:", err)
		os.Exit(1)
	}
}

var verbose, fresh *bool

func split(s string) []string { return strings.Split(s, ",") }

type tally struct {
	photos          int
	sparekey, zbar  int // keys recovered
	wrongS, wrongZ  int // links read that are not a key of the sheet
	spareTime       time.Duration
	ocrLines, ocrOK int
	ocrKeysOK       int // with tesseract limited to the key's characters
	ocrAreaOK       int // the same, each key's lines read on their own
}

// outDir makes the folder for the pages and photos: out, or a new
// temporary folder where out is empty.
func outDir(out string) (string, error) {
	if out == "" {
		return os.MkdirTemp("", "sparekey-photobench-")
	}
	return out, os.MkdirAll(out, 0o700)
}

// render writes pdf to out/name.pdf and renders its pages at 300 dpi into a
// folder of this run's own, so that runs sharing out do not read each
// other's half-written pages; done removes that folder.
func render(out, name string, pdf []byte) (pdfPath string, pages []string, done func(), err error) {
	pdfPath = filepath.Join(out, name+".pdf")
	if err := os.WriteFile(pdfPath, pdf, 0o600); err != nil {
		return "", nil, nil, err
	}
	pagesDir, err := os.MkdirTemp(out, "pages-")
	if err != nil {
		return "", nil, nil, err
	}
	done = func() { os.RemoveAll(pagesDir) }
	prefix := filepath.Join(pagesDir, name)
	if b, err := exec.Command("pdftoppm", "-r", "300", "-gray", "-png", pdfPath, prefix).CombinedOutput(); err != nil {
		done()
		return "", nil, nil, fmt.Errorf("pdftoppm: %v: %s", err, b)
	}
	pages, _ = filepath.Glob(prefix + "-*.png")
	sort.Strings(pages)
	return pdfPath, pages, done, nil
}

// takePhoto is the photo of a page kept at jpgPath, taken (and kept) where
// there is none yet or -fresh asks: a run in the same folder reads the
// photos again, to try another reader quickly. ph is nil where the photo
// was read back.
func takePhoto(jpgPath string, page image.Image, o photo.Options) (jpegBytes []byte, ph *photo.Photo, err error) {
	if jpegBytes, err = os.ReadFile(jpgPath); err == nil && !*fresh {
		return jpegBytes, nil, nil
	}
	if ph, err = photo.Take(page, 300, o); err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(jpgPath+".tmp", ph.JPEG, 0o600); err != nil {
		return nil, nil, err
	}
	if err := os.Rename(jpgPath+".tmp", jpgPath); err != nil {
		return nil, nil, err
	}
	os.Remove(jpgPath + ".zbar")
	return ph.JPEG, ph, nil
}

func run(out string, n int, seed uint64, papers, damages, mps []string, ocr, useZbar bool) error {
	out, err := outDir(out)
	if err != nil {
		return err
	}
	entries := testkeys.Mixed(n, seed)
	// A sheet's code holds the link, or the link with the date it was
	// printed (vault.SheetParam) where that does not make the code bigger:
	// both are the key's link.
	printed := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	want := map[string]string{}
	var lines []string
	for _, e := range entries {
		want[e.URI()] = e.URI()
		want[e.SheetURI(printed)] = e.URI()
		for _, l := range vault.KeyLines(e.Secret, printing.KeyLineChars) {
			lines = append(lines, vault.GroupsOfFour(l))
		}
	}
	type key struct{ paper, cond string }
	results := map[key]*tally{}
	var order []key
	for _, paperName := range papers {
		paper, err := printing.ParsePaper(paperName)
		if err != nil {
			return err
		}
		pdf, err := printing.Sheet(entries, printing.Options{Paper: paper, Now: printed})
		if err != nil {
			return err
		}
		pdfPath, pages, done, err := render(out, string(paper), pdf)
		if err != nil {
			return err
		}
		defer done()
		fmt.Printf("%s: %d keys on %d pages\n", paper, n, len(pages))
		pw, ph := 210.0, 297.0
		if paper == printing.Letter {
			pw, ph = 215.9, 279.4
		}
		for _, mp := range mps {
			var megapixels float64
			fmt.Sscan(mp, &megapixels)
			for _, dmg := range damages {
				k := key{string(paper), dmg + " " + mp + " MP"}
				t := &tally{}
				results[k] = t
				order = append(order, k)
				gotS, gotZ := map[string]bool{}, map[string]bool{}
				ocrRead, ocrKeysRead, ocrAreaRead := map[string]bool{}, map[string]bool{}, map[string]bool{}
				didOCR := false
				for pi, pagePath := range pages {
					page, err := readPNG(pagePath)
					if err != nil {
						return err
					}
					ps := seed*1_000_003 + uint64(pi)*7919 + uint64(len(dmg))*104729 + uint64(megapixels)*31 + uint64(len(paper))
					jpgPath := filepath.Join(out, fmt.Sprintf("%s-%s-%smp-p%d.jpg", paper, dmg, mp, pi+1))
					jpegBytes, ph2, err := takePhoto(jpgPath, page, photo.Options{Megapixels: megapixels, Damage: photo.Damage(dmg), Seed: ps})
					if err != nil {
						return err
					}
					if *verbose {
						fmt.Println("  ", jpgPath)
					}
					t.photos++
					img, err := jpeg.Decode(bytes.NewReader(jpegBytes))
					if err != nil {
						return err
					}
					start := time.Now()
					texts, err := interop.ReadQRCodes(context.Background(), img, nil)
					t.spareTime += time.Since(start)
					if err != nil && !errors.Is(err, interop.ErrNoQRCode) {
						return err
					}
					for _, s := range texts {
						if u, ok := want[s]; ok {
							gotS[u] = true
						} else {
							t.wrongS++
							fmt.Printf("  WRONG (Sparekey) %s: %q\n", jpgPath, s)
						}
					}
					if useZbar {
						for _, s := range cachedZbarimg(jpgPath) {
							if u, ok := want[s]; ok {
								gotZ[u] = true
							} else {
								t.wrongZ++
								fmt.Printf("  WRONG (zbarimg) %s: %q\n", jpgPath, s)
							}
						}
					}
					if ocr && dmg == string(photo.Plain) && megapixels >= 12 {
						if ph2 == nil {
							if ph2, err = photo.Take(page, 300, photo.Options{Megapixels: megapixels, Damage: photo.Damage(dmg), Seed: ps}); err != nil {
								return err
							}
						}
						flat := photo.Flatten(img, ph2.Map, pw, ph, 300)
						flatPath := strings.TrimSuffix(jpgPath, ".jpg") + "-flat.png"
						if err := writePNG(flatPath, flat); err != nil {
							return err
						}
						// tesseract as it comes, and as a program reading
						// keys would run it: only the characters a printed
						// key has, no dictionary.
						text, err := exec.Command("tesseract", flatPath, "stdout", "--psm", "6").Output()
						if err != nil {
							return fmt.Errorf("tesseract: %w", err)
						}
						keyText, err := readKeyText(flatPath)
						if err != nil {
							return err
						}
						for l := range photo.KeyLinesIn(string(text)) {
							ocrRead[l] = true
						}
						for l := range photo.KeyLinesIn(string(keyText)) {
							ocrKeysRead[l] = true
						}
						// As a phone's text recognition pointed at one key
						// reads it: each key's lines (with their numbers and
						// check boxes) cut out of the flattened photo.
						areas, err := keyAreas(pdfPath, pi+1, entries)
						if err != nil {
							return err
						}
						for ai, a := range areas {
							areaPath := fmt.Sprintf("%s-key%d.png", strings.TrimSuffix(flatPath, ".png"), ai+1)
							if err := writePNG(areaPath, crop(flat, a, 300)); err != nil {
								return err
							}
							areaText, err := readKeyText(areaPath)
							if err != nil {
								return err
							}
							for l := range photo.KeyLinesIn(string(areaText)) {
								ocrAreaRead[l] = true
							}
						}
						didOCR = true
					}
				}
				t.sparekey, t.zbar = len(gotS), len(gotZ)
				if didOCR {
					for _, l := range lines {
						t.ocrLines++
						if ocrRead[l] {
							t.ocrOK++
						}
						if ocrKeysRead[l] {
							t.ocrKeysOK++
						}
						if ocrAreaRead[l] {
							t.ocrAreaOK++
						} else if *verbose {
							fmt.Printf("   OCR missed line %s\n", l)
						}
					}
				}
				if *verbose {
					for _, e := range entries {
						if u := e.URI(); !gotS[u] || (useZbar && !gotZ[u]) {
							fmt.Printf("   missed %-30s Sparekey %v zbarimg %v\n", e.Name(), gotS[u], gotZ[u])
						}
					}
				}
				fmt.Printf("%-7s %-18s photos %2d  Sparekey %2d/%d (wrong %d, %.1f s a photo)  zbarimg %2d/%d (wrong %d)",
					k.paper, k.cond, t.photos, t.sparekey, n, t.wrongS, t.spareTime.Seconds()/float64(t.photos), t.zbar, n, t.wrongZ)
				if t.ocrLines > 0 {
					fmt.Printf("  OCR key lines: tesseract %d/%d, limited to key characters %d/%d, each key on its own %d/%d",
						t.ocrOK, t.ocrLines, t.ocrKeysOK, t.ocrLines, t.ocrAreaOK, t.ocrLines)
				}
				fmt.Println()
			}
		}
	}
	// The summary, as a Markdown table.
	fmt.Println()
	fmt.Println("| paper | photo | Sparekey | zbarimg |")
	fmt.Println("|---|---|---|---|")
	var sumS, sumZ, total, wrong int
	for _, k := range order {
		t := results[k]
		fmt.Printf("| %s | %s | %d/%d | %d/%d |\n", k.paper, k.cond, t.sparekey, n, t.zbar, n)
		sumS += t.sparekey
		sumZ += t.zbar
		total += n
		wrong += t.wrongS + t.wrongZ
	}
	fmt.Printf("| all | | %d/%d (%.1f%%) | %d/%d (%.1f%%) |\n", sumS, total, 100*float64(sumS)/float64(total), sumZ, total, 100*float64(sumZ)/float64(total))
	fmt.Printf("wrong links: %d\n", wrong)
	return nil
}

// readKeyText has tesseract read a picture as a program reading keys would
// run it: only the characters a printed key has, no dictionary.
func readKeyText(path string) ([]byte, error) {
	out, err := exec.Command("tesseract", path, "stdout", "--psm", "6",
		"-c", "tessedit_char_whitelist="+printing.KeyCharacters, "-c", "load_system_dawg=0", "-c", "load_freq_dawg=0").Output()
	if err != nil {
		return nil, fmt.Errorf("tesseract: %w", err)
	}
	return out, nil
}

// cachedZbarimg is zbarimg's reading of a photo, kept beside it.
func cachedZbarimg(path string) []string {
	if b, err := os.ReadFile(path + ".zbar"); err == nil {
		var got []string
		for _, s := range strings.Split(string(b), "\n\x00") {
			if s != "" {
				got = append(got, s)
			}
		}
		return got
	}
	got := zbarimg(path)
	os.WriteFile(path+".zbar", []byte(strings.Join(got, "\n\x00")+"\n\x00"), 0o600)
	return got
}

func zbarimg(path string) []string {
	out, _ := exec.Command("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path).Output()
	var got []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			got = append(got, l)
		}
	}
	return got
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// area is a rectangle on a page, in millimetres from its top-left corner.
type area struct{ x0, y0, x1, y1 float64 }

var bboxWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

// keyAreas finds, with pdftotext -bbox, where each key's lines are printed
// on the page: the words of its lines in a row, grown to take in the line
// numbers before them and the check boxes after them.
func keyAreas(pdfPath string, page int, entries []*vault.Entry) ([]area, error) {
	out, err := exec.Command("pdftotext", "-bbox", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), pdfPath, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext -bbox: %w", err)
	}
	type word struct {
		text string
		a    area
	}
	var words []word
	const mmPerPt = 25.4 / 72
	for _, m := range bboxWord.FindAllStringSubmatch(string(out), -1) {
		var w word
		fmt.Sscan(m[1], &w.a.x0)
		fmt.Sscan(m[2], &w.a.y0)
		fmt.Sscan(m[3], &w.a.x1)
		fmt.Sscan(m[4], &w.a.y1)
		w.a = area{w.a.x0 * mmPerPt, w.a.y0 * mmPerPt, w.a.x1 * mmPerPt, w.a.y1 * mmPerPt}
		w.text = m[5]
		words = append(words, w)
	}
	var areas []area
	for _, e := range entries {
		var a area
		found := false
		for _, l := range vault.KeyLines(e.Secret, printing.KeyLineChars) {
			groups := strings.Fields(printing.PrintedKey(l))
		search:
			for i := 0; i+len(groups) <= len(words); i++ {
				for j, g := range groups {
					if words[i+j].text != g {
						continue search
					}
				}
				la := area{words[i].a.x0, words[i].a.y0, words[i+len(groups)-1].a.x1, words[i].a.y1}
				if !found {
					a, found = la, true
				} else {
					a = area{min(a.x0, la.x0), min(a.y0, la.y0), max(a.x1, la.x1), max(a.y1, la.y1)}
				}
				break
			}
		}
		if found {
			areas = append(areas, area{a.x0 - 8, a.y0 - 1.5, a.x1 + 16, a.y1 + 1.5})
		}
	}
	return areas, nil
}

// crop cuts a out of a page picture of dpi dots per inch.
func crop(img *image.Gray, a area, dpi float64) image.Image {
	px := dpi / 25.4
	r := image.Rect(int(a.x0*px), int(a.y0*px), int(a.x1*px), int(a.y1*px)).Intersect(img.Rect)
	return img.SubImage(r)
}
