package interop

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"sparekey/vault"
)

// Proton Authenticator exports JSON (proton-authenticator's exporter):
//
//	{"version": 1, "entries": [{"id": "...", "note": "..." | null,
//	  "content": {"uri": "...", "entry_type": "Totp"|"Steam", "name": "..."}}]}
//
// A Totp entry's uri is an otpauth:// link; "name" is the label the person
// sees. A Steam entry's uri is steam://SECRET, the secret in base32, or in
// base64 without padding when it came from Steam's own shared_secret (as
// Proton's SteamTotp writes it back). The note is kept.
//
// An export made with a password (proton-authenticator's
// password_exporter) is {"version": 1, "salt": base64, "content": base64}:
// content is a 12-byte nonce then the plain export in AES-256-GCM, with the
// additional data "proton.authenticator.export.v1"; the key is Argon2id of
// the password over the 16-byte salt, 19 MiB, 2 passes, 1 lane, 32 bytes.

func init() {
	Register(Format{
		Name:   "proton",
		Title:  "Proton Authenticator",
		Detect: detectProton,
		Read:   readProton,
	})
}

func detectProton(data []byte) bool {
	m := jsonObjectKeys(data)
	if protonEncrypted(m) {
		return true
	}
	if m == nil || !isJSONArray(m["entries"]) {
		return false
	}
	_, version := m["version"]
	return version && bytes.Contains(m["entries"], []byte(`"entry_type"`))
}

// protonEncrypted reports whether the top-level members are exactly those
// of Proton's password-protected export.
func protonEncrypted(m map[string]json.RawMessage) bool {
	_, version := m["version"]
	_, salt := m["salt"]
	_, content := m["content"]
	return len(m) == 3 && version && salt && content
}

// protonExportAAD is the additional data of a password-protected export.
const protonExportAAD = "proton.authenticator.export.v1"

// readProtonEncrypted opens a password-protected export.
func readProtonEncrypted(data []byte, password string) (*Found, error) {
	var x struct {
		Version int    `json:"version"`
		Salt    string `json:"salt"`
		Content string `json:"content"`
	}
	if err := json.Unmarshal(trimBOM(data), &x); err != nil {
		return nil, fmt.Errorf("this Proton Authenticator export cannot be read; it may be damaged or cut short (%v)", err)
	}
	if x.Version != 1 {
		return nil, fmt.Errorf("this Proton Authenticator export is of version %d, which Sparekey does not know: export again without a password", x.Version)
	}
	salt, err1 := base64.StdEncoding.DecodeString(x.Salt)
	content, err2 := base64.StdEncoding.DecodeString(x.Content)
	if err1 != nil || err2 != nil || len(salt) != 16 || len(content) < 12+16 {
		return nil, errors.New("this Proton Authenticator export is damaged: its encrypted part is not in the form Proton writes")
	}
	if password == "" {
		return nil, fmt.Errorf("Proton Authenticator export: %w", ErrNeedPassword)
	}
	key := argon2.IDKey([]byte(password), salt, 2, 19*1024, 1, 32)
	plain, err := openGCM(key, content[:12], content[12:], []byte(protonExportAAD))
	if errors.Is(err, errGCMAuth) {
		return nil, fmt.Errorf("Proton Authenticator export: %w (if you are sure of the password, the file may be damaged)", ErrWrongPassword)
	}
	if err != nil {
		return nil, err
	}
	if protonEncrypted(jsonObjectKeys(plain)) {
		return nil, errors.New("the Proton Authenticator export opened with the password, but what it holds cannot be read")
	}
	return readProton(plain, "")
}

type protonEntry struct {
	Content struct {
		URI       string `json:"uri"`
		EntryType string `json:"entry_type"`
		Name      string `json:"name"`
	} `json:"content"`
	Note string `json:"note"`
}

func readProton(data []byte, password string) (*Found, error) {
	if protonEncrypted(jsonObjectKeys(data)) {
		return readProtonEncrypted(data, password)
	}
	var x struct {
		Entries []json.RawMessage `json:"entries"`
	}
	if err := json.Unmarshal(trimBOM(data), &x); err != nil {
		return nil, fmt.Errorf("this Proton Authenticator export cannot be read; it may be damaged or cut short (%v)", err)
	}
	f := &Found{Format: "Proton Authenticator"}
	addItems(f, x.Entries, "export", protonToEntry)
	return f, nil
}

func protonToEntry(f *Found, p protonEntry) {
	name := strings.TrimSpace(p.Content.Name)
	uri := strings.TrimSpace(p.Content.URI)
	lower := strings.ToLower(uri)
	var e vault.Entry
	switch {
	case strings.HasPrefix(lower, "steam://"):
		secret, ok := protonSteamSecret(uri[len("steam://"):])
		if !ok {
			addProblem(f, firstNonBlank(name, "Steam"), "Not imported because its Steam key is damaged: it is neither base32 nor base64.")
			return
		}
		e = vault.Entry{Type: vault.Steam, Issuer: "Steam", Account: name, Secret: secret}
	case strings.HasPrefix(lower, "otpauth://"):
		var err error
		e, _, err = vault.ParseURI(uri)
		if err != nil {
			addProblem(f, firstNonBlank(name, e.Name()), "Not imported because "+err.Error()+".")
			return
		}
		if e.Account == "" && name != e.Issuer {
			e.Account = name
		}
	default:
		addProblem(f, firstNonBlank(name, "Unnamed key"), "Not imported because its key link is missing or does not start with otpauth:// or steam://.")
		return
	}
	e.Note = strings.TrimSpace(p.Note)
	addEntry(f, e)
}

// protonSteamSecret reads a steam:// secret as Proton does: base32 first,
// then base64 without padding. It returns canonical base32.
func protonSteamSecret(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(s, "=")); err == nil && len(raw) > 0 {
		return vault.EncodeSecret(raw), true
	}
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.StdEncoding} {
		if raw, err := enc.DecodeString(s); err == nil && len(raw) > 0 {
			return vault.EncodeSecret(raw), true
		}
	}
	return "", false
}
