package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"
)

// clipState is what Sparekey last put on the clipboard and when it must go.
type clipState struct {
	text    string
	clearAt time.Time
}

// clipboardSeconds is how long a copied code stays on the clipboard.
func (u *UI) clipboardSeconds() int {
	return u.Prefs.IntWithFallback(prefClipboard, defaultClipboardSeconds)
}

// copyCode puts a code on the clipboard and says for how long.
func (u *UI) copyCode(code string) {
	u.activity()
	secs := u.clipboardSeconds()
	u.App.Clipboard().SetContent(code)
	u.clip = clipState{text: code, clearAt: u.Now().Add(time.Duration(secs) * time.Second)}
	u.toast(fmt.Sprintf("Copied — cleared in %d s", secs))
}

// clipboardTick clears the clipboard once its time is up, but only if it
// still holds what Sparekey put there: whatever the person copied since is
// theirs.
func (u *UI) clipboardTick(now time.Time) {
	if u.clip.text == "" {
		return
	}
	if left := u.clip.clearAt.Sub(now); left > 0 {
		u.retoast("Copied", fmt.Sprintf("Copied — cleared in %d s", int((left+time.Second-1)/time.Second)))
		return
	}
	u.clearClipboardNow()
	u.retoast("Copied", "Clipboard cleared")
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
