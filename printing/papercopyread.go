package printing

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"sparekey/interop"
)

// MaxPaperCopyPictures bounds how many pictures ReadPaperCopy reads: a
// paper copy of the largest vault Sparekey makes is far fewer pages.
const MaxPaperCopyPictures = 200

// ReadPaperCopy brings a vault file back from pictures of a paper copy's
// pages (photos or scans, in any order; a page may be photographed twice).
// Each picture is decoded when its turn comes (interop.Picture: Image, Data
// or Open), so that many photos are not in memory at once. progress, if not
// nil, is called as the pictures are read (done of total steps). It returns
// the file's exact bytes, which the caller opens as a vault file (with the
// password or the recovery key; see backup.OpenData), or an error in plain
// words: pages missing (naming them, and wrapping ErrPagesMissing), a
// picture with no code of the paper copy, codes of two different copies.
// unread names the pages whose codes were not all read, where the spare codes
// stood in for them (see UnreadPagesWords). It stops when ctx is cancelled
// and returns ctx's error.
func ReadPaperCopy(ctx context.Context, pictures []interop.Picture, progress func(done, total int)) (file []byte, unread []int, err error) {
	if len(pictures) == 0 {
		return nil, nil, errors.New("no pictures to read the paper copy from")
	}
	if len(pictures) > MaxPaperCopyPictures {
		return nil, nil, fmt.Errorf("%d pictures is more than a paper copy has pages; choose the photos of its pages only (at most %d)", len(pictures), MaxPaperCopyPictures)
	}
	const per = 1000
	var texts []string
	var blank []string
	for i, pic := range pictures {
		name := pic.Name
		if name == "" {
			name = fmt.Sprintf("picture %d", i+1)
		}
		img, err := pic.Decode()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		found, err := interop.ReadQRCodes(ctx, img, func(done, steps int) {
			if progress != nil && steps > 0 {
				progress(i*per+done*per/steps, len(pictures)*per)
			}
		})
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, nil, ctxErr
		}
		if err != nil && !errors.Is(err, interop.ErrNoQRCode) {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		any := false
		for _, t := range found {
			if IsPaperCopyCode(t) {
				any = true
				texts = append(texts, t)
			}
		}
		if !any {
			blank = append(blank, name)
		}
		if progress != nil {
			progress((i+1)*per, len(pictures)*per)
		}
	}
	file, unread, err = decodePaperCopy(texts)
	if err != nil && len(blank) > 0 {
		return nil, nil, fmt.Errorf("%w (no code of the paper copy was found in %s; the pages of the file's text have none, but if one of those is a page of codes, a sharper, closer photo may help)", err, namesWords(blank))
	}
	return file, unread, err
}

// UnreadPagesWords says, for a person, that the codes of the pages given
// (as ReadPaperCopy returns them) were not all read but the spare codes stood
// in; "" when there are none.
func UnreadPagesWords(pages []int) string {
	if len(pages) == 0 {
		return ""
	}
	return "Some square codes on " + pagesWords(pages) + " could not be read (a blurred photo, or a stained or torn page); the spare codes stood in for them, and nothing is missing. If that paper is damaged, print a new paper copy once your keys are back."
}

// namesWords joins names as a sentence does: "a", "a and b", "a, b and c".
func namesWords(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
