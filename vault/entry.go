// Package vault is Sparekey's domain: the 2FA entries a person keeps, the
// login codes they produce (TOTP, HOTP and Steam Guard), otpauth:// links,
// and the encrypted vault file that holds them.
//
// The vault file is a JSON container of armored age files: the payload (the
// entries) is encrypted to a random X25519 identity, and that identity is
// itself stored twice, encrypted with the master password and with the
// printed recovery key (age scrypt recipients). Unlocking costs one scrypt;
// saving costs none. See ../DESIGN.md and README.md for the format and for
// the procedure to get the keys out with the age command alone.
//
// vault imports no other Sparekey package.
package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Type is the kind of one-time code an entry produces.
type Type string

// The code types Sparekey knows.
const (
	TOTP  Type = "totp"  // time-based codes (RFC 6238), the common case
	HOTP  Type = "hotp"  // counter-based codes (RFC 4226)
	Steam Type = "steam" // Steam Guard: 5 characters, 30 s, SHA1
)

// Algorithm is the HMAC hash an entry uses.
type Algorithm string

// The hash algorithms of RFC 6238.
const (
	SHA1   Algorithm = "SHA1"
	SHA256 Algorithm = "SHA256"
	SHA512 Algorithm = "SHA512"
)

// Defaults that most sites use; an entry with these values needs no words
// about its settings on paper or in a link.
const (
	DefaultDigits    = 6
	DefaultPeriod    = 30
	DefaultAlgorithm = SHA1
	SteamDigits      = 5
)

// RecoveryCode is one of the single-use backup codes that many sites hand out
// beside the 2FA setup.
type RecoveryCode struct {
	Code string `json:"code"`
	Used bool   `json:"used,omitempty"`
}

// Entry is one 2FA account: the secret key behind it and everything needed
// to produce its codes and to recognise it.
//
// Secret always holds canonical base32: upper case, no spaces, no padding.
// Call Normalize (or use ParseURI / Vault.Add, which call it) before relying
// on that.
type Entry struct {
	ID            string         `json:"id"`
	Type          Type           `json:"type"`
	Issuer        string         `json:"issuer,omitempty"`
	Account       string         `json:"account,omitempty"`
	Secret        string         `json:"secret"`
	Algorithm     Algorithm      `json:"algorithm"`
	Digits        int            `json:"digits"`
	Period        int            `json:"period,omitempty"`
	Counter       uint64         `json:"counter,omitempty"`
	Note          string         `json:"note,omitempty"`
	RecoveryCodes []RecoveryCode `json:"recovery_codes,omitempty"`
	Tags          []string       `json:"tags,omitempty"`
	Created       time.Time      `json:"created"`
	Updated       time.Time      `json:"updated"`
	// Printed is when the entry last went onto a paper recovery sheet; zero
	// means never.
	Printed time.Time `json:"printed,omitzero"`
	// Link is a copy of URI() written into the payload on every save, so that
	// the decrypted payload alone is enough to re-add the key anywhere. Code
	// should call URI(), which is always current.
	Link string `json:"uri,omitempty"`
}

