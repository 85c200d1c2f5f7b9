package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

// openKey opens the page of the first key matching query from the list.
func (h *harness) openKey(query string) *keyPage {
	h.t.Helper()
	h.u.list.search.SetText(query)
	h.u.list.list.Select(0)
	if h.u.screen != screenKey {
		h.t.Fatalf("selecting %q leads to %q", query, h.u.screen)
	}
	return h.u.keyPage
}

func TestRevealShowsTheKeyInGroupsOfFourOnlyOnClick(t *testing.T) {
	h := listHarness(t, linkMail)
	p := h.openKey("mail")
	secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	if p.secret.Visible() || strings.Contains(p.secret.Text, "JBSW") || h.shows("JBSW") {
		t.Fatal("the key is on screen before it was asked for")
	}
	test.Tap(p.reveal)
	if !h.shows("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP") {
		t.Errorf("after Show the key shows %q", p.secret.Text)
	}
	test.Tap(p.reveal)
	if p.secret.Visible() || p.secret.Text != "" || h.shows(secret[:4]) {
		t.Error("Hide leaves the key on screen")
	}
}

func TestKeyPageRenamesNotesAndRecoveryCodesAreSaved(t *testing.T) {
	h := listHarness(t, linkMail)
	p := h.openKey("mail")
	p.issuer.SetText("Mail")
	test.Tap(p.saveName)
	p = h.u.keyPage // the page is shown again under its new name
	if p.status.Text != "Name saved" || !h.shows("Mail (ada@example.com)") {
		t.Errorf("after renaming: status %q", p.status.Text)
	}
	test.Type(p.note, "Work account")
	test.Tap(p.saveNote)
	test.Type(p.pasteCodes, "1. 4821 7730\n2. 9184 2206\n3. 5562 0917\n")
	test.Tap(p.addCodes)
	if p.status.Text != "3 recovery codes added" {
		t.Errorf("status after pasting 3 codes: %q", p.status.Text)
	}
	checks := h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.Check); return ok })
	if len(checks) != 3 || checks[1].(*widget.Check).Text != "9184 2206" {
		t.Fatalf("the page shows %d recovery codes", len(checks))
	}
	test.Tap(checks[1].(*widget.Check))
	got := h.saved()[0]
	if got.Issuer != "Mail" || got.Note != "Work account" {
		t.Errorf("saved name %q, note %q", got.Issuer, got.Note)
	}
	want := []vault.RecoveryCode{{Code: "4821 7730"}, {Code: "9184 2206", Used: true}, {Code: "5562 0917"}}
	if len(got.RecoveryCodes) != 3 {
		t.Fatalf("saved recovery codes %+v", got.RecoveryCodes)
	}
	for i := range want {
		if got.RecoveryCodes[i] != want[i] {
			t.Errorf("recovery code %d saved as %+v, want %+v", i, got.RecoveryCodes[i], want[i])
		}
	}
}

func TestCounterKeyNextCodeIsSaved(t *testing.T) {
	h := listHarness(t, "otpauth://hotp/Office%20VPN:ada?secret=KRUGKIDROVUWG2ZAMJZG653OEBTG66BA&issuer=Office%20VPN&counter=3")
	p := h.openKey("vpn")
	want, _ := vault.HOTPCode("KRUGKIDROVUWG2ZAMJZG653OEBTG66BA", 3, vault.SHA1, 6)
	test.Tap(p.next)
	if !h.shows(vault.FormatCode(want)) || h.u.App.Clipboard().Content() != want {
		t.Errorf("Next code shows %q, want %s", p.code.Text, want)
	}
	if got := h.saved()[0].Counter; got != 4 {
		t.Errorf("the counter saved is %d, want 4", got)
	}
}

func TestQRCodeDialogShowsTheKeysSetupLink(t *testing.T) {
	h := listHarness(t, linkMail)
	p := h.openKey("mail")
	test.Tap(p.qr)
	if len(h.u.dialogs) != 1 || !h.shows("scan this code") {
		t.Fatal("no QR code dialog")
	}
	h.u.typedKey(&keyEsc)
	if len(h.u.dialogs) != 0 {
		t.Error("Esc does not close the QR code")
	}
}

func TestDeleteAsksNamingTheKeyAndEscCancels(t *testing.T) {
	h := listHarness(t, linkMail, linkBank)
	u := h.u
	p := h.openKey("bank")
	test.Tap(p.del)
	if len(u.dialogs) != 1 || !h.shows("Sparekey will forget the key of Example Bank (ada.lovelace)") {
		t.Fatal("Delete does not ask, naming the key")
	}
	u.typedKey(&keyEsc)
	if len(u.dialogs) != 0 || len(h.saved()) != 2 {
		t.Fatal("Esc did not cancel the delete")
	}
	test.Tap(p.del)
	test.Tap(h.button("Delete"))
	if u.screen != screenList || u.list.status.Text != "Deleted Example Bank (ada.lovelace)" {
		t.Errorf("after Delete: screen %q, status %q", u.screen, u.list.status.Text)
	}
	got := h.saved()
	if len(got) != 1 || got[0].Issuer != "Example Mail" {
		t.Errorf("after deleting the bank the vault holds %+v", got)
	}
}

func TestKeyPageScrollsToItsEndAfterRevealAndNewCodes(t *testing.T) {
	h := demoHarness(t)
	p := h.openKey("mail")
	test.Tap(p.reveal)
	test.Type(p.pasteCodes, "1111\n2222\n3333\n4444\n5555\n")
	test.Tap(p.addCodes)
	var scroll *container.Scroll
	for _, o := range h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*container.Scroll); return ok }) {
		if s := o.(*container.Scroll); scroll == nil || s.Size().Height > scroll.Size().Height {
			scroll = s
		}
	}
	if got, need := scroll.Content.Size().Height, scroll.Content.MinSize().Height; got < need {
		t.Errorf("the page's scroll holds %.0f pixels of a %.0f-pixel page: its end (Delete) cannot be reached", got, need)
	}
}
