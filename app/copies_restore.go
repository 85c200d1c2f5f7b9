package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/vault"
)

// chooseCopyToRestore asks for a copy file to open.
func (u *UI) chooseCopyToRestore() {
	if u.v == nil && fileExists(u.cfg.VaultPath) {
		u.ShowInfo("Unlock Sparekey first", "Unlock Sparekey first: the keys of the copy are then added to your vault.")
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		u.openCopyFile(path)
	}, u.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".sparekey", ".age"}))
	u.track(d)
	d.Show()
}

// openCopyFile asks for the copy's passphrase and opens it off the UI
// goroutine (one scrypt), then shows what it holds.
func (u *UI) openCopyFile(path string) {
	u.askSecret("Open "+filepath.Base(path),
		"Type the master password you had when this copy was made, or your recovery key (as printed on your emergency kit).",
		"Password or recovery key", func(pass string) {
			secret := backup.Secret{Password: pass, Options: u.cfg.Options}
			if _, err := vault.ParseRecoveryKey(pass); err == nil {
				secret = backup.Secret{RecoveryKey: pass, Password: pass, Options: u.cfg.Options}
			}
			var c *backup.Copy
			u.Slow("Opening the copy…", func() error {
				var err error
				c, err = backup.Open(path, secret)
				return err
			}, func(err error) {
				switch {
				case errors.Is(err, backup.ErrWrongPassphrase):
					u.ShowError(errors.New("that does not open this copy. Try the master password you had when the copy was made, or your recovery key exactly as printed"))
				case err != nil:
					u.ShowError(fmt.Errorf("the copy could not be opened: %w", err))
				default:
					u.showCopyContents(path, c)
				}
			})
		})
}

// copyContents is the screen that shows what a copy holds.
type copyContents struct {
	copy    *backup.Copy
	payload *vault.Payload
	fresh   []vault.Entry
	add     *widget.Button
	list    *widget.Label
}

// showCopyContents shows the keys of a copy by name, marks those already in
// the vault, and offers to add the others (or, with no vault, to make one).
func (u *UI) showCopyContents(path string, cp *backup.Copy) {
	p := &cp.Payload
	c := &copyContents{copy: cp, payload: p}
	back := u.ShowMain
	if u.v == nil {
		back = u.showWelcome
	}
	var names []string
	if u.v != nil {
		c.fresh = backup.MissingFrom(u.v, p.Entries)
	} else {
		c.fresh = p.Entries
	}
	isFresh := map[string]bool{}
	for i := range c.fresh {
		isFresh[c.fresh[i].Fingerprint()] = true
	}
	for i := range p.Entries {
		name := "• " + p.Entries[i].Name()
		if !isFresh[p.Entries[i].Fingerprint()] {
			name += "   (already in your vault)"
		}
		names = append(names, name)
	}
	c.list = widget.NewLabel(strings.Join(names, "\n"))
	about := fmt.Sprintf("The copy %s, saved %s, holds %s.", filepath.Base(path), p.Updated.Local().Format("2 Jan 2006 at 15:04"), vault.Count(len(p.Entries), "key", "keys"))
	box := container.NewVBox(wrapped(about))
	switch {
	case u.v != nil && len(c.fresh) == 0:
		box.Add(wrapped("Your vault already has every one of them: there is nothing to add."))
	case u.v != nil:
		what, button := fmt.Sprintf("%d of them are not in your vault yet.", len(c.fresh)), fmt.Sprintf("Add the %d new keys to my vault", len(c.fresh))
		switch {
		case len(p.Entries) == 1:
			what, button = "It is not in your vault yet.", "Add it to my vault"
		case len(c.fresh) == 1:
			what, button = "1 of them is not in your vault yet.", "Add the new key to my vault"
		}
		box.Add(wrapped(what))
		c.add = widget.NewButtonWithIcon(button, theme.ContentAddIcon(), func() { u.addKeysFromCopy(c) })
	default:
		box.Add(wrapped("Make a new vault with these keys: you choose its master password next."))
		c.add = widget.NewButtonWithIcon("Make a new vault from this copy", theme.NavigateNextIcon(), func() { u.newVaultFromCopy(c) })
	}
	if c.add != nil {
		c.add.Importance = widget.HighImportance
		box.Add(container.NewHBox(layoutSpacer(), c.add))
	}
	box.Add(widget.NewSeparator())
	box.Add(c.list)
	u.show(screenOther, u.withBack("What the copy holds", container.New(&minWidth{w: narrowWidth}, box), back), back)
}

// addKeysFromCopy adds the copy's new keys to the vault.
func (u *UI) addKeysFromCopy(c *copyContents) {
	if u.v == nil {
		return
	}
	added, skipped, err := backup.AddCopy(u.v, c.copy)
	if err != nil {
		u.ShowError(fmt.Errorf("the keys were not added: %w", err))
		return
	}
	if u.Changed() != nil {
		return
	}
	u.ShowMain()
	msg := "Added " + vault.Count(len(added), "key", "keys") + " from the copy."
	switch len(skipped) {
	case 0:
	case 1:
		msg += " 1 was already in your vault."
	default:
		msg += fmt.Sprintf(" %d were already in your vault.", len(skipped))
	}
	u.ShowInfo("Keys added", msg)
}

// newVaultFromCopy asks for a master password and makes the vault.
func (u *UI) newVaultFromCopy(c *copyContents) {
	var chooser *passwordChooser
	var form fyne.CanvasObject
	chooser, form = u.newPasswordChooser("Create my vault", func(pw string) {
		var v *vault.Vault
		var key string
		u.Slow("Creating your vault…", func() error {
			var err error
			v, key, err = backup.Restore(u.cfg.VaultPath, c.copy, pw, u.cfg.Options...)
			return err
		}, func(err error) {
			if err != nil {
				u.ShowError(fmt.Errorf("Sparekey could not create your vault: %w", err))
				return
			}
			chooser.clear()
			if key == "" {
				u.OpenVault(v)
				return
			}
			u.showRecoveryKey(key, func() { u.OpenVault(v) })
		})
	})
	u.show(screenPassword, page("Choose a master password", form), u.showWelcome)
	u.focus(chooser.first)
}

// askSecret asks for one secret in a dialog and passes it on.
func (u *UI) askSecret(title, text, label string, then func(string)) {
	pw := newPasswordEntry(u, label)
	var d dialog.Dialog
	submit := func() {
		if pw.Text == "" {
			return
		}
		typed := pw.Text
		pw.SetText("")
		d.Hide()
		then(typed)
	}
	pw.OnSubmitted = func(string) { submit() }
	d = dialog.NewCustomConfirm(title, "Continue", "Cancel", container.New(&minWidth{w: narrowWidth}, container.NewVBox(wrapped(text), pw)), func(ok bool) {
		if ok {
			submit()
		}
	}, u.Window)
	u.track(d)
	d.Show()
	u.Window.Canvas().Focus(pw)
}
