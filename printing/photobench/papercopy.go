package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"time"

	"sparekey/interop"
	"sparekey/printing"
	"sparekey/printing/internal/photo"
	"sparekey/printing/internal/testkeys"
	"sparekey/vault"
)

// runPaperCopy measures the paper copy (printing.PaperCopy) as run does the
// sheet: a real vault file holding n made-up keys, printed on each paper, each page of codes rendered at 300
// dpi and photographed in every condition. For each condition it counts the
// codes each reader got, the pages whose every code was read, and whether
// printing.ReadPaperCopy gave back the exact file from that condition's
// photos alone.
func runPaperCopy(out string, n int, seed uint64, papers, damages, mps []string, useZbar bool) error {
	out, err := outDir(out)
	if err != nil {
		return err
	}
	file, err := vaultFile(out, n, seed)
	if err != nil {
		return err
	}
	fmt.Println("| paper | photo | Sparekey: codes | pages whole | file back | zbarimg: codes | pages whole |")
	fmt.Println("|---|---|---|---|---|---|---|")
	var sumS, sumZ, sumCodes, filesBack, sets int
	for _, paperName := range papers {
		paper, err := printing.ParsePaper(paperName)
		if err != nil {
			return err
		}
		var pdf bytes.Buffer
		if err := printing.PaperCopy(&pdf, file, printing.Options{Paper: paper, Now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}); err != nil {
			return err
		}
		_, pagePaths, done, err := render(out, "papercopy-"+string(paper), pdf.Bytes())
		if err != nil {
			return err
		}
		defer done()
		// The codes each page holds, as read from the clean render: a
		// page without codes (the text) is not photographed.
		type codePage struct {
			img   image.Image
			codes map[string]bool
		}
		var pages []codePage
		var all []string
		for _, p := range pagePaths {
			img, err := readPNG(p)
			if err != nil {
				return err
			}
			texts, err := interop.ReadQRCodes(context.Background(), img, nil)
			if err != nil && !errors.Is(err, interop.ErrNoQRCode) {
				return err
			}
			codes := map[string]bool{}
			for _, s := range texts {
				if printing.IsPaperCopyCode(s) {
					codes[s] = true
					all = append(all, s)
				}
			}
			if len(codes) > 0 {
				pages = append(pages, codePage{img, codes})
			}
		}
		if back, err := printing.DecodePaperCopy(all); err != nil || !bytes.Equal(back, file) {
			return fmt.Errorf("%s: the clean pages do not give the file back (%v)", paper, err)
		}
		fmt.Fprintf(os.Stderr, "%s: a vault file of %d keys, %d bytes, %d codes on %d pages of codes (%d pages in all)\n", paper, n, len(file), len(all), len(pages), len(pagePaths))
		for _, mp := range mps {
			var megapixels float64
			fmt.Sscan(mp, &megapixels)
			for _, dmg := range damages {
				var gotS, gotZ, wholeS, wholeZ int
				var read []string
				for pi, page := range pages {
					ps := seed*1_000_003 + uint64(pi)*7919 + uint64(len(dmg))*104729 + uint64(megapixels)*31 + uint64(len(paper)) + 555
					jpgPath := filepath.Join(out, fmt.Sprintf("papercopy-%s-%s-%smp-p%d.jpg", paper, dmg, mp, pi+1))
					jpegBytes, _, err := takePhoto(jpgPath, page.img, photo.Options{Megapixels: megapixels, Damage: photo.Damage(dmg), Seed: ps})
					if err != nil {
						return err
					}
					img, err := jpeg.Decode(bytes.NewReader(jpegBytes))
					if err != nil {
						return err
					}
					texts, err := interop.ReadQRCodes(context.Background(), img, nil)
					if err != nil && !errors.Is(err, interop.ErrNoQRCode) {
						return err
					}
					n := countCodes(texts, page.codes)
					read = append(read, texts...)
					gotS += n
					if n == len(page.codes) {
						wholeS++
					}
					if useZbar {
						nz := countCodes(cachedZbarimg(jpgPath), page.codes)
						gotZ += nz
						if nz == len(page.codes) {
							wholeZ++
						}
					}
					if *verbose && n < len(page.codes) {
						fmt.Fprintf(os.Stderr, "   %s: Sparekey read %d of %d codes\n", jpgPath, n, len(page.codes))
					}
				}
				back, err := printing.DecodePaperCopy(read)
				ok := err == nil && bytes.Equal(back, file)
				if ok {
					filesBack++
				}
				sets++
				sumS += gotS
				sumZ += gotZ
				sumCodes += len(all)
				zb := "(not run)"
				if useZbar {
					zb = fmt.Sprintf("%d/%d | %d/%d", gotZ, len(all), wholeZ, len(pages))
				}
				fmt.Printf("| %s | %s %s MP | %d/%d | %d/%d | %s | %s |\n", paper, dmg, mp, gotS, len(all), wholeS, len(pages), yesNo(ok), zb)
			}
		}
	}
	fmt.Printf("| all | | %d/%d (%.1f%%) | | %d/%d | %d/%d (%.1f%%) | |\n", sumS, sumCodes, 100*float64(sumS)/float64(sumCodes), filesBack, sets, sumZ, sumCodes, 100*float64(sumZ)/float64(sumCodes))
	return nil
}

// countCodes counts the texts read that are codes of the page (each once),
// and says any paper copy code read that is not one of them (read wrong).
func countCodes(texts []string, codes map[string]bool) int {
	seen := map[string]bool{}
	for _, s := range texts {
		if codes[s] {
			seen[s] = true
		} else if printing.IsPaperCopyCode(s) {
			fmt.Printf("  WRONG code read: %q\n", s)
		}
	}
	return len(seen)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// vaultFile makes a vault file holding the n made-up keys of the sheet (with
// a light work factor: the paper does not depend on it) and returns its
// bytes. A vault file is never made twice alike (its salt and keys are
// random), so it is kept in out with the photos of its pages, and read back
// by a later run there unless -fresh.
func vaultFile(out string, n int, seed uint64) ([]byte, error) {
	kept := filepath.Join(out, fmt.Sprintf("papercopy-%d-keys-seed-%d.sparekey", n, seed))
	if b, err := os.ReadFile(kept); err == nil && !*fresh {
		return b, nil
	}
	dir, err := os.MkdirTemp(out, "vault-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bench.sparekey")
	v, _, err := vault.Create(path, "a photobench password", vault.WithWorkFactor(10))
	if err != nil {
		return nil, err
	}
	defer v.Close()
	var entries []vault.Entry
	for _, e := range testkeys.Mixed(n, seed) {
		entries = append(entries, *e)
	}
	if _, errs := v.AddAll(entries); errors.Join(errs...) != nil {
		return nil, errors.Join(errs...)
	}
	if err := v.Save(); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// Photos of another file's pages must not be read as this one's.
	old, _ := filepath.Glob(filepath.Join(out, "papercopy-*.jpg*"))
	for _, o := range old {
		os.Remove(o)
	}
	return b, os.WriteFile(kept, b, 0o600)
}
