package interop

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sparekey/internal/tooltest"
)

func TestExportURIsRoundTrip(t *testing.T) {
	data := ExportURIs(entriesOf(aegisKeys))
	if n := strings.Count(string(data), "\n"); n != len(aegisKeys) {
		t.Fatalf("%d lines, want %d:\n%s", n, len(aegisKeys), data)
	}
	f, err := Read(data, "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	// Links carry no notes or tags.
	var want []foundKey
	for _, k := range aegisKeys {
		k.Note, k.Tags = "", nil
		want = append(want, k)
	}
	checkFoundEntries(t, f.Entries, want)
}

func TestMigrationBatchesSplit(t *testing.T) {
	_, entries := qrTestBatches(t)
	batches, problems := MigrationBatches(append(entries, entriesOf(aegisKeys)...))
	if len(problems) != 3 {
		t.Errorf("problems %v", problems)
	}
	var links []string
	total := 0
	for i, b := range batches {
		if b.Index != i+1 || b.Count != len(batches) || len(b.Names) > migrationMaxPerCode || len(b.Link) > migrationMaxLink {
			t.Errorf("batch %d: index %d of %d, %d keys, %d characters", i, b.Index, b.Count, len(b.Names), len(b.Link))
		}
		p, err := parseMigrationLink(b.Link)
		if err != nil {
			t.Fatal(err)
		}
		if int(p.BatchIndex) != i || int(p.BatchSize) != len(batches) || p.Version != 1 || len(p.Params) != len(b.Names) {
			t.Errorf("batch %d payload: %+v", i, p)
		}
		total += len(b.Names)
		links = append(links, b.Link)
	}
	if total != len(entries)+2 {
		t.Errorf("%d keys in the codes, want %d", total, len(entries)+2)
	}
	// All codes of one transfer share a batch id; a missing one is named.
	f := ReadLinks(links[1:])
	if len(f.Problems) != 1 || !strings.Contains(f.Problems[0].Reason, "code 1 of them was not found") {
		t.Errorf("problems without the first code: %+v", f.Problems)
	}
}

// TestMigrationSheet prints the transfer codes on a PDF, renders it with
// pdftoppm and reads the codes back with zbarimg.
func TestMigrationSheet(t *testing.T) {
	pdftoppm := tooltest.Find(t, "pdftoppm")
	zbarimg := tooltest.Find(t, "zbarimg")
	pdftotext := tooltest.Find(t, "pdftotext")
	_, entries := qrTestBatches(t)
	all := append(slices.Clone(entries), entriesOf(aegisKeys)...)
	pdf, problems, err := MigrationSheet(all)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 3 {
		t.Errorf("problems %v", problems)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "sheet.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(pdftotext, "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"code 1 of 3", "code 3 of 3", "Transfer accounts", "Site A (user@example.com)", "Ünïcödé Bank (Zoë ?)", "Steam (gamer)", "Counter Co (bob)"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the sheet does not say %q", want)
		}
	}
	if out, err := exec.Command(pdftoppm, "-r", "110", "-png", file, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pages) != 3 {
		t.Fatalf("%d pages", len(pages))
	}
	out, err := exec.Command(zbarimg, append([]string{"--quiet"}, pages...)...).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	f, err := Read(out, "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != len(all)-3 || len(f.Problems) != 0 {
		t.Errorf("read back %d keys (want %d), problems %v", len(f.Entries), len(all)-3, f.Problems)
	}
	if dirOut := os.Getenv("SPAREKEY_KEEP_SHEET"); dirOut != "" {
		os.WriteFile(filepath.Join(dirOut, "migration-sheet.pdf"), pdf, 0o600)
	}
}
