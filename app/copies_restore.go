package app

// Restoring from encrypted copies. The person chooses a place (the USB
// stick, the synced folder), types the master password of that time or the
// recovery key, and the place's newest copy opens; a file chosen by hand
// with a newer copy beside it shows both, newest first, with their dates
// and keys. The rules (which copy is newest, what lies beside a file, what
// each holds, making the vault from a copy) are package backup's.

import (
	"errors"
	"fmt"
	"os"
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

// restoring is one restore in progress: the place, its copies as opened or
// counted (newest first), the one shown, and what the person typed (kept
// only until the restore screens are left: a copy chosen later opens with
// it too).
type restoring struct {
	dir     string
	choices []backup.Choice
	chosen  int // the file the person chose by hand, or -1
	secret  backup.Secret
	// rows are the choice screen's buttons, one per copy, for tests.
	rows []*widget.Button
	// add is the contents screen's main button, for tests.
	add *widget.Button
	// from shows again the screen the restore began on (the welcome, the
	// list, the Copies screen, Settings): the restore screens' Back leads
	// there. chose is set once the choice of copies has been shown: Back
	// from a copy's contents then leads back to the choice.
	from  func()
	chose bool
	// paper: the copy was read from photos of a paper copy (papercopy.go).
	paper bool
}

// newest is the index of the newest copy that is not damaged.
func (r *restoring) newest() int {
	for i := range r.choices {
		if r.choices[i].Problem == nil {
			return i
		}
	}
	return 0
}

// chooseCopyToRestore asks for the place that holds the copies (the dialog
// starts where USB sticks appear).
func (u *UI) chooseCopyToRestore() {
	u.chooseFolderToRestore("copy", mediaFolder(), u.restoreFromPlace)
}

// chooseFolderToRestore asks for the folder to bring keys back from (what
// is "copy" or "paper copy"), starting at start if it is not nil, and gives
// it to then. While a Sparekey file is locked it asks to unlock first: the
// keys brought back are added to that file's.
func (u *UI) chooseFolderToRestore(what string, start fyne.ListableURI, then func(dir string)) {
	if u.v == nil && fileExists(u.cfg.VaultPath) {
		u.ShowInfo("Unlock Sparekey first", "Unlock Sparekey first: the keys of the "+what+" are then added to yours.")
		return
	}
	d := u.folderDialog(then)
	if start != nil {
		d.SetLocation(start)
	}
	d.Show()
}

// mediaFolder is where USB sticks appear on this computer, if it has such
// a folder: the folder dialog starts there.
func mediaFolder() fyne.ListableURI {
	user := os.Getenv("USER")
	for _, p := range []string{filepath.Join("/run/media", user), filepath.Join("/media", user), "/Volumes"} {
		if user == "" && p != "/Volumes" {
			continue
		}
		if items, err := os.ReadDir(p); err == nil && len(items) > 0 {
			if l, err := storage.ListerForURI(storage.NewFileURI(p)); err == nil {
				return l
			}
		}
	}
	return nil
}

// restoreFromPlace finds the copies in the folder chosen (or in the one
// folder under it that holds them), then asks what opens them.
func (u *UI) restoreFromPlace(dir string) {
	var place string
	var found []backup.Found
	u.Slow("Looking for copies…", func() error {
		var err error
		if place, err = backup.PlaceIn(dir); err != nil {
			return err
		}
		found, err = backup.CopiesIn(place)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		r := &restoring{dir: place, chosen: -1, from: u.here()}
		u.askRestoreSecret(r, found, "")
	})
}

// secretFrom reads what the person typed: a recovery key (as printed) or a
// password.
func secretFrom(typed string, opts []vault.Option) backup.Secret {
	if _, err := vault.ParseRecoveryKey(typed); err == nil {
		return backup.Secret{RecoveryKey: typed, Password: typed, Options: opts}
	}
	return backup.Secret{Password: typed, Options: opts}
}

// askRestoreSecret asks for the master password of the newest copy's time,
// or the recovery key, then opens the place (chosen: the file the person
// picked, or "").
func (u *UI) askRestoreSecret(r *restoring, found []backup.Found, chosen string) {
	when := ""
	for _, f := range found {
		if f.Problem == nil {
			when = " (saved " + copyTime(f) + ")"
			break
		}
	}
	u.askSecret("Open your copies",
		"Type the master password you had when the newest copy was made"+when+", or your recovery key, as printed on your emergency kit.",
		"Password or recovery key", func(typed string) {
			r.secret = secretFrom(typed, u.cfg.Options)
			u.openPlace(r, chosen, found)
		})
}

// openPlace opens the place's copies with the secret (the newest, and the
// file chosen), off the UI goroutine, and shows the copy to restore, or the
// choice when a newer copy lies beside the file chosen.
func (u *UI) openPlace(r *restoring, chosen string, found []backup.Found) {
	u.Slow("Opening the copies…", func() error {
		var err error
		r.choices, err = backup.Choices(r.dir, r.secret, chosen)
		return err
	}, func(err error) {
		if err != nil {
			u.showErrorThen(restoreError(err), func() { u.askRestoreSecret(r, found, chosen) })
			return
		}
		r.chosen = -1
		for i := range r.choices {
			if chosen != "" && filepath.Base(r.choices[i].File) == filepath.Base(chosen) {
				r.chosen = i
			}
		}
		if r.chosen > r.newest() {
			u.showRestoreChoice(r)
			return
		}
		i := r.chosen
		if i < 0 {
			for i = range r.choices {
				if r.choices[i].Copy != nil {
					break
				}
			}
		}
		u.showCopyContents(r, i)
	})
}

// restoreError says why copies did not open, in words for the person.
func restoreError(err error) error {
	if errors.Is(err, backup.ErrWrongPassphrase) {
		return errors.New("that does not open the copy. Type the master password you had when the copy was made, or your recovery key exactly as printed (capital letters do not matter; dashes may be left out)")
	}
	return fmt.Errorf("the copy could not be opened: %w", err)
}

// openCopyFile opens one copy file (dropped, imported, or named by the
// guard). If a newer copy of the same vault lies beside it, the person sees
// both and chooses: never the older one without a word.
func (u *UI) openCopyFile(path string) {
	r := &restoring{dir: filepath.Dir(path), chosen: -1, from: u.here()}
	u.askSecret("Open "+filepath.Base(path),
		"Type the master password you had when this copy was made, or your recovery key (as printed on your emergency kit).",
		"Password or recovery key", func(typed string) {
			r.secret = secretFrom(typed, u.cfg.Options)
			var c *backup.Copy
			u.Slow("Opening the copy…", func() error {
				newer, err := backup.NewerBeside(path)
				if err == nil && len(newer) > 0 {
					r.choices, err = backup.Choices(r.dir, r.secret, path)
					return err
				}
				c, err = backup.Open(path, r.secret)
				return err
			}, func(err error) {
				if err != nil {
					u.ShowError(restoreError(err))
					return
				}
				if c != nil {
					r.choices = []backup.Choice{{Found: backup.Found{File: path, Time: c.Updated, Info: c.Info}, Keys: len(c.Entries), Copy: c}}
					u.showCopyContents(r, 0)
					return
				}
				for i := range r.choices {
					if filepath.Base(r.choices[i].File) == filepath.Base(path) {
						r.chosen = i
					}
				}
				u.showRestoreChoice(r)
			})
		})
}

// copyTime is when a copy was saved, in the person's time.
func copyTime(f backup.Found) string {
	t := f.Time
	if f.Info != nil && !f.Info.Saved.IsZero() {
		t = f.Info.Saved
	}
	return t.Local().Format("2 Jan 2006 at 15:04")
}

// choiceText describes one copy of a place on the choice screen.
func (r *restoring) choiceText(i int) string {
	c := &r.choices[i]
	s := "Saved " + copyTime(c.Found) + ": "
	switch {
	case c.Problem != nil:
		s += "damaged, cannot be restored"
	case c.Keys >= 0:
		s += vault.Count(c.Keys, "key", "keys")
	case r.otherVault(i):
		s += "made by another Sparekey file (its keys are not counted)"
	default:
		s += "does not open with what you typed (made after a password change?)"
	}
	var notes []string
	if i == r.newest() {
		notes = append(notes, "the newest")
	}
	if i == r.chosen {
		notes = append(notes, "the one you chose")
	}
	if len(notes) > 0 {
		s += " — " + strings.Join(notes, ", ")
	}
	return s
}

// otherVault reports whether copy i is of another vault than the copies
// that opened.
func (r *restoring) otherVault(i int) bool {
	info := r.choices[i].Info
	if info == nil {
		return false
	}
	for _, c := range r.choices {
		if c.Copy != nil && c.Info != nil && c.Info.Vault != info.Vault {
			return true
		}
	}
	return false
}

// showRestoreChoice shows every copy of the place, newest first, with its
// date and keys; the newest is the one offered first.
func (u *UI) showRestoreChoice(r *restoring) {
	u.restoring = r
	r.chose = true
	box := container.NewVBox()
	if r.chosen >= 0 && r.chosen != r.newest() {
		warn := wrapped(fmt.Sprintf("You chose %s, but a newer copy lies beside it. The newest copy holds what you saved last: restore it, unless you know you need an older one.", filepath.Base(r.choices[r.chosen].File)))
		warn.Importance = widget.WarningImportance
		box.Add(warn)
	}
	box.Add(wrapped(fmt.Sprintf("%s holds %s, newest first:", r.dir, vault.Count(len(r.choices), "copy", "copies"))))
	r.rows = nil
	for i := range r.choices {
		i := i
		label := "Use this copy"
		if i != r.newest() {
			label = "Use this older copy"
		}
		b := widget.NewButtonWithIcon(label, theme.NavigateNextIcon(), func() { u.pickCopy(r, i) })
		if i == r.newest() {
			b.Importance = widget.HighImportance
		}
		if r.choices[i].Problem != nil {
			b.Disable()
		}
		r.rows = append(r.rows, b)
		title := widget.NewLabelWithStyle(r.choices[i].Name(), fyne.TextAlignLeading, fyne.TextStyle{Bold: i == r.newest()})
		box.Add(widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewCenter(b),
			container.NewVBox(title, wrapped(r.choiceText(i))))))
	}
	back := func() { u.leaveRestore(r) }
	u.show(screenOther, u.withBack("Which copy?", container.New(&minWidth{w: narrowWidth}, box), back), back)
}

