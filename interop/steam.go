package interop

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sparekey/vault"
)

// Steam Guard keys, from two kinds of file:
//
//   - The Steam mobile app's own file, files/Steamguard-<steamid> in its app
//     data: one account, {"steamid", "shared_secret" (the key, base64),
//     "serial_number", "revocation_code", "uri"
//     ("otpauth://totp/Steam:<name>?secret=<base32>&issuer=Steam"),
//     "account_name", "token_gid", "identity_secret", "secret_1", "status",
//     "steamguard_scheme"}; newer versions put the accounts in
//     {"accounts": {"<name>": {...}}}.
//   - Steam Desktop Authenticator (SDA) keeps one .maFile per account in its
//     maFiles folder, the same members (from SteamAuth's SteamGuardAccount)
//     plus "device_id", "fully_enrolled" and "Session", and a manifest.json:
//     {"encrypted": bool, "entries": [{"encryption_iv", "encryption_salt",
//     "filename", "steamid"}], ...}. With a passkey set, each .maFile holds
//     base64 of AES-256-CBC (PKCS#7 padding) of the account's JSON, the key
//     being PBKDF2-HMAC-SHA1 of the passkey with the entry's salt, 50,000
//     rounds, 32 bytes (SDA's FileEncryptor); the salt and IV are in the
//     manifest only.
//
// So that an encrypted account can be opened, WithFilesBeside adds the
// files a manifest lists (or the manifest beside a .maFile) to the data, as
// a member "sparekey_files" of the manifest; Read then asks for the passkey.
// The revocation code, which removes the authenticator from the Steam
// account when the key is lost, is kept in the entry's note.

// sdaRounds is the PBKDF2 round count SDA uses, for every account. Fuzz
// tests lower it.
var sdaRounds = 50000

const (
	// sdaMaxAccounts bounds the accounts of a manifest, each of which costs
	// a key derivation (about 30 ms): SDA users have a few.
	sdaMaxAccounts = 100
	// sdaMaxFile bounds an account file that WithFilesBeside reads: an
	// .maFile is a few kilobytes, and a hundred of them stay small.
	sdaMaxFile = 64 << 10
	// sdaFilesMember is the manifest member WithFilesBeside adds.
	sdaFilesMember = "sparekey_files"
)

func init() {
	Register(Format{
		Name:   "steam",
		Title:  "Steam",
		Detect: detectSteam,
		Read:   readSteam,
	})
}

func detectSteam(data []byte) bool {
	m := jsonObjectKeys(data)
	if m == nil {
		return false
	}
	if isSDAManifest(m) {
		return true
	}
	if _, ok := m["shared_secret"]; ok {
		return true
	}
	accounts := bytes.TrimLeft(m["accounts"], " \t\r\n")
	return len(accounts) > 0 && accounts[0] == '{' && bytes.Contains(accounts, []byte(`"shared_secret"`))
}

// isSDAManifest reports whether the top-level members are those of SDA's
// manifest.json.
func isSDAManifest(m map[string]json.RawMessage) bool {
	_, encrypted := m["encrypted"]
	return encrypted && isJSONArray(m["entries"])
}

type steamAccount struct {
	SharedSecret   string `json:"shared_secret"`
	AccountName    string `json:"account_name"`
	RevocationCode string `json:"revocation_code"`
	URI            string `json:"uri"`
}

type sdaManifest struct {
	Encrypted bool              `json:"encrypted"`
	Entries   []sdaEntry        `json:"entries"`
	Files     map[string]string `json:"sparekey_files"`
}

type sdaEntry struct {
	IV       string `json:"encryption_iv"`
	Salt     string `json:"encryption_salt"`
	Filename string `json:"filename"`
}

var errSteamDamaged = errors.New("this Steam file is damaged or cut short")

