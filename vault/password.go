package vault

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"
)

// MinPasswordLength is the shortest master password Sparekey accepts, whatever
// the estimator says of it.
const MinPasswordLength = 10

// RequiredScore is the strength score a new master password
// or export password must reach: zxcvbn's top score, about 10^10 guesses or
// more. The vault and its copies are meant to sit in synced folders, where a
// thief can guess offline for as long as they like.
const RequiredScore = 4

// estimatedRunes bounds what the estimator reads: its cost grows faster than
// the length (a thousand characters take seconds), and a password's first
// hundred characters already say all the estimate needs. Reading only a
// prefix can only make the estimate lower, never higher.
const estimatedRunes = 100

// Strength grades a master password for the person choosing it.
type Strength struct {
	Score  int    // 0 (very weak) to 4 (strong); only RequiredScore is accepted
	Label  string // "Very weak" ... "Strong"
	Advice string // what makes it weak and what to do, in plain words; empty when strong enough
}

// labels name the scores 0 to 4 for the person typing.
var labels = [...]string{"Very weak", "Weak", "Fair", "Almost strong enough", "Strong"}

// userWords are words a guesser aiming at Sparekey would try first.
// ("password" itself is the estimator's second commonest password already).
var userWords = []string{"sparekey", "spare", "vault", "recovery", "backup", "authenticator", "2fa"}

// PasswordStrength estimates how many guesses a password would take, with
// zxcvbn (dictionaries of common passwords, words and names, keyboard
// patterns, dates, repeats and sequences), and says in plain words what makes
// a weak one weak. It is a guide for the person, not a promise.
func PasswordStrength(pw string) Strength {
	if !utf8.ValidString(pw) {
		pw = strings.ToValidUTF8(pw, "\uFFFD")
	}
	est := pw
	if utf8.RuneCountInString(est) > estimatedRunes {
		est = string([]rune(est)[:estimatedRunes])
	}
	r := zxcvbn.PasswordStrength(est, userWords)
	s := Strength{Score: r.Score}
	short := utf8.RuneCountInString(pw) < MinPasswordLength
	if short && s.Score >= RequiredScore {
		s.Score = RequiredScore - 1
	}
	s.Label = labels[s.Score]
	if s.Score < RequiredScore {
		s.Advice = advice(est, r.Sequence, short, s.Score)
	}
	return s
}

// advice says what makes a password weak, from the patterns the estimator
// found in it, and what to do instead. It never quotes the password: the
// advice may reach an error message.
func advice(est string, seq []*match.Match, short bool, score int) string {
	var why []string
	add := func(reason string) {
		for _, r := range why {
			if r == reason {
				return
			}
		}
		why = append(why, reason)
	}
	if short {
		add("it is shorter than 10 characters")
	}
	for _, m := range seq {
		switch m.Pattern {
		case "dictionary":
			switch m.DictionaryName {
			case "passwords":
				add("it is built on a password that many people use")
			case "male_names", "female_names", "surnames":
				add("it contains a name")
			case "user_inputs":
				add("it contains a word that goes with Sparekey")
			default:
				add("it contains a common word")
			}
			if m.L33t {
				add("letters swapped for look-alike digits or signs (like 0 for o) do not fool guessers")
			}
			if m.Reversed {
				add("a word spelled backwards is tried too")
			}
		case "date", "regex":
			add("it contains a year or a date")
		case "sequence":
			add("it contains a run like 123 or abc")
		case "spatial":
			add("it contains keys that sit next to each other on the keyboard")
		case "repeat":
			add("it repeats itself")
		case "bruteforce":
			if m.J == len(est)-1 && m.I > 0 && strings.Trim(m.Token, "0123456789!?.,;:@#$%&*+-_=~^'\"") == "" {
				add("digits or signs at the end are the first thing guessers add to a word")
			}
		}
	}
	if score == RequiredScore-1 && !short {
		add("it is nearly strong enough: one or two more unrelated words would do")
	}
	var b strings.Builder
	b.WriteString("This password is too easy to guess")
	if len(why) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(why, "; "))
	}
	b.WriteString(". Guessing programs try such passwords first, and a stolen copy of your keys can be guessed at without limit. ")
	b.WriteString("Use five or more words that have nothing to do with each other, or take a suggested password.")
	return b.String()
}

// CheckNewPassword refuses a master password (or an export
// password) that is too weak to protect every 2FA key a person has: below
// RequiredScore or shorter than MinPasswordLength. The error says in plain
// words what makes it weak and what to do; it never quotes the password.
func CheckNewPassword(pw string) error {
	s := PasswordStrength(pw)
	if s.Score < RequiredScore {
		return errors.New(s.Advice)
	}
	return nil
}

// passphraseLength is how many words SuggestPassphrase picks: 6 words of 11
// bits each, 66 bits, about 7×10^19 choices.
const passphraseLength = 6

// SuggestPassphrase returns a new passphrase of six random words joined by
// dashes ("violin-tram-sunny-cactus-orbit-lemon"), drawn with crypto/rand from
// a list of 2048 common words. It always passes CheckNewPassword. It panics
// only if the operating system gives no randomness.
func SuggestPassphrase() string {
	for {
		words := make([]string, 0, passphraseLength)
	pick:
		for len(words) < passphraseLength {
			w := randomWord()
			for _, seen := range words {
				if seen == w {
					continue pick // a repeated word is weaker and reads like a mistake
				}
			}
			words = append(words, w)
		}
		p := strings.Join(words, "-")
		// Six distinct words always pass in practice (the tests check the
		// commonest words); the check is kept so that the promise holds
		// whatever the estimator's dictionaries become.
		if CheckNewPassword(p) == nil {
			return p
		}
	}
}

// randomWord picks one of passphraseWords uniformly: the list has 2048 words,
// so the low 11 bits of a random number pick one without bias.
func randomWord() string {
	var b [2]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("sparekey: no randomness from the operating system: " + err.Error())
	}
	return passphraseWords[binary.BigEndian.Uint16(b[:])&(1<<11-1)]
}
