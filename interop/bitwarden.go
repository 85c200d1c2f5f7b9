package interop

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"sparekey/vault"
)

// Bitwarden's vault export comes as JSON or CSV (Tools > Export vault).
//
// JSON: {"encrypted": false, "folders": [...], "items": [...]} (an
// organization's export has "collections" instead of "folders"). A login item
// is {"type": 1, "name": "...", "notes": "...", "login": {"username": "...",
// "password": "...", "totp": "...", "uris": [...]}}. An export protected
// with a password or with the account key has "encrypted": true and is not
// readable without Bitwarden.
//
// CSV: a header row, then one row an item, with the columns folder,
// favorite, type, name, notes, fields, reprompt, login_uri, login_username,
// login_password, login_totp (an organization's export has collections
// instead of folder and favorite). Columns are found by their header.
//
// The totp field holds what the person pasted in Bitwarden's "Authenticator
// key" box: an otpauth:// link, a bare base32 key (time-based, 6 digits,
// 30 seconds, SHA1), or steam://KEY for Steam Guard. Only items with a key
// are imported: the rest are passwords, not 2FA keys.

func init() {
	Register(Format{
		Name:   "bitwarden",
		Title:  "Bitwarden",
		Detect: func(data []byte) bool { return detectBitwardenJSON(data) || detectBitwardenCSV(data) },
		Read: func(data []byte, _ string) (*Found, error) {
			if detectBitwardenCSV(data) {
				return readBitwardenCSV(data)
			}
			return readBitwardenJSON(data)
		},
	})
}

func detectBitwardenJSON(data []byte) bool {
	m := jsonObjectKeys(data)
	if m == nil {
		return false
	}
	// Encrypted exports are recognised too, to say how to get a readable one.
	_, validation := m["encKeyValidation_DO_NOT_EDIT"]
	_, protected := m["passwordProtected"]
	if validation || protected {
		return true
	}
	if !isJSONArray(m["items"]) {
		return false
	}
	_, encrypted := m["encrypted"]
	_, folders := m["folders"]
	_, collections := m["collections"]
	return encrypted || folders || collections
}

// detectBitwardenCSV looks for Bitwarden's login_totp column in the header.
func detectBitwardenCSV(data []byte) bool {
	header, _, _ := bytes.Cut(trimBOM(data), []byte("\n"))
	for _, col := range bytes.Split(bytes.TrimSpace(header), []byte(",")) {
		if string(bytes.Trim(bytes.TrimSpace(col), `"`)) == "login_totp" {
			return true
		}
	}
	return false
}

type bitwardenExport struct {
	Encrypted         bool              `json:"encrypted"`
	PasswordProtected bool              `json:"passwordProtected"`
	Items             []json.RawMessage `json:"items"`
}

type bitwardenItem struct {
	Name  string `json:"name"`
	Notes string `json:"notes"`
	Login struct {
		Username string `json:"username"`
		TOTP     string `json:"totp"`
	} `json:"login"`
}

// errBitwardenEncrypted explains what to do with an encrypted export.
var errBitwardenEncrypted = errors.New("this Bitwarden export is encrypted, and only Bitwarden can open it: in Bitwarden, export your vault again and choose the file format “.json”, not “.json (Encrypted)”")

func readBitwardenJSON(data []byte) (*Found, error) {
	var x bitwardenExport
	if err := json.Unmarshal(trimBOM(data), &x); err != nil {
		return nil, fmt.Errorf("this Bitwarden export cannot be read; it may be damaged or cut short (%v)", err)
	}
	if x.Encrypted || x.PasswordProtected {
		return nil, errBitwardenEncrypted
	}
	f := &Found{Format: "Bitwarden"}
	for i, raw := range x.Items {
		var it bitwardenItem
		if err := json.Unmarshal(raw, &it); err != nil {
			addProblem(f, fmt.Sprintf("Item number %d", i+1), "Not imported because its details in the export cannot be read.")
			continue
		}
		bitwardenKey(f, it.Login.TOTP, it.Name, it.Login.Username, it.Notes)
	}
	return f, nil
}

func readBitwardenCSV(data []byte) (*Found, error) {
	r := csv.NewReader(bytes.NewReader(trimBOM(data)))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("this Bitwarden export cannot be read; it may be damaged or cut short (%v)", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	totpCol, ok := col["login_totp"]
	if !ok {
		return nil, errors.New("this CSV file has no login_totp column, so it is not a Bitwarden export Sparekey can read")
	}
	field := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	f := &Found{Format: "Bitwarden"}
	for line := 2; ; line++ {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d of this Bitwarden export cannot be read; the file may be damaged (%v)", line, err)
		}
		if totpCol >= len(row) {
			continue
		}
		bitwardenKey(f, row[totpCol], field(row, "name"), field(row, "login_username"), field(row, "notes"))
	}
	return f, nil
}

// bitwardenKey adds the key in one item's totp field, if it has one.
func bitwardenKey(f *Found, totp, name, username, notes string) {
	totp = strings.TrimSpace(totp)
	if totp == "" {
		return
	}
	name, username = strings.TrimSpace(name), strings.TrimSpace(username)
	var e vault.Entry
	lower := strings.ToLower(totp)
	switch {
	case strings.HasPrefix(lower, "otpauth://"):
		var err error
		e, _, err = vault.ParseURI(totp)
		if err != nil {
			addProblem(f, bitwardenName(name, username), "Not imported because its authenticator key is a link Sparekey cannot read: "+err.Error()+".")
			return
		}
		if e.Issuer == "" {
			e.Issuer = name
		}
		if e.Account == "" {
			e.Account = username
		}
	case strings.HasPrefix(lower, "steam://"):
		e = vault.Entry{Type: vault.Steam, Issuer: name, Account: username, Secret: totp[len("steam://"):]}
		if e.Issuer == "" {
			e.Issuer = "Steam"
		}
	default:
		e = vault.Entry{Type: vault.TOTP, Issuer: name, Account: username, Secret: totp}
	}
	e.Note = strings.TrimSpace(notes)
	addEntry(f, e)
}

func bitwardenName(name, username string) string {
	e := vault.Entry{Issuer: name, Account: username}
	return e.Name()
}
