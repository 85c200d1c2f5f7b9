package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
)

// A recovery key is 36 random base32 characters (180 bits) and a 4-character
// check group, written as ten groups of four:
// "ABCD-EFGH-...-CHEK". The check group is the start of a SHA-256 of the
// rest, so almost any typo is caught before the slow unlock is tried.
const (
	recoveryRandomChars = 36
	recoveryCheckChars  = 4
	recoveryGroup       = 4
)

// ErrRecoveryKeyTypo means the recovery key's check group does not match.
var ErrRecoveryKeyTypo = errors.New("this recovery key has a typo: compare each group with your printed recovery key")

// ErrRecoveryKeyShape means the text does not have a recovery key's length.
var ErrRecoveryKeyShape = errors.New("a recovery key has 10 groups of 4 letters and digits; check that you typed all of it")

// NewRecoveryKey makes a fresh, random recovery key in its printed form.
func NewRecoveryKey() string {
	b := make([]byte, recoveryRandomChars)
	if _, err := rand.Read(b); err != nil {
		panic("sparekey: no randomness from the operating system: " + err.Error())
	}
	for i := range b {
		b[i] = base32Alphabet[b[i]&31]
	}
	body := string(b)
	return groupRecoveryKey(body + recoveryCheck(body))
}

func recoveryCheck(body string) string {
	sum := sha256.Sum256([]byte("sparekey-recovery-key\x00" + body))
	return EncodeSecret(sum[:])[:recoveryCheckChars]
}

func groupRecoveryKey(s string) string {
	var parts []string
	for len(s) > recoveryGroup {
		parts = append(parts, s[:recoveryGroup])
		s = s[recoveryGroup:]
	}
	return strings.Join(append(parts, s), "-")
}

// ParseRecoveryKey reads a recovery key as a person types it: case, spaces and
// dashes do not matter, and 0, 1 and 8 are read as O, I and B. It returns the
// key in its printed form, or ErrRecoveryKeyShape / ErrRecoveryKeyTypo.
func ParseRecoveryKey(typed string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\r':
		case r == '0':
			b.WriteByte('O')
		case r == '1':
			b.WriteByte('I')
		case r == '8':
			b.WriteByte('B')
		case r >= 'A' && r <= 'Z', r >= '2' && r <= '7':
			b.WriteRune(r)
		default:
			return "", ErrRecoveryKeyShape
		}
	}
	s := b.String()
	if len(s) != recoveryRandomChars+recoveryCheckChars {
		return "", ErrRecoveryKeyShape
	}
	body, check := s[:recoveryRandomChars], s[recoveryRandomChars:]
	if recoveryCheck(body) != check {
		return "", ErrRecoveryKeyTypo
	}
	return groupRecoveryKey(s), nil
}
