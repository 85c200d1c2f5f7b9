package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sparekey/interop"
)

// endless is standard input that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestImportRefusesWhatIsTooLargeToBeAnExport(t *testing.T) {
	c := newVaultCLI(t)
	c.init()

	// A file that says it is larger than 64 MB (sparse: it costs no disk).
	big := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(interop.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, msg := c.fails("", "import", big)
	want := big + " is larger than 64 MB, too large to be an export or a picture of a QR code; Sparekey did not read it; nothing was added"
	if !strings.HasSuffix(msg, want) {
		t.Errorf("a 64 MB + 1 file: %q, want it to end %q", msg, want)
	}

	// Standard input that never ends is read up to the bound, then refused.
	env, out, errb := c.env("")
	env.Stdin = endless{}
	if code := Run(env, "import", []string{"-"}); code != 1 || out.Len() != 0 {
		t.Fatalf("endless stdin: exit %d, out %q", code, out.String())
	}
	checkOneLine(t, "endless stdin", errb.String())
	if !strings.Contains(errb.String(), "standard input is larger than 64 MB") {
		t.Errorf("endless stdin: %q", errb.String())
	}
	if rows := tsv(c.ok("", "list")); len(rows) != 0 {
		t.Errorf("%d keys after refused imports", len(rows))
	}
}
