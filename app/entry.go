package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// entry is a text field that counts typing as activity (for auto-lock) and
// passes Esc to the window (close the dialog, or go back), which a plain
// Entry swallows.
type entry struct {
	widget.Entry
	u        *UI
	hasFocus bool // for tests: a field must lose the focus when its screen goes
	// onKey, if set, sees each key first and reports whether it took it
	// (the search box moves the list's selection with Up and Down).
	onKey func(*fyne.KeyEvent) bool
}

func newEntry(u *UI, placeholder string) *entry {
	e := &entry{u: u}
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = 0
	e.PlaceHolder = placeholder
	e.ExtendBaseWidget(e)
	return e
}

// newPasswordEntry is a hidden field with Fyne's show/hide eye button.
func newPasswordEntry(u *UI, placeholder string) *entry {
	e := newEntry(u, placeholder)
	e.Password = true
	return e
}

func newMultiLineEntry(u *UI, placeholder string) *entry {
	e := newEntry(u, placeholder)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// TypedKey handles Esc for the window and the rest as an Entry does.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	e.u.activity()
	if k.Name == fyne.KeyEscape {
		e.u.escape()
		return
	}
	if e.onKey != nil && e.onKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

// FocusGained is as for an Entry.
func (e *entry) FocusGained() {
	e.hasFocus = true
	e.Entry.FocusGained()
}

// FocusLost is as for an Entry; it stops the cursor's blinking.
func (e *entry) FocusLost() {
	e.hasFocus = false
	e.Entry.FocusLost()
}

// TypedRune counts as activity.
func (e *entry) TypedRune(r rune) {
	e.u.activity()
	e.Entry.TypedRune(r)
}

// primaryButton is a screen's main button: Enter presses it as well as
// Space, as people expect of the button that moves them on.
type primaryButton struct {
	widget.Button
}

func newPrimaryButton(label string, icon fyne.Resource, tapped func()) *primaryButton {
	b := &primaryButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.Importance = widget.HighImportance
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter or Space.
func (b *primaryButton) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		b.Tapped(nil)
		return
	}
	b.Button.TypedKey(k)
}
