package printing

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"sparekey/vault"
)

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// TestLineCheckCatchesEveryTypo tries, on random keys cut into lines as the
// sheet prints them, every single wrong character and every swap of two
// different neighbours on every line: vault.CheckLine must refuse each one
// and name that line, and take the right line back.
func TestLineCheckCatchesEveryTypo(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	changes, swaps := 0, 0
	for k := 0; k < 40; k++ {
		raw := make([]byte, 10+r.IntN(70)) // 16 to 128 characters
		for i := range raw {
			raw[i] = byte(r.IntN(256))
		}
		secret := vault.EncodeSecret(raw)
		for li, line := range vault.KeyLines(secret, KeyLineChars) {
			n := li + 1
			check := vault.LineCheck(n, line)
			if got, err := vault.CheckLine(n, vault.GroupsOfFour(line), check); err != nil || got != line {
				t.Fatalf("line %d %q as printed: got %q, %v", n, line, got, err)
			}
			refused := func(typed, what string) {
				t.Helper()
				_, err := vault.CheckLine(n, typed, check)
				if err == nil {
					t.Errorf("line %d %q: %s (%q) passed check %s", n, line, what, typed, check)
					return
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("line %d ", n)) {
					t.Errorf("line %d: the error does not name the line: %v", n, err)
				}
			}
			for i := 0; i < len(line); i++ {
				for _, c := range []byte(base32Alphabet) {
					if c == line[i] {
						continue
					}
					changes++
					refused(line[:i]+string(c)+line[i+1:], fmt.Sprintf("character %d changed to %c", i+1, c))
				}
			}
			for i := 0; i+1 < len(line); i++ {
				if line[i] == line[i+1] {
					continue
				}
				swaps++
				refused(line[:i]+string(line[i+1])+string(line[i])+line[i+2:], fmt.Sprintf("characters %d and %d swapped", i+1, i+2))
			}
		}
	}
	t.Logf("%d single-character changes and %d neighbour swaps, every one caught", changes, swaps)
}

// TestLineCheckReadsAsPeopleType: case, spaces and dashes do not matter, and
// 0, 1 and 8 are read as O, I and B only where the check code confirms it.
func TestLineCheckReadsAsPeopleType(t *testing.T) {
	const line = "OIBA2345QRSTUVWX"
	check := vault.LineCheck(2, line)
	tests := []struct {
		name, typed string
		ok          bool
	}{
		{"as printed", "OIBA 2345 QRST UVWX", true},
		{"lower case, dashes, no spaces", "oiba-2345-qrst-uvwx", true},
		{"0, 1 and 8 for O, I and B", "018A 2345 QRST UVWX", true},
		{"0 where the key has Q", "OIBA 2345 0RST UVWX", false},
		{"8 where the key has S", "OIBA 2345 QR8T UVWX", false},
		{"a letter left out", "OIBA 2345 QRST UVW", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vault.CheckLine(2, tt.typed, check)
			if tt.ok && (err != nil || got != line) {
				t.Fatalf("CheckLine(%q) = %q, %v; want %q", tt.typed, got, err, line)
			}
			if !tt.ok && err == nil {
				t.Fatalf("CheckLine(%q) passed, want an error naming line 2", tt.typed)
			}
		})
	}
}