// Normalize checks an entry and fills in defaults: the secret becomes
// canonical base32, the type, algorithm, digits and period get their usual
// values when empty, and a Steam entry gets Steam's fixed settings. It returns
// a warning (such as a short key) that the person should see but that does not
// stop the entry from being kept, and an error in plain words when the entry
// cannot work.
func (e *Entry) Normalize() (warning string, err error) {
	// Names are kept as valid UTF-8 (JSON would otherwise change them on the
	// next save, and a screen could not show them).
	e.Issuer = strings.TrimSpace(strings.ToValidUTF8(e.Issuer, "\uFFFD"))
	e.Account = strings.TrimSpace(strings.ToValidUTF8(e.Account, "\uFFFD"))
	if e.Type == "" {
		e.Type = TOTP
	}
	e.Type = Type(strings.ToLower(string(e.Type)))
	switch e.Type {
	case TOTP, HOTP, Steam:
	default:
		return "", fmt.Errorf("%q is not a kind of code Sparekey knows (time-based, counter-based or Steam)", string(e.Type))
	}
	secret, warning, err := CheckSecret(e.Secret)
	if err != nil {
		return "", err
	}
	e.Secret = secret
	if e.Algorithm == "" {
		e.Algorithm = DefaultAlgorithm
	}
	alg, ok := ParseAlgorithm(string(e.Algorithm))
	if !ok {
		return "", fmt.Errorf("%q is not a supported algorithm (SHA1, SHA256 or SHA512)", string(e.Algorithm))
	}
	e.Algorithm = alg
	if e.Type != HOTP {
		e.Counter = 0 // only counter-based codes have a counter
	}
	if e.Type == Steam {
		e.Digits = SteamDigits
		e.Period = DefaultPeriod
		e.Algorithm = SHA1
		return warning, nil
	}
	if e.Digits == 0 {
		e.Digits = DefaultDigits
	}
	if e.Digits < 6 || e.Digits > 8 {
		return "", fmt.Errorf("codes must have 6, 7 or 8 digits, not %d", e.Digits)
	}
	if e.Type == TOTP {
		if e.Period == 0 {
			e.Period = DefaultPeriod
		}
		if e.Period < 1 || e.Period > 86400 {
			return "", fmt.Errorf("a code cannot change every %d seconds (use 1 to 86400)", e.Period)
		}
	} else {
		e.Period = 0
	}
	return warning, nil
}

// ParseAlgorithm reads an algorithm name the way apps write it ("sha256",
// "SHA-256", "HmacSHA256").
func ParseAlgorithm(s string) (Algorithm, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "HMAC")
	s = strings.TrimPrefix(s, "-")
	s = strings.ReplaceAll(s, "-", "")
	switch s {
	case "", "SHA1":
		return SHA1, true
	case "SHA256":
		return SHA256, true
	case "SHA512":
		return SHA512, true
	}
	return "", false
}

// Name is how the entry is shown to a person: "Issuer (account)", or
// whichever of the two exists.
func (e *Entry) Name() string {
	switch {
	case e.Issuer != "" && e.Account != "":
		return e.Issuer + " (" + e.Account + ")"
	case e.Issuer != "":
		return e.Issuer
	case e.Account != "":
		return e.Account
	}
	return "Unnamed key"
}

// Fingerprint is a short, stable tag of the entry's secret and code settings
// (8 hex digits), printed on paper so that two copies of the same key can be
// told apart from two different keys. It reveals nothing useful about the
// secret.
func (e *Entry) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "sparekey-fingerprint\x00%s\x00%s\x00%s\x00%d\x00%d", e.Type, e.Secret, e.Algorithm, e.Digits, e.Period)
	return hex.EncodeToString(h.Sum(nil))[:8]
}

// SameKey reports whether two entries hold the same secret for the same kind
// of code: adding the second would duplicate the first.
func SameKey(a, b *Entry) bool {
	return a.Secret == b.Secret && a.Type == b.Type
}

// Settings describes, in words, whatever differs from the usual 6-digit codes
// every 30 seconds with SHA1, e.g. "8-digit codes, every 60 seconds". It is
// empty for an entry with the usual settings.
func (e *Entry) Settings() string {
	var parts []string
	switch e.Type {
	case Steam:
		return "Steam Guard codes (5 characters)"
	case HOTP:
		parts = append(parts, fmt.Sprintf("counter-based codes (next counter %d)", e.Counter))
		if e.Digits != DefaultDigits {
			parts[0] = fmt.Sprintf("%d-digit counter-based codes (next counter %d)", e.Digits, e.Counter)
		}
	default:
		if e.Digits != DefaultDigits || e.Period != DefaultPeriod {
			parts = append(parts, fmt.Sprintf("%d-digit codes, every %d seconds", e.Digits, e.Period))
		}
	}
	if e.Algorithm != DefaultAlgorithm && e.Algorithm != "" {
		parts = append(parts, "algorithm "+string(e.Algorithm))
	}
	return strings.Join(parts, ", ")
}

// newID returns a short random identifier, easy to type on a command line.
func newID() string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("sparekey: no randomness from the operating system: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}
