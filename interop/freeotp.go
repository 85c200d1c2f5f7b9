package interop

import (
	"encoding/json"
	"fmt"
	"strings"

	"sparekey/vault"
)

// FreeOTP+ exports a JSON file ("Export JSON"):
//
//	{"tokenOrder": ["Issuer:label", ...],
//	 "tokens": [{"algo": "SHA1", "counter": 0, "digits": 6, "issuerExt": "...",
//	             "issuerInt": "...", "issuerAlt": "...", "label": "...",
//	             "labelAlt": "...", "period": 30, "secret": [-19, 64, ...],
//	             "type": "TOTP"|"HOTP"}]}
//
// as written by FreeOTP's legacy Token class (helloworld1/FreeOTPPlus,
// token-data/.../legacy/Token.java). The secret is the raw key as Java's
// signed bytes. issuerAlt and labelAlt are the names the person gave the key
// in the app, and win over the names from the setup link. FreeOTP keeps an
// HOTP counter one below the link's: Token reads counter-1 from a link,
// increments it before making a code, and writes counter+1 back into a link.
// Sparekey's counter is the link's (the counter of the next code), so one is
// added here. FreeOTP makes Steam codes
// for a time-based key whose link issuer (issuerExt) is "Steam".

func init() {
	Register(Format{
		Name:   "freeotp",
		Title:  "FreeOTP+",
		Detect: detectFreeOTP,
		Read:   func(data []byte, _ string) (*Found, error) { return readFreeOTP(data) },
	})
}

func detectFreeOTP(data []byte) bool {
	m := jsonObjectKeys(data)
	if m == nil || !isJSONArray(m["tokens"]) {
		return false
	}
	_, order := m["tokenOrder"]
	return order
}

type freeOTPToken struct {
	Algo      string  `json:"algo"`
	Counter   int64   `json:"counter"`
	Digits    int     `json:"digits"`
	IssuerExt string  `json:"issuerExt"`
	IssuerInt string  `json:"issuerInt"`
	IssuerAlt string  `json:"issuerAlt"`
	Label     string  `json:"label"`
	LabelAlt  string  `json:"labelAlt"`
	Period    int     `json:"period"`
	Secret    []int64 `json:"secret"`
	Type      string  `json:"type"`
}

func readFreeOTP(data []byte) (*Found, error) {
	var x struct {
		Tokens []json.RawMessage `json:"tokens"`
	}
	if err := json.Unmarshal(trimBOM(data), &x); err != nil {
		return nil, fmt.Errorf("this FreeOTP+ export cannot be read; it may be damaged or cut short (%v)", err)
	}
	f := &Found{Format: "FreeOTP+"}
	addItems(f, x.Tokens, "export", freeOTPEntry)
	return f, nil
}

func freeOTPEntry(f *Found, tok freeOTPToken) {
	raw, ok := javaBytes(tok.Secret)
	if !ok {
		addProblem(f, tok.name(), "Not imported because its key in the export is damaged (a byte is out of range).")
		return
	}
	tok.add(f, raw, 1, "export")
}

// javaBytes turns Java's signed bytes, as Gson writes a byte[], into bytes.
func javaBytes(list []int64) ([]byte, bool) {
	raw := make([]byte, 0, len(list))
	for _, b := range list {
		if b < -128 || b > 255 {
			return nil, false
		}
		raw = append(raw, byte(b))
	}
	return raw, true
}

// name is the token's name as Sparekey will show it.
func (tok freeOTPToken) name() string {
	e := vault.Entry{Issuer: firstNonBlank(tok.IssuerAlt, tok.IssuerExt, tok.IssuerInt), Account: firstNonBlank(tok.LabelAlt, tok.Label)}
	return e.Name()
}

// add turns a FreeOTP token with its key into an entry of f. FreeOTP+'s
// legacy tokens keep an HOTP counter one below the link's, FreeOTP 2's keep
// the link's: counterShift is what to add. kind is "export" or "backup".
func (tok freeOTPToken) add(f *Found, raw []byte, counterShift int64, kind string) {
	e := vault.Entry{
		Issuer:  firstNonBlank(tok.IssuerAlt, tok.IssuerExt, tok.IssuerInt),
		Account: firstNonBlank(tok.LabelAlt, tok.Label),
		Digits:  tok.Digits,
		Period:  tok.Period,
	}
	if len(raw) == 0 {
		addProblem(f, e.Name(), "Not imported because its key is missing from the "+kind+".")
		return
	}
	e.Secret = vault.EncodeSecret(raw)
	switch strings.ToUpper(strings.TrimSpace(tok.Type)) {
	case "", "TOTP":
		e.Type = vault.TOTP
		if tok.IssuerExt == "Steam" {
			e.Type = vault.Steam
		}
	case "HOTP":
		e.Type = vault.HOTP
		if tok.Counter+counterShift < 0 {
			addProblem(f, e.Name(), "Not imported because its counter in the "+kind+" is below zero.")
			return
		}
		e.Counter = uint64(tok.Counter + counterShift)
	default:
		addProblem(f, e.Name(), "Not imported because it is a kind of key ("+quoteName(tok.Type)+") that Sparekey does not know.")
		return
	}
	alg, reason, ok := algorithmOf(tok.Algo)
	if !ok {
		addProblem(f, e.Name(), reason)
		return
	}
	e.Algorithm = alg
	addEntry(f, e)
}

// firstNonBlank returns the first of names that is not blank, trimmed.
func firstNonBlank(names ...string) string {
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			return n
		}
	}
	return ""
}
