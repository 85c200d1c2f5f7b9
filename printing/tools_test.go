package printing

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"sparekey/internal/tooltest"
	"sparekey/vault"
)

// imageMagick finds ImageMagick's convert under a name that no stand-in
// takes first.
func imageMagick(t testing.TB) string {
	return tooltest.Find(t, "convert-im6.q16", "magick", "convert")
}

func runTool(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// printedSheet is the 32-key test sheet, made once and shared by the tests
// that read it back with real tools.
type printedSheet struct {
	dir     string
	pdf     []byte
	path    string
	lay     *sheetLayout
	entries []*testKey
	renders sync.Map // dpi -> []string (page PNGs)
}

type testKey struct {
	uri, secret, name string
}

var (
	sheetOnce sync.Once
	shared    *printedSheet
	sharedErr error
	sharedDir string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

func testSheet(t *testing.T) *printedSheet {
	t.Helper()
	sheetOnce.Do(func() {
		es := testEntries(32, 1)
		pdf, lay, err := sheet(es, Options{Now: testNow})
		if err != nil {
			sharedErr = err
			return
		}
		sharedDir, err = os.MkdirTemp("", "sparekey-sheet-test-")
		if err != nil {
			sharedErr = err
			return
		}
		s := &printedSheet{dir: sharedDir, pdf: pdf, lay: lay, path: filepath.Join(sharedDir, "sheet.pdf")}
		for _, e := range es {
			s.entries = append(s.entries, &testKey{uri: sheetLink(e, testNow), secret: e.Secret, name: e.Name()})
		}
		sharedErr = os.WriteFile(s.path, pdf, 0o600)
		shared = s
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// pages renders the sheet at dpi with pdftoppm, once per resolution.
func (s *printedSheet) pages(t *testing.T, dpi int) []string {
	t.Helper()
	if p, ok := s.renders.Load(dpi); ok {
		return p.([]string)
	}
	pdftoppm := tooltest.Find(t, "pdftoppm")
	prefix := filepath.Join(s.dir, fmt.Sprintf("r%d", dpi))
	runTool(t, pdftoppm, "-r", fmt.Sprint(dpi), "-gray", "-png", s.path, prefix)
	files, _ := filepath.Glob(prefix + "-*.png")
	sort.Strings(files)
	if len(files) != s.lay.pages {
		t.Fatalf("pdftoppm made %d pages, the layout has %d", len(files), s.lay.pages)
	}
	s.renders.Store(dpi, files)
	return files
}

// zbar reads every QR code in a picture.
func zbar(t *testing.T, png string) []string {
	t.Helper()
	zbarimg := tooltest.Find(t, "zbarimg")
	cmd := exec.Command(zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png)
	out, err := cmd.Output()
	// zbarimg exits 4 when it finds no code at all: that is a result here.
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 4) {
		t.Fatalf("zbarimg %s: %v", png, err)
	}
	var got []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			got = append(got, l)
		}
	}
	return got
}

// checkScans compares what zbarimg read on each page with the keys laid out
// there, and returns how many were read exactly.
func (s *printedSheet) checkScans(t *testing.T, pngs []string) int {
	t.Helper()
	read := 0
	for p, png := range pngs {
		want := map[string]int{}
		for _, b := range s.lay.blocks {
			if b.page == p+1 {
				want[s.entries[b.entry].uri]++
			}
		}
		got := zbar(t, png)
		for _, g := range got {
			if want[g] > 0 {
				want[g]--
				read++
				continue
			}
			t.Errorf("page %d: zbarimg read %q, which is not a key of that page", p+1, g)
		}
		for uri, n := range want {
			if n > 0 {
				t.Errorf("page %d: the QR code of %s was not read", p+1, uri)
			}
		}
	}
	return read
}

func TestSheetQRCodesScanAt150DPI(t *testing.T) {
	s := testSheet(t)
	read := s.checkScans(t, s.pages(t, 150))
	t.Logf("zbarimg, clean 150 dpi render: %d of %d QR codes read to the exact link (%.0f%%)",
		read, len(s.entries), 100*float64(read)/float64(len(s.entries)))
}

// TestSheetQRCodesScanAfterPoorCopy makes a poor photocopy of each page and
// scans that: rendered at only 100 dpi, then with ImageMagick
//
//	convert -seed 1 PAGE.png -blur 0x0.8 -background white -rotate 2 \
//	    -attenuate 0.6 +noise Gaussian -colorspace Gray COPY.png
//
// (blurred, turned 2 degrees, speckled with noise; the seed keeps the noise
// the same from run to run, and other seeds read as well).
func TestSheetQRCodesScanAfterPoorCopy(t *testing.T) {
	s := testSheet(t)
	convert := imageMagick(t)
	var copies []string
	for _, png := range s.pages(t, 100) {
		out := strings.TrimSuffix(png, ".png") + "-copy.png"
		runTool(t, convert, "-seed", "1", png, "-blur", "0x0.8", "-background", "white", "-rotate", "2",
			"-attenuate", "0.6", "+noise", "Gaussian", "-colorspace", "Gray", out)
		copies = append(copies, out)
	}
	read := s.checkScans(t, copies)
	t.Logf("zbarimg, degraded copy (100 dpi, blur, 2° rotation, noise): %d of %d QR codes read to the exact link (%.0f%%)",
		read, len(s.entries), 100*float64(read)/float64(len(s.entries)))
}

// TestSheetKeyLinesReadByOCR renders the sheet at 300 dpi, cuts out every
// key line (the layout says where each is) and has one tesseract run read
// them all, a line a picture, the way a program reading keys would run it:
// only the characters a printed key has (small letters but C, L and Q,
// and 2 to 7), no dictionary. At least 90% of the lines must come back
// exactly (this form reads 93.8%; all small letters read 87.5%, and Go
// Mono Bold in capitals, an earlier form, about 55% this way); the check
// number on each line catches the others.
// printing/photobench -ocr measures the same from phone photos.
func TestSheetKeyLinesReadByOCR(t *testing.T) {
	s := testSheet(t)
	tesseract := tooltest.Find(t, "tesseract")
	convert := imageMagick(t)
	const dpi = 300
	px := func(mm float64) int { return int(mm*dpi/25.4 + 0.5) }
	dir := filepath.Join(s.dir, "lines")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var want []string  // key lines, in order
	var files []string // one picture per line, in order
	for p, png := range s.pages(t, dpi) {
		args := []string{png}
		for _, b := range s.lay.blocks {
			if b.page != p+1 {
				continue
			}
			for _, l := range b.keyLines {
				want = append(want, l.text)
				f := filepath.Join(dir, fmt.Sprintf("%05d.png", len(files)))
				files = append(files, f)
				args = append(args, "(", "+clone", "-crop",
					fmt.Sprintf("%dx%d+%d+%d", px(l.w+2), px(l.h+1), px(l.x-1), px(l.y-0.5)),
					"+repage", "-bordercolor", "white", "-border", "20",
					"-write", f, "+delete", ")")
			}
		}
		runTool(t, convert, append(args, "null:")...)
	}
	list := filepath.Join(s.dir, "lines.txt")
	if err := os.WriteFile(list, []byte(strings.Join(files, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := runTool(t, tesseract, list, "stdout", "--psm", "7",
		"-c", "tessedit_char_whitelist="+KeyCharacters, "-c", "load_system_dawg=0", "-c", "load_freq_dawg=0")
	// tesseract ends each picture's answer with a form feed.
	answers := strings.Split(string(out), "\f")
	exact := 0
	for n, w := range want {
		got := ""
		if n < len(answers) {
			got = strings.Join(strings.Fields(answers[n]), " ")
		}
		if got == w {
			exact++
			continue
		}
		t.Logf("key line %d: tesseract read %q, printed %q", n+1, got, w)
	}
	t.Logf("tesseract, 300 dpi: %d of %d key lines read exactly (%.1f%%)", exact, len(want), 100*float64(exact)/float64(len(want)))
	if float64(exact) < 0.90*float64(len(want)) {
		t.Errorf("tesseract read %d of %d key lines exactly, want at least 90%%", exact, len(want))
	}
}

// TestSheetTextOfEachPage reads each page's text with pdftotext: the full
// explanations on page 1 and a reminder on the others, the date, "Stored
// at" and "Page x of y" on every page; then each key's block alone (cut out
// where the layout put it): its lines together and numbered, in small
// letters, each with its right check code, giving back exactly its key.
func TestSheetTextOfEachPage(t *testing.T) {
	s := testSheet(t)
	pdftotext := tooltest.Find(t, "pdftotext")
	var all strings.Builder
	for p := 1; p <= s.lay.pages; p++ {
		text := string(runTool(t, pdftotext, "-layout", "-f", fmt.Sprint(p), "-l", fmt.Sprint(p), s.path, "-"))
		flat := strings.Join(strings.Fields(text), " ")
		all.WriteString(flat + " ")
		want := []string{"Anyone holding this paper can make your login codes",
			"printed on 26 November 2026", "Stored at:", fmt.Sprintf("Page %d of %d", p, s.lay.pages)}
		if p == 1 {
			want = append(want, "Sparekey recovery sheet: your two-step login keys", "What this is.", "How to use it.", "Keep it secret.",
				"Enter a setup key", "Restore a key from paper", "another building")
		} else {
			want = append(want, "Sparekey recovery sheet (continued)", "How to use it: page 1")
		}
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("page %d lacks %q", p, w)
			}
		}
	}
	for _, b := range s.lay.blocks {
		text := s.blockText(t, b)
		all.WriteString(strings.Join(strings.Fields(text), " ") + " ")
		key := ""
		next := 1
		for _, row := range strings.Split(text, "\n") {
			n, line, check, ok := keyRow(row)
			if !ok {
				continue
			}
			if n != next {
				t.Errorf("page %d, %s: key line %d comes where line %d should", b.page, s.entries[b.entry].name, n, next)
			}
			next = n + 1
			for _, c := range line {
				if !strings.ContainsRune(KeyCharacters, c) {
					t.Errorf("page %d: key line %q holds %q, which the printed form does not use (small letters but C, L and Q, and 2 to 7)", b.page, line, c)
				}
			}
			line = strings.ToUpper(line)
			key += line
			if want := vault.LineCheck(n, line); check != want {
				t.Errorf("page %d: line %d %q is printed with check %s, want %s", b.page, n, line, check, want)
			}
		}
		if key != s.entries[b.entry].secret {
			t.Errorf("page %d, %s: the key read from its block is %q, want %q", b.page, s.entries[b.entry].name, key, s.entries[b.entry].secret)
		}
	}
	// Latin, Greek and Cyrillic names print as they are; a script the
	// fonts lack prints as ? with a word that the QR code has the name.
	for _, name := range []string{
		"Électricité de France", "renée.dupont@example.fr", "Яндекс", "иван.петров",
		"Τράπεζα Πειραιώς", "Zürcher Kantonalbank", "jürg.müller",
		"Łódź Bank Spółdzielczy", "zażółć.gęślą", "São Paulo Prefeitura", "joão.conceição",
		"Госуслуги", "Κυβέρνηση", "Bank of Åland", "gamer_ñandú",
		"?? wechat user", "Letters that cannot be printed show as ?",
	} {
		if !strings.Contains(all.String(), name) {
			t.Errorf("the sheet's text lacks %q", name)
		}
	}
}

// blockText is the text of one key's block alone, as pdftotext -layout
// reads it from where the layout put the block.
func (s *printedSheet) blockText(t *testing.T, b placed) string {
	t.Helper()
	const pt = 72 / 25.4
	return string(runTool(t, tooltest.Find(t, "pdftotext"), "-layout", "-r", "72", "-f", fmt.Sprint(b.page), "-l", fmt.Sprint(b.page),
		"-x", fmt.Sprint(int(b.x*pt)), "-y", fmt.Sprint(int(b.y*pt)), "-W", fmt.Sprint(int(b.w*pt)+1), "-H", fmt.Sprint(int(b.h*pt)+1), s.path, "-"))
}

// keyRow reads a printed key line from a row of pdftotext -layout output:
// "... 3   W K R B   N M L C ...   68" (the spread-out letters may come
// back with spaces between them).
func keyRow(row string) (n int, line, check string, ok bool) {
	f := strings.Fields(row)
	if len(f) < 3 {
		return 0, "", "", false
	}
	check = f[len(f)-1]
	if len(check) != 2 || check[0] < '0' || check[0] > '9' || check[1] < '0' || check[1] > '9' {
		return 0, "", "", false
	}
	// From the right: the key's letters (one field per group, or per
	// letter), then the line number.
	i := len(f) - 2
	start := i
	for i >= 0 && len(f[i]) <= 4 && (isBase32(f[i]) || isNumber(f[i])) {
		i--
	}
	run := f[i+1 : start+1]
	if len(run) < 2 || !isNumber(run[0]) {
		return 0, "", "", false
	}
	fmt.Sscan(run[0], &n)
	line = strings.Join(run[1:], "")
	if n < 1 || !isBase32(line) {
		return 0, "", "", false
	}
	return n, line, check, true
}

func isBase32(s string) bool {
	for _, r := range strings.ToUpper(s) {
		if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return s != ""
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != "" && s[0] != '0'
}