func readSteam(data []byte, password string) (*Found, error) {
	m := jsonObjectKeys(data)
	if m == nil {
		return nil, errSteamDamaged
	}
	if isSDAManifest(m) {
		return readSDAManifest(data, password)
	}
	if raw, ok := m["accounts"]; ok {
		var accounts map[string]json.RawMessage
		if json.Unmarshal(raw, &accounts) != nil {
			return nil, errSteamDamaged
		}
		names := make([]string, 0, len(accounts))
		for name := range accounts {
			names = append(names, name)
		}
		sort.Strings(names)
		items := make([]json.RawMessage, 0, len(names))
		for _, name := range names {
			items = append(items, accounts[name])
		}
		f := &Found{Format: "Steam app"}
		addItems(f, items, "file", addSteamAccount)
		return f, nil
	}
	f := &Found{Format: "Steam app"}
	if _, ok := m["device_id"]; ok {
		f.Format = "Steam Desktop Authenticator"
	}
	addItems(f, []json.RawMessage{trimBOM(data)}, "file", addSteamAccount)
	return f, nil
}

// addSteamAccount adds one account's Steam Guard key to f.
func addSteamAccount(f *Found, a steamAccount) {
	e := vault.Entry{Type: vault.Steam, Issuer: "Steam", Account: strings.TrimSpace(a.AccountName)}
	if code := strings.TrimSpace(a.RevocationCode); code != "" {
		e.Note = "Steam revocation code: " + code
	}
	switch {
	case strings.TrimSpace(a.SharedSecret) != "":
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(a.SharedSecret))
		if err != nil || len(raw) == 0 {
			addProblem(f, e.Name(), "Not imported because its key (shared_secret) in the file is damaged.")
			return
		}
		e.Secret = vault.EncodeSecret(raw)
	case a.URI != "":
		link, _, err := vault.ParseURI(a.URI)
		if err != nil {
			addProblem(f, e.Name(), "Not imported because "+err.Error()+".")
			return
		}
		e.Secret = link.Secret
		if e.Account == "" {
			e.Account = link.Account
		}
	default:
		addProblem(f, e.Name(), "Not imported because its key is missing from the file.")
		return
	}
	addEntry(f, e)
}

// readSDAManifest reads the accounts of SDA's manifest.json, with their
// files as WithFilesBeside attached them.
func readSDAManifest(data []byte, password string) (*Found, error) {
	var man sdaManifest
	if err := json.Unmarshal(trimBOM(data), &man); err != nil {
		return nil, errSteamDamaged
	}
	if man.Files == nil {
		return nil, errors.New("this is Steam Desktop Authenticator's manifest.json: it lists your Steam accounts, whose keys are in the .maFile files beside it; import manifest.json from its maFiles folder, with those files still there")
	}
	if len(man.Entries) > sdaMaxAccounts {
		return nil, fmt.Errorf("this manifest.json lists %d accounts, more than Steam Desktop Authenticator is used with (at most %d here): %w", len(man.Entries), sdaMaxAccounts, errSteamDamaged)
	}
	encrypted := false
	for _, entry := range man.Entries {
		if content, ok := man.Files[entry.Filename]; ok && !looksLikeJSON([]byte(content)) {
			encrypted = true
		}
	}
	if encrypted && password == "" {
		return nil, fmt.Errorf("Steam Desktop Authenticator files: %w", ErrNeedPassword)
	}
	f := &Found{Format: "Steam Desktop Authenticator"}
	opened, wrong := 0, 0
	for _, entry := range man.Entries {
		name := "Steam account file " + quoteName(entry.Filename)
		content, ok := man.Files[entry.Filename]
		if !ok {
			addProblem(f, name, "Not imported because the file is not beside manifest.json (or cannot be read).")
			continue
		}
		plain := []byte(content)
		if !looksLikeJSON(plain) {
			var err error
			if plain, err = sdaDecrypt(entry, content, password); err != nil {
				wrong++
				addProblem(f, name, "Not imported because it does not open with this passkey; if the passkey opens the others, the file is damaged.")
				continue
			}
			opened++
		}
		addItems(f, []json.RawMessage{trimBOM(plain)}, "file", addSteamAccount)
	}
	if wrong > 0 && opened == 0 && len(f.Entries) == 0 {
		return nil, fmt.Errorf("Steam Desktop Authenticator files: %w (it is the passkey you set in SDA)", ErrWrongPassword)
	}
	return f, nil
}

