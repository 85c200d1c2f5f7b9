package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

func TestLockButtonAndCtrlLDropTheKeysAndTheScreens(t *testing.T) {
	for _, how := range []string{"button", "Ctrl+L"} {
		t.Run(how, func(t *testing.T) {
			h := listHarness(t, linkMail)
			u := h.u
			v := u.v
			p := h.openKey("mail")
			test.Tap(p.reveal)
			test.Tap(p.qr)
			u.copyKeyCode()
			switch how {
			case "button":
				u.ShowMain()
				test.Tap(h.button("Lock"))
			case "Ctrl+L":
				it := h.menuItem("Lock")
				sc, ok := it.Shortcut.(*desktop.CustomShortcut)
				if !ok || sc.KeyName != fyne.KeyL || sc.Modifier != fyne.KeyModifierShortcutDefault {
					t.Fatalf("Lock's shortcut is %v, want Ctrl+L", it.Shortcut)
				}
				it.Action()
			}
			if u.v != nil || u.screen != screenUnlock || len(u.dialogs) != 0 {
				t.Fatalf("after locking: vault open %v, screen %q, %d dialogs", u.v != nil, u.screen, len(u.dialogs))
			}
			if v.Entries != nil {
				t.Error("the closed vault still holds its entries")
			}
			if h.shows("JBSW") || h.shows("Example Mail") {
				t.Error("a key is still on screen after locking")
			}
			if u.App.Clipboard().Content() != "" {
				t.Error("the copied code stays on the clipboard after locking")
			}
			if !h.menuItem("Add a key…").Disabled {
				t.Error("Add a key is still offered while locked")
			}
			// The lock file is released: another Sparekey could now open it
			// for writing.
			v2, err := vault.Open(h.path, strongPW)
			if err != nil || v2.ReadOnly() != nil {
				t.Errorf("after locking, the vault opens read-only (%v) or not at all (%v)", v2.ReadOnly(), err)
			}
			v2.Close()
		})
	}
}

func TestAutoLockAfterIdleMinutes(t *testing.T) {
	h := listHarness(t, linkMail)
	u := h.u
	// Default: 5 minutes.
	h.advance(4*time.Minute + 59*time.Second)
	if u.v == nil {
		t.Fatal("locked before 5 minutes")
	}
	// Typing counts as activity and starts the time again.
	test.Type(u.list.search, "m")
	h.advance(4 * time.Minute)
	if u.v == nil {
		t.Fatal("locked 4 minutes after typing")
	}
	h.advance(time.Minute)
	if u.v != nil || u.screen != screenUnlock {
		t.Fatal("not locked 5 minutes after the last activity")
	}

	// A shorter setting is followed.
	enter(u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return u.screen == screenList })
	u.Prefs.SetInt(prefAutoLock, 1)
	h.advance(time.Minute)
	if u.v != nil {
		t.Error("not locked after the 1 minute set in Settings")
	}
}

func TestAutoLockWaitsForSlowWork(t *testing.T) {
	h := listHarness(t, linkMail)
	u := h.u
	release := make(chan struct{})
	finished := false
	u.Slow("Working…", func() error { <-release; return nil }, func(error) { finished = true })
	h.advance(10 * time.Minute)
	if u.v == nil {
		t.Fatal("auto-lock struck in the middle of slow work")
	}
	close(release)
	h.waitFor("the slow work", func() bool { return finished })
	h.advance(5 * time.Minute)
	if u.v != nil {
		t.Error("no auto-lock after the slow work ended")
	}
}

func TestSettingsAreKeptInPreferences(t *testing.T) {
	h := demoHarness(t)
	u := h.u
	h.menuItem("Settings").Action()
	if u.screen != screenSettings {
		t.Fatalf("Settings leads to %q", u.screen)
	}
	s := u.settings
	if s.autoLock.Selected != "After 5 minutes" || s.clipboard.Selected != "After 30 seconds" || s.theme.Selected != "Same as the computer" || s.paper.Selected != "A4" {
		t.Errorf("defaults: %q, %q, %q, %q", s.autoLock.Selected, s.clipboard.Selected, s.theme.Selected, s.paper.Selected)
	}
	s.autoLock.SetSelected("After 15 minutes")
	s.clipboard.SetSelected("After 60 seconds")
	s.theme.SetSelected("Dark")
	s.paper.SetSelected("Letter")
	if u.autoLockAfter() != 15*time.Minute || u.clipboardSeconds() != 60 || u.Prefs.String(prefTheme) != themeDark || u.PaperSize() != "Letter" {
		t.Errorf("kept: %v, %d s, %q, %q", u.autoLockAfter(), u.clipboardSeconds(), u.Prefs.String(prefTheme), u.PaperSize())
	}
	if _, ok := u.App.Settings().Theme().(variantTheme); !ok {
		t.Error("choosing Dark did not change the theme")
	}
	// Esc goes back to the list.
	u.typedKey(&keyEsc)
	if u.screen != screenList {
		t.Errorf("Esc on Settings leads to %q", u.screen)
	}
}

