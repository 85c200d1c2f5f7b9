package vault_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"sparekey/vault"
)

func TestLineCheckCatchesEveryTypoAndSwap(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	for n, line := range []string{"JBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "A", "7777AAAA2222ZZZZ"} {
		n++
		check := vault.LineCheck(n, line)
		if len(check) != 2 {
			t.Fatalf("check %q is not two digits", check)
		}
		if got, err := vault.CheckLine(n, strings.ToLower(vault.GroupsOfFour(line)), check); err != nil || got != line {
			t.Errorf("CheckLine of the right line: %q, %v", got, err)
		}
		for i := 0; i < len(line); i++ {
			for _, r := range alphabet {
				if byte(r) == line[i] {
					continue
				}
				typo := line[:i] + string(r) + line[i+1:]
				if _, err := vault.CheckLine(n, typo, check); err == nil {
					t.Errorf("line %d: %q instead of %q passed its check", n, typo, line)
				}
			}
			if i+1 < len(line) && line[i] != line[i+1] {
				swap := line[:i] + string(line[i+1]) + string(line[i]) + line[i+2:]
				if _, err := vault.CheckLine(n, swap, check); err == nil {
					t.Errorf("line %d: swap at %d passed its check", n, i)
				}
			}
		}
		if _, err := vault.CheckLine(n+1, line, check); err == nil && n < 3 {
			t.Errorf("line %d typed as line %d passed", n, n+1)
		}
	}
	// 0, 1 and 8 are read as O, I and B when the check code agrees.
	line := "OIBOIBOIBOIBABCD"
	if got, err := vault.CheckLine(4, "018 018 018 018 abcd", vault.LineCheck(4, line)); err != nil || got != line {
		t.Errorf("look-alike digits: %q, %v", got, err)
	}
	if _, err := vault.CheckLine(2, "JBSW Y3DP !", "00"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a bad character: %v", err)
	}
	if got := vault.KeyLines("ABCDEFGHIJ", 4); strings.Join(got, "|") != "ABCD|EFGH|IJ" {
		t.Errorf("KeyLines = %q", got)
	}
	if got := vault.GroupsOfFour("ABCDEFGHIJ"); got != "ABCD EFGH IJ" {
		t.Errorf("GroupsOfFour = %q", got)
	}
}

func TestVaultEntries(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	v := vault.NewInMemory()
	b, _, err := v.Add(vault.Entry{Issuer: "beta", Account: "z", Secret: "JBSWY3DPEHPK3PXP"})
	if err != nil {
		t.Fatal(err)
	}
	a, _, _ := v.Add(vault.Entry{Issuer: "Alpha", Account: "me", Secret: "KRSXG5CTMVRXEZLU"})
	h, _, _ := v.Add(vault.Entry{Type: vault.HOTP, Issuer: "alpha", Account: "a", Secret: vault.EncodeSecret([]byte("12345678901234567890"))})
	if a.ID == b.ID || len(a.ID) != 8 {
		t.Errorf("ids %q %q", a.ID, b.ID)
	}
	// Duplicates: the same secret and type, however typed.
	if _, _, err := v.Add(vault.Entry{Issuer: "Other", Secret: "jbsw y3dp ehpk 3pxp"}); !errors.Is(err, vault.ErrDuplicate) || !strings.Contains(err.Error(), "beta") {
		t.Errorf("duplicate add: %v", err)
	}
	if _, _, err := v.Add(vault.Entry{Type: vault.HOTP, Issuer: "Other", Secret: "JBSWY3DPEHPK3PXP"}); err != nil {
		t.Errorf("same secret, other type: %v", err)
	}
	var order []string
	for _, e := range v.Sorted() {
		order = append(order, e.Issuer+"/"+e.Account)
	}
	if strings.Join(order, ",") != "alpha/a,Alpha/me,beta/z,Other/" {
		t.Errorf("Sorted = %v", order)
	}
	if got := v.Find("ALPHA"); len(got) != 2 {
		t.Errorf("Find(ALPHA) = %d entries", len(got))
	}
	if got := v.Find("ME"); len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("Find(ME) = %v", got)
	}
	// Update keeps created, refuses to become a duplicate.
	up := *v.Get(a.ID)
	up.Note = "note"
	if _, err := v.Update(up); err != nil || v.Get(a.ID).Note != "note" || !v.Get(a.ID).Created.Equal(a.Created) {
		t.Errorf("Update: %v", err)
	}
	up.Secret = "JBSWY3DPEHPK3PXP"
	if _, err := v.Update(up); !errors.Is(err, vault.ErrDuplicate) {
		t.Errorf("Update into a duplicate: %v", err)
	}
	if _, err := v.Update(vault.Entry{ID: "nope", Secret: "JBSWY3DPEHPK3PXP"}); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("Update of an unknown id: %v", err)
	}
	// NextCode moves an HOTP counter, not a TOTP one.
	for i, want := range []string{"755224", "287082"} {
		code, err := v.NextCode(h.ID, now)
		if err != nil || code != want || v.Get(h.ID).Counter != uint64(i+1) {
			t.Errorf("NextCode %d = %q, counter %d, %v", i, code, v.Get(h.ID).Counter, err)
		}
	}
	if _, err := v.NextCode(a.ID, now); err != nil || v.Get(a.ID).Counter != 0 {
		t.Errorf("NextCode of a TOTP key moved a counter")
	}
	if err := v.Remove(b.ID); err != nil || v.Get(b.ID) != nil {
		t.Errorf("Remove: %v", err)
	}
	if err := v.Remove(b.ID); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("Remove twice: %v", err)
	}
}

func TestEntryWords(t *testing.T) {
	for _, tt := range []struct {
		e                  vault.Entry
		name, settingsHave string
	}{
		{vault.Entry{Issuer: "ACME", Account: "me"}, "ACME (me)", ""},
		{vault.Entry{Issuer: "ACME"}, "ACME", ""},
		{vault.Entry{Account: "me"}, "me", ""},
		{vault.Entry{}, "Unnamed key", ""},
		{vault.Entry{Digits: 8, Period: 60}, "Unnamed key", "8-digit codes, every 60 seconds"},
		{vault.Entry{Algorithm: vault.SHA256}, "Unnamed key", "algorithm SHA256"},
		{vault.Entry{Type: vault.HOTP, Counter: 3}, "Unnamed key", "counter-based codes (next counter 3)"},
		{vault.Entry{Type: vault.Steam}, "Unnamed key", "Steam Guard"},
	} {
		e := tt.e
		e.Secret = "JBSWY3DPEHPK3PXP"
		if _, err := e.Normalize(); err != nil {
			t.Fatal(err)
		}
		if e.Name() != tt.name {
			t.Errorf("Name() = %q, want %q", e.Name(), tt.name)
		}
		if s := e.Settings(); (tt.settingsHave == "") != (s == "") || !strings.Contains(s, tt.settingsHave) {
			t.Errorf("%+v Settings() = %q, want %q", tt.e, s, tt.settingsHave)
		}
	}
	a := vault.Entry{Secret: "JBSWY3DPEHPK3PXP"}
	b := vault.Entry{Secret: "JBSWY3DPEHPK3PXP", Digits: 8}
	a.Normalize()
	b.Normalize()
	if fa, fb := a.Fingerprint(), b.Fingerprint(); len(fa) != 8 || fa == fb || fa != a.Fingerprint() {
		t.Errorf("fingerprints %q %q", fa, fb)
	}
}
