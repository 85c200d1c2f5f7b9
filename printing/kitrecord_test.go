package printing

import (
	"path/filepath"
	"testing"
	"time"

	"sparekey/vault"
)

func TestKitOutdatedSaysWhyThePrintedKitNoLongerHolds(t *testing.T) {
	const pw = "kit record test password"
	v, _, err := vault.Create(filepath.Join(t.TempDir(), "vault.sparekey"), pw, vault.WithWorkFactor(1), vault.WithSeenDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	if got := KitOutdated(v); got != "" {
		t.Errorf("a new vault with no places: %q", got)
	}
	v.Kit = KitRecord(v, now) // printed at the first start, with no places
	if got := KitOutdated(v); got != "" {
		t.Errorf("just printed: %q", got)
	}
	v.Copies.Locations = append(v.Copies.Locations, vault.CopyLocation{Path: "/media/ada/STICK/Sparekey"})
	if got := KitOutdated(v); got != "the places of your copies have changed since it was printed" {
		t.Errorf("a place added after the kit: %q", got)
	}
	v.Kit = KitRecord(v, now)
	if got := KitOutdated(v); got != "" {
		t.Errorf("printed again with the place: %q", got)
	}
	if _, err := v.NewRecoveryKey(pw); err != nil {
		t.Fatal(err)
	}
	if got := KitOutdated(v); got != "it holds a recovery key that no longer works" {
		t.Errorf("after a new recovery key: %q", got)
	}
	v.Kit = vault.KitRecord{}
	if got := KitOutdated(v); got == "" {
		t.Error("never printed, with a place for copies: not said")
	}
}
