package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// jargon is what a person who has never heard of TOTP would stumble on
// (issue 14, item 9): words of the trade, file kinds and tool names.
var jargon = []string{"vault", "setup key", "setup link", "setup code", ".age", "passphrase", "fingerprint",
	"check number", "check code", "xdg-open", "Try opening", "Write anyway", "Write my copy anyway"}

// screenTexts returns every text a person can read on the window now: the
// labels, buttons, links, check boxes, rich texts and fields' examples.
func (h *harness) screenTexts() []string {
	var out []string
	h.find(func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *tapLabel:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.Hyperlink:
			out = append(out, x.Text)
		case *widget.Check:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		case *widget.Entry:
			out = append(out, x.PlaceHolder)
		case *widget.Select:
			out = append(out, x.PlaceHolder, x.Selected)
			out = append(out, x.Options...)
		}
		return false
	})
	for _, m := range h.u.Window.MainMenu().Items {
		out = append(out, m.Label)
		for _, it := range m.Items {
			out = append(out, it.Label)
		}
	}
	return out
}

// TestNoScreenSpeaksJargon opens every screen a person meets, first start
// to daily use, and reads every text on it: none may use the words of the
// trade that the plain words replaced.
func TestNoScreenSpeaksJargon(t *testing.T) {
	check := func(h *harness, screen string) {
		t.Helper()
		h.flush()
		for _, text := range h.screenTexts() {
			for _, j := range jargon {
				if strings.Contains(strings.ToLower(text), strings.ToLower(j)) {
					t.Errorf("%s: %q says %q", screen, text, j)
				}
			}
		}
	}
	first := newHarness(t, Config{})
	first.start()
	check(first, "the first start")
	first.u.showNewPassword()
	check(first, "choosing a password")
	first.u.showPaperWelcome()
	check(first, "from paper")

	h := listHarness(t, linkMail, linkBank)
	check(h, "the main screen")
	for _, s := range []struct {
		name string
		show func()
	}{
		{"Add a key", h.u.showAdd},
		{"the key's page", func() { h.u.showKey(h.u.v.Entries[0].ID) }},
		{"Settings", h.u.showSettings},
		{"Copies", h.u.showCopies},
		{"Print", func() { h.u.showPrint(nil) }},
		{"Export", h.u.showExport},
		{"the guide", h.u.showGuide},
		{"Restore a key from paper", h.u.showPaperRestore},
		{"Change the master password", h.u.showChangePassword},
	} {
		s.show()
		check(h, s.name)
	}
	h.u.Lock()
	check(h, "the unlock screen")
	h.u.showForgot()
	check(h, "the forgotten password")
}
