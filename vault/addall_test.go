package vault

import (
	"errors"
	"testing"
)

func TestAddAllSkipsDuplicatesAndBadEntries(t *testing.T) {
	v := NewInMemory()
	old, _, err := v.Add(Entry{Issuer: "Old", Secret: "JBSWY3DPEHPK3PXP"})
	if err != nil {
		t.Fatal(err)
	}
	added, errs := v.AddAll([]Entry{
		{Issuer: "Same as old", Secret: "jbsw y3dp ehpk 3pxp"},
		{Issuer: "New", Secret: "GEZDGNBVGY3TQOJQ"},
		{Issuer: "Bad", Secret: "not base32!"},
		{Issuer: "New again", Secret: "GEZDGNBVGY3TQOJQ"},
		{Issuer: "Counter", Type: HOTP, Secret: "GEZDGNBVGY3TQOJQ", Counter: 3},
	})
	if len(added) != 2 || added[0].Issuer != "New" || added[1].Issuer != "Counter" {
		t.Fatalf("added %+v", added)
	}
	if !errors.Is(errs[0], ErrDuplicate) || errs[1] != nil || errs[2] == nil || errors.Is(errs[2], ErrDuplicate) ||
		!errors.Is(errs[3], ErrDuplicate) || errs[4] != nil {
		t.Fatalf("errs %v", errs)
	}
	if len(v.Entries) != 3 || v.Get(added[0].ID) == nil || added[0].ID == old.ID || added[0].ID == added[1].ID {
		t.Fatalf("vault %+v", v.Entries)
	}
	if added[0].Created.IsZero() || v.Get(added[1].ID).Counter != 3 {
		t.Fatalf("stored %+v", added)
	}
}
