package printing

import (
	"context"
	"errors"
	"fmt"
	"image"

	"sparekey/interop"
)

// ReadPaperCopy brings a vault file back from pictures of a paper copy's
// pages (photos or scans, in any order; a page may be photographed twice).
// progress, if not nil, is called as the pictures are read (done of total
// steps). It returns the file's exact bytes, which the caller opens as a
// vault file (with the password or the recovery key), or an error in plain
// words: pages missing (naming them, and wrapping ErrPagesMissing), a
// picture with no code of the paper copy, codes of two different copies.
// It stops when ctx is cancelled and returns ctx's error.
func ReadPaperCopy(ctx context.Context, pictures []image.Image, progress func(done, total int)) ([]byte, error) {
	if len(pictures) == 0 {
		return nil, errors.New("no pictures to read the paper copy from")
	}
	var texts []string
	var blank []int
	for i, pic := range pictures {
		var sub func(done, total int)
		if progress != nil {
			sub = func(done, total int) { progress(i*total+done, len(pictures)*total) }
		}
		found, err := interop.ReadQRCodes(ctx, pic, sub)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		if err != nil && !errors.Is(err, interop.ErrNoQRCode) {
			return nil, fmt.Errorf("picture %d: %w", i+1, err)
		}
		any := false
		for _, t := range found {
			if IsPaperCopyCode(t) {
				any = true
				texts = append(texts, t)
			}
		}
		if !any {
			blank = append(blank, i+1)
		}
	}
	file, err := DecodePaperCopy(texts)
	if err != nil && len(blank) > 0 {
		return nil, fmt.Errorf("%w (no code of the paper copy was found in %s; pages of the file's text have none, but if one of those is a page of codes, a sharper, closer photo may help)", err, picturesWords(blank))
	}
	return file, err
}

func picturesWords(p []int) string {
	s := pagesWords(p)
	if len(p) == 1 {
		return "picture" + s[len("page"):]
	}
	return "pictures" + s[len("pages"):]
}
