package interop

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/argon2"

	"sparekey/vault"
)

// Bitwarden's vault export comes as JSON or CSV (Tools > Export vault).
//
// JSON: {"encrypted": false, "folders": [...], "items": [...]} (an
// organization's export has "collections" instead of "folders"). A login item
// is {"type": 1, "name": "...", "notes": "...", "login": {"username": "...",
// "password": "...", "totp": "...", "uris": [...]}}.
//
// A "password protected" export is {"encrypted": true, "passwordProtected":
// true, "salt", "kdfType", "kdfIterations", "kdfMemory", "kdfParallelism",
// "encKeyValidation_DO_NOT_EDIT", "data"}: data is the plain export as an
// EncString "2.iv|ciphertext|mac" (AES-256-CBC, HMAC-SHA256 over iv and
// ciphertext). The key is PBKDF2-HMAC-SHA256 of the password with the salt
// text (kdfType 0), or Argon2id with the SHA-256 of the salt text (kdfType 1,
// memory in MiB), stretched by HKDF-Expand-SHA256 into an encryption key
// ("enc") and a MAC key ("mac"). encKeyValidation_DO_NOT_EDIT is encrypted
// the same way and tells a wrong password from a damaged file. An export
// "restricted" to the account is encrypted with the account's own key, which
// only Bitwarden has.
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
		Read: func(data []byte, password string) (*Found, error) {
			if detectBitwardenCSV(data) {
				return readBitwardenCSV(data)
			}
			return readBitwardenJSON(data, password)
		},
	})
}

func detectBitwardenJSON(data []byte) bool {
	m := jsonObjectKeys(data)
	if m == nil {
		return false
	}
	// Encrypted exports too: a password-protected one is opened, one locked
	// to the account gets an explanation.
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
	Salt              string            `json:"salt"`
	KdfType           int               `json:"kdfType"`
	KdfIterations     int               `json:"kdfIterations"`
	KdfMemory         int               `json:"kdfMemory"`
	KdfParallelism    int               `json:"kdfParallelism"`
	Validation        string            `json:"encKeyValidation_DO_NOT_EDIT"`
	Data              string            `json:"data"`
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

// errBitwardenEncrypted explains what to do with an export encrypted with
// the account's key.
var errBitwardenEncrypted = errors.New("this Bitwarden export is locked to your Bitwarden account, and only Bitwarden can open it: in Bitwarden, export your vault again and choose “.json”, or “.json (Encrypted)” with the export type “Password protected”")

func readBitwardenJSON(data []byte, password string) (*Found, error) {
	var x bitwardenExport
	if err := json.Unmarshal(trimBOM(data), &x); err != nil {
		return nil, fmt.Errorf("this Bitwarden export cannot be read; it may be damaged or cut short (%v)", err)
	}
	if x.Encrypted && x.PasswordProtected {
		plain, err := decryptBitwarden(&x, password)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(plain, &x); err != nil || x.Encrypted {
			return nil, errors.New("the Bitwarden export opened with the password, but what it holds cannot be read")
		}
	} else if x.Encrypted || x.PasswordProtected {
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

// Bitwarden's limits on its key derivation settings (with room to spare);
// beyond them the file is not Bitwarden's, and deriving would take too long.
const (
	bitwardenMaxPBKDF2     = 5_000_000
	bitwardenMaxArgonMiB   = 1024
	bitwardenMaxArgonTime  = 20
	bitwardenMaxArgonLanes = 16
)

// decryptBitwarden opens a password-protected export's data.
func decryptBitwarden(x *bitwardenExport, password string) ([]byte, error) {
	damaged := errors.New("this Bitwarden export is damaged: its encryption settings are not ones Bitwarden writes")
	var key []byte
	switch x.KdfType {
	case 0:
		if x.KdfIterations < 1 || x.KdfIterations > bitwardenMaxPBKDF2 {
			return nil, damaged
		}
		if password == "" {
			return nil, fmt.Errorf("Bitwarden export: %w", ErrNeedPassword)
		}
		var err error
		key, err = pbkdf2.Key(sha256.New, password, []byte(x.Salt), x.KdfIterations, 32)
		if err != nil {
			return nil, fmt.Errorf("deriving the key from the password: %w", err)
		}
	case 1:
		if x.KdfIterations < 1 || x.KdfIterations > bitwardenMaxArgonTime ||
			x.KdfMemory < 1 || x.KdfMemory > bitwardenMaxArgonMiB ||
			x.KdfParallelism < 1 || x.KdfParallelism > bitwardenMaxArgonLanes {
			return nil, damaged
		}
		if password == "" {
			return nil, fmt.Errorf("Bitwarden export: %w", ErrNeedPassword)
		}
		salt := sha256.Sum256([]byte(x.Salt))
		key = argon2.IDKey([]byte(password), salt[:], uint32(x.KdfIterations), uint32(x.KdfMemory)*1024, uint8(x.KdfParallelism), 32)
	default:
		return nil, damaged
	}
	encKey, err1 := hkdf.Expand(sha256.New, key, "enc", 32)
	macKey, err2 := hkdf.Expand(sha256.New, key, "mac", 32)
	if err1 != nil || err2 != nil {
		return nil, errors.New("stretching the key from the password failed")
	}
	if _, err := openEncString(x.Validation, encKey, macKey); err != nil {
		if errors.Is(err, errGCMAuth) {
			return nil, fmt.Errorf("Bitwarden export: %w", ErrWrongPassword)
		}
		return nil, err
	}
	plain, err := openEncString(x.Data, encKey, macKey)
	if err != nil {
		return nil, errors.New("the password is right, but the data in this Bitwarden export is damaged and cannot be read")
	}
	return plain, nil
}

// openEncString decrypts a Bitwarden EncString of type 2
// ("2.iv|ciphertext|mac", each part base64). It returns errGCMAuth when the
// MAC does not match (a wrong key).
func openEncString(s string, encKey, macKey []byte) ([]byte, error) {
	damaged := errors.New("this Bitwarden export is damaged: an encrypted part is not in the form Bitwarden writes")
	rest, ok := strings.CutPrefix(s, "2.")
	if !ok {
		return nil, damaged
	}
	parts := strings.Split(rest, "|")
	if len(parts) != 3 {
		return nil, damaged
	}
	var raw [3][]byte
	for i, p := range parts {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return nil, damaged
		}
		raw[i] = b
	}
	iv, ct, mac := raw[0], raw[1], raw[2]
	if len(iv) != aes.BlockSize || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, damaged
	}
	h := hmac.New(sha256.New, macKey)
	h.Write(iv)
	h.Write(ct)
	if !hmac.Equal(h.Sum(nil), mac) {
		return nil, errGCMAuth
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, fmt.Errorf("setting up AES: %w", err)
	}
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	plain, ok = unpadPKCS7(plain)
	if !ok {
		return nil, damaged
	}
	return plain, nil
}
