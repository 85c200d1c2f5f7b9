package vault

import (
	"encoding/hex"
	"sort"
	"strings"
	"testing"

	"github.com/trustelem/zxcvbn"
)

// The passwords that issue 10 found accepted: each looks strong to a rule
// of "length and variety", and each is among the first a guessing program
// tries.
func TestPasswordsThatGuessersTryFirstAreRefused(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		why  []string // each must be in the refusal
		hide []string // parts of the password the refusal must not quote
	}{
		{"Password2024!", []string{"a password that many people use", "digits or signs at the end"}, []string{"2024"}},
		{"Welcome2024!", []string{"a password that many people use", "digits or signs at the end"}, []string{"Welcome", "2024"}},
		{"Liverpool123", []string{"a password that many people use", "a run like 123"}, []string{"Liverpool"}},
		{"Bitcoin2026!", []string{"a common word", "digits or signs at the end", "one or two more unrelated words"}, []string{"Bitcoin", "2026"}},
	} {
		err := CheckNewPassword(tc.pw)
		if err == nil {
			t.Errorf("%q is accepted as a master password", tc.pw)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "This password is too easy to guess: ") || !strings.Contains(msg, "take a suggested password") {
			t.Errorf("%q: the refusal does not say what is wrong and what to do: %q", tc.pw, msg)
		}
		for _, w := range tc.why {
			if !strings.Contains(msg, w) {
				t.Errorf("%q: the refusal %q does not say %q", tc.pw, msg, w)
			}
		}
		for _, h := range tc.hide {
			if strings.Contains(strings.ToLower(msg), strings.ToLower(h)) {
				t.Errorf("%q: the refusal quotes %q: %q", tc.pw, h, msg)
			}
		}
		if s := PasswordStrength(tc.pw); s.Score >= RequiredScore || s.Advice != msg {
			t.Errorf("%q: strength %+v disagrees with the refusal", tc.pw, s)
		}
	}
}

func TestNewPasswordNeedsTheTopScore(t *testing.T) {
	for _, tc := range []struct {
		pw    string
		score int
		ok    bool
	}{
		{"", 0, false},
		{"short", 0, false},
		{"password123", 0, false},
		{"aaaaaaaaaaaaaaaaaaaa", 0, false},
		{"qwertyqwertyqwerty", 0, false},
		{"1234567890123456789012345678", 1, false},
		{"P@ssw0rd12345", 1, false},
		{"sparekey sparekey", 3, false},
		{"twelve chars", 3, false},
		{"x7#kQ2!pZ", 3, false}, // random, but 9 characters
		{"correct horse battery staple", 4, true},
		{"violin tram sunny cactus", 4, true},
		{"blue-Kettle-37-orbit", 4, true},
		{"unrelated words make it long!", 4, true},
		{"Tr0ub4dor&3xtra", 4, true},
	} {
		s := PasswordStrength(tc.pw)
		err := CheckNewPassword(tc.pw)
		if s.Score != tc.score || (err == nil) != tc.ok {
			t.Errorf("%q: score %d, error %v; want score %d, accepted %v", tc.pw, s.Score, err, tc.score, tc.ok)
		}
		if s.Label != labels[s.Score] {
			t.Errorf("%q: label %q for score %d", tc.pw, s.Label, s.Score)
		}
		if tc.ok != (s.Advice == "") {
			t.Errorf("%q: accepted %v but advice %q", tc.pw, tc.ok, s.Advice)
		}
	}
}

// A password longer than the estimator reads is judged by its first
// hundred characters: a long repeat stays refused, and a long password made
// strong only past that point is not taken on trust.
func TestALongPasswordIsJudgedByItsStart(t *testing.T) {
	if err := CheckNewPassword(strings.Repeat("ab", 5000)); err == nil {
		t.Error("ten thousand characters of abab... are accepted")
	}
	if err := CheckNewPassword(strings.Repeat("a", 100) + "violin tram sunny cactus"); err == nil {
		t.Error("a strong tail past the 100th character made a weak start acceptable")
	}
	if err := CheckNewPassword("violin tram sunny cactus " + strings.Repeat("a", 10000)); err != nil {
		t.Errorf("a strong start with a long tail is refused: %v", err)
	}
}

