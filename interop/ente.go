package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"sparekey/vault"
)

// Ente Auth's plain-text export has one otpauth:// link a line. Ente adds a
// codeDisplay parameter to each link: URL-escaped JSON such as
//
//	{"pinned":false,"trashed":false,"lastUsedAt":0,"tapCount":0,
//	 "tags":["Work"],"note":"...","position":0,"iconSrc":"","iconID":""}
//
// which carries the person's note and tags, and whether the code is in Ente's
// trash (ente-io/ente, auth/lib/models/code.dart and code_display.dart).
// Ente builds links from names it does not escape, so a '#' in a name is
// taken as an escaped '#' (as Ente itself does when it reads them back), and
// an issuer that swallowed "period=" is cut there (as in Ente's _getIssuer).
//
// Ente's encrypted export is JSON ({"version", "kdfParams", "encryptedData",
// "encryptionNonce"}, libsodium's Argon2id and secretstream); Sparekey
// recognises it and says how to make the plain-text export instead.
//
// A list of plain otpauth:// links with no codeDisplay (from an older Ente,
// or from any other app) is read by the "uris" format; the entries are the
// same, as both go through vault.ParseURI.

func init() {
	Register(Format{
		Name:   "ente",
		Title:  "Ente Auth",
		Detect: detectEnte,
		Read: func(data []byte, _ string) (*Found, error) {
			if enteEncrypted(jsonObjectKeys(data)) {
				return nil, errEnteEncrypted
			}
			return readEnte(data), nil
		},
	})
}

func detectEnte(data []byte) bool {
	t := trimBOM(data)
	if len(t) > 0 && t[0] == '{' {
		return enteEncrypted(jsonObjectKeys(t))
	}
	if len(t) == 0 || t[0] == '[' {
		return false
	}
	return bytes.Contains(t, []byte("otpauth://")) && bytes.Contains(t, []byte("codeDisplay="))
}

// enteEncrypted reports whether the top-level members are those of Ente's
// encrypted export.
func enteEncrypted(m map[string]json.RawMessage) bool {
	_, kdf := m["kdfParams"]
	_, data := m["encryptedData"]
	_, nonce := m["encryptionNonce"]
	return kdf && data && nonce
}

// errEnteEncrypted explains what to do with an encrypted export.
var errEnteEncrypted = errors.New("this Ente Auth export is encrypted, which Sparekey cannot open: in Ente Auth, choose Data > Export codes > Plain text")

// enteDisplay is the part of Ente's codeDisplay that Sparekey keeps.
type enteDisplay struct {
	Trashed bool     `json:"trashed"`
	Tags    []string `json:"tags"`
	Note    string   `json:"note"`
}

func readEnte(data []byte) *Found {
	f := &Found{Format: "Ente Auth"}
	lines := strings.Split(string(trimBOM(data)), "\n")
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		// Some Ente versions wrote each link as a JSON string.
		if len(line) >= 2 && line[0] == '"' && line[len(line)-1] == '"' {
			var s string
			if json.Unmarshal([]byte(line), &s) == nil {
				line = strings.TrimSpace(s)
			}
		}
		if !strings.HasPrefix(strings.ToLower(line), "otpauth://") {
			addProblem(f, fmt.Sprintf("Line %d", i+1), "Not imported because the line is not a setup link (an otpauth:// link).")
			continue
		}
		enteLink(f, strings.ReplaceAll(line, "#", "%23"), i+1)
	}
	return f
}

func enteLink(f *Found, link string, lineNo int) {
	e, _, err := vault.ParseURI(link)
	if err != nil {
		name := e.Name()
		if name == "Unnamed key" {
			name = fmt.Sprintf("Line %d", lineNo)
		}
		addProblem(f, name, "Not imported because "+err.Error()+".")
		return
	}
	if i := strings.Index(e.Issuer, "period="); i >= 0 {
		e.Issuer = strings.TrimSpace(e.Issuer[:i])
	}
	var d enteDisplay
	if u, err := url.Parse(link); err == nil {
		if raw := u.Query().Get("codeDisplay"); raw != "" {
			// A codeDisplay Sparekey cannot read only loses the note and
			// tags; the key itself is fine.
			_ = json.Unmarshal([]byte(raw), &d)
		}
	}
	if d.Trashed {
		addProblem(f, e.Name(), "Not imported because it is in Ente Auth's trash. If you still need it, restore it in Ente Auth and export again.")
		return
	}
	e.Note = strings.TrimSpace(d.Note)
	e.Tags = d.Tags
	addEntry(f, e)
}
