package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sparekey/vault"
)

func TestUnlockRefusesWrongPasswordThenOpensWithRightOne(t *testing.T) {
	h := newHarness(t, Config{})
	h.makeVault(strongPW, linkMail, linkBank)
	u := h.start()
	if u.screen != screenUnlock {
		t.Fatalf("with a vault on disk the app starts on %q, want unlock", u.screen)
	}
	f := u.unlock
	if u.Window.Canvas().Focused() != f.password {
		t.Error("the password field does not have the focus")
	}
	if !h.shows("Forgot your password? Use your recovery key") {
		t.Error("no way to use the recovery key on the unlock screen")
	}

	enter(f.password, "violin tram sunny cactuz") // Enter unlocks
	if !f.working || !f.progress.running() {
		t.Error("no progress shown while the password is checked")
	}
	h.waitFor("the wrong password message", func() bool { return !f.working })
	if u.v != nil || u.screen != screenUnlock {
		t.Fatal("a wrong password unlocked the vault")
	}
	if !strings.Contains(f.message.Text, "not the right password") {
		t.Errorf("wrong password message: %q", f.message.Text)
	}
	if f.progress.running() {
		t.Error("the progress bar still runs after the answer")
	}
	if f.password.Text != "" || f.password.Disabled() {
		t.Error("after a wrong password the field is not empty and ready for another try")
	}

	enter(f.password, strongPW)
	h.waitFor("the list", func() bool { return u.screen == screenList })
	if len(u.list.entries) != 2 || !h.shows("Example Bank") || !h.shows("Example Mail") {
		t.Fatalf("after unlock the list shows %d keys", len(u.list.entries))
	}
	if f.password.Text != "" {
		t.Error("the password stays in the field after unlocking")
	}
	if f.password.hasFocus {
		t.Error("the password field still has the focus (and a blinking cursor that redraws the window) after its screen went")
	}
}

// Unlocking runs scrypt off the UI goroutine. The harness is the UI
// goroutine: the unlock's result can only come back through its queue, so
// everything the test does before running the queue happens while the
// unlock is (or could still be) at work, on any machine.
func TestUnlockRunsOffTheUIGoroutine(t *testing.T) {
	h := newHarness(t, Config{})
	h.makeVault(strongPW, linkMail)
	u := h.start()
	f := u.unlock
	f.password.SetText(strongPW)
	test.Tap(f.unlock)
	if u.v != nil || !f.working {
		t.Fatal("the unlock finished inside the button's handler: it ran on the UI goroutine")
	}
	// Meanwhile the UI goroutine keeps handling events: ticks, typing, Esc.
	for i := 0; i < 5; i++ {
		u.tick()
		test.Type(f.password, "x") // the field is disabled: nothing typed
		u.typedKey(&keyEsc)
	}
	if u.screen != screenUnlock || u.v != nil || !f.working {
		t.Fatalf("the events during the unlock changed the screen to %q", u.screen)
	}
	if f.password.Text != strongPW {
		t.Errorf("typing during the unlock changed the password to %q", f.password.Text)
	}
	h.waitFor("the list", func() bool { return u.screen == screenList })
}

func TestForgotPasswordOpensWithRecoveryKeyAndSetsNewPassword(t *testing.T) {
	h := newHarness(t, Config{})
	key := h.makeVault(strongPW, linkMail)
	u := h.start()
	test.TapAt(u.unlock.forgot, fyne.NewPos(30, u.unlock.forgot.Size().Height/2))
	if u.screen != screenForgot {
		t.Fatalf("Forgot your password leads to %q", u.screen)
	}
	f := u.unlock

	// A typo is caught at once, naming the problem.
	typo := []byte(key)
	if typo[0] == 'A' {
		typo[0] = 'C'
	} else {
		typo[0] = 'A'
	}
	enter(f.recoveryKey, string(typo))
	if f.working || !strings.Contains(f.message.Text, "typo") {
		t.Errorf("a recovery key with a typo: working %v, message %q", f.working, f.message.Text)
	}
	// Another vault's key is refused in plain words.
	enter(f.recoveryKey, vault.NewRecoveryKey())
	h.waitFor("the refusal", func() bool { return !f.working })
	if !strings.Contains(f.message.Text, "does not open this Sparekey file") {
		t.Errorf("another vault's recovery key: message %q", f.message.Text)
	}

	// The right key, typed in lower case with spaces, opens the vault.
	enter(f.recoveryKey, strings.ToLower(strings.ReplaceAll(key, "-", " ")))
	h.waitFor("the new password screen", func() bool { return u.screen == screenPassword })
	if !h.shows("Nobody can reset this password") {
		t.Error("the new password screen does not warn that nobody can reset it")
	}
	const newPW = "lantern orbit pebble mango"
	f.chooser.first.SetText(newPW)
	f.chooser.second.SetText(newPW)
	test.Tap(f.chooser.submit)
	h.waitFor("the list", func() bool { return u.screen == screenList })
	if len(u.list.entries) != 1 {
		t.Fatalf("after recovery the list shows %d keys", len(u.list.entries))
	}
	u.Lock()
	if _, err := vault.Open(h.path, strongPW); err == nil {
		t.Error("the old password still opens the vault")
	}
	v, err := vault.Open(h.path, newPW)
	if err != nil {
		t.Fatalf("the new password does not open the vault: %v", err)
	}
	v.Close()
}

func TestChangeMasterPassword(t *testing.T) {
	h := listHarness(t, linkMail)
	u := h.u
	h.menuItem("Change master password…").Action()
	h.flush()
	p := u.changePW
	if u.Window.Canvas().Focused() != p.first || !h.shows("Nobody can reset this password") {
		t.Fatal("the change-password screen lacks the focus or the warning")
	}
	const newPW = "lantern orbit pebble mango"
	p.first.SetText(newPW)
	p.second.SetText(newPW)
	test.Tap(p.submit)
	h.waitFor("the list", func() bool { return u.screen == screenList })
	if u.list.status.Text != "Your master password is changed" {
		t.Errorf("status: %q", u.list.status.Text)
	}
	if passwordOpens(h.path, strongPW) || !passwordOpens(h.path, newPW) {
		t.Error("the vault file does not open with the new password only")
	}
}