func TestPassphraseWordsAreTheBIP39List(t *testing.T) {
	if len(passphraseWords) != 2048 {
		t.Fatalf("%d words, want 2048 (randomWord takes 11 bits)", len(passphraseWords))
	}
	// Known answers: BIP 39's test vectors for 128-bit entropy. The first
	// 11 words are the entropy's 11-bit groups (the 12th holds a checksum).
	for entropy, mnemonic := range map[string]string{
		"00000000000000000000000000000000": "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
		"7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f": "legal winner thank year wave sausage worth useful legal winner thank yellow",
		"80808080808080808080808080808080": "letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
		"ffffffffffffffffffffffffffffffff": "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
	} {
		b, _ := hex.DecodeString(entropy)
		want := strings.Fields(mnemonic)
		for i := range 11 {
			n := 0
			for bit := i * 11; bit < i*11+11; bit++ {
				n = n<<1 | int(b[bit/8]>>(7-bit%8)&1)
			}
			if passphraseWords[n] != want[i] {
				t.Errorf("entropy %s: word %d is %q, want %q", entropy, i+1, passphraseWords[n], want[i])
			}
		}
	}
	prefixes := map[string]string{}
	for _, w := range passphraseWords {
		if len(w) < 3 || len(w) > 8 || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Errorf("word %q is not 3 to 8 lowercase letters", w)
		}
		p := w[:min(4, len(w))]
		if other, dup := prefixes[p]; dup {
			t.Errorf("%q and %q share their first letters", other, w)
		}
		prefixes[p] = w
	}
}

func TestSuggestedPassphrasesPassTheCheck(t *testing.T) {
	inList := map[string]bool{}
	for _, w := range passphraseWords {
		inList[w] = true
	}
	seen := map[string]bool{}
	const n = 300
	for range n {
		p := SuggestPassphrase()
		if err := CheckNewPassword(p); err != nil {
			t.Fatalf("suggested %q is refused: %v", p, err)
		}
		words := strings.Split(p, "-")
		if len(words) != passphraseLength {
			t.Fatalf("suggested %q has %d words, want %d", p, len(words), passphraseLength)
		}
		distinct := map[string]bool{}
		for _, w := range words {
			if !inList[w] {
				t.Fatalf("suggested %q has %q, not in the word list", p, w)
			}
			distinct[w] = true
		}
		if len(distinct) != len(words) {
			t.Fatalf("suggested %q repeats a word", p)
		}
		seen[p] = true
	}
	// 66 bits each: a repeat among a few hundred would mean broken randomness.
	if len(seen) != n {
		t.Errorf("%d distinct passphrases out of %d", len(seen), n)
	}
}

// The six words the estimator finds easiest to guess, joined as a
// suggestion is, still pass: the check inside SuggestPassphrase is a safety
// net, not a filter that shrinks the choice.
func TestTheCommonestSixWordsStillPass(t *testing.T) {
	type scored struct {
		w       string
		guesses float64
	}
	var all []scored
	for _, w := range passphraseWords {
		all = append(all, scored{w, zxcvbn.PasswordStrength(w, userWords).Guesses})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].guesses < all[j].guesses })
	var words []string
	for _, s := range all[:passphraseLength] {
		words = append(words, s.w)
	}
	p := strings.Join(words, "-")
	if err := CheckNewPassword(p); err != nil {
		t.Errorf("the commonest words %q are refused: %v", p, err)
	}
}

func BenchmarkPasswordStrengthOfALongRepeat(b *testing.B) {
	pw := strings.Repeat("ab", 5000)
	for b.Loop() {
		PasswordStrength(pw)
	}
}

func BenchmarkSuggestPassphrase(b *testing.B) {
	for b.Loop() {
		SuggestPassphrase()
	}
}
