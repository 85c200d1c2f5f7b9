package vault

import (
	"errors"
	"strings"
	"testing"
)

func TestRecoveryKeyShape(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		k := NewRecoveryKey()
		groups := strings.Split(k, "-")
		if len(groups) != 10 {
			t.Fatalf("%q has %d groups", k, len(groups))
		}
		for _, g := range groups {
			if len(g) != 4 || strings.Trim(g, base32Alphabet) != "" {
				t.Fatalf("%q: group %q", k, g)
			}
		}
		if seen[k] {
			t.Fatalf("the same recovery key twice: %s", k)
		}
		seen[k] = true
		if got, err := ParseRecoveryKey(k); err != nil || got != k {
			t.Fatalf("ParseRecoveryKey(%q) = %q, %v", k, got, err)
		}
	}
}

func TestRecoveryKeyAsPeopleTypeIt(t *testing.T) {
	body := "OIBABCDEFGHIJKLMNOPQRSTUVWXYZ2345673"
	k := groupRecoveryKey(body + recoveryCheck(body))
	for _, typed := range []string{
		k,
		strings.ToLower(k),
		strings.ReplaceAll(k, "-", " "),
		strings.ReplaceAll(k, "-", ""),
		"  " + strings.ReplaceAll(k, "-", "\t") + "\r\n",
		"01B" + k[3:], // 0, 1 and 8 read as O, I and B
		"018" + k[3:],
	} {
		got, err := ParseRecoveryKey(typed)
		if err != nil || got != k {
			t.Errorf("ParseRecoveryKey(%q) = %q, %v; want %q", typed, got, err, k)
		}
	}
}

// Every single wrong character and every swap of two neighbours is caught
// by the check group before the slow unlock is tried.
func TestRecoveryKeyCheckCatchesTypos(t *testing.T) {
	body := "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCD"
	k := body + recoveryCheck(body)
	for i := 0; i < len(k); i++ {
		for _, r := range base32Alphabet {
			if byte(r) == k[i] {
				continue
			}
			typo := k[:i] + string(r) + k[i+1:]
			if _, err := ParseRecoveryKey(typo); !errors.Is(err, ErrRecoveryKeyTypo) {
				t.Fatalf("typo %q at %d: %v", string(r), i, err)
			}
		}
		if i+1 < len(k) && k[i] != k[i+1] {
			swap := k[:i] + string(k[i+1]) + string(k[i]) + k[i+2:]
			if _, err := ParseRecoveryKey(swap); !errors.Is(err, ErrRecoveryKeyTypo) {
				t.Fatalf("swap at %d: %v", i, err)
			}
		}
	}
	for _, bad := range []string{"", "ABCD", k + "A", k[:len(k)-1], strings.Replace(k, "A", "!", 1)} {
		if _, err := ParseRecoveryKey(bad); !errors.Is(err, ErrRecoveryKeyShape) {
			t.Errorf("ParseRecoveryKey(%q) = %v, want ErrRecoveryKeyShape", bad, err)
		}
	}
}
