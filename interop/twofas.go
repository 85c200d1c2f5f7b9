package interop

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"sparekey/vault"
)

// 2FAS Authenticator's backup (a .2fas file) is JSON:
//
//	{"schemaVersion": 4, "services": [...], "groups": [...],
//	 "servicesEncrypted": "...", "reference": "..."}
//
// Each service has "name" (what the app shows), "secret" (base32) and "otp":
// {"account", "label", "issuer", "digits", "period", "algorithm", "counter",
// "tokenType": "TOTP"|"HOTP"|"STEAM", "link"}. Schema versions 1 and 2 have
// no tokenType and only time-based keys.
//
// A backup with a password keeps "services" empty and puts the services'
// JSON in "servicesEncrypted" as base64(ciphertext+tag):base64(salt):
// base64(iv): the key is PBKDF2-HMAC-SHA256 of the password, 10,000 rounds,
// 32 bytes, and the cipher AES-256-GCM (see 2fas-android, BackupCipher and
// BackupContent). "reference" is a fixed text encrypted the same way with
// its own IV, which tells a wrong password from a damaged file.

const (
	twofasIterations = 10000
	// twofasReference is the text 2FAS encrypts into "reference".
	twofasReference = "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd"
)

func init() {
	Register(Format{
		Name:   "2fas",
		Title:  "2FAS Authenticator",
		Detect: detectTwoFAS,
		Read:   readTwoFAS,
	})
}

// detectTwoFAS looks for the members only a 2FAS backup has together.
func detectTwoFAS(data []byte) bool {
	m := jsonObjectKeys(data)
	if m == nil {
		return false
	}
	_, schema := m["schemaVersion"]
	_, services := m["services"]
	_, encrypted := m["servicesEncrypted"]
	return schema && (services || encrypted)
}

type twofasBackup struct {
	SchemaVersion     int               `json:"schemaVersion"`
	Services          []json.RawMessage `json:"services"`
	ServicesEncrypted string            `json:"servicesEncrypted"`
	Reference         string            `json:"reference"`
}

type twofasService struct {
	Name   string `json:"name"`
	Secret string `json:"secret"`
	OTP    struct {
		Account   string `json:"account"`
		Label     string `json:"label"`
		Issuer    string `json:"issuer"`
		Digits    int    `json:"digits"`
		Period    int    `json:"period"`
		Algorithm string `json:"algorithm"`
		Counter   int64  `json:"counter"`
		TokenType string `json:"tokenType"`
	} `json:"otp"`
}

func readTwoFAS(data []byte, password string) (*Found, error) {
	var b twofasBackup
	if err := json.Unmarshal(trimBOM(data), &b); err != nil {
		return nil, fmt.Errorf("this 2FAS backup cannot be read; it may be damaged or cut short (%v)", err)
	}
	services := b.Services
	if b.ServicesEncrypted != "" {
		plain, err := twofasDecrypt(b.ServicesEncrypted, b.Reference, password)
		if err != nil {
			return nil, err
		}
		services = nil
		if err := json.Unmarshal(plain, &services); err != nil {
			return nil, fmt.Errorf("the 2FAS backup opened with the password, but its list of keys cannot be read (%v)", err)
		}
	}
	f := &Found{Format: "2FAS Authenticator"}
	addItems(f, services, "backup", twofasEntry)
	return f, nil
}

// twofasEntry adds one 2FAS service to f.
func twofasEntry(f *Found, s twofasService) {
	e := vault.Entry{
		Issuer:  strings.TrimSpace(s.Name),
		Account: strings.TrimSpace(s.OTP.Account),
		Secret:  s.Secret,
		Digits:  s.OTP.Digits,
		Period:  s.OTP.Period,
	}
	if e.Issuer == "" {
		e.Issuer = strings.TrimSpace(s.OTP.Issuer)
	}
	if e.Account == "" {
		// Older backups keep "Issuer:account" in the label.
		label := s.OTP.Label
		if i := strings.Index(label, ":"); i >= 0 {
			label = label[i+1:]
		}
		e.Account = strings.TrimSpace(label)
	}
	switch strings.ToUpper(strings.TrimSpace(s.OTP.TokenType)) {
	case "", "TOTP":
		e.Type = vault.TOTP
	case "HOTP":
		e.Type = vault.HOTP
		if s.OTP.Counter < 0 {
			addProblem(f, e.Name(), "Not imported because its counter in the backup is below zero.")
			return
		}
		e.Counter = uint64(s.OTP.Counter)
	case "STEAM":
		e.Type = vault.Steam
	default:
		addProblem(f, e.Name(), "Not imported because it is a kind of key ("+quoteName(s.OTP.TokenType)+") that Sparekey does not know.")
		return
	}
	alg, reason, ok := algorithmOf(s.OTP.Algorithm)
	if !ok {
		addProblem(f, e.Name(), reason)
		return
	}
	e.Algorithm = alg
	addEntry(f, e)
}

// twofasDecrypt opens servicesEncrypted. The reference, when there is one,
// is opened first: if it opens, the password is right and a failure on the
// services means the file is damaged.
func twofasDecrypt(services, reference, password string) ([]byte, error) {
	if password == "" {
		return nil, fmt.Errorf("2FAS backup: %w", ErrNeedPassword)
	}
	keys := map[string][]byte{} // by salt: the two parts usually share one
	passwordChecked := false
	if reference != "" {
		plain, err := twofasOpen(reference, password, keys)
		if errors.Is(err, errGCMAuth) {
			return nil, fmt.Errorf("2FAS backup: %w", ErrWrongPassword)
		}
		passwordChecked = err == nil && string(plain) == twofasReference
	}
	plain, err := twofasOpen(services, password, keys)
	switch {
	case errors.Is(err, errGCMAuth) && passwordChecked:
		return nil, errors.New("the password is right, but the keys in this 2FAS backup are damaged and cannot be read")
	case errors.Is(err, errGCMAuth):
		return nil, fmt.Errorf("2FAS backup: %w", ErrWrongPassword)
	case err != nil:
		return nil, err
	}
	return plain, nil
}

// twofasOpen decrypts one base64(ciphertext+tag):base64(salt):base64(iv)
// field, deriving the key for its salt (or taking it from keys).
func twofasOpen(field, password string, keys map[string][]byte) ([]byte, error) {
	damaged := errors.New("this 2FAS backup is damaged: its encrypted part is not in the form 2FAS writes")
	parts := strings.Split(field, ":")
	if len(parts) != 3 {
		return nil, damaged
	}
	var raw [3][]byte
	for i, p := range parts {
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(p))
		if err != nil {
			return nil, damaged
		}
		raw[i] = b
	}
	sealed, salt, iv := raw[0], raw[1], raw[2]
	if len(iv) == 0 || len(salt) == 0 {
		return nil, damaged
	}
	key, ok := keys[string(salt)]
	if !ok {
		var err error
		key, err = pbkdf2.Key(sha256.New, password, salt, twofasIterations, 32)
		if err != nil {
			return nil, fmt.Errorf("deriving the key from the password: %w", err)
		}
		keys[string(salt)] = key
	}
	return openGCM(key, iv, sealed, nil)
}
