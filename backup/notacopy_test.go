package backup

import (
	"errors"
	"strings"
	"testing"
)

// TestAVaultFileIsNotTakenForADamagedCopy: a vault file holds age files
// too; verify and restore of it say it is a vault, not that a copy is
// damaged.
func TestAVaultFileIsNotTakenForADamagedCopy(t *testing.T) {
	v := newTestVault(t, 2)
	_, err := Verify(v.Path(), testPassphrase)
	if !errors.Is(err, ErrNotCopy) || errors.Is(err, ErrDamaged) {
		t.Fatalf("Verify of a vault file: %v, want ErrNotCopy", err)
	}
	if !strings.Contains(err.Error(), "it is a Sparekey vault") {
		t.Errorf("the message does not say it is a vault: %v", err)
	}
}
