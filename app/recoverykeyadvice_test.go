package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"sparekey/vault"
)

// TestTheAdviceOfANewRecoveryKeyShowsUntilOneIsMadeAndItsKitPrinted: a
// vault whose recovery key was sealed below today's work factor (as an older
// Sparekey did) opens with the advice to make a new recovery key, on the
// main screen and in Settings; printing the kit does not end it (the kit
// holds the same key). "Make a new one…" makes the key and ends the advice;
// the main screen then says the printed kit is out of date, and that ends
// when the kit with the new key is printed. Locked and opened again, the
// vault gives no advice.
func TestTheAdviceOfANewRecoveryKeyShowsUntilOneIsMadeAndItsKitPrinted(t *testing.T) {
	const (
		advice   = "Sparekey advises a new recovery key: yours is less well protected than the ones Sparekey makes now."
		settings = "Sparekey advises a new one: yours is less well protected than the ones Sparekey makes now."
		outdated = "Your printed emergency kit is out of date: it holds a recovery key that no longer works."
	)
	fake := useFakePrinting(t)
	h := newHarness(t, Config{Options: []vault.Option{vault.WithWorkFactor(vault.MinWorkFactor), vault.WithSeenDir(t.TempDir())}})
	oldKey := h.makeVault(strongPW, linkMail) // sealed at testWorkFactor, below the floor
	h.start()
	unlock := func() {
		t.Helper()
		enter(h.u.unlock.password, strongPW)
		h.waitFor("the list", func() bool { return h.u.screen == screenList })
	}
	unlock()
	if !h.shows(advice) || h.button("Make a new one…") == nil {
		t.Fatal("the main screen does not advise a new recovery key")
	}
	h.u.showSettings()
	if !h.shows(settings) {
		t.Error("Settings does not advise a new recovery key")
	}

	printKit := func(key string) {
		t.Helper()
		h.menuItem("Print the emergency kit…").Action()
		enter(h.field("ABCD-EFGH-…"), key)
		h.waitFor("the kit", func() bool { return h.shows("The emergency kit is one page") })
		h.tapButton("Open it to print…")
		test.Tap(h.button("OK"))
		h.u.ShowMain()
	}
	printKit(oldKey)
	if n := len(fake.Opened()); n != 1 {
		t.Fatalf("%d kits opened to print, want 1", n)
	}
	if !h.shows(advice) {
		t.Fatal("printing the kit with the old recovery key ended the advice")
	}

	test.Tap(h.button("Make a new one…"))
	enter(h.field("Master password"), strongPW)
	h.waitFor("the new key", func() bool { return h.u.screen == screenRecovery })
	newKey := h.u.first.recovery
	if newKey == "" || newKey == oldKey {
		t.Fatalf("the new recovery key shown: %q", newKey)
	}
	test.Tap(h.u.first.stored)
	test.Tap(h.u.first.cont)
	if h.u.screen != screenList {
		t.Fatalf("after the new key: screen %q", h.u.screen)
	}
	if h.shows(advice) {
		t.Error("the advice stays after a new recovery key was made")
	}
	if !h.shows(outdated) || h.button("Print a new kit…") == nil {
		t.Fatal("after the new recovery key, the main screen does not say the printed kit is out of date")
	}
	h.u.showSettings()
	if h.shows(settings) {
		t.Error("Settings still advises a new recovery key")
	}

	h.u.ShowMain()
	printKit(newKey)
	if h.shows(outdated) || h.shows(advice) {
		t.Error("the kit with the new recovery key is printed, and the main screen still says it is out of date")
	}

	h.u.Lock()
	unlock()
	if h.shows(advice) || h.shows(outdated) {
		t.Error("opened again, the vault advises a new recovery key or a new kit")
	}
}
