package printing

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"slices"
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
	// The document's pages: the codes', then two of text.
	_, codes, err := paperCopyCodes(file, 2)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range codes {
		out = append(out, c.text())
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

// TestPaperCopySparesStandInAndMissingPagesAreNamed: with codes missing,
// the spares give the file back exactly while there are enough of them (one
// lost page's worth for a copy of a few pages); beyond that the reader names
// the pages whose codes it lacks.
func TestPaperCopySparesStandInAndMissingPagesAreNamed(t *testing.T) {
	file := randomFile(3, 30000)
	texts := paperCopyTexts(t, file)
	n := len(texts)
	first, err := parsePaperCopyCode(texts[0])
	if err != nil {
		t.Fatal(err)
	}
	k, spares := first.dataChunks, n-first.dataChunks
	if spares != spareCount(k) || spares < 2 {
		t.Fatalf("%d codes, %d of them chunks: %d spares", n, k, spares)
	}
	last := paperCopyPageOf(n, n)
	pageOf := func(p int) []int {
		var codes []int
		for i := 1; i <= n; i++ {
			if paperCopyPageOf(i, n) == p {
				codes = append(codes, i)
			}
		}
		return codes
	}
	upTo := func(m int) []int {
		var codes []int
		for i := 1; i <= m; i++ {
			codes = append(codes, i)
		}
		return codes
	}
	of := " of " + itoa(last+2)
	for _, tt := range []struct {
		name string
		drop []int // codes, from 1
		want string
	}{
		{"the first code", []int{1}, ""},
		{"the last chunk", []int{k}, ""},
		{"a spare", []int{n}, ""},
		{"three chunks", []int{2, 3, k}, ""},
		{"as many chunks as spares", upTo(spares), ""},
		{"page 1", pageOf(1), ""},
		{"one more than the spares", upTo(spares + 1), "pages 1 and 2" + of + " are missing"},
		{"pages 1 and 2", append(pageOf(1), pageOf(2)...), "pages 1 and 2" + of + " are missing"},
		{"pages 1 and " + itoa(last), append(pageOf(1), pageOf(last)...), "pages 1 and " + itoa(last) + of + " are missing"},
	} {
		var rest []string
		for i, s := range texts {
			if !slices.Contains(tt.drop, i+1) {
				rest = append(rest, s)
			}
		}
		got, unread, err := decodePaperCopy(rest)
		if tt.want == "" {
			if err != nil || !bytes.Equal(got, file) {
				t.Errorf("without %s (%v): %v", tt.name, tt.drop, err)
			}
			// The pages the spares stood in for are said.
			var pages []int
			for _, d := range tt.drop {
				if p := paperCopyPageOf(d, n); !slices.Contains(pages, p) {
					pages = append(pages, p)
				}
			}
			if !slices.Equal(unread, pages) {
				t.Errorf("without %s (%v): pages not read %v, want %v", tt.name, tt.drop, unread, pages)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrPagesMissing) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("without %s (%v): %v; want %q", tt.name, tt.drop, err, tt.want)
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

// TestPaperCopyPrintsAnyFile: the paper copy takes any bytes (a copy's file,
// or a damaged one, may hold anything). A character the font lacks, such as
// one beyond the first 65,536 (which the PDF library cannot embed), prints
// as '?' on the text pages, and the codes still hold the exact bytes.
func TestPaperCopyPrintsAnyFile(t *testing.T) {
	file := append([]byte("{\"name\": \"Bank \U0001F3E6\", \"bell\": \"\a\"}\n"), randomFile(3, 3000)...)
	if _, _, err := paperCopy(file, Options{Paper: A4}); err != nil {
		t.Fatal(err)
	}
	if got := paperCopyLines(file)[0].text; got != `{"name": "Bank ?", "bell": "?"}` {
		t.Errorf("first printed line %q", got)
	}
	got, err := DecodePaperCopy(paperCopyTexts(t, file))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(file) {
		t.Fatal("the codes gave back other bytes")
	}
}

// TestPaperCopyWithoutSparesStillReads: a paper copy printed before the
// spares (SKPC1 codes, every one a chunk) reads as it did, and a missing
// code names its page.
func TestPaperCopyWithoutSparesStillReads(t *testing.T) {
	file := randomFile(6, 9000)
	set, chunks, err := paperCopyChunks(file)
	if err != nil {
		t.Fatal(err)
	}
	n := len(chunks)
	pages := paperCopyPageOf(n, n) + 1
	var texts []string
	for i, c := range chunks {
		texts = append(texts, fmt.Sprintf("SKPC1:%s:%d/%d:%d/%d:%d:%08X:%s", set, paperCopyPageOf(i+1, n), pages, i+1, n,
			len(c), crc32.ChecksumIEEE(c), base45Encode(c)))
	}
	got, unread, err := decodePaperCopy(texts)
	if err != nil || !bytes.Equal(got, file) || len(unread) != 0 {
		t.Fatalf("%d SKPC1 codes: %v (pages not read: %v)", n, err, unread)
	}
	want := fmt.Sprintf("page %d of %d is missing", paperCopyPageOf(n, n), pages)
	if _, err := DecodePaperCopy(texts[:n-1]); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("without the last SKPC1 code: %v; want %q", err, want)
	}
}
