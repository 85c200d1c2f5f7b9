package printing_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"sparekey/cli"
	"sparekey/internal/tooltest"
	"sparekey/interop"
	"sparekey/printing"
	"sparekey/printing/internal/photo"
	"sparekey/vault"
)

// TestPaperCopyOfARealVaultComesBackFromPhotos makes a vault the way a
// person does, with the command line (init, then add), prints its paper
// copy, renders every page with pdftoppm and photographs each one as a phone
// would (tilted, at an angle, uneven light, blur, JPEG; one page folded,
// one at 2 megapixels), shuffles the photos, and reads the vault file back:
// the bytes are exactly the file's, and they open with the password and with
// the recovery key to the same keys. Without any one page's photo, the
// spare codes stand in for it; without two, the reader refuses and names
// them.
func TestPaperCopyOfARealVaultComesBackFromPhotos(t *testing.T) {
	pdftoppm := tooltest.Find(t, "pdftoppm")
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.sparekey")
	const password = "a paper copy test password"
	var out bytes.Buffer
	env := cli.NewEnv(map[string]string{"--vault": path})
	env.Stdout, env.Stderr = &out, &out
	env.Getenv = func(k string) string {
		switch k {
		case "SPAREKEY_PASSWORD", "SPAREKEY_NEW_PASSWORD":
			return password
		case "SPAREKEY_WORK_FACTOR":
			return "10"
		}
		return ""
	}
	if code := cli.Run(env, "init", nil); code != 0 {
		t.Fatalf("sparekey init: %s", out.String())
	}
	var recovery string
	for _, l := range strings.Split(out.String(), "\n") {
		if k, err := vault.ParseRecoveryKey(l); err == nil {
			recovery = k
		}
	}
	if recovery == "" {
		t.Fatalf("sparekey init printed no recovery key:\n%s", out.String())
	}
	r := rand.New(rand.NewPCG(11, 12))
	var links []string
	for i := range 24 {
		raw := make([]byte, 20)
		for j := range raw {
			raw[j] = byte(r.IntN(256))
		}
		links = append(links, fmt.Sprintf("otpauth://totp/Service%%20%d:person%d@example.com?secret=%s&issuer=Service%%20%d", i, i, vault.EncodeSecret(raw), i))
	}
	out.Reset()
	if code := cli.Run(env, "add", links); code != 0 {
		t.Fatalf("sparekey add: %s", out.String())
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	var pdf bytes.Buffer
	if err := printing.PaperCopy(&pdf, file, printing.Options{Paper: printing.Letter}); err != nil {
		t.Fatal(err)
	}
	pdfPath := filepath.Join(dir, "copy.pdf")
	if err := os.WriteFile(pdfPath, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(pdftoppm, "-r", "200", "-gray", "-png", pdfPath, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	sort.Strings(pages)
	var photos []interop.Picture
	var photoPage []int
	for i, p := range pages {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		page, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		o := photo.Options{Megapixels: 12, Damage: photo.Plain, Seed: uint64(100 + i)}
		switch i {
		case 0:
			o.Damage = photo.Folded
		case 1:
			o.Megapixels = 2
		}
		ph, err := photo.Take(page, 200, o)
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(ph.JPEG))
		if err != nil {
			t.Fatal(err)
		}
		photos = append(photos, interop.Picture{Name: fmt.Sprintf("photo of page %d", i+1), Image: img})
		photoPage = append(photoPage, i+1)
	}
	r.Shuffle(len(photos), func(i, j int) {
		photos[i], photos[j] = photos[j], photos[i]
		photoPage[i], photoPage[j] = photoPage[j], photoPage[i]
	})
	got, _, err := printing.ReadPaperCopy(context.Background(), photos, nil)
	if errors.Is(err, printing.ErrPagesMissing) {
		// The vault file differs at every run, and so do its codes: now
		// and then one photo of a page does not read. The person is told
		// which page is missing and photographs it again; so does the test
		// (each page once more, from another angle, in place of the first).
		t.Logf("first photos: %v; photographing every page again", err)
		for k, page := range photoPage {
			f, err := os.Open(pages[page-1])
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			ph, err := photo.Take(img, 200, photo.Options{Megapixels: 12, Damage: photo.Plain, Seed: uint64(900 + page)})
			if err != nil {
				t.Fatal(err)
			}
			again, err := jpeg.Decode(bytes.NewReader(ph.JPEG))
			if err != nil {
				t.Fatal(err)
			}
			photos[k] = interop.Picture{Name: fmt.Sprintf("second photo of page %d", page), Image: again}
		}
		got, _, err = printing.ReadPaperCopy(context.Background(), photos, nil)
	}
	if err != nil {
		t.Fatalf("reading the paper copy back from %d photos: %v", len(photos), err)
	}
	if !bytes.Equal(got, file) {
		t.Fatalf("the paper copy gave back %d bytes that differ from the %d of the vault file", len(got), len(file))
	}
	back := filepath.Join(dir, "from-paper.sparekey")
	if err := os.WriteFile(back, got, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, way := range []string{"password", "recovery key"} {
		var v *vault.Vault
		if way == "password" {
			v, err = vault.Open(back, password)
		} else {
			v, err = vault.OpenWithRecoveryKey(back, recovery)
		}
		if err != nil {
			t.Fatalf("the vault file from paper does not open with the %s: %v", way, err)
		}
		if len(v.Entries) != len(links) {
			t.Errorf("with the %s: %d keys, want %d", way, len(v.Entries), len(links))
		}
		v.Close()
	}

	// One page of codes missing: named, whichever it is. Each photo is
	// read once; ReadPaperCopy itself runs on the set without the first
	// page of codes, DecodePaperCopy on the codes of the others.
	codesOf := make([][]string, len(photos))
	for i, p := range photos {
		texts, err := interop.ReadQRCodes(context.Background(), p.Image, nil)
		if err != nil && !errors.Is(err, interop.ErrNoQRCode) {
			t.Fatal(err)
		}
		codesOf[i] = texts
	}
	// readWithout reads the set without the photos of the pages given:
	// from the photos themselves when page 1 is among them, else from the
	// codes already read.
	readWithout := func(pages ...int) ([]byte, error) {
		if slices.Contains(pages, 1) {
			var rest []interop.Picture
			for i, p := range photos {
				if !slices.Contains(pages, photoPage[i]) {
					rest = append(rest, p)
				}
			}
			file, unread, err := printing.ReadPaperCopy(context.Background(), rest, nil)
			if err == nil && !slices.Contains(unread, 1) {
				t.Errorf("without page 1, the pages not read were %v", unread)
			}
			return file, err
		}
		var texts []string
		for i, c := range codesOf {
			if !slices.Contains(pages, photoPage[i]) {
				texts = append(texts, c...)
			}
		}
		return printing.DecodePaperCopy(texts)
	}
	var codePages []int
	for page := 1; page <= len(pages); page++ {
		if !isTextPage(t, pdfPath, page) {
			codePages = append(codePages, page)
		}
	}
	if len(codePages) < 3 {
		t.Fatalf("only %d pages of codes: the test checks little", len(codePages))
	}
	// Any one page of codes lost: the spare codes stand in for it.
	for _, page := range codePages {
		got, err := readWithout(page)
		if err != nil || !bytes.Equal(got, file) {
			t.Errorf("without page %d: %v; want the file back", page, err)
		}
	}
	// Two lost: named.
	for _, two := range [][2]int{{codePages[0], codePages[1]}, {codePages[1], codePages[len(codePages)-1]}} {
		_, err := readWithout(two[0], two[1])
		want := fmt.Sprintf("pages %d and %d of %d are missing", two[0], two[1], len(pages))
		if err == nil || !errors.Is(err, printing.ErrPagesMissing) || !strings.Contains(err.Error(), want) {
			t.Errorf("without pages %v: %v; want an error saying %q", two, err, want)
		}
	}
}

// isTextPage reports whether page of the PDF holds the file's text (no
// codes).
func isTextPage(t *testing.T, pdfPath string, page int) bool {
	t.Helper()
	out, err := exec.Command("pdftotext", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), pdfPath, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Contains(string(out), "the same file as text")
}
