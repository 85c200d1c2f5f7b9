package app

import (
	"fmt"
	"time"
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
	if u.clip.text == "" || now.Before(u.clip.clearAt) {
		return
	}
	u.clearClipboardNow()
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
