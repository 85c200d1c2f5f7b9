package app

import (
	"fmt"
)

// showChangePassword lets the person choose a new master password (the
// vault is unlocked, so the old one has just been typed). The recovery key
// stays the same.
func (u *UI) showChangePassword() {
	v := u.v
	if v == nil {
		return
	}
	if u.cfg.Demo {
		u.ShowInfo("Demo", "The demo has no password. Start Sparekey without --demo to keep your own keys.")
		return
	}
	var chooser *passwordChooser
	chooser, form := u.newPasswordChooser("Change the password", func(pw string) {
		u.Slow("Changing your password…", func() error {
			return v.ChangePassword(pw)
		}, func(err error) {
			if err != nil {
				u.ShowError(fmt.Errorf("the password was not changed: %w", err))
				return
			}
			chooser.clear()
			u.ShowMain()
			u.copiesChanged() // the copies open with the new password only once written again
			u.toast("Your master password is changed")
		})
	})
	u.changePW = chooser
	u.show(screenOther, u.withBack("Change the master password",
		page("New master password", wrapped("From now on, the new password unlocks Sparekey. Your recovery key does not change."), form), u.ShowMain), u.ShowMain)
	u.focus(chooser.first)
}
