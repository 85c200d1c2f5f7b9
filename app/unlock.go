package app

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

// unlockForm holds the unlock screen's widgets, for tests.
type unlockForm struct {
	password *entry
	unlock   *widget.Button
	progress *busyBar
	message  *widget.Label
	forgot   *widget.Hyperlink
	working  bool

	// recovery-key path
	recoveryKey *entry
	useKey      *widget.Button
	chooser     *passwordChooser
}

// showUnlock shows the locked screen: the password field has focus and
// Enter unlocks.
func (u *UI) showUnlock() {
	f := &unlockForm{}
	u.unlock = f
	f.password = newPasswordEntry(u, "Master password")
	f.password.OnSubmitted = func(string) { u.tryUnlock() }
	f.unlock = widget.NewButtonWithIcon("Unlock", theme.LoginIcon(), u.tryUnlock)
	f.unlock.Importance = widget.HighImportance
	f.progress = newBusyBar()
	f.message = wrapped("")
	f.message.Hide()
	f.forgot = widget.NewHyperlink("Forgot your password? Use your recovery key", nil)
	f.forgot.OnTapped = u.showForgot
	u.show(screenUnlock, page("Sparekey is locked",
		wrapped("Type your master password to see your keys."),
		f.password,
		container.NewHBox(layoutSpacer(), f.unlock),
		f.progress.box,
		f.message,
		widget.NewSeparator(),
		f.forgot,
	), nil)
	u.focus(f.password)
}

// tryUnlock opens the vault off the UI goroutine: scrypt takes about a
// second, and the window keeps answering meanwhile.
func (u *UI) tryUnlock() {
	f := u.unlock
	if f == nil || f.working {
		return
	}
	pw := f.password.Text
	if pw == "" {
		u.unlockMessage("Type your master password first.")
		return
	}
	f.working = true
	f.unlock.Disable()
	f.password.Disable()
	f.message.SetText("Unlocking… this takes a second or two.")
	f.message.Importance = widget.MediumImportance
	f.message.Show()
	f.progress.start()
	path, opts := u.cfg.VaultPath, u.cfg.Options
	began := time.Now()
	go func() {
		v, err := vault.Open(path, pw, opts...)
		opened := time.Since(began)
		u.do(func() {
			u.unlockDone(f, v, err)
			trace("unlock: vault opened in %v, list shown %v after Enter", opened, time.Since(began))
		})
		handBackMemory() // scrypt's work area (memory.go), while the list is built
		trace("unlock: memory handed back %v after Enter", time.Since(began))
	}()
}

func (u *UI) unlockDone(f *unlockForm, v *vault.Vault, err error) {
	f.working = false
	f.progress.stop()
	if u.unlock != f || u.screen != screenUnlock {
		// The screen went away meanwhile (the app is closing): drop it.
		if v != nil {
			v.Close()
		}
		return
	}
	f.unlock.Enable()
	f.password.Enable()
	if err != nil {
		switch {
		case errors.Is(err, vault.ErrWrongPassword):
			u.unlockMessage("That is not the right password. Check that Caps Lock is off and try again.")
		default:
			u.unlockMessage(sentence(err.Error()))
		}
		f.password.SetText("")
		u.Window.Canvas().Focus(f.password)
		return
	}
	f.password.SetText("")
	u.unlock = nil
	u.OpenVault(v)
}

func (u *UI) unlockMessage(text string) {
	f := u.unlock
	f.message.SetText(text)
	f.message.Importance = widget.DangerImportance
	f.message.Show()
	f.message.Refresh()
}

// showForgot asks for the recovery key, then a new password.
func (u *UI) showForgot() {
	f := u.unlock
	if f == nil {
		return
	}
	f.recoveryKey = newEntry(u, "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
	f.recoveryKey.TextStyle = fyne.TextStyle{Monospace: true}
	f.recoveryKey.OnSubmitted = func(string) { u.tryRecoveryKey() }
	f.useKey = widget.NewButtonWithIcon("Open with the recovery key", theme.LoginIcon(), u.tryRecoveryKey)
	f.useKey.Importance = widget.HighImportance
	f.message = wrapped("")
	f.message.Hide()
	f.progress = newBusyBar()
	back := func() { u.showUnlock() }
	u.show(screenForgot, page("Use your recovery key",
		wrapped("Type the recovery key that Sparekey showed you when you made your Sparekey file (10 groups of 4 letters and digits, on paper or in a file). Then you choose a new master password."),
		f.recoveryKey,
		container.NewHBox(widget.NewButton("Back", back), layoutSpacer(), f.useKey),
		f.progress.box,
		f.message,
	), back)
	u.focus(f.recoveryKey)
}

func (u *UI) tryRecoveryKey() {
	f := u.unlock
	if f == nil || f.working {
		return
	}
	// A typo is caught at once, before the slow unlock.
	if _, err := vault.ParseRecoveryKey(f.recoveryKey.Text); err != nil {
		u.unlockMessage(sentence(err.Error()))
		return
	}
	key := f.recoveryKey.Text
	f.working = true
	f.useKey.Disable()
	f.message.SetText("Opening… this takes a second or two.")
	f.message.Importance = widget.MediumImportance
	f.message.Show()
	f.progress.start()
	path, opts := u.cfg.VaultPath, u.cfg.Options
	go func() {
		v, err := vault.OpenWithRecoveryKey(path, key, opts...)
		handBackMemory() // scrypt's work area (memory.go)
		u.do(func() {
			f.working = false
			f.progress.stop()
			f.useKey.Enable()
			if u.unlock != f || u.screen != screenForgot {
				if v != nil {
					v.Close()
				}
				return
			}
			if err != nil {
				u.unlockMessage(sentence(err.Error()))
				return
			}
			f.recoveryKey.SetText("")
			u.showRecoveredPassword(v)
		})
	}()
}

// showRecoveredPassword asks for the new master password after the vault
// was opened with its recovery key; it cannot be saved before.
func (u *UI) showRecoveredPassword(v *vault.Vault) {
	f := u.unlock
	chooser, form := u.newPasswordChooser("Set the new password", func(pw string) {
		u.Slow("Setting your new password…", func() error {
			return v.ChangePassword(pw)
		}, func(err error) {
			if err != nil {
				u.ShowError(fmt.Errorf("the new password was not set: %w", err))
				return
			}
			f.chooser.clear()
			u.unlock = nil
			u.OpenVault(v)
			u.copiesChanged() // copies written from now on open with the new password
		})
	})
	f.chooser = chooser
	cancel := func() {
		v.Close()
		u.showUnlock()
	}
	u.show(screenPassword, page("Choose a new master password",
		wrapped("Your recovery key worked. Choose a new master password: from now on, it unlocks Sparekey. Your recovery key stays the same."),
		form,
		widget.NewButton("Cancel", cancel),
	), cancel)
	u.focus(chooser.first)
}
