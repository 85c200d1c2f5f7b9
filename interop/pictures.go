package interop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"net/url"
	"strings"

	"sparekey/vault"
)

// Reading many pictures at once: the screens Sparekey took a picture of,
// a picture pasted from the clipboard, or photos of every page of the
// recovery sheets. Every QR code in all of them is read once (a code seen in
// two pictures counts once), and each picture gets a line saying what was
// found in it and what could not be read.

// Picture is one picture to read the QR codes of. Give Image (a picture
// already in memory, such as a screen), Data (a file's bytes: PNG, JPEG,
// GIF or WebP) or Open (which reads the bytes when the picture's turn
// comes, so that a hundred photos are not all in memory at once).
type Picture struct {
	Name  string // as the person knows it: a file name, "screen 1", "the clipboard"
	Image image.Image
	Data  []byte
	Open  func() ([]byte, error)
}

// PictureReport is what one picture gave.
type PictureReport struct {
	Name string
	// Codes is how many QR codes were read in it; Again of them had been
	// read in an earlier picture already (and are counted there).
	Codes, Again int
	// Keys is how many keys its new codes hold; NotKeys how many of its new
	// codes are not 2FA codes; Damaged how many 2FA codes hold no key that
	// can be imported.
	Keys, NotKeys, Damaged int
	// Err says why nothing at all could be read (not a picture, no QR code
	// found), or why the reading stopped before the picture's end (it
	// wraps ErrCrowdedPicture: the codes above are those read until
	// then), or is nil.
	Err error
}

// String says in one line what the picture gave, e.g. "page-2.jpg: 6 keys
// (6 QR codes)" or "page-3.jpg: no QR code was found in it".
func (r PictureReport) String() string {
	if r.Err != nil && r.Codes == 0 {
		if errors.Is(r.Err, ErrNoQRCode) {
			return r.Name + ": no QR code was found in it"
		}
		return r.Name + ": " + strings.TrimSuffix(r.Err.Error(), ".")
	}
	var parts []string
	if r.Keys > 0 {
		parts = append(parts, vault.Count(r.Keys, "key", "keys"))
	}
	if r.NotKeys > 0 {
		parts = append(parts, vault.Count(r.NotKeys, "QR code that is not a 2FA code", "QR codes that are not 2FA codes"))
	}
	if r.Damaged > 0 {
		parts = append(parts, vault.Count(r.Damaged, "2FA code that cannot be imported", "2FA codes that cannot be imported"))
	}
	if r.Again > 0 {
		parts = append(parts, vault.Count(r.Again, "QR code already read in an earlier picture", "QR codes already read in an earlier picture"))
	}
	if len(parts) == 0 {
		return r.Name + ": nothing"
	}
	line := r.Name + ": " + strings.Join(parts, ", ") + " (" + vault.Count(r.Codes, "QR code", "QR codes") + ")"
	if r.Err != nil {
		line += "; " + strings.TrimSuffix(r.Err.Error(), ".")
	}
	return line
}

// ReadPictures reads every QR code in pics and what they hold: keys from
// otpauth:// codes and Google Authenticator transfer codes (a transfer
// whose other codes are in none of the pictures is a problem naming the
// missing ones), and a problem for each code that is not a 2FA code,
// saying what it is. It returns one report per picture, in order.
//
// progress, if not nil, is called as the work goes on with the work done
// and the total (in steps of a thousandth of a picture). When ctx is
// cancelled ReadPictures stops and returns what the pictures read so far
// gave, the reports of those pictures, and ctx's error.
func ReadPictures(ctx context.Context, pics []Picture, progress func(done, total int)) (*Found, []PictureReport, error) {
	const per = 1000
	total := len(pics) * per
	seen := map[string]bool{}
	var texts []string
	var problems []Problem
	var reports []PictureReport
	for i, p := range pics {
		if err := ctx.Err(); err != nil {
			return picturesFound(texts, problems), reports, err
		}
		report := PictureReport{Name: p.Name}
		img, err := p.Decode()
		var codes []string
		if err == nil {
			codes, err = ReadQRCodes(ctx, img, func(done, steps int) {
				if progress != nil && steps > 0 {
					progress(i*per+done*per/steps, total)
				}
			})
		}
		img = nil
		if ctx.Err() != nil && !errors.Is(err, ErrNoQRCode) && err != nil {
			// Stopped inside this picture: keep what it gave so far, but
			// say nothing of it (the person stopped it).
			err = nil
		}
		if errors.Is(err, ErrCrowdedPicture) && len(codes) > 0 {
			// The codes read are kept, and the report says where the
			// reading stopped.
			report.Err, err = err, nil
		}
		if err != nil {
			report.Err = err
			reports = append(reports, report)
			if progress != nil && ctx.Err() == nil {
				progress((i+1)*per, total)
			}
			continue
		}
		for _, text := range codes {
			report.Codes++
			if seen[text] {
				report.Again++
				continue
			}
			seen[text] = true
			if !isKeyLink(text) {
				report.NotKeys++
				problems = append(problems, Problem{Name: "A QR code in " + p.Name, Reason: notKeyReason(text)})
				continue
			}
			texts = append(texts, text)
			one := ReadLinks([]string{text})
			report.Keys += len(one.Entries)
			for _, pr := range one.Problems {
				if !pr.missingCodes {
					report.Damaged++
				}
			}
		}
		reports = append(reports, report)
		if progress != nil && ctx.Err() == nil {
			progress((i+1)*per, total)
		}
	}
	return picturesFound(texts, problems), reports, ctx.Err()
}

