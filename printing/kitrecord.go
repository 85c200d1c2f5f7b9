package printing

import (
	"slices"
	"time"

	"sparekey/vault"
)

// KitRecord is what an emergency kit printed now for v says, to keep in
// the vault (v.Kit) once the person has the kit: KitOutdated compares it
// with the vault later.
func KitRecord(v *vault.Vault, now time.Time) vault.KitRecord {
	r := vault.KitRecord{Printed: now.UTC(), RecoveryKeyMade: v.RecoveryKeyMade}
	for _, l := range v.Copies.Locations {
		r.Places = append(r.Places, l.Path)
	}
	return r
}

// KitOutdated says why the emergency kit printed last no longer tells the
// truth, in words for the person ("" when it still does): the recovery key
// it holds was replaced, or the places of the copies it lists changed. A
// kit never printed is out of date once there are places for copies (the
// kit tells where they are); before that, the first start offered it.
func KitOutdated(v *vault.Vault) string {
	k := v.Kit
	places := make([]string, 0, len(v.Copies.Locations))
	for _, l := range v.Copies.Locations {
		places = append(places, l.Path)
	}
	switch {
	case k.Printed.IsZero() && len(places) == 0:
		return ""
	case k.Printed.IsZero():
		return "no emergency kit was printed since you have copies: it tells where they are"
	case !k.RecoveryKeyMade.Equal(v.RecoveryKeyMade):
		return "it holds a recovery key that no longer works"
	}
	a, b := slices.Clone(k.Places), places
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		return "the places of your copies have changed since it was printed"
	}
	return ""
}