func TestReadOnlyVaultSaysSoAndChangesAreNotLostSilently(t *testing.T) {
	h := newHarness(t, Config{})
	h.makeVault(strongPW, linkMail)
	other, err := vault.Open(h.path, strongPW) // another Sparekey holds it
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	u := h.start()
	enter(u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return u.screen == screenList })
	if !strings.Contains(u.Window.Title(), "read only") || !h.shows("another Sparekey") {
		t.Errorf("a read-only vault is not marked: title %q", u.Window.Title())
	}
	before, _ := os.ReadFile(h.path)
	h.openKey("mail")
	u.keyPage.note.SetText("a change")
	u.dialogs = nil
	test.Tap(u.keyPage.saveNote)
	if !h.shows("NOT saved") {
		t.Error("a change to a read-only vault does not say it was not saved")
	}
	after, _ := os.ReadFile(h.path)
	if string(before) != string(after) {
		t.Error("the read-only vault file was written")
	}
}

func TestRegisteredActionsAppearInMenuAndOnMainScreen(t *testing.T) {
	ran := 0
	actions := []Action{ // only this test's actions
		{Menu: MenuFile, Label: "Print recovery sheets…", IconName: theme.IconNameDocumentPrint, MainScreen: true, NeedsVault: true, Run: func(u *UI) { ran++ }},
		{Menu: MenuHelp, Label: "Restore from a copy…", Welcome: true, Run: func(u *UI) { ran += 10 }},
	}
	h := newHarness(t, Config{Demo: true})
	h.u.wiring.actions = actions
	h.start()
	h.menuItem("Print recovery sheets…").Action()
	h.u.ShowMain()
	b := h.button("Print recovery sheets…")
	if b.Icon == nil || b.Icon.Name() != theme.DocumentPrintIcon().Name() {
		t.Errorf("the button's icon is %v, want the theme's print icon", b.Icon)
	}
	test.Tap(b)
	if ran != 2 {
		t.Errorf("the registered action ran %d times, want 2", ran)
	}
	h2 := newHarness(t, Config{})
	h2.u.wiring.actions = actions
	h2.start()
	test.Tap(h2.button("Restore from a copy…"))
	if ran != 12 {
		t.Errorf("the welcome action did not run (%d)", ran)
	}
	if !h2.menuItem("Print recovery sheets…").Disabled {
		t.Error("an action that needs the vault is offered before there is one")
	}
}

func TestLockDuringSlowWorkWaitsForIt(t *testing.T) {
	h := listHarness(t, linkMail)
	u := h.u
	release := make(chan struct{})
	finished := false
	u.Slow("Working…", func() error { <-release; return nil }, func(error) { finished = true })
	h.menuItem("Lock").Action()
	if u.v == nil {
		t.Fatal("Lock closed the vault while slow work was using it")
	}
	close(release)
	h.waitFor("the slow work", func() bool { return finished })
	if u.v != nil || u.screen != screenUnlock {
		t.Error("the Lock asked for during slow work did not happen after it")
	}
}

func TestManyRegisteredButtonsGoUnderMore(t *testing.T) {
	ran := ""
	h := newHarness(t, Config{Demo: true})
	h.u.wiring.actions = nil // only this test's actions
	for _, l := range []string{"One", "Two", "Three", "Four"} {
		h.u.wiring.actions = append(h.u.wiring.actions, Action{Label: l, MainScreen: true, Run: func(*UI) { ran += l }})
	}
	h.start()
	test.Tap(h.button("Two"))
	if len(h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && (b.Text == "Three" || b.Text == "Four")
	})) != 0 {
		t.Error("more than two registered buttons are laid out in the row")
	}
	test.Tap(h.button("More"))
	menus := h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.PopUpMenu); return ok })
	if len(menus) != 1 {
		t.Fatalf("More shows %d menus", len(menus))
	}
	menus[0].(*widget.PopUpMenu).Items[1].(fyne.Tappable).Tapped(&fyne.PointEvent{})
	if ran != "TwoFour" {
		t.Errorf("ran %q, want TwoFour", ran)
	}
}
