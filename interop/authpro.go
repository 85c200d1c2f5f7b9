package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

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
// A backup made with a password starts with "AUTHENTICATORPRO" (Argon2id and
// AES-GCM) or, from older versions, "AuthenticatorPro" (PBKDF2 and AES-CBC).
// Sparekey recognises these and says how to make a backup it can read.

// The headers of Authenticator Pro's encrypted backups.
var authProHeaders = [][]byte{[]byte("AUTHENTICATORPRO"), []byte("AuthenticatorPro")}

func init() {
	Register(Format{
		Name:   "authpro",
		Title:  "Authenticator Pro",
		Detect: detectAuthPro,
		Read:   func(data []byte, _ string) (*Found, error) { return readAuthPro(data) },
	})
}

func detectAuthPro(data []byte) bool {
	if authProEncrypted(data) {
		return true
	}
	m := jsonObjectKeys(data)
	return m != nil && isJSONArray(m["Authenticators"])
}

func authProEncrypted(data []byte) bool {
	for _, h := range authProHeaders {
		if bytes.HasPrefix(data, h) {
			return true
		}
	}
	return false
}

// errAuthProEncrypted explains what to do with an encrypted backup.
var errAuthProEncrypted = errors.New("this Authenticator Pro backup is protected by a password, which Sparekey cannot open: in Authenticator Pro (or Stratum), make a backup again and leave the password empty")

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

func readAuthPro(data []byte) (*Found, error) {
	if authProEncrypted(data) {
		return nil, errAuthProEncrypted
	}
	var x struct {
		Authenticators []json.RawMessage `json:"Authenticators"`
	}
	if err := json.Unmarshal(trimBOM(data), &x); err != nil {
		return nil, fmt.Errorf("this Authenticator Pro backup cannot be read; it may be damaged or cut short (%v)", err)
	}
	f := &Found{Format: "Authenticator Pro"}
	for i, raw := range x.Authenticators {
		var a authProAuthenticator
		if err := json.Unmarshal(raw, &a); err != nil {
			addProblem(f, fmt.Sprintf("Key number %d", i+1), "Not imported because its details in the backup cannot be read.")
			continue
		}
		authProEntry(f, a)
	}
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
