package app

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

// The screens, by name (u.screen), for tests and for what the tick refreshes.
const (
	screenWelcome  = "welcome"
	screenPassword = "new-password"
	screenRecovery = "recovery-key"
	screenFirstKey = "first-key"
	screenUnlock   = "unlock"
	screenForgot   = "forgot"
	screenList     = "list"
	screenAdd      = "add"
	screenKey      = "key"
	screenSettings = "settings"
	screenOther    = "other"
)

// dialogCloser is an open dialog that Esc closes.
type dialogCloser interface{ Hide() }

// show puts a screen's content in the window. back is what Esc (and the Back
// button) does, nil for none.
func (u *UI) show(name string, content fyne.CanvasObject, back func()) {
	u.closeDialogs()
	// Take the focus from the old screen's field first: a field that never
	// hears it lost the focus keeps its cursor blinking, and the window
	// redrawing, after it has gone.
	u.Window.Canvas().Unfocus()
	u.activity()
	if name != screenList {
		u.list = nil
	}
	if name != screenKey {
		u.keyPage = nil // its status line is gone: no message may go there
	}
	u.screen = name
	u.back = back
	u.Window.SetContent(content)
	u.setMenu()
}

// ShowScreen shows content as a full screen with a title and a Back button
// that returns to the list (Esc does the same).
func (u *UI) ShowScreen(title string, content fyne.CanvasObject) {
	u.show(screenOther, u.withBack(title, content, u.ShowMain), u.ShowMain)
}

// showScreenBack is ShowScreen whose Back button (and Esc) runs back.
func (u *UI) showScreenBack(title string, back func(), content fyne.CanvasObject) {
	u.show(screenOther, u.withBack(title, content, back), back)
}

// ShowScreenWithButtons is ShowScreen with a row of buttons kept at the
// bottom of the window, in reach however long the content is.
func (u *UI) ShowScreenWithButtons(title string, content, buttons fyne.CanvasObject) {
	u.showScreenWithButtons(title, u.ShowMain, content, buttons)
}

// showScreenWithButtons is ShowScreenWithButtons whose Back button (and
// Esc) runs back.
func (u *UI) showScreenWithButtons(title string, back func(), content, buttons fyne.CanvasObject) {
	u.show(screenOther, container.NewBorder(u.backHeader(title, back),
		container.NewVBox(widget.NewSeparator(), container.NewPadded(buttons)), nil, nil,
		container.NewVScroll(container.NewPadded(content))), back)
}

// whenBack runs fn once the person comes back to Sparekey's window from
// another (the PDF viewer, say). A newer fn replaces an older one.
func (u *UI) whenBack(fn func()) {
	u.onBack = fn
	u.away = false
}

// wentAway and cameBack follow the window's focus (the app's lifecycle).
func (u *UI) wentAway() { u.away = true }

func (u *UI) cameBack() {
	// Back from being minimised: the codes at once, not at the next tick.
	u.tick()
	if !u.away {
		return
	}
	u.away = false
	if fn := u.onBack; fn != nil {
		u.onBack = nil
		fn()
	}
}

// withBack frames content with a header: a Back button and a title.
func (u *UI) withBack(title string, content fyne.CanvasObject, back func()) fyne.CanvasObject {
	return container.NewBorder(u.backHeader(title, back), nil, nil, nil, container.NewVScroll(container.NewPadded(content)))
}

// backHeader is a full screen's top: a Back button, the title, a line.
func (u *UI) backHeader(title string, back func()) fyne.CanvasObject {
	b := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), back)
	t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(container.NewBorder(nil, nil, b, nil, t), widget.NewSeparator())
}

// here returns what shows the screen shown now again, as it is, so that a
// flow begun on it (a restore from a copy, say) leads back to it: the
// welcome, the list, the Copies screen, Settings, the first start's
// paper screen; from any other screen, the main one.
func (u *UI) here() func() {
	switch {
	case u.screen == screenWelcome:
		return u.showWelcome
	case u.screen == screenPaperWelcome:
		return u.showPaperWelcome
	case u.v == nil && !fileExists(u.cfg.VaultPath):
		return u.showWelcome
	case u.v == nil:
		return u.ShowMain // the unlock screen
	case u.screen == screenSettings:
		return u.showSettings
	case u.copies != nil && u.copies.screen != nil && u.copies.screen.root == u.Window.Content():
		return u.showCopies
	}
	return u.ShowMain
}

