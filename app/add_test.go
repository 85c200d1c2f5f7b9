package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sparekey/vault"
)

// listHarness starts the UI on an unlocked vault file with the given keys.
func listHarness(t *testing.T, links ...string) *harness {
	h := newHarness(t, Config{})
	h.makeVault(strongPW, links...)
	h.start()
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	return h
}

// saved opens the vault file again (read-only, as the UI holds it) and
// returns its entries.
func (h *harness) saved() []vault.Entry {
	h.t.Helper()
	v, err := vault.Open(h.path, strongPW)
	if err != nil {
		h.t.Fatal(err)
	}
	defer v.Close()
	return append([]vault.Entry(nil), v.Entries...)
}

func TestAddByTypingChecksTheKeyAsYouTypeAndSaves(t *testing.T) {
	h := listHarness(t)
	u := h.u
	h.menuItem("Add a key…").Action()
	h.flush()
	if u.screen != screenAdd || u.Window.Canvas().Focused() != u.add.issuer {
		t.Fatalf("Add a key: screen %q, focus on the website field %v", u.screen, u.Window.Canvas().Focused() == u.add.issuer)
	}
	f := u.add
	test.Type(f.issuer, "Example Mail")
	test.Type(f.account, "ada@example.com")
	tests := []struct {
		typed, says string
	}{
		{"JBSW Y3DP 0HPK", "the digit '0'"},
		{"JBSW Y3DP EHPK 3PX!", "the character '!'"},
		{"JBSWY3DPEHPK3PXPA", "cannot be a whole key"},
		{"JBSW Y3DP", "This key is short"},
		{"jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp", "This looks like a key"},
	}
	for _, tc := range tests {
		f.secret.SetText("")
		test.Type(f.secret, tc.typed)
		if !f.secretMsg.Visible() || !strings.Contains(f.secretMsg.Text, tc.says) {
			t.Errorf("key %q: the field says %q, want %q", tc.typed, f.secretMsg.Text, tc.says)
		}
	}
	// A bad key is not added: the message says why.
	f.secret.SetText("JBSW Y3DP 0HPK")
	test.Tap(f.add)
	if u.screen != screenAdd || !strings.Contains(f.message.Text, "the digit '0'") {
		t.Fatalf("adding a bad key: screen %q, message %q", u.screen, f.message.Text)
	}
	f.secret.SetText("jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp")
	test.Tap(f.add)
	if u.screen != screenList || u.list.status.Text != "Added Example Mail (ada@example.com)" {
		t.Fatalf("after Add: screen %q, status %q", u.screen, u.list.status.Text)
	}
	got := h.saved()
	if len(got) != 1 || got[0].Secret != "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" || got[0].Issuer != "Example Mail" || got[0].Type != vault.TOTP {
		t.Fatalf("the vault file holds %+v", got)
	}

	// The same key again is caught.
	h.menuItem("Add a key…").Action()
	f = u.add
	f.issuer.SetText("Mail again")
	f.secret.SetText("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	test.Tap(f.add)
	if u.screen != screenAdd || !strings.Contains(f.message.Text, "You already have this key: Example Mail (ada@example.com)") {
		t.Errorf("a duplicate: screen %q, message %q", u.screen, f.message.Text)
	}
}

func TestAddWithMoreOptions(t *testing.T) {
	h := listHarness(t)
	u := h.u
	u.showAdd()
	f := u.add
	f.issuer.SetText("Office VPN")
	f.secret.SetText("KRUGKIDROVUWG2ZAMJZG653OEBTG66BA")
	f.kind.SetSelected("Counter-based")
	f.alg.SetSelected("SHA256")
	f.digits.SetSelected("8")
	f.counter.SetText("many")
	test.Tap(f.add)
	if !strings.Contains(f.message.Text, "counter must be a whole number") {
		t.Fatalf("a counter of \"many\": message %q", f.message.Text)
	}
	f.counter.SetText("41")
	test.Tap(f.add)
	got := h.saved()
	if len(got) != 1 {
		t.Fatalf("saved %d keys", len(got))
	}
	e := got[0]
	if e.Type != vault.HOTP || e.Algorithm != vault.SHA256 || e.Digits != 8 || e.Counter != 41 {
		t.Errorf("saved %+v, want counter-based SHA256, 8 digits, counter 41", e)
	}
}

func TestAddByPastingASetupLink(t *testing.T) {
	h := listHarness(t)
	u := h.u
	u.showAdd()
	f := u.add
	test.Type(f.link, "https://example.com/not-a-setup-link")
	if !strings.Contains(f.linkMsg.Text, "starts with otpauth://") {
		t.Errorf("a web address: message %q", f.linkMsg.Text)
	}
	f.link.SetText(linkBank)
	if f.issuer.Text != "Example Bank" || f.account.Text != "ada.lovelace" || f.digits.Selected != "8" {
		t.Errorf("the link filled issuer %q, account %q, digits %q", f.issuer.Text, f.account.Text, f.digits.Selected)
	}
	if !strings.Contains(f.linkMsg.Text, "8-digit codes") {
		t.Errorf("the special settings are not told: %q", f.linkMsg.Text)
	}
	test.Tap(f.add)
	if u.screen != screenList {
		t.Fatalf("after adding from a link: screen %q, message %q", u.screen, f.message.Text)
	}
	got := h.saved()
	want, _, _ := vault.ParseURI(linkBank)
	if len(got) != 1 || got[0].URI() != want.URI() {
		t.Errorf("saved %+v, want the link's key", got)
	}
}

func TestAddScreenScrollsToItsEndWithMessagesAndOptionsShown(t *testing.T) {
	h := demoHarness(t)
	u := h.u
	u.showAdd()
	f := u.add
	f.more.Open(0)
	test.Type(f.secret, "JBSW 0")
	test.Type(f.link, "nonsense")
	f.issuer.SetText("")
	f.account.SetText("")
	test.Tap(f.add)
	if got, need := h.scrollHoldsPage(); got < need {
		t.Errorf("the Add screen's scroll holds %.0f of %.0f pixels", got, need)
	}
}