// sdaDecrypt opens an encrypted .maFile with the passkey; an error means a
// wrong passkey or a damaged file (SDA's format has no way to tell them
// apart).
func sdaDecrypt(entry sdaEntry, content, passkey string) ([]byte, error) {
	salt, err1 := base64.StdEncoding.DecodeString(entry.Salt)
	iv, err2 := base64.StdEncoding.DecodeString(entry.IV)
	ct, err3 := base64.StdEncoding.DecodeString(strings.TrimSpace(content))
	if err1 != nil || err2 != nil || err3 != nil || len(salt) == 0 || len(iv) != aes.BlockSize ||
		len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, errSteamDamaged
	}
	key, err := pbkdf2.Key(sha1.New, passkey, salt, sdaRounds, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	plain, ok := unpadPKCS7(plain)
	if !ok || !json.Valid(plain) {
		return nil, errSteamDamaged
	}
	return plain, nil
}

// WithFilesBeside returns the content of the file at path together with the
// files beside it that reading it needs: for Steam Desktop Authenticator's
// manifest.json, the accounts' .maFile files it lists; for an encrypted
// .maFile, the manifest.json that holds its salt. Other content is returned
// as it is. A listed file that cannot be read is left out, and Read names
// it. Only plain files of the same folder are read, each of at most 64 KiB.
func WithFilesBeside(path string, data []byte) []byte {
	dir := filepath.Dir(path)
	m := jsonObjectKeys(data)
	if m == nil && strings.EqualFold(filepath.Ext(path), ".maFile") {
		// An encrypted account file: its manifest, for this file only.
		manifest, err := readBeside(dir, "manifest.json")
		if err != nil {
			return data
		}
		mm := jsonObjectKeys(manifest)
		if mm == nil || !isSDAManifest(mm) {
			return data
		}
		var entries []json.RawMessage
		if json.Unmarshal(mm["entries"], &entries) != nil {
			return data
		}
		base := filepath.Base(path)
		for _, raw := range entries {
			var entry sdaEntry
			if json.Unmarshal(raw, &entry) == nil && entry.Filename == base {
				return withSDAFiles(mm, []json.RawMessage{raw}, map[string]string{base: string(data)}, data)
			}
		}
		return data
	}
	if m == nil || !isSDAManifest(m) {
		return data
	}
	if _, done := m[sdaFilesMember]; done {
		return data
	}
	var entries []sdaEntry
	if json.Unmarshal(m["entries"], &entries) != nil || len(entries) > sdaMaxAccounts {
		return data // Read says what is wrong
	}
	files := map[string]string{}
	for _, entry := range entries {
		if content, err := readBeside(dir, entry.Filename); err == nil {
			files[entry.Filename] = string(content)
		}
	}
	return withSDAFiles(m, nil, files, data)
}

// withSDAFiles returns the manifest m with files attached (and, when entries
// is not nil, only those entries); data is returned if that fails.
func withSDAFiles(m map[string]json.RawMessage, entries []json.RawMessage, files map[string]string, data []byte) []byte {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	if entries != nil {
		out["entries"] = entries
	}
	out[sdaFilesMember] = files
	b, err := json.Marshal(out)
	if err != nil {
		return data
	}
	return b
}

// readBeside reads the file called name in dir: a plain file (not a link,
// not a folder) of at most sdaMaxFile bytes, named by its base name only.
func readBeside(dir, name string) ([]byte, error) {
	if name == "" || name != filepath.Base(name) || !filepath.IsLocal(name) || strings.ContainsAny(name, `/\`) {
		return nil, errors.New("not a file name of the same folder")
	}
	path := filepath.Join(dir, name)
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > sdaMaxFile {
		return nil, errors.New("not a small plain file")
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, sdaMaxFile+1))
	if err == nil && len(b) > sdaMaxFile {
		err = errors.New("too large")
	}
	return b, err
}