// leaveRestore gives the restore up and shows again the screen it began on,
// as it was; what opened the copies is dropped.
func (u *UI) leaveRestore(r *restoring) {
	r.secret = backup.Secret{}
	if u.restoring == r {
		u.restoring = nil
	}
	if r.from == nil {
		r.from = u.here()
	}
	r.from()
}

// pickCopy shows copy i of the place; one that was only counted opens now
// with what the person typed (or, failing that, asks for that copy's
// password).
func (u *UI) pickCopy(r *restoring, i int) {
	c := &r.choices[i]
	if c.Copy != nil {
		u.showCopyContents(r, i)
		return
	}
	open := func(s backup.Secret) {
		var cp *backup.Copy
		u.Slow("Opening the copy…", func() error {
			var err error
			cp, err = backup.Open(c.File, s)
			return err
		}, func(err error) {
			if err != nil {
				u.ShowError(restoreError(err))
				return
			}
			c.Copy, c.Keys = cp, len(cp.Entries)
			u.showCopyContents(r, i)
		})
	}
	if c.Keys < 0 {
		u.askSecret("Open "+c.Name(), "This copy does not open with what you typed. Type the master password you had on "+copyTime(c.Found)+", or your recovery key.",
			"Password or recovery key", func(typed string) { open(secretFrom(typed, u.cfg.Options)) })
		return
	}
	open(r.secret)
}

