package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sparekey/vault"
)

func TestPasswordScreenRefusesPasswordsThatGuessersTryFirst(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	test.Tap(u.first.start)
	p := u.first.chooser
	for _, pw := range []string{"Password2024!", "Welcome2024!", "Liverpool123", "Bitcoin2026!"} {
		p.first.SetText(pw)
		p.second.SetText(pw)
		if !p.submit.Disabled() {
			t.Errorf("%q typed twice can be submitted", pw)
		}
		if !strings.Contains(p.advice.Text, "too easy to guess") || !strings.Contains(p.advice.Text, "suggested password") {
			t.Errorf("%q: advice %q does not say why or what to do", pw, p.advice.Text)
		}
		if p.verdict.Text == "Strength: Strong" {
			t.Errorf("%q is graded %q", pw, p.verdict.Text)
		}
	}
}

func TestSuggestAPassphraseFillsBothFieldsInFullView(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	test.Tap(u.first.start)
	p := u.first.chooser
	if !p.first.Password || !p.second.Password {
		t.Fatal("the password fields show what is typed before anything is suggested")
	}

	test.Tap(p.suggest)
	got := p.first.Text
	if got == "" || p.second.Text != got {
		t.Fatalf("after Suggest: fields %q and %q, want the same passphrase in both", got, p.second.Text)
	}
	if len(strings.Split(got, "-")) != 6 || vault.CheckNewPassword(got) != nil {
		t.Errorf("suggested %q is not six words that pass the check", got)
	}
	if p.first.Password || p.second.Password {
		t.Error("a suggested passphrase is hidden behind dots: the person cannot read or write it down")
	}
	if p.submit.Disabled() || p.advice.Text != suggestedAdvice || p.verdict.Text != "Strength: Strong" {
		t.Errorf("after Suggest: submit disabled %v, verdict %q, advice %q", p.submit.Disabled(), p.verdict.Text, p.advice.Text)
	}

	test.Tap(p.suggest)
	if p.first.Text == got {
		t.Error("a second Suggest gives the same passphrase")
	}

	// The person may change it; a change in one field only is caught.
	test.Type(p.first, " violin")
	if !p.submit.Disabled() || !strings.Contains(p.advice.Text, "not the same") {
		t.Errorf("changed in one field: submit disabled %v, advice %q", p.submit.Disabled(), p.advice.Text)
	}
	test.Type(p.second, " violin")
	if p.submit.Disabled() {
		t.Fatalf("the changed passphrase typed in both cannot be submitted (advice %q)", p.advice.Text)
	}
	chosen := p.first.Text
	test.Tap(p.submit)
	h.waitFor("the recovery key", func() bool { return u.screen == screenRecovery })
	if p.first.Text != "" || !p.first.Password || !p.second.Password {
		t.Errorf("after use: field %q, hidden %v %v; want empty and hidden again", p.first.Text, p.first.Password, p.second.Password)
	}
	if err := u.v.CheckPassword(chosen); err != nil {
		t.Errorf("the vault does not open with the chosen passphrase: %v", err)
	}
}
