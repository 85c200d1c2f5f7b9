package vault

import (
	"fmt"
	"strings"
)

// base32Alphabet is the alphabet of setup keys and recovery keys.
const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// LineCheck is the check code printed beside line n (counting from 1) of a key
// written on paper: two decimal digits. It is a weighted sum modulo 97 of the
// line's characters, weighted by position, plus the line number, so that:
//
//   - any one wrong character on the line changes it (97 is prime and larger
//     than both the alphabet and the line, so no weight or difference
//     vanishes),
//   - any swap of two neighbouring different characters changes it (the
//     difference is the characters' difference times 1),
//   - a line typed in the place of another usually changes it.
//
// line must be canonical base32 (see CheckSecret) and at most 90 characters.
func LineCheck(n int, line string) string {
	sum := (n * 31) % 97
	for i := 0; i < len(line); i++ {
		v := strings.IndexByte(base32Alphabet, line[i])
		sum = (sum + (i+1)*(v+1)) % 97
	}
	return fmt.Sprintf("%02d", sum)
}

// CheckLine reads one line of a key typed from paper together with the check
// code printed beside it. Case, spaces and dashes do not matter. Where the
// line has a 0, 1 or 8 (which never appear in base32) it tries O, I and B in
// their places and keeps the reading that the check code confirms. It
// returns the canonical line, or an error that names the line.
func CheckLine(n int, typed, check string) (string, error) {
	check = strings.TrimSpace(check)
	var clean []byte
	var ambiguous []int
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case r >= 'A' && r <= 'Z', r >= '2' && r <= '7':
			clean = append(clean, byte(r))
		case r == '0' || r == '1' || r == '8':
			ambiguous = append(ambiguous, len(clean))
			clean = append(clean, byte(r))
		default:
			return "", fmt.Errorf("line %d: %q is not a character of a key (only A to Z and 2 to 7)", n, r)
		}
	}
	if len(clean) == 0 {
		return "", fmt.Errorf("line %d is empty", n)
	}
	lookalike := map[byte]byte{'0': 'O', '1': 'I', '8': 'B'}
	for _, i := range ambiguous {
		clean[i] = lookalike[clean[i]]
	}
	line := string(clean)
	if LineCheck(n, line) != check {
		if len(ambiguous) > 0 {
			return "", fmt.Errorf("line %d does not match the number in its box (%s): look again at each character, especially the 0, 1 or 8 you typed", n, check)
		}
		return "", fmt.Errorf("line %d does not match the number in its box (%s): a character on that line is wrong or two are swapped", n, check)
	}
	return line, nil
}

// KeyLines cuts a canonical key into the lines printed on paper: each line
// holds up to perLine characters (a multiple of 4 reads best).
func KeyLines(secret string, perLine int) []string {
	var lines []string
	for len(secret) > perLine {
		lines = append(lines, secret[:perLine])
		secret = secret[perLine:]
	}
	if secret != "" {
		lines = append(lines, secret)
	}
	return lines
}
