package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"sparekey/vault"
)

func TestFirstStartCreatesVaultShowsRecoveryKeyOnceAndAddsFirstKey(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	if u.screen != screenWelcome || !h.shows("Sparekey keeps a spare") {
		t.Fatalf("first start shows %q, want the welcome", u.screen)
	}
	test.Tap(u.first.start)
	if u.screen != screenPassword {
		t.Fatalf("after Get started: screen %q, want the password", u.screen)
	}
	if !h.shows("Nobody can reset this password") {
		t.Error("the password screen does not warn that nobody can reset the password")
	}
	p := u.first.chooser
	h.flush()
	if u.Window.Canvas().Focused() != p.first {
		t.Error("the first password field does not have the focus")
	}

	// A weak password is refused, with advice.
	test.Type(p.first, "password12")
	test.Type(p.second, "password12")
	if !p.submit.Disabled() {
		t.Error("a weak password can be submitted")
	}
	if p.verdict.Text == "Strength: Strong" || p.verdict.Text == "Strength: Very strong" {
		t.Errorf("a weak password is graded %q", p.verdict.Text)
	}
	p.try()
	if u.screen != screenPassword || !strings.Contains(p.advice.Text, "too easy to guess") {
		t.Fatalf("weak password: screen %q, advice %q", u.screen, p.advice.Text)
	}

	// Two different strong passwords are refused.
	p.first.SetText(strongPW)
	p.second.SetText(strongPW + "x")
	if !p.submit.Disabled() || !strings.Contains(p.advice.Text, "not the same") {
		t.Errorf("different passwords: submit disabled %v, advice %q", p.submit.Disabled(), p.advice.Text)
	}
	p.second.SetText(strongPW)
	if p.submit.Disabled() {
		t.Fatalf("a strong password typed twice cannot be submitted (advice %q)", p.advice.Text)
	}
	test.Tap(p.submit)
	h.waitFor("the recovery key", func() bool { return u.screen == screenRecovery })

	key := u.first.recovery
	if _, err := vault.ParseRecoveryKey(key); err != nil {
		t.Fatalf("the recovery key shown is not a recovery key: %v", err)
	}
	for _, g := range strings.Split(key, "-") {
		if !h.shows(g) {
			t.Errorf("the recovery key group %s is not on the screen", g)
		}
	}
	if p.first.Text != "" || p.second.Text != "" {
		t.Error("the password stays in the fields after the vault is made")
	}
	// Continue waits for the confirmation that the key is stored.
	if !u.first.cont.Disabled() {
		t.Error("Continue works before the person says the recovery key is stored")
	}
	u.first.stored.SetChecked(true)
	test.Tap(u.first.cont)
	if u.screen != screenAdd || !u.add.first || u.add.cancel.Text != "Skip for now" {
		t.Fatalf("after the recovery key: screen %q, want Add your first key", u.screen)
	}
	if u.first.recovery != "" {
		t.Error("the recovery key is kept after its screen")
	}
	enter(u.add.issuer, "Example Mail")
	enter(u.add.account, "ada@example.com")
	enter(u.add.secret, "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp")
	h.waitFor("the list", func() bool { return u.screen == screenList })
	if len(u.list.entries) != 1 || !h.shows("Example Mail") {
		t.Fatalf("the list shows %d keys, want the first key", len(u.list.entries))
	}

	// The vault on disk opens with the password and with the recovery key
	// that was shown, and holds the key.
	u.Lock()
	for name, open := range map[string]func() (*vault.Vault, error){
		"password":     func() (*vault.Vault, error) { return vault.Open(h.path, strongPW) },
		"recovery key": func() (*vault.Vault, error) { return vault.OpenWithRecoveryKey(h.path, key) },
	} {
		v, err := open()
		if err != nil {
			t.Fatalf("the new vault does not open with its %s: %v", name, err)
		}
		if len(v.Entries) != 1 || v.Entries[0].Secret != "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" {
			t.Errorf("opened with the %s, the vault holds %+v", name, v.Entries)
		}
		v.Close()
	}
}

func TestFirstKeyCanBeSkipped(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	test.Tap(u.first.start)
	u.first.chooser.first.SetText(strongPW)
	u.first.chooser.second.SetText(strongPW)
	test.Tap(u.first.chooser.submit)
	h.waitFor("the recovery key", func() bool { return u.screen == screenRecovery })
	u.first.stored.SetChecked(true)
	test.Tap(u.first.cont)
	test.Tap(u.add.cancel)
	if u.screen != screenList || !h.shows("You have no keys yet") {
		t.Fatalf("after Skip for now: screen %q without the empty state", u.screen)
	}
	if !h.shows("Add a key") {
		t.Error("the empty state does not say what to do next")
	}
}

func TestSpaceOnGetStartedIsNotTypedIntoThePassword(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	c := u.Window.Canvas()
	c.Focus(u.first.start)
	// What the window does for one press of Space: the key goes to the
	// focused button, then the typed character to whatever has the focus.
	u.first.start.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if f := c.Focused(); f != nil {
		f.TypedRune(' ')
	}
	h.flush()
	if u.screen != screenPassword || c.Focused() != u.first.chooser.first {
		t.Fatalf("after Space on Get started: screen %q", u.screen)
	}
	if got := u.first.chooser.first.Text; got != "" {
		t.Errorf("the password field holds %q after pressing Space on Get started", got)
	}
}

func TestGetStartedHasTheFocus(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	if u.Window.Canvas().Focused() != u.first.start {
		t.Errorf("on the welcome, %T has the focus, want Get started", u.Window.Canvas().Focused())
	}
	u.first.start.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.screen != screenPassword {
		t.Errorf("Enter on Get started leads to %q", u.screen)
	}
}

func TestSaveRecoveryKeyToAFile(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	key := vault.NewRecoveryKey()
	u.showRecoveryKey(key, u.ShowMain)
	path := filepath.Join(t.TempDir(), "Sparekey recovery key.txt")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	u.writeRecoveryKey(w, nil, key)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), key) || !strings.Contains(string(b), "Forgot your password? Use your recovery key") {
		t.Errorf("the file holds %q", b)
	}
	if !h.shows("Saved to " + path) {
		t.Error("the screen does not say where the key was saved")
	}
}
