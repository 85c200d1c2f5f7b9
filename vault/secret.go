package vault

import (
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// MinSecretBits is the size below which a key is accepted with a warning:
// RFC 4226 asks for at least 128 bits and recommends 160, and keys under
// 80 bits are weak.
const MinSecretBits = 80

// ErrEmptySecret is returned for a key that holds no characters at all.
var ErrEmptySecret = errors.New("the key is empty: type or paste the key the website showed you (the letters and digits near its QR code)")

// b32 is base32 without padding, the way keys are written.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// CheckSecret turns a key typed or pasted by a person into canonical base32:
// spaces, dashes, lower case and missing or present '=' padding are all fine.
// A key that is not base32 gets an error that says which character is wrong;
// a key under MinSecretBits is accepted with a warning.
func CheckSecret(s string) (secret, warning string, err error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '-' || r == '=' || r == '_' || r == '.':
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z', r >= '2' && r <= '7':
			b.WriteRune(r)
		case r == '0' || r == '1' || r == '8' || r == '9':
			return "", "", fmt.Errorf("the key has the digit %q, which never appears in a key (keys use the letters A to Z and the digits 2 to 7); if it is the letter O, I or B, type that instead", r)
		default:
			return "", "", fmt.Errorf("the key has the character %q, which never appears in a key (keys use only the letters A to Z and the digits 2 to 7)", r)
		}
	}
	secret = b.String()
	if secret == "" {
		return "", "", ErrEmptySecret
	}
	raw, err := decodeSecret(secret)
	if err != nil || len(raw) == 0 {
		return "", "", fmt.Errorf("the key is %d characters long, which cannot be a whole key; a character may be missing or extra", len(secret))
	}
	if len(raw)*8 < MinSecretBits {
		warning = fmt.Sprintf("This key is short (%d characters). It will work, but check that you copied all of it.", len(secret))
	}
	return secret, warning, nil
}

// SecretBytes decodes a canonical secret (as kept in an Entry) to its raw bytes.
func SecretBytes(secret string) ([]byte, error) {
	raw, err := decodeSecret(strings.TrimRight(strings.ToUpper(secret), "="))
	if err != nil {
		return nil, fmt.Errorf("the key is not valid base32: %w", err)
	}
	return raw, nil
}

// decodeSecret decodes unpadded base32. Go's decoder without padding
// silently drops a last group of 1, 3 or 6 characters, which no whole number
// of bytes produces; such a key has a character missing or extra, so it is
// refused here rather than shortened.
func decodeSecret(s string) ([]byte, error) {
	switch len(s) % 8 {
	case 1, 3, 6:
		return nil, fmt.Errorf("%d characters cannot be a whole number of bytes", len(s))
	}
	return b32.DecodeString(s)
}

// EncodeSecret turns raw key bytes (as some apps' exports carry them) into
// canonical base32.
func EncodeSecret(raw []byte) string {
	return b32.EncodeToString(raw)
}

// GroupsOfFour writes a key the way people read it aloud: "ABCD EFGH IJ".
func GroupsOfFour(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
