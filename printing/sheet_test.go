package printing

import (
	"bytes"
	"strings"
	"testing"

	"sparekey/vault"
)

// TestSheetOfHundredKeysIsSmall: a 100-key sheet is at most 1 MB (its
// speed is BenchmarkSheet100's to measure).
func TestSheetOfHundredKeysIsSmall(t *testing.T) {
	pdf, err := Sheet(testEntries(100, 3), Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("100 keys: %d bytes (%.0f KB)", len(pdf), float64(len(pdf))/1024)
	if len(pdf) > 1<<20 {
		t.Errorf("a 100-key sheet is %d bytes, want at most 1 MB", len(pdf))
	}
}

func BenchmarkSheet100(b *testing.B) {
	es := testEntries(100, 3)
	for b.Loop() {
		pdf, err := Sheet(es, Options{Now: testNow})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(pdf)), "bytes/sheet")
	}
}

func TestSheetIsTheSameForTheSameKeysAndDate(t *testing.T) {
	es := testEntries(5, 9)
	a, err := Sheet(es, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Sheet(es, Options{Now: testNow})
	if !bytes.Equal(a, b) {
		t.Error("two sheets of the same keys on the same date differ")
	}
	if !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Errorf("not a PDF: %q", a[:8])
	}
}

func TestSheetRefuses(t *testing.T) {
	long := &vault.Entry{Issuer: "Huge", Secret: strings.Repeat("ABCDEFGH", 200)}
	long.Normalize()
	tests := []struct {
		name    string
		entries []*vault.Entry
		o       Options
		want    string
	}{
		{"no keys", nil, Options{}, "no keys"},
		{"an unknown paper size", testEntries(1, 1), Options{Paper: "a3"}, "paper size"},
		{"a key too long for a QR code or a page", []*vault.Entry{long}, Options{}, "Huge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Sheet(tt.entries, tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Sheet: %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestLetterPagesAreLetterSized(t *testing.T) {
	for _, tt := range []struct {
		paper Paper
		w, h  float64
	}{{A4, 210, 297}, {Letter, 215.9, 279.4}, {"", 210, 297}} {
		_, lay, err := sheet(testEntries(12, 2), Options{Paper: tt.paper, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if abs(lay.pageW-tt.w) > 0.5 || abs(lay.pageH-tt.h) > 0.5 {
			t.Errorf("%q: page is %.1f x %.1f mm, want %.1f x %.1f", tt.paper, lay.pageW, lay.pageH, tt.w, tt.h)
		}
		for _, b := range lay.blocks {
			if b.y+b.h > lay.pageH-margin-footerH+0.01 {
				t.Errorf("%q: key %d runs into the footer of page %d", tt.paper, b.entry+1, b.page)
			}
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestMarkPrintedAndNotPrinted(t *testing.T) {
	es := testEntries(3, 1)
	if got := len(NotPrinted(es)); got != 3 {
		t.Fatalf("NotPrinted = %d, want 3", got)
	}
	MarkPrinted(es[:2], testNow)
	if got := NotPrinted(es); len(got) != 1 || got[0] != es[2] {
		t.Fatalf("after marking two, NotPrinted = %v", got)
	}
	if !es[0].Printed.Equal(testNow) {
		t.Errorf("Printed = %v, want %v", es[0].Printed, testNow)
	}
}

func TestParsePaper(t *testing.T) {
	for in, want := range map[string]Paper{"A4": A4, "a4": A4, "Letter": Letter, " letter ": Letter} {
		if got, err := ParsePaper(in); err != nil || got != want {
			t.Errorf("ParsePaper(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParsePaper("legal"); err == nil {
		t.Error("ParsePaper(legal) passed")
	}
}

func TestPrintableKeepsLatinGreekCyrillicAndMarksTheRest(t *testing.T) {
	tests := []struct {
		in, want string
		missing  bool
	}{
		{"Électricité Łódź Åland", "Électricité Łódź Åland", false},
		{"Τράπεζα Πειραιώς", "Τράπεζα Πειραιώς", false},
		{"Госуслуги", "Госуслуги", false},
		{"微信 Pay", "?? Pay", true},
		{"שלום", "????", true},
	}
	for _, tt := range tests {
		got, missing := Printable(tt.in)
		if got != tt.want || missing != tt.missing {
			t.Errorf("Printable(%q) = %q, %v; want %q, %v", tt.in, got, missing, tt.want, tt.missing)
		}
	}
}