// showCopyContents shows the keys of copy i by name, marks those already
// in the vault, and offers to add the others; with no vault, it offers to
// restore the vault from it.
func (u *UI) showCopyContents(r *restoring, i int) {
	u.restoring = r
	cp := r.choices[i].Copy
	p := &cp.Payload
	var fresh []vault.Entry
	if u.v != nil {
		fresh = backup.MissingFrom(u.v, p.Entries)
	} else {
		fresh = p.Entries
	}
	isFresh := map[string]bool{}
	for i := range fresh {
		isFresh[fresh[i].Fingerprint()] = true
	}
	var names []string
	for i := range p.Entries {
		name := "• " + p.Entries[i].Name()
		if u.v != nil && !isFresh[p.Entries[i].Fingerprint()] {
			name += "   (you already have it)"
		}
		names = append(names, name)
	}
	about := fmt.Sprintf("The copy %s, saved %s, holds %s.", filepath.Base(cp.File), copyTime(r.choices[i].Found), vault.Count(len(p.Entries), "key", "keys"))
	if r.paper {
		about = fmt.Sprintf("The paper copy (your keys as they were saved %s) holds %s.", copyTime(r.choices[i].Found), vault.Count(len(p.Entries), "key", "keys"))
	}
	box := container.NewVBox(wrapped(about))
	if n := len(r.choices); n > 1 {
		var line *widget.Label
		if i == r.newest() {
			line = wrapped(fmt.Sprintf("It is the newest of the %d copies in %s.", n, r.dir))
		} else {
			nw := r.choices[r.newest()]
			line = wrapped(fmt.Sprintf("It is NOT the newest copy in %s: the newest was saved %s.", r.dir, copyTime(nw.Found)))
			line.Importance = widget.WarningImportance
		}
		box.Add(container.NewBorder(nil, nil, nil, container.NewCenter(widget.NewButton("See every copy…", func() { u.showRestoreChoice(r) })), line))
	}
	r.add = nil
	switch {
	case u.v != nil && len(fresh) == 0:
		box.Add(wrapped("You already have every one of them: there is nothing to add."))
	case u.v != nil:
		what, button := fmt.Sprintf("%d of them are not in Sparekey yet.", len(fresh)), fmt.Sprintf("Add the %d new keys to mine", len(fresh))
		switch {
		case len(p.Entries) == 1:
			what, button = "It is not in Sparekey yet.", "Add it to my keys"
		case len(fresh) == 1:
			what, button = "1 of them is not in Sparekey yet.", "Add the new key to mine"
		}
		box.Add(wrapped(what))
		r.add = widget.NewButtonWithIcon(button, theme.ContentAddIcon(), func() { u.addKeysFromCopy(cp) })
	case cp.WithRecoveryKey() || cp.Info == nil:
		box.Add(wrapped("You opened it with your recovery key, so choose a new master password next. Your keys then come back as they were, with the places for their copies."))
		r.add = widget.NewButtonWithIcon("Choose a new master password…", theme.NavigateNextIcon(), func() { u.restoreWithNewPassword(r, cp) })
	default:
		box.Add(wrapped("Your keys come back as they were when this copy was made, with the places for their copies and the master password you just typed."))
		r.add = widget.NewButtonWithIcon("Bring my keys back", theme.ConfirmIcon(), func() { u.restoreVault(r, cp, "") })
	}
	if r.add != nil {
		r.add.Importance = widget.HighImportance
		box.Add(container.NewHBox(layoutSpacer(), r.add))
	}
	box.Add(widget.NewSeparator())
	box.Add(widget.NewLabel(strings.Join(names, "\n")))
	back := func() { u.leaveRestore(r) }
	if r.chose {
		back = func() { u.showRestoreChoice(r) }
	}
	u.show(screenOther, u.withBack("What the copy holds", container.New(&minWidth{w: narrowWidth}, box), back), back)
}

