package cli

import (
	"os"
	"strings"
	"testing"

	"sparekey/vault"
)

// suggestionMarker comes before the passphrase a refusal suggests.
const suggestionMarker = "(write it down before you use it): "

// suggested returns the passphrase a refusal suggests, or fails the test.
func suggested(t *testing.T, msg string) string {
	t.Helper()
	_, p, ok := strings.Cut(msg, suggestionMarker)
	if !ok || vault.CheckNewPassword(p) != nil {
		t.Fatalf("the refusal suggests no acceptable passphrase: %q", msg)
	}
	return p
}

func TestInitRefusesPasswordsThatGuessersTryFirstSaysWhyAndSuggestsOne(t *testing.T) {
	for _, pw := range []string{"Password2024!", "Welcome2024!", "Liverpool123", "Bitcoin2026!"} {
		c := newVaultCLI(t)
		c.vars["SPAREKEY_NEW_PASSWORD"] = pw
		_, msg := c.fails("", "init")
		if !strings.Contains(msg, "too easy to guess: ") || !strings.Contains(msg, "Nothing was changed") {
			t.Errorf("%q: the refusal does not say why: %q", pw, msg)
		}
		if strings.Contains(msg, pw) {
			t.Errorf("%q: the refusal quotes the password: %q", pw, msg)
		}
		if _, err := os.Stat(c.path); err == nil {
			t.Errorf("init made a vault with %q", pw)
		}
		// The suggestion is taken as it is.
		c.vars["SPAREKEY_NEW_PASSWORD"] = suggested(t, msg)
		c.vars["SPAREKEY_PASSWORD"] = c.vars["SPAREKEY_NEW_PASSWORD"]
		c.init()
		c.ok("", "list")
	}
}

func TestPasswdRefusesAWeakPasswordAndSuggestsOne(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.vars["SPAREKEY_NEW_PASSWORD"] = "Welcome2024!"
	_, msg := c.fails("", "passwd")
	if !strings.Contains(msg, "a password that many people use") {
		t.Errorf("the refusal does not say why: %q", msg)
	}
	c.vars["SPAREKEY_NEW_PASSWORD"] = suggested(t, msg)
	c.ok("", "passwd")
	c.vars["SPAREKEY_PASSWORD"] = c.vars["SPAREKEY_NEW_PASSWORD"]
	c.ok("", "list")
}
