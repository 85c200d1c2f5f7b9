package printing

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// RFC 9285's examples.
func TestBase45KnownAnswers(t *testing.T) {
	for _, tt := range []struct{ in, out string }{
		{"AB", "BB8"}, {"Hello!!", "%69 VD92EX0"}, {"base-45", "UJCLQE7W581"}, {"ietf!", "QED8WEX0"},
	} {
		if got := base45Encode([]byte(tt.in)); got != tt.out {
			t.Errorf("base45(%q) = %q, want %q", tt.in, got, tt.out)
		}
		if got, err := base45Decode(tt.out); err != nil || string(got) != tt.in {
			t.Errorf("base45 decode %q = %q, %v", tt.out, got, err)
		}
	}
	for _, bad := range []string{"GGW", "ZZZ", "A", "a1"} {
		if _, err := base45Decode(bad); err == nil {
			t.Errorf("base45 decode %q passed", bad)
		}
	}
}

// paperCopyTexts are the texts of a paper copy's codes, in order.
func paperCopyTexts(t *testing.T, file []byte) []string {
	t.Helper()
	set, chunks, err := paperCopyChunks(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	// The document's pages: the codes', then two of text.
	pages := paperCopyPageOf(len(chunks), len(chunks)) + 2
	for i, c := range chunks {
		code := paperCopyCode{set: set, page: paperCopyPageOf(i+1, len(chunks)), pages: pages, chunk: i + 1, chunks: len(chunks), data: c}
		out = append(out, code.text())
	}
	return out
}

func randomFile(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = "{}\":,0123456789abcdefABCDEF+/=\n "[r.IntN(32)]
	}
	return b
}

func TestPaperCopyCodesGiveTheFileBackInAnyOrder(t *testing.T) {
	file := randomFile(1, 20000)
	texts := paperCopyTexts(t, file)
	if len(texts) < 10 {
		t.Fatalf("only %d codes: the test checks little", len(texts))
	}
	for _, text := range texts {
		for _, r := range text {
			if !strings.ContainsRune(base45Alphabet, r) {
				t.Fatalf("a code's text has %q, outside the QR alphanumeric alphabet", r)
			}
		}
	}
	r := rand.New(rand.NewPCG(2, 2))
	shuffled := append([]string(nil), texts...)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	// Repeats, another QR code, and a reader that trimmed a trailing space.
	shuffled = append(shuffled, texts[3], "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", strings.TrimRight(texts[0], " "))
	got, err := DecodePaperCopy(shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(file) {
		t.Fatal("the file came back different")
	}
}

func TestPaperCopyNamesTheMissingPages(t *testing.T) {
	texts := paperCopyTexts(t, randomFile(3, 30000))
	n := len(texts)
	last := paperCopyPageOf(n, n)
	of := " of " + itoa(last+2)
	for _, tt := range []struct {
		drop []int // chunks, from 1
		want string
	}{
		{[]int{1}, "page 1" + of + " is missing"},
		{[]int{n}, "page " + itoa(last) + of + " is missing"},
		{[]int{2, 3, n}, "pages 1 and " + itoa(last) + of + " are missing"},
	} {
		var rest []string
		for i, s := range texts {
			keep := true
			for _, d := range tt.drop {
				if i+1 == d {
					keep = false
				}
			}
			if keep {
				rest = append(rest, s)
			}
		}
		_, err := DecodePaperCopy(rest)
		if err == nil || !errors.Is(err, ErrPagesMissing) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("without chunks %v: %v; want %q", tt.drop, err, tt.want)
		}
	}
}

func TestPaperCopyRefusesMixedAndDamagedCodes(t *testing.T) {
	a := paperCopyTexts(t, randomFile(4, 3000))
	b := paperCopyTexts(t, randomFile(5, 3000))
	if _, err := DecodePaperCopy(append(a[:1:1], b...)); err == nil || !strings.Contains(err.Error(), "two different paper copies") {
		t.Errorf("two copies mixed: %v", err)
	}
	bad := []byte(a[0])
	bad[len(bad)-5] ^= 0x01
	if !strings.ContainsRune(base45Alphabet, rune(bad[len(bad)-5])) {
		bad[len(bad)-5] = 'A'
	}
	if _, err := DecodePaperCopy([]string{string(bad)}); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a damaged code: %v", err)
	}
	if _, err := DecodePaperCopy([]string{"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"}); err == nil || !strings.Contains(err.Error(), "none of these pictures") {
		t.Errorf("no paper copy code: %v", err)
	}
	if _, _, err := paperCopyChunks(make([]byte, paperCopyMaxFile+1)); err == nil {
		t.Error("a file over the limit was cut into codes")
	}
}

// TestPaperCopyPagesHoldTheirCodes: every code of a large paper copy is on
// the page its header names, inside the page, six at most a page.
func TestPaperCopyPagesHoldTheirCodes(t *testing.T) {
	for _, n := range []int{1, 6, 7, 13, 40} {
		per := map[int]int{}
		for i := 1; i <= n; i++ {
			p := paperCopyPageOf(i, n)
			per[p]++
			if i > 1 && p < paperCopyPageOf(i-1, n) {
				t.Errorf("%d codes: code %d goes back to page %d", n, i, p)
			}
		}
		for p, c := range per {
			if c > paperCopyPerPage || c == 0 {
				t.Errorf("%d codes: page %d holds %d", n, p, c)
			}
		}
	}
}
