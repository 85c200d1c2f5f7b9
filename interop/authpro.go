package interop

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"sparekey/vault"
)

// Authenticator Pro (now Stratum) writes its unencrypted backup as JSON:
//
//	{"Authenticators": [{"Type": 2, "Issuer": "...", "Username": "...",
//	   "Secret": "BASE32", "Pin": null, "Algorithm": 0, "Digits": 6,
//	   "Period": 30, "Counter": 0, "Ranking": 0, "Icon": null}],
//	 "Categories": [...], "AuthenticatorCategories": [...], "CustomIcons": [...]}
//
// Type is AuthenticatorPro.Core's AuthenticatorType: 1 HOTP, 2 TOTP,
// 3 mobile-OTP, 4 Steam, 5 Yandex. Algorithm is its HashAlgorithm: 0 SHA1,
// 1 SHA256, 2 SHA512. Sparekey cannot make mOTP or Yandex codes; those keys
// are listed as problems.
//
// A backup made with a password (doc/BACKUP_FORMAT.md in Authenticator Pro
// and Stratum) is one of:
//
//   - "AUTHENTICATORPRO", a 16-byte salt, a 12-byte IV, then that JSON in
//     AES-256-GCM (tag at the end); the key is Argon2id of the password with
//     3 passes, 64 MiB, 4 lanes, 32 bytes.
//   - from older versions, "AuthenticatorPro", a 20-byte salt, a 16-byte IV,
//     then the JSON in AES-256-CBC with PKCS#7 padding; the key is
//     PBKDF2-HMAC-SHA1, 64,000 rounds. The oldest versions used an 8-byte
//     salt and 100,000 rounds with the same header; both are tried.

const (
	authProHeader       = "AUTHENTICATORPRO"
	authProLegacyHeader = "AuthenticatorPro"
)

func init() {
	Register(Format{
		Name:   "authpro",
		Title:  "Authenticator Pro",
		Detect: detectAuthPro,
		Read:   readAuthPro,
	})
}

func detectAuthPro(data []byte) bool {
	if bytes.HasPrefix(data, []byte(authProHeader)) || bytes.HasPrefix(data, []byte(authProLegacyHeader)) {
		return true
	}
	m := jsonObjectKeys(data)
	return m != nil && isJSONArray(m["Authenticators"])
}

type authProAuthenticator struct {
	Type      int     `json:"Type"`
	Issuer    string  `json:"Issuer"`
	Username  string  `json:"Username"`
	Secret    string  `json:"Secret"`
	Algorithm int     `json:"Algorithm"`
	Digits    int     `json:"Digits"`
	Period    int     `json:"Period"`
	Counter   int64   `json:"Counter"`
	Pin       *string `json:"Pin"`
}

func readAuthPro(data []byte, password string) (*Found, error) {
	var err error
	switch {
	case bytes.HasPrefix(data, []byte(authProHeader)):
		data, err = decryptAuthPro(data[len(authProHeader):], password)
	case bytes.HasPrefix(data, []byte(authProLegacyHeader)):
		data, err = decryptAuthProLegacy(data[len(authProLegacyHeader):], password)
	}
	if err != nil {
		return nil, err
	}
	var x struct {
		Authenticators []json.RawMessage `json:"Authenticators"`
	}
	if err := json.Unmarshal(trimBOM(data), &x); err != nil {
		return nil, fmt.Errorf("this Authenticator Pro backup cannot be read; it may be damaged or cut short (%v)", err)
	}
	f := &Found{Format: "Authenticator Pro"}
	addItems(f, x.Authenticators, "backup", authProEntry)
	return f, nil
}

func authProEntry(f *Found, a authProAuthenticator) {
	e := vault.Entry{
		Issuer:  strings.TrimSpace(a.Issuer),
		Account: strings.TrimSpace(a.Username),
		Secret:  a.Secret,
		Digits:  a.Digits,
		Period:  a.Period,
	}
	switch a.Type {
	case 1:
		e.Type = vault.HOTP
		if a.Counter < 0 {
			addProblem(f, e.Name(), "Not imported because its counter in the backup is below zero.")
			return
		}
		e.Counter = uint64(a.Counter)
	case 2:
		e.Type = vault.TOTP
	case 3:
		addProblem(f, e.Name(), reasonMOTP)
		return
	case 4:
		e.Type = vault.Steam
	case 5:
		addProblem(f, e.Name(), reasonYandex)
		return
	default:
		addProblem(f, e.Name(), fmt.Sprintf("Not imported because it is a kind of key (number %d) that Sparekey does not know.", a.Type))
		return
	}
	switch a.Algorithm {
	case 0:
		e.Algorithm = vault.SHA1
	case 1:
		e.Algorithm = vault.SHA256
	case 2:
		e.Algorithm = vault.SHA512
	default:
		addProblem(f, e.Name(), fmt.Sprintf("Not imported because its codes use an algorithm (number %d) that Sparekey does not support (it supports SHA1, SHA256 and SHA512).", a.Algorithm))
		return
	}
	addEntry(f, e)
}

// errAuthProWrongPassword is the error for a backup that does not open; the
// formats have no check value, so a damaged file looks the same.
var errAuthProWrongPassword = fmt.Errorf("Authenticator Pro backup: %w (if you are sure of the password, the file may be damaged)", ErrWrongPassword)

// decryptAuthPro opens the current encrypted backup (after its header).
func decryptAuthPro(data []byte, password string) ([]byte, error) {
	if password == "" {
		return nil, fmt.Errorf("Authenticator Pro backup: %w", ErrNeedPassword)
	}
	if len(data) < 16+12+16 {
		return nil, errors.New("this Authenticator Pro backup is cut short")
	}
	salt, iv, sealed := data[:16], data[16:28], data[28:]
	key := argon2.IDKey([]byte(password), salt, 3, 64*1024, 4, 32)
	plain, err := openGCM(key, iv, sealed, nil)
	if errors.Is(err, errGCMAuth) {
		return nil, errAuthProWrongPassword
	}
	return plain, err
}

// decryptAuthProLegacy opens the older encrypted backups (after the header).
func decryptAuthProLegacy(data []byte, password string) ([]byte, error) {
	if password == "" {
		return nil, fmt.Errorf("Authenticator Pro backup: %w", ErrNeedPassword)
	}
	for _, v := range []struct{ salt, rounds int }{{20, 64000}, {8, 100000}} {
		if len(data) < v.salt+16+aes.BlockSize {
			continue
		}
		salt, iv, sealed := data[:v.salt], data[v.salt:v.salt+16], data[v.salt+16:]
		if len(sealed)%aes.BlockSize != 0 {
			continue
		}
		key, err := pbkdf2.Key(sha1.New, password, salt, v.rounds, 32)
		if err != nil {
			return nil, fmt.Errorf("deriving the key from the password: %w", err)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("setting up AES: %w", err)
		}
		plain := make([]byte, len(sealed))
		cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, sealed)
		if plain, ok := unpadPKCS7(plain); ok && json.Valid(plain) {
			return plain, nil
		}
	}
	return nil, errAuthProWrongPassword
}