// ShowMain shows the list of keys (or the unlock screen while locked).
func (u *UI) ShowMain() {
	if u.v == nil {
		u.showUnlock()
		return
	}
	u.showList()
}

// ShowDialog shows a dialog that Esc closes and locking drops; use it for
// the dialogs you build.
func (u *UI) ShowDialog(d dialog.Dialog) {
	u.track(d)
	d.Show()
}

// track remembers an open dialog so that Esc closes it and locking drops it.
func (u *UI) track(d dialog.Dialog) { u.trackThen(d, nil) }

// folderDialog is the system's folder dialog, tracked: the folder the person
// chooses goes to then (a dialog closed without a choice does nothing, an
// error is shown). The caller may set its location, view or button before
// it calls Show.
func (u *UI) folderDialog(then func(dir string)) *dialog.FileDialog {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("the folder could not be opened: %w", err))
			return
		}
		if dir == nil || dir.Scheme() != "file" {
			return
		}
		then(dir.Path())
	}, u.Window)
	u.track(d)
	return d
}

// trackThen is track, and runs then when the person closes d (not when
// locking or a new screen closes it).
func (u *UI) trackThen(d dialog.Dialog, then func()) {
	u.dialogs = append(u.dialogs, d)
	d.SetOnClosed(func() {
		for i, o := range u.dialogs {
			if o == d {
				u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
				break
			}
		}
		if then != nil && !u.closingDialogs {
			then()
		}
	})
}

func (u *UI) closeDialogs() {
	ds := u.dialogs
	u.dialogs = nil
	u.closingDialogs = true
	defer func() { u.closingDialogs = false }()
	for i := len(ds) - 1; i >= 0; i-- {
		ds[i].Hide()
	}
}

// escape closes the newest dialog, or goes back from a full screen.
func (u *UI) escape() {
	if n := len(u.dialogs); n > 0 {
		u.dialogs[n-1].Hide()
		return
	}
	if u.back != nil {
		u.back()
	}
}

// typedKey gets keys that no widget took (nothing focused).
func (u *UI) typedKey(ev *fyne.KeyEvent) {
	u.activity()
	if ev.Name == fyne.KeyEscape {
		u.escape()
	}
}

// ShowError shows err in plain words. Errors from vault already are; the
// wrapping context says what Sparekey was doing.
func (u *UI) ShowError(err error) { u.showErrorThen(err, nil) }

// showErrorThen is ShowError, and runs then once the person has closed the
// message (to ask again, say, with what they typed still there).
func (u *UI) showErrorThen(err error, then func()) {
	if err == nil {
		return
	}
	d := dialog.NewError(errors.New(sentence(err.Error())), u.Window)
	u.trackThen(d, then)
	d.Show()
}

// ShowInfo shows a message with an OK button.
func (u *UI) ShowInfo(title, text string) {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	// As wide as a short paragraph, and as high as the text needs (a fixed
	// three lines cut off a long message, and left a gap under a short one).
	var content fyne.CanvasObject = container.New(&minWidth{w: narrowWidth}, l)
	// A message longer than the window has room for (what each of forty
	// pictures gave) scrolls, so that its OK button stays in the window.
	if room := u.Window.Canvas().Size().Height * 0.6; room > 0 && content.MinSize().Height > room {
		scroll := container.NewVScroll(content)
		content = container.NewGridWrap(fyne.NewSize(narrowWidth+theme.ScrollBarSize()+theme.Padding(), room), scroll)
	}
	d := dialog.NewCustom(title, "OK", content, u.Window)
	u.track(d)
	d.Show()
}

// Confirm asks before doing something; yes names the action ("Replace").
func (u *UI) Confirm(title, text, yes string, do func()) {
	u.confirm(title, text, yes, widget.HighImportance, do)
}

// ConfirmDestructive asks before something that cannot be undone (a red
// button named yes, e.g. "Delete").
func (u *UI) ConfirmDestructive(title, text, yes string, do func()) {
	u.confirm(title, text, yes, widget.DangerImportance, do)
}

