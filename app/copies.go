package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/vault"
)

// The Copies screen: places for encrypted copies, "Update all copies" with
// the guard's question, and restoring from a copy (copies_restore.go). The
// rules are package backup's; this file only shows them.

// copiesState is what the copies part of the UI keeps while a vault is open:
// what opens another vault's copy met in a place (typed by the person for
// the guard, kept only while the vault stays open), the background updater,
// and the Copies screen's widgets while it is shown. It belongs to one open
// vault: when the vault is locked (u.Vault() changes), it is dropped.
type copiesState struct {
	v       *vault.Vault
	secret  backup.Secret
	bg      *backup.Background
	screen  *copiesScreen
	running bool
	// progress, progressText and results describe the last round, for the
	// Copies screen.
	progress     float64
	progressText string
	results      string
	// statuses is what the last look at the places found; checking is set
	// while a look runs (off the UI goroutine: a network drive can be slow
	// to answer), and checks counts the looks so that only the last counts.
	statuses []backup.Status
	checking bool
	checks   int
	// secretTried is set once the person typed a secret for the guard, so
	// that a second refusal says it did not open the copy.
	secretTried bool
	// background is set while a background round runs; line is the main
	// screen's copies line while the list is shown.
	background bool
	line       *fyne.Container
}

// copiesOf returns the state of the vault open now.
func (u *UI) copiesOf() *copiesState {
	s := u.copies
	if s == nil || s.v != u.v {
		if s != nil {
			s.secret = backup.Secret{}
		}
		s = &copiesState{v: u.v}
		u.copies = s
	}
	return s
}

// forgetCopies drops the copies' state, passphrase included, when the
// vault is locked.
func (u *UI) forgetCopies() {
	if st := u.copies; st != nil {
		st.secret = backup.Secret{}
		st.screen = nil
	}
	u.copies = nil
}

// copiesScreen holds the Copies screen's widgets, for updates and tests.
type copiesScreen struct {
	root     fyne.CanvasObject // the window's content while the screen is shown
	update   *widget.Button
	add      *widget.Button
	progress *widget.ProgressBar
	working  *widget.Label
	statuses []backup.Status
}

// showCopies shows the Copies screen, built from the vault and the state of
// a round in progress. Anything that changes the screen's shape builds it
// again (refreshCopies), so that wrapped text is laid out afresh.
func (u *UI) showCopies() { u.buildCopies(false) }

