package backup

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestAVaultFileOpensAsACopy: a copy is a snapshot of the vault file, so
// the vault file itself (say, on a laptop's disk taken out of it) opens as a
// copy, with the password or the recovery key.
func TestAVaultFileOpensAsACopy(t *testing.T) {
	v := newTestVault(t, 2)
	c, err := Verify(v.Path(), Secret{Password: testPassphrase})
	if err != nil || c.Entries != 2 {
		t.Fatalf("Verify of a vault file: %v", err)
	}
	if _, err := Verify(v.Path(), Secret{Password: "not it"}); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a wrong password: %v", err)
	}
	if strings.Contains(fmt.Sprint(err), "Caps Lock") {
		t.Error("the message speaks of Caps Lock")
	}
}
