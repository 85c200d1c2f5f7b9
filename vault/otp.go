package vault

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// steamAlphabet is the 26 characters Steam Guard codes are drawn from.
const steamAlphabet = "23456789BCDFGHJKMNPQRTVWXY"

func (a Algorithm) otp() otp.Algorithm {
	switch a {
	case SHA256:
		return otp.AlgorithmSHA256
	case SHA512:
		return otp.AlgorithmSHA512
	}
	return otp.AlgorithmSHA1
}

// CodeAt returns the entry's code at time t. For a counter-based (HOTP) entry
// it returns the code for the current counter and does not move it: see
// Vault.NextCode for that.
func (e *Entry) CodeAt(t time.Time) (string, error) {
	switch e.Type {
	case Steam:
		return steamCode(e.Secret, t)
	case HOTP:
		return HOTPCode(e.Secret, e.Counter, e.Algorithm, e.Digits)
	default:
		period := e.Period
		if period == 0 {
			period = DefaultPeriod
		}
		digits := e.Digits
		if digits == 0 {
			digits = DefaultDigits
		}
		code, err := totp.GenerateCodeCustom(e.Secret, t, totp.ValidateOpts{
			Period:    uint(period),
			Digits:    otp.Digits(digits),
			Algorithm: e.Algorithm.otp(),
		})
		if err != nil {
			return "", fmt.Errorf("making a code for %s: %w", e.Name(), err)
		}
		return code, nil
	}
}

// HOTPCode is the RFC 4226 code for a base32 secret at a counter.
func HOTPCode(secret string, counter uint64, alg Algorithm, digits int) (string, error) {
	if digits == 0 {
		digits = DefaultDigits
	}
	code, err := hotp.GenerateCodeCustom(secret, counter, hotp.ValidateOpts{
		Digits:    otp.Digits(digits),
		Algorithm: alg.otp(),
	})
	if err != nil {
		return "", fmt.Errorf("making a counter-based code: %w", err)
	}
	return code, nil
}

// SecondsLeft is how long the code shown at t stays valid; 0 for HOTP.
func (e *Entry) SecondsLeft(t time.Time) int {
	if e.Type == HOTP {
		return 0
	}
	p := int64(e.Period)
	if p <= 0 {
		p = DefaultPeriod
	}
	return int(p - t.Unix()%p)
}

// steamCode is Steam Guard's variant of TOTP: SHA1, 30 s steps, and the
// truncated value written in 5 characters of Steam's alphabet.
func steamCode(secret string, t time.Time) (string, error) {
	key, err := SecretBytes(secret)
	if err != nil {
		return "", err
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/DefaultPeriod))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	code := make([]byte, SteamDigits)
	for i := range code {
		code[i] = steamAlphabet[v%uint32(len(steamAlphabet))]
		v /= uint32(len(steamAlphabet))
	}
	return string(code), nil
}

// FormatCode groups a code for reading: "123 456", "1234 5678", "12 345 67"
// is avoided in favour of "123 4567". Steam codes stay as they are.
func FormatCode(code string) string {
	switch len(code) {
	case 6:
		return code[:3] + " " + code[3:]
	case 7:
		return code[:3] + " " + code[3:]
	case 8:
		return code[:4] + " " + code[4:]
	}
	return code
}