func (u *UI) buildCopies(rebuild bool) {
	if u.v == nil {
		u.ShowError(errLockedUI)
		return
	}
	st := u.copiesOf()
	s := &copiesScreen{}
	st.screen = s
	content := container.NewVBox(
		wrapped("Sparekey keeps encrypted copies of all your keys in the folders you choose: a USB stick, a folder that syncs to the cloud, a network drive. Then losing this computer, or one of the copies, does not lose your keys."),
		wrapped("Each copy opens with your master password (the one you had when it was written) or with your recovery key, even without Sparekey (see the emergency kit)."),
	)
	if show, msg := backup.Reminder(u.v); show {
		r := wrapped(msg)
		r.Importance = widget.WarningImportance
		content.Add(r)
	}
	s.statuses = st.statuses
	if st.checking || len(s.statuses) != len(u.v.Copies.Locations) {
		s.statuses = nil
		for _, l := range u.v.Copies.Locations {
			s.statuses = append(s.statuses, backup.Status{Path: l.Path})
		}
	}
	if len(s.statuses) == 0 {
		content.Add(wrapped("No places for copies yet. Choose Add a folder… and pick a USB stick or a synced folder."))
	}
	for _, status := range s.statuses {
		path := status.Path
		summary := wrapped(status.Summary())
		switch {
		case st.checking:
			summary.SetText("Looking at this place…")
		case status.OutOfDate || !status.Reachable:
			summary.Importance = widget.WarningImportance
		default:
			summary.Importance = widget.SuccessImportance
		}
		remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { u.confirmRemoveCopyFolder(path) })
		buttons := container.NewVBox(remove)
		if status.Copies > 0 && !st.checking {
			buttons.Add(widget.NewButtonWithIcon("Check that it opens", theme.ConfirmIcon(), func() { u.tryCopy(path) }))
		}
		// The folder's own name on top (as the results below name it), then
		// its whole path, wrapped: cutting a long path short hid its end,
		// which is what tells one USB stick from another.
		title := widget.NewLabelWithStyle(filepath.Base(path), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		where := widget.NewLabel(path)
		where.Wrapping = fyne.TextWrapBreak
		where.SizeName = theme.SizeNameCaptionText
		content.Add(widget.NewCard("", "", container.NewBorder(nil, nil, nil, buttons, container.NewVBox(title, where, summary))))
	}
	s.add = widget.NewButtonWithIcon("Add a folder…", theme.FolderNewIcon(), u.chooseCopyFolder)
	s.update = widget.NewButtonWithIcon("Update all copies", theme.ViewRefreshIcon(), func() { u.updateCopies(nil) })
	s.update.Importance = widget.HighImportance
	content.Add(container.NewHBox(s.add, layoutSpacer(), s.update))
	if u.cfg.Demo {
		// The demo's sample keys are not worth a copy on anyone's disk.
		note := wrapped("In the demo, no copies are written.")
		note.Importance = widget.WarningImportance
		content.Add(note)
		s.add.Disable()
		s.update.Disable()
	}
	s.progress = widget.NewProgressBar()
	s.working = wrapped(st.progressText)
	if st.running {
		s.update.Disable()
		s.add.Disable()
		s.progress.SetValue(st.progress)
		content.Add(s.progress)
		content.Add(s.working)
	} else if len(s.statuses) == 0 {
		s.update.Disable()
	}
	if st.results != "" && !st.running {
		content.Add(wrapped(st.results))
	}
	content.Add(widget.NewSeparator())
	content.Add(u.paperCopyCard()) // papercopy.go
	content.Add(widget.NewSeparator())
	content.Add(wrapped("Lost your Sparekey file, or a key? Open a copy, or photos of a paper copy's pages, to see what it holds and add its keys back."))
	content.Add(container.NewHBox(widget.NewButtonWithIcon("Restore from a copy…", theme.DownloadIcon(), u.chooseCopyToRestore),
		widget.NewButtonWithIcon("From a paper copy…", theme.DocumentIcon(), u.choosePaperCopy)))
	framed := container.New(&minWidth{w: narrowWidth}, content)
	if rebuild {
		// The same screen, laid out afresh: dialogs open over it stay.
		u.Window.SetContent(u.withBack("Encrypted copies", framed, u.ShowMain))
	} else {
		u.ShowScreen("Encrypted copies", framed)
	}
	s.root = u.Window.Content()
}

// openCopies shows the Copies screen and looks at every place.
func (u *UI) openCopies() {
	if u.v == nil {
		u.ShowError(errLockedUI)
		return
	}
	u.checkCopyPlaces()
	u.showCopies()
}

// checkCopyPlaces looks at every place off the UI goroutine (a list and one
// file read each), then shows the Copies screen and the main screen's
// copies line again.
func (u *UI) checkCopyPlaces() {
	if u.v == nil || u.cfg.Demo {
		return
	}
	st := u.copiesOf()
	look := backup.Looker(u.v)
	st.checks++
	check := st.checks
	st.checking = true
	v := u.v
	go func() {
		found := look()
		u.do(func() {
			if u.v != v || check != st.checks {
				return
			}
			st.statuses, st.checking = found, false
			u.refreshCopies()
			u.refreshCopiesLine()
		})
	}()
}

// refreshCopies builds the Copies screen again if it is the one shown.
func (u *UI) refreshCopies() {
	if u.copiesShown() {
		u.buildCopies(true)
	}
}

// copiesShown reports whether the Copies screen is the one shown.
func (u *UI) copiesShown() bool {
	st := u.copiesOf()
	return st.screen != nil && u.v != nil && u.Window.Content() == st.screen.root
}

// chooseCopyFolder asks for a folder to add (places.go).
func (u *UI) chooseCopyFolder() { u.pickCopyPlace(u.addCopyFolder) }

// addCopyFolder adds a place for copies and saves the vault.
func (u *UI) addCopyFolder(dir string) {
	if u.v == nil {
		return
	}
	if err := u.v.ReadOnly(); err != nil {
		u.ShowError(fmt.Errorf("that folder was not added: %w", err))
		return
	}
	home, _ := os.UserHomeDir()
	if err := copyPlaceProblem(dir, home); err != nil { // places.go
		u.ShowError(fmt.Errorf("that folder was not added: %w", err))
		return
	}
	if _, err := backup.AddLocation(u.v, dir); err != nil {
		u.ShowError(fmt.Errorf("that folder was not added: %w", err))
		return
	}
	if u.saveCopySettings() == nil {
		u.checkCopyPlaces()
		u.refreshCopies()
	}
}

