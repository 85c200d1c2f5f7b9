package app

// Keeping the emergency kit true: the vault records what the kit printed
// last said (printing.KitRecord); when the places of the copies change or a
// new recovery key is made, the main screen says the printed kit is out of
// date and offers a new one (printing.KitOutdated). "Make a new recovery
// key" lives on the Settings screen.

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/printing"
	"sparekey/vault"
)

// recordKit remembers, in the vault, what the kit the person just opened
// to print (or saved) says.
func (u *UI) recordKit() {
	if u.v == nil || u.cfg.Demo || u.v.Path() == "" {
		return
	}
	u.v.Kit = printing.KitRecord(u.v, u.Now())
	u.saveCopySettings()
	if u.screen == screenList {
		u.showList()
	}
}

// addKitLine puts on the main screen what makes the printed kit out of
// date, with a button that makes a new one; or, for a recovery key made by
// an older Sparekey or sealed below the work factor floor, the advice to
// make a new key.
func addKitLine(u *UI, top *fyne.Container) {
	v := u.v
	if v == nil || u.cfg.Demo || v.ReadOnly() != nil {
		return
	}
	var text, button string
	var action func()
	switch reason := printing.KitOutdated(v); {
	case v.RecoveryKeyOutdated():
		text, button, action = "Sparekey advises a new recovery key: yours is less well protected than the ones Sparekey makes now.", "Make a new one…", u.askNewRecoveryKey
	case reason != "" && v.Kit.Printed.IsZero():
		text, button, action = "Print your emergency kit: it holds your recovery key and tells where your copies are.", "Print the kit…", u.askKitRecoveryKey
	case reason != "":
		text, button, action = "Your printed emergency kit is out of date: "+reason+".", "Print a new kit…", u.askKitRecoveryKey
	default:
		return
	}
	l := wrapped(text)
	l.Importance = widget.WarningImportance
	b := widget.NewButtonWithIcon(button, theme.DocumentPrintIcon(), action)
	top.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewCenter(b), container.New(&minWidth{w: 180}, l)))
}

// recoveryKeySettings is the "Recovery key" card on the Settings screen.
func (u *UI) recoveryKeySettings() fyne.CanvasObject {
	v := u.v
	text := "Your recovery key opens your Sparekey file, and every copy, if you forget your master password. Sparekey does not keep it: it is on your emergency kit."
	if !v.RecoveryKeyMade.IsZero() {
		text += " It was made on " + v.RecoveryKeyMade.Local().Format("2 Jan 2006") + "."
	}
	box := container.NewVBox(wrapped(text))
	if v.RecoveryKeyOutdated() {
		w := wrapped("Sparekey advises a new one: yours is less well protected than the ones Sparekey makes now.")
		w.Importance = widget.WarningImportance
		box.Add(w)
	}
	b := widget.NewButtonWithIcon("Make a new recovery key…", theme.ViewRefreshIcon(), u.askNewRecoveryKey)
	if u.cfg.Demo {
		b.Disable()
	}
	box.Add(container.NewHBox(b))
	return container.New(&minWidth{w: narrowWidth}, box)
}

// askNewRecoveryKey asks for the master password, makes a new recovery
// key (the old one stops working), shows it once and offers the kit.
func (u *UI) askNewRecoveryKey() {
	v := u.v
	if v == nil || u.cfg.Demo {
		return
	}
	u.askSecret("Make a new recovery key",
		"Type your master password. Sparekey then shows your new recovery key, once. From then on your old recovery key no longer opens your Sparekey file, nor the copies written from now on.",
		"Master password", func(pw string) {
			var key string
			u.Slow("Making a new recovery key…", func() error {
				var err error
				key, err = v.NewRecoveryKey(pw)
				return err
			}, func(err error) {
				if u.v != v {
					return
				}
				if errors.Is(err, vault.ErrWrongPassword) {
					u.showErrorThen(errors.New("that is not your master password; nothing was changed"), u.askNewRecoveryKey)
					return
				}
				if err != nil {
					u.ShowError(fmt.Errorf("no new recovery key was made: %w", err))
					return
				}
				u.copiesChanged() // copies written from now on open with the new key
				u.showRecoveryKey(key, u.ShowMain, "This is your new recovery key. Your old one no longer opens your Sparekey file, nor any copy written from now on. Print a new emergency kit with it, and destroy the old one.")
			})
		})
}