// picturesFound is what the codes read hold, with the problems of the codes
// that are not 2FA codes.
func picturesFound(links []string, problems []Problem) *Found {
	f := ReadLinks(links)
	f.Format = "QR code picture"
	f.Problems = append(problems, f.Problems...)
	return f
}

// Decode returns the picture, decoded, within the bounds every picture read
// by Sparekey keeps (at most 50 megapixels), or an error in plain words.
func (p Picture) Decode() (image.Image, error) {
	if p.Image != nil {
		b := p.Image.Bounds()
		if b.Dx()*b.Dy() > maxImagePixels {
			return nil, fmt.Errorf("this picture is too large to read (%d×%d)", b.Dx(), b.Dy())
		}
		return p.Image, nil
	}
	data := p.Data
	if data == nil && p.Open != nil {
		var err error
		if data, err = p.Open(); err != nil {
			return nil, err
		}
	}
	if !isImage(data) {
		return nil, errors.New("this is not a picture Sparekey can open (PNG, JPEG, GIF or WebP)")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("this picture is damaged: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return nil, fmt.Errorf("this picture is too large to read (%d×%d)", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("this picture is damaged: %w", err)
	}
	return img, nil
}

// IsPicture reports whether data starts like a picture Sparekey reads QR
// codes from (PNG, JPEG, GIF or WebP).
func IsPicture(data []byte) bool { return isImage(data) }

// isKeyLink reports whether a QR code's text is a 2FA code: an otpauth://
// setup link or a Google Authenticator transfer link.
func isKeyLink(text string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(text)), "otpauth")
}

// IsKeyLink reports whether text (a QR code's, or the clipboard's) is a 2FA
// setup link or a Google Authenticator transfer link, or a list of them,
// one a line.
func IsKeyLink(text string) bool {
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) != "" {
			return isKeyLink(line)
		}
	}
	return false
}

// notKeyReason says what a QR code that is not a 2FA code holds, without
// repeating its text (it may be anything): a web page's address is named
// by its site only.
func notKeyReason(text string) string {
	t := strings.TrimSpace(text)
	lower := strings.ToLower(t)
	const not = ", not a two-step login key (those start with otpauth://)."
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		if u, err := url.Parse(t); err == nil && u.Hostname() != "" {
			return "It is a link to a web page on " + u.Hostname() + not
		}
		return "It is a link to a web page" + not
	case strings.HasPrefix(lower, "wifi:"):
		return "It holds the settings of a Wi-Fi network" + not
	case strings.HasPrefix(lower, "begin:vcard"), strings.HasPrefix(lower, "mecard:"):
		return "It is a contact card" + not
	case strings.HasPrefix(lower, "mailto:"), strings.HasPrefix(lower, "matmsg:"):
		return "It is an email address" + not
	case strings.HasPrefix(lower, "tel:"), strings.HasPrefix(lower, "smsto:"), strings.HasPrefix(lower, "sms:"):
		return "It is a phone number" + not
	case strings.HasPrefix(lower, "begin:vevent"), strings.HasPrefix(lower, "begin:vcalendar"):
		return "It is a calendar event" + not
	case strings.HasPrefix(lower, "geo:"):
		return "It is a place on a map" + not
	case isPaperCopyText(lower):
		return "It is a code of a Sparekey paper copy (all your keys on paper, locked), not the QR code of one key: bring it back with Restore from a paper copy, from photos of all its pages."
	}
	return "It holds text" + not
}

// isPaperCopyText reports whether a QR code's text is a code of a Sparekey
// paper copy (package printing's format: "SKPC2:", or "SKPC1:" before the
// spare codes).
func isPaperCopyText(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	return strings.HasPrefix(t, "skpc1:") || strings.HasPrefix(t, "skpc2:")
}