// confirmRemoveCopyFolder forgets a place after asking.
func (u *UI) confirmRemoveCopyFolder(dir string) {
	u.Confirm("Stop making copies here?", "Sparekey will stop writing copies to "+dir+". The copies already there stay where they are; delete them yourself if you no longer want them.", "Stop", func() {
		u.removeCopyFolder(dir)
	})
}

func (u *UI) removeCopyFolder(dir string) {
	if u.v == nil {
		return
	}
	if err := u.v.ReadOnly(); err != nil {
		u.ShowError(err)
		return
	}
	if !backup.RemoveLocation(u.v, dir) {
		return
	}
	if u.saveCopySettings() == nil {
		u.checkCopyPlaces()
		u.refreshCopies()
	}
}

// saveCopySettings saves the vault after a change to its copy settings (no
// key changed, so no background update is started).
func (u *UI) saveCopySettings() error {
	if u.v.ReadOnly() != nil {
		return nil // the copies are written; the list says the vault is read only
	}
	if err := u.v.Save(); err != nil {
		err = saveError(err)
		u.ShowError(err)
		return err
	}
	return nil
}

// updateCopies runs "Update all copies" off the UI goroutine, with
// progress; force names the places where the person chose "Save it there anyway".
func (u *UI) updateCopies(force []string) {
	if u.v == nil {
		return
	}
	st := u.copiesOf()
	if st.running {
		return
	}
	snap, err := backup.Take(u.v)
	if err != nil {
		u.ShowError(err)
		return
	}
	st.running, st.progress, st.progressText, st.results = true, 0, "Updating your copies…", ""
	u.refreshCopies()
	u.refreshCopiesLine()
	v := u.v
	o := backup.Options{Force: force, Secret: st.secret}
	o.Progress = func(done, total int, r backup.Result) {
		u.do(func() {
			st.progress = float64(done) / float64(total)
			st.progressText = fmt.Sprintf("Updating your copies… %d of %d places done.", done, total)
			if s := st.screen; s != nil && u.Window.Content() == s.root {
				s.progress.SetValue(st.progress)
				s.working.SetText(st.progressText)
			}
		})
	}
	u.busy++
	go func() {
		rep := snap.Write(o)
		u.do(func() {
			u.busy--
			st.running = false
			if u.v != v {
				return // locked meanwhile: the copies are written; the record is not needed
			}
			u.copiesUpdated(rep)
		})
	}()
}

// copiesUpdated records a round in the vault and says how it went; where
// the guard stopped, it asks what to do.
func (u *UI) copiesUpdated(rep *backup.Report) {
	backup.Apply(u.v, rep)
	u.saveCopySettings()
	st := u.copiesOf()
	var lines []string
	for _, r := range rep.Results {
		lines = append(lines, "• "+filepath.Base(r.Path)+": "+r.Message())
	}
	st.results = strings.Join(lines, "\n")
	u.checkCopyPlaces()
	u.refreshCopies()
	u.refreshCopiesLine()
	if refused := rep.Refused(); len(refused) > 0 {
		u.showGuard(refused)
	}
}

