package interop

import (
	"bytes"
	"fmt"
	"strings"

	"sparekey/vault"
)

// A list of links, one a line, is what many apps export as "plain text" and
// what zbarimg prints for a QR code ("QR-Code:otpauth://..."). Both kinds of
// link are read from it: otpauth:// setup links and Google Authenticator's
// otpauth-migration:// transfer links. Anything before "otpauth" on a line
// (a label, a list marker) is ignored, and so are lines without a link and
// comment lines: a line whose first character other than a space is "#"
// (a link commented out is one the person set aside, not a key).

// LinksTitle names a list of otpauth:// links for the person: to them each
// link is a key link.
const LinksTitle = "List of key links"

func init() {
	Register(Format{
		Name:   "uris",
		Title:  LinksTitle,
		Detect: func(data []byte) bool { return bytes.Contains(data, []byte("otpauth://")) && !looksLikeJSON(data) },
		Read:   func(data []byte, _ string) (*Found, error) { return readLinks(string(data)), nil },
	})
	Register(Format{
		Name:   "google",
		Title:  "Google Authenticator",
		Detect: func(data []byte) bool { return bytes.Contains(bytes.ToLower(data), []byte(migrationScheme)) },
		Read:   func(data []byte, _ string) (*Found, error) { return readLinks(string(data)), nil },
	})
}

// looksLikeJSON reports whether data starts like a JSON document; JSON
// exports carry otpauth:// links too, and have formats of their own.
func looksLikeJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// ReadLinks reads otpauth:// and otpauth-migration:// links: from text with
// one link a line, or from the texts of QR codes.
func ReadLinks(links []string) *Found {
	return readLinks(strings.Join(links, "\n"))
}

// readLinks reads every link in the text. Links that cannot be read become
// problems; Google Authenticator transfers whose QR codes are not all there
// get a problem that names the missing ones.
func readLinks(text string) *Found {
	f := &Found{Format: LinksTitle}
	migrations, plain := 0, 0
	lineNo := 0
	for len(text) > 0 {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		lineNo++
		if strings.HasPrefix(strings.TrimLeft(line, " \t\ufeff"), "#") {
			continue
		}
		i := strings.Index(line, "otpauth")
		if i < 0 {
			continue
		}
		link := strings.TrimSpace(line[i:])
		if len(link) >= len(migrationScheme) && strings.EqualFold(link[:len(migrationScheme)], migrationScheme) {
			migrations++
			p, err := parseMigrationLink(link)
			if err != nil {
				f.Problems = append(f.Problems, Problem{Name: fmt.Sprintf("Transfer code on line %d", lineNo), Reason: err.Error()})
				continue
			}
			if p.BatchSize > 1 {
				f.transfers = append(f.transfers, transferCode{id: p.BatchID, size: p.BatchSize, index: p.BatchIndex})
			}
			for _, op := range p.Params {
				e, err := op.entry()
				if err != nil {
					f.Problems = append(f.Problems, Problem{Name: e.Name(), Reason: "Not imported because " + err.Error() + "."})
					continue
				}
				f.Entries = append(f.Entries, e)
			}
			continue
		}
		// Prose that mentions the scheme ("one otpauth:// link a line") is
		// not a link.
		rest := strings.TrimPrefix(strings.ToLower(link), "otpauth://")
		if len(rest) == len(link) || rest == "" || rest[0] == ' ' || rest[0] == '\t' {
			continue
		}
		plain++
		e, _, err := vault.ParseURI(link)
		if err != nil {
			f.Problems = append(f.Problems, Problem{Name: linkName(link, lineNo), Reason: err.Error()})
			continue
		}
		f.Entries = append(f.Entries, e)
	}
	f.Problems = append(f.Problems, missingTransferCodes(f.transfers)...)
	f.transferLinks = migrations
	if migrations > 0 && plain == 0 {
		f.Format = "Google Authenticator"
	}
	return f
}

// linkName names a link that could not be read, without showing its secret.
func linkName(link string, lineNo int) string {
	if e, _, err := vault.ParseURI(link); err == nil || e.Name() != "Unnamed key" {
		return e.Name()
	}
	return fmt.Sprintf("Link on line %d", lineNo)
}
