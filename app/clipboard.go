package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

// clipState is what Sparekey last put on the clipboard and when it must go.
type clipState struct {
	text    string
	clearAt time.Time
	// said names what was copied ("Steam code copied"), so that the status
	// line can count down under the same words.
	said string
	// changesAt is when the copied code stops being the current one, if
	// that is within lowSeconds of the copy: until then the status line
	// says so.
	changesAt time.Time
}

// lowSeconds is how close to its end a copied code is said to be about to
// change (a website may refuse it by the time it is pasted).
const lowSeconds = 5

// clipboardSeconds is how long a copied code stays on the clipboard.
func (u *UI) clipboardSeconds() int {
	return u.Prefs.IntWithFallback(prefClipboard, defaultClipboardSeconds)
}

// copyCode puts e's code on the clipboard and says whose code it is, for
// how long it stays, and whether it is about to change.
func (u *UI) copyCode(e *vault.Entry, code string) {
	u.activity()
	now := u.Now()
	secs := u.clipboardSeconds()
	u.App.Clipboard().SetContent(code)
	u.clip = clipState{text: code, clearAt: now.Add(time.Duration(secs) * time.Second), said: e.Name() + " code copied"}
	if e.Type != vault.HOTP {
		if left := e.SecondsLeft(now); left <= lowSeconds {
			u.clip.changesAt = now.Add(time.Duration(left) * time.Second)
		}
	}
	u.toast(u.clipMessage(now))
}

// clipMessage is the status line while a copied code is on the clipboard.
func (u *UI) clipMessage(now time.Time) string {
	left := int((u.clip.clearAt.Sub(now) + time.Second - 1) / time.Second)
	msg := fmt.Sprintf("%s, cleared in %d s", u.clip.said, left)
	if change := u.clip.changesAt.Sub(now); change > 0 {
		msg = fmt.Sprintf("%s. It changes in %d s: if the website refuses it, copy the new one", msg, int((change+time.Second-1)/time.Second))
	}
	return msg
}

// clipboardTick clears the clipboard once its time is up, but only if it
// still holds what Sparekey put there: whatever the person copied since is
// theirs.
func (u *UI) clipboardTick(now time.Time) {
	if u.clip.text == "" {
		return
	}
	if left := u.clip.clearAt.Sub(now); left > 0 {
		u.retoast(u.clip.said, u.clipMessage(now))
		return
	}
	said := u.clip.said
	u.clearClipboardNow()
	u.retoast(said, "Clipboard cleared")
}

// retoast replaces the status line's text if it still starts with prefix
// (the person has not seen another message since).
func (u *UI) retoast(prefix, text string) {
	var l *widget.Label
	switch {
	case u.list != nil:
		l = u.list.status
	case u.keyPage != nil:
		l = u.keyPage.status
	}
	if l != nil && strings.HasPrefix(l.Text, prefix) {
		l.SetText(text)
	}
}

// clearClipboardNow clears a code Sparekey copied, if it is still there.
func (u *UI) clearClipboardNow() {
	if u.clip.text == "" {
		return
	}
	cb := u.App.Clipboard()
	if cb.Content() == u.clip.text {
		cb.SetContent("")
	}
	u.clip = clipState{}
}
