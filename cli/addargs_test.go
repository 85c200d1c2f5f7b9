package cli

import (
	"strings"
	"testing"
)

// A link given as an argument is readable by every user in ps: add says so
// (after it has added the key, so that a failure stays one line) and shows
// the way in, "add -"; a link on stdin gets no warning.
func TestAddWarnsWhenASecretIsInItsArguments(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXP"
	c := newVaultCLI(t)
	c.init()

	code, out, errs := c.run("", "add", "otpauth://totp/Args:me?secret="+secret)
	if code != 0 || len(tsv(out)) != 1 {
		t.Fatalf("add: exit %d, out %q, err %q", code, out, errs)
	}
	if errs != secretInArgsWarning+"\n" {
		t.Errorf("stderr %q, want the warning", errs)
	}
	for _, want := range []string{"every user of this computer", "ps", `"sparekey add -"`} {
		if !strings.Contains(errs, want) {
			t.Errorf("the warning does not say %q: %q", want, errs)
		}
	}
	if strings.Contains(errs, secret) {
		t.Error("the warning repeats the secret")
	}

	// Mixed: links on stdin and one in the arguments still warn.
	if _, _, errs := c.run("otpauth://totp/Stdin:b?secret=KRSXG5CTMVRXEZLU\n", "add", "-", "otpauth://totp/Arg:c?secret=GEZDGNBVGY3TQOJQ"); errs != secretInArgsWarning+"\n" {
		t.Errorf("mixed: stderr %q", errs)
	}

	// Stdin only: no warning.
	code, _, errs = c.run("otpauth://totp/Stdin:me?secret=MFRGGZDFMZTWQ2LK\n", "add", "-")
	if code != 0 || errs != "" {
		t.Errorf("add -: exit %d, stderr %q; want no warning", code, errs)
	}

	// A failure is one line, without the warning.
	c.vars["SPAREKEY_PASSWORD"] = "not the password"
	if _, msg := c.fails("", "add", "otpauth://totp/Late:me?secret=MZXW6YTBOI"); strings.Contains(msg, "Warning") {
		t.Errorf("failure: %q", msg)
	}
}

func TestHelpShowsAddDashAsTheWay(t *testing.T) {
	c := newVaultCLI(t)
	out := c.ok("", "help")
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  add ") {
			line = l
		}
	}
	if !strings.Contains(line, "add -") || !strings.Contains(line, "stdin") || !strings.Contains(line, "ps") {
		t.Errorf("help's add line %q does not show \"add -\" and why", line)
	}
	_, msg := c.fails("", "add")
	if !strings.Contains(msg, `"-"`) || !strings.Contains(msg, "stdin") {
		t.Errorf("add without arguments: %q", msg)
	}
}