// addKeysFromCopy adds the copy's new keys to the vault; the copy is
// remembered (backup.AddCopy), so the guard no longer stops at it.
func (u *UI) addKeysFromCopy(c *backup.Copy) {
	if u.v == nil {
		return
	}
	added, skipped, err := backup.AddCopy(u.v, c)
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
		msg += " 1 was already here."
	default:
		msg += fmt.Sprintf(" %d were already here.", len(skipped))
	}
	u.ShowInfo("Keys added", msg)
}

// restoreWithNewPassword asks for a new master password, then restores.
func (u *UI) restoreWithNewPassword(r *restoring, c *backup.Copy) {
	var chooser *passwordChooser
	var form fyne.CanvasObject
	chooser, form = u.newPasswordChooser("Bring my keys back", func(pw string) {
		u.restoreVault(r, c, pw)
		chooser.clear()
	})
	back := func() { u.showCopyContents(r, u.indexOf(r, c)) }
	u.show(screenPassword, u.withBack("Choose a new master password", page("New master password", form), back), back)
	u.focus(chooser.first)
}

func (u *UI) indexOf(r *restoring, c *backup.Copy) int {
	for i := range r.choices {
		if r.choices[i].Copy == c {
			return i
		}
	}
	return 0
}

// restoreVault makes the vault from the copy (the same vault: its copies
// stay its own) and opens it. A new password (after the recovery key) makes
// every place out of date: the copies are written again at once.
func (u *UI) restoreVault(r *restoring, c *backup.Copy, newPassword string) {
	var v *vault.Vault
	var key string
	u.Slow("Bringing your keys back…", func() error {
		var err error
		v, key, err = backup.Restore(u.cfg.VaultPath, c, newPassword, u.cfg.Options...)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("Sparekey could not bring your keys back: %w", err))
			return
		}
		r.secret = backup.Secret{}
		u.restoring = nil
		open := func() {
			u.OpenVault(v)
			if newPassword != "" {
				u.copiesChanged()
			}
			u.ShowInfo("Your keys are back", fmt.Sprintf("Sparekey brought back %s.", vault.Count(len(v.Entries), "key", "keys")))
		}
		if key == "" {
			open()
			return
		}
		u.showRecoveryKey(key, open) // a copy of the first version makes a new vault
	})
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