// showGuard asks what to do where the guard stopped. A copy that holds
// keys the vault lacks: add them (the update then finishes by itself). A
// copy made by another vault, whose inside Sparekey cannot see: type that
// copy's password or the recovery key, and the update looks again. Writing
// anyway is the last resort, said plainly.
func (u *UI) showGuard(refused []backup.Result) {
	st := u.copiesOf()
	var missing []vault.Entry
	var places []string
	unseen := 0
	box := container.NewVBox()
	for _, r := range refused {
		places = append(places, r.Path)
		missing = append(missing, r.Missing...)
		if len(r.Missing) > 0 {
			box.Add(wrapped(fmt.Sprintf("The copy in %s holds %s that you do not have here:", r.Path, vault.Count(len(r.Missing), "key", "keys"))))
			names := make([]string, len(r.Missing))
			for i := range r.Missing {
				names[i] = "• " + r.Missing[i].Name()
			}
			box.Add(widget.NewLabel(strings.Join(names, "\n")))
		} else {
			// The copy could not be read: say where it is.
			box.Add(wrapped("In " + r.Path + ": " + r.Message()))
			if !errors.Is(r.Err, backup.ErrTooCostly) {
				unseen++
			}
		}
	}
	var secret *entry
	var d dialog.Dialog
	seeInside := func() {
		if secret.Text == "" {
			return
		}
		st.secret = secretFrom(secret.Text, u.cfg.Options)
		st.secretTried = true
		secret.SetText("")
		d.Hide()
		u.updateCopies(nil)
	}
	if len(missing) > 0 {
		box.Add(wrapped("Sparekey wrote nothing there, so that no key is lost. This happens when a copy was made by another Sparekey file (an older computer, a new phone that synced) or keys were added elsewhere. Add them to your keys, and the update goes on by itself."))
	} else if unseen > 0 {
		box.Add(wrapped("Sparekey wrote nothing there, so that no key is lost. This happens when that copy was made on another computer, or before a restore, or with another password."))
		if st.secretTried {
			wrong := wrapped("What you typed does not open it.")
			wrong.Importance = widget.DangerImportance
			box.Add(wrong)
		}
		box.Add(wrapped("To see what it holds, type the password it was made with (the master password of that other Sparekey file) or your recovery key:"))
		secret = newPasswordEntry(u, "That copy's password or your recovery key")
		secret.OnSubmitted = func(string) { seeInside() }
		box.Add(secret)
	}
	lastResort := widget.NewButton("Save my copy there anyway", func() {
		d.Hide()
		u.ConfirmDestructive("Save your copy there anyway?", "Only if you are sure that copy holds nothing you need. It stays where it is, but yours becomes the newest there: a restore from that place would bring back your keys, not its keys.", "Save it there anyway", func() {
			u.updateCopies(places)
		})
	})
	lastResort.Importance = widget.LowImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	buttons := container.NewHBox(cancel, lastResort, layoutSpacer())
	switch {
	case len(missing) > 0:
		addThem := widget.NewButtonWithIcon("Add them to my keys", theme.ContentAddIcon(), func() {
			d.Hide()
			u.addMissingKeys(refused)
		})
		addThem.Importance = widget.HighImportance
		buttons.Add(addThem)
	case secret != nil:
		see := widget.NewButtonWithIcon("See what it holds", theme.SearchIcon(), seeInside)
		see.Importance = widget.HighImportance
		buttons.Add(see)
	}
	content := container.NewBorder(nil, buttons, nil, nil,
		container.NewVScroll(container.New(&minWidth{w: narrowWidth}, box)))
	title := "A copy holds keys you do not have"
	if len(missing) == 0 {
		title = "A copy there may hold keys you do not have"
	}
	d = dialog.NewCustomWithoutButtons(title, content, u.Window)
	d.Resize(fyne.NewSize(560, 460))
	u.track(d)
	d.Show()
	if secret != nil {
		u.Window.Canvas().Focus(secret)
	}
}

// addMissingKeys adds the keys the guard found, saves, and finishes the
// update that the guard stopped (backup.AddMissing remembers those copies,
// so it does not stop there again).
func (u *UI) addMissingKeys(refused []backup.Result) {
	if u.v == nil {
		return
	}
	added, err := backup.AddMissing(u.v, refused)
	if err != nil {
		u.ShowError(fmt.Errorf("the keys were not added: %w", err))
		return
	}
	if err := u.saveCopySettings(); err != nil {
		return
	}
	if u.list != nil {
		u.list.reload()
	}
	u.toast("Added " + vault.Count(len(added), "key", "keys") + " to your keys")
	u.updateCopies(nil)
}

// tryCopy opens the newest copy in a place with the master password, as a
// restore would (one scrypt), to show that it really gives the keys back.
func (u *UI) tryCopy(dir string) {
	u.askSecret("Check the newest copy", "Type your master password: Sparekey opens the newest copy with it, as it would on a new computer.", "Master password", func(pass string) {
		u.tryCopyWith(dir, backup.Secret{Password: pass, Options: u.cfg.Options})
	})
}

func (u *UI) tryCopyWith(dir string, secret backup.Secret) {
	var check *backup.Check
	u.Slow("Opening the newest copy…", func() error {
		file, err := backup.NewestCopy(dir)
		if err != nil {
			return err
		}
		check, err = backup.Verify(file, secret)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("the newest copy in %s did not open: %w", dir, err))
			return
		}
		u.ShowInfo("The copy opens", fmt.Sprintf("The newest copy in %s (%s) opens with your password and gives back %s.", dir, filepath.Base(check.File), vault.Count(check.Entries, "key", "keys")))
	})
}