func (u *UI) confirm(title, text, yes string, importance widget.Importance, do func()) {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	content := container.NewGridWrap(fyne.NewSize(380, 90), l)
	d := dialog.NewCustomConfirm(title, yes, "Cancel", content, func(ok bool) {
		if ok {
			do()
		}
	}, u.Window)
	d.SetConfirmImportance(importance)
	u.track(d)
	d.Show()
}

// sentence starts a message with a capital letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// do runs fn on the UI goroutine (fyne.Do; tests replace it).
func (u *UI) do(fn func()) {
	if u.cfg.Do != nil {
		u.cfg.Do(fn)
		return
	}
	fyne.Do(fn)
}

// Slow runs work off the UI goroutine behind a progress dialog titled title,
// then calls done with its error on the UI goroutine. Auto-lock waits.
func (u *UI) Slow(title string, work func() error, done func(error)) {
	bar := widget.NewProgressBarInfinite() // animates until Stop, below
	d := dialog.NewCustomWithoutButtons(title, container.NewGridWrap(fyne.NewSize(300, bar.MinSize().Height), bar), u.Window)
	d.Show()
	u.busy++
	go func() {
		err := work()
		handBackMemory() // a password stretched, a PDF made: give the memory back (memory.go)
		u.do(func() {
			u.busy--
			u.activity()
			bar.Stop()
			d.Hide()
			if done != nil {
				done(err)
			}
			if u.busy == 0 && u.lockPending {
				u.Lock()
			}
		})
	}()
}

// Changed saves the vault after a change and refreshes the list. It returns
// the save error, which it has already shown.
func (u *UI) Changed() error {
	if u.v == nil {
		u.ShowError(errLockedUI)
		return errLockedUI
	}
	u.activity()
	err := u.v.Save()
	if err != nil {
		err = saveError(err)
		u.ShowError(err)
	}
	if u.list != nil {
		u.list.reload()
	}
	if err == nil {
		u.copiesChanged() // background update of encrypted copies (copies_settings.go)
	}
	return err
}

// saveError says in plain words why a change was not kept.
func saveError(err error) error {
	var le *vault.LockedError
	if errors.As(err, &le) {
		return fmt.Errorf("the change is shown but NOT saved: %w", err)
	}
	return fmt.Errorf("the change is shown but could NOT be saved, so it will be lost when Sparekey closes (%w). Check that the disk is not full and that the folder of your Sparekey file can be written", err)
}

// OpenVault hands an unlocked vault to the UI and shows the list.
func (u *UI) OpenVault(v *vault.Vault) {
	u.v = v
	u.activity()
	u.setTitle()
	u.showList()
	u.checkCopyPlaces() // the copies line says what the disk holds (copies.go)
	if err := v.ReadOnly(); err != nil {
		u.ShowInfo("Read only", "You can see your keys and their codes, but changes cannot be saved: "+err.Error())
	}
	u.showScreenAfterUnlock() // screenshot.go; nothing unless a script asked
}

// PaperSize is the paper the person prints on: "A4" or "Letter".
func (u *UI) PaperSize() string {
	return u.Prefs.StringWithFallback(prefPaper, defaultPaper)
}

// showAbout says what Sparekey is.
func (u *UI) showAbout() {
	u.ShowInfo("About Sparekey", "Sparekey keeps a spare of every two-step login key you have, so that losing your phone never locks you out. Your keys stay on this computer, locked by your master password.\n\nVersion: "+u.version()+"\n\nHelp › What to do when… says what to do on a new phone, a lost phone, a new computer, a forgotten password or a house fire.")
}

// focus gives a field of a new screen the focus once the event that opened
// the screen is over: otherwise the Space that pressed a button would also
// be typed into the field.
func (u *UI) focus(o fyne.Focusable) {
	content := u.Window.Content()
	u.do(func() {
		if u.Window.Content() == content && !u.quitting {
			u.Window.Canvas().Focus(o)
		}
	})
}

// grew tells the screen that part of it appeared, disappeared or changed
// height, so that its scroll takes the new height (otherwise the end of a
// long page may be out of reach).
//
// It lays the screen out twice: a label that has just appeared learns its
// width in the first pass, and only then knows how many lines, and so how
// much height, its wrapped text needs.
func (u *UI) grew() {
	if c := u.Window.Content(); c != nil {
		c.Refresh()
		c.Refresh()
	}
}
