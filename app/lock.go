package app

import (
	"time"
)

// Lock closes the vault (vault.Close drops the decrypted keys as far as Go
// allows), drops every screen and dialog that showed a key, clears a code
// Sparekey put on the clipboard, and shows the unlock screen. In the demo it
// only goes back to the list, since the demo has no password.
func (u *UI) Lock() {
	if u.v == nil {
		return
	}
	if u.busy > 0 {
		// Slow work (saving, changing the password, writing copies) is
		// using the vault: lock as soon as it is done.
		u.lockPending = true
		return
	}
	u.lockPending = false
	u.clearClipboardNow()
	u.closeDialogs()
	if u.cfg.Demo {
		u.showList()
		return
	}
	v := u.v
	u.v = nil
	if u.keyPage != nil {
		u.keyPage.secret.SetText("") // drop the revealed key's text too
	}
	u.list, u.keyPage, u.add, u.settings, u.changePW = nil, nil, nil, nil, nil
	// The restore-from-paper screen holds typed key lines.
	u.print, u.paperRestore = nil, nil
	u.forgetCopies()  // drops what opens other vaults' copies (copies.go)
	u.restoring = nil // and a restore's password or recovery key (copies_restore.go)
	// Replace the content first, so no widget keeps showing a key.
	u.showUnlock()
	if err := v.Close(); err != nil {
		u.ShowError(err)
	}
	u.setTitle()
}

// autoLockAfter is the idle time after which Sparekey locks; 0 means never.
func (u *UI) autoLockAfter() time.Duration {
	return time.Duration(u.Prefs.IntWithFallback(prefAutoLock, defaultAutoLockMinutes)) * time.Minute
}

// tick runs once a second on the UI goroutine: it refreshes the visible
// codes, clears the clipboard when its time is up and locks after the idle
// time.
func (u *UI) tick() {
	now := u.Now()
	u.clipboardTick(now)
	if u.v != nil && u.busy == 0 {
		if d := u.autoLockAfter(); d > 0 && now.Sub(u.lastActivity) >= d {
			u.Lock()
			return
		}
	}
	switch u.screen {
	case screenList:
		if u.list != nil {
			u.list.tick(now)
		}
	case screenKey:
		if u.keyPage != nil {
			u.keyPage.tick(now)
		}
	}
}
