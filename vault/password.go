package vault

import (
	"errors"
	"strings"
	"unicode"
)

// MinPasswordLength is the shortest master password Sparekey accepts.
const MinPasswordLength = 10

// Strength grades a master password for the person choosing it.
type Strength struct {
	Score  int    // 0 (very weak) to 4 (very strong)
	Label  string // "Very weak" ... "Very strong"
	Advice string // what would make it stronger; empty when strong enough
}

// common holds passwords and words that guessers try first.
var common = []string{"password", "passwort", "123456", "qwerty", "azerty", "letmein", "welcome", "admin", "iloveyou", "sparekey", "monkey", "dragon", "abc123", "111111", "000000", "secret"}

// PasswordStrength estimates how hard a password is to guess, roughly: length
// and variety count, common words and repeats count against it. It is a
// guide for the person, not a promise.
func PasswordStrength(pw string) Strength {
	n := len([]rune(pw))
	var lower, upper, digit, other bool
	seen := map[rune]bool{}
	for _, r := range pw {
		seen[r] = true
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	// Length counts as what a guesser must actually guess: a repeated
	// chunk ("qwertyqwerty"), runs of one character and 1-2-3 or a-b-c
	// sequences add next to nothing.
	eff := effectiveLength(pw)
	score := 0
	switch {
	case eff >= 20:
		score = 4
	case eff >= 16:
		score = 3
	case eff >= 12:
		score = 2
	case eff >= MinPasswordLength:
		score = 1
	}
	if classes >= 3 && eff >= MinPasswordLength && score < 4 {
		score++
	}
	low := strings.ToLower(pw)
	for _, c := range common {
		if strings.Contains(low, c) && len(c)*2 > n/2 {
			score--
			break
		}
	}
	if len(seen) <= 3 || len(seen)*3 < n {
		score -= 2
	}
	if score < 0 {
		score = 0
	}
	if score > 4 {
		score = 4
	}
	labels := []string{"Very weak", "Weak", "Fair", "Strong", "Very strong"}
	s := Strength{Score: score, Label: labels[score]}
	switch {
	case n < MinPasswordLength:
		s.Advice = "Use at least 10 characters. A few unrelated words make a password that is long and easy to remember."
	case score < 2:
		s.Advice = "Make it longer, or add words that have nothing to do with each other."
	}
	return s
}

// effectiveLength is the password's length once a repeated chunk counts as
// one chunk and one more character, and a run of one character or a step-by-
// one sequence (123, abc, cba) counts as its first character.
func effectiveLength(pw string) int {
	r := []rune(strings.ToLower(pw))
	extra := 0
	for p := 1; p <= (len(r)+1)/2; p++ {
		periodic := true
		for i := p; i < len(r); i++ {
			if r[i] != r[i-p] {
				periodic = false
				break
			}
		}
		if periodic {
			r, extra = r[:p], 1
			break
		}
	}
	n := extra
	for i := range r {
		switch {
		case i > 0 && r[i] == r[i-1]:
		case i > 1 && r[i]-r[i-1] == r[i-1]-r[i-2] && (r[i]-r[i-1] == 1 || r[i]-r[i-1] == -1):
		default:
			n++
		}
	}
	return n
}

// CheckNewPassword refuses a master password that is too weak to protect
// every 2FA key a person has, with advice in plain words.
func CheckNewPassword(pw string) error {
	s := PasswordStrength(pw)
	if s.Score < 2 {
		return errors.New("this password is too easy to guess. " + s.Advice)
	}
	return nil
}
