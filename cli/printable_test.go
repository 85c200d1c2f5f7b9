package cli

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestPrintableEscapesWhatWouldActOnTheTerminal(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"GitHub", "GitHub"},
		{"Zürich Bank: 山田 Ελένη", "Zürich Bank: 山田 Ελένη"},
		{`CORP\jdoe`, `CORP\jdoe`},
		{"\x1b[31mRed\x1b[0m", `\x1b[31mRed\x1b[0m`},
		{"Bank\rEvil", `Bank\rEvil`},
		{"a\tb\nc", `a\tb\nc`},
		{"gro\u202eelgoog", `gro\u202eelgoog`},
		{"\u2066x\u2069 \u200f", `\u2066x\u2069 \u200f`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{"csi\u009b31m", `csi\u009b31m`},
		{"bell\x07 del\x7f nul\x00", `bell\x07 del\x7f nul\x00`},
		{"line\u2028sep", `line\u2028sep`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"private\U000F0000", `private\U000f0000`},
		{"no\u00a0break", "no\u00a0break"},
	} {
		got := printable(tc.in)
		if got != tc.want {
			t.Errorf("printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := printable(got); again != got {
			t.Errorf("printable is not idempotent on %q: %q", got, again)
		}
	}
}

// terminalSafe fails the test if out holds anything but printing runes,
// tabs between fields and newlines between lines.
func terminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: output is not UTF-8: %q", what, out)
	}
	for _, r := range out {
		if r != '\t' && r != '\n' && !unicode.IsGraphic(r) {
			t.Errorf("%s: the terminal gets %U: %q", what, r, out)
			return
		}
	}
}

// Names with terminal codes, imported from a link list, are shown escaped
// by import, list, code and the errors that name them.
func TestImportListAndCodeShowHostileNamesEscaped(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	link := func(issuer, account, secret string) string {
		return "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?secret=" + secret + "&issuer=" + url.QueryEscape(issuer)
	}
	links := strings.Join([]string{
		link("\x1b[31mRed Bank", "me\x1b[0m", "JBSWY3DPEHPK3PXP"),
		link("Paypal\rEvil", "you", "KRSXG5CTMVRXEZLU"),
		link("gro\u202eelgoog", "them", "GEZDGNBVGY3TQOJQ"),
	}, "\n") + "\n"

	code, out, errs := c.run(links, "import", "-")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	terminalSafe(t, "import", out+errs)
	for _, want := range []string{`\x1b[31mRed Bank`, `Paypal\rEvil`, `gro\u202eelgoog`} {
		if !strings.Contains(out, want) {
			t.Errorf("import does not show %s: %q", want, out)
		}
	}

	out = c.ok("", "list")
	terminalSafe(t, "list", out)
	if !strings.Contains(out, "\t\\x1b[31mRed Bank\tme\\x1b[0m\n") || !strings.Contains(out, `Paypal\rEvil`) || !strings.Contains(out, `gro\u202eelgoog`) {
		t.Errorf("list: %q", out)
	}
	if rows := tsv(out); len(rows) != 3 {
		t.Errorf("list: %d lines, want 3: %q", len(rows), out)
	}

	out = c.ok("", "code", "--at", "59")
	terminalSafe(t, "code", out)
	if !strings.Contains(out, "\\x1b[31mRed Bank\tme\\x1b[0m\t") || !strings.Contains(out, "Paypal\\rEvil\tyou\t") {
		t.Errorf("code: %q", out)
	}

	// Several keys match: the error lists their names.
	_, msg := c.fails("", "show", "e")
	terminalSafe(t, "show's error", msg)
	if !strings.Contains(msg, `Paypal\rEvil`) {
		t.Errorf("show's error: %q", msg)
	}
}
