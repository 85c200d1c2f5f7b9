package cli

import (
	"testing"

	"sparekey/version"
)

// TestVersionSaysTheVersionNumber: "sparekey --version" and "sparekey
// version" print the one version number, anywhere global flags may stand.
func TestVersionSaysTheVersionNumber(t *testing.T) {
	for _, line := range [][]string{{"--version"}, {"version"}, {"--vault", "x.sparekey", "--version"}} {
		_, verb, rest, _, err := Split(line)
		if err != nil || verb != "version" || len(rest) != 0 {
			t.Errorf("Split(%q) = verb %q, rest %q, %v", line, verb, rest, err)
		}
	}
	c := newVaultCLI(t)
	if out := c.ok("", "version"); out != "Sparekey "+version.Number+"\n" {
		t.Errorf("version printed %q", out)
	}
	if code, msg := c.fails("", "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d, %q", code, msg)
	}
}
