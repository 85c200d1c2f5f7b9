package app

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/vault"
)

var keepChoices = []int{3, 5, 10, 20, 50}

func keepLabel(n int) string { return strconv.Itoa(n) + " copies" }

const (
	lockWithMaster   = "My master password"
	lockWithSeparate = "A separate passphrase for copies"
)

// copiesSettings is the "Encrypted copies" card on the Settings screen.
func (u *UI) copiesSettings() fyne.CanvasObject {
	v := u.v
	auto := widget.NewCheck("Update my copies after every change", func(on bool) {
		if u.v != v || v.Copies.AutoUpdate == on {
			return
		}
		v.Copies.AutoUpdate = on
		u.saveCopySettings()
	})
	auto.SetChecked(v.Copies.AutoUpdate)
	keep := widget.NewSelect(labels(keepChoices, keepLabel), func(s string) {
		for _, n := range keepChoices {
			if keepLabel(n) == s && u.v == v && v.Copies.Keep != n {
				v.Copies.Keep = n
				u.saveCopySettings()
			}
		}
	})
	current := v.Copies.Keep
	if current == 0 {
		current = backup.DefaultKeep
	}
	keep.SetSelected(keepLabel(current))
	var lockWith *widget.RadioGroup
	lockWith = widget.NewRadioGroup([]string{lockWithMaster, lockWithSeparate}, func(s string) {
		if u.v != v || s == "" {
			return
		}
		separate := s == lockWithSeparate
		if separate == v.Copies.SeparatePassphrase {
			return
		}
		if !separate {
			backup.UseSeparatePassphrase(v, false)
			u.copiesOf().passphrase = ""
			u.saveCopySettings()
			return
		}
		u.askNewCopyPassphrase(func(pass string) {
			if u.v != v {
				return
			}
			backup.UseSeparatePassphrase(v, true)
			u.copiesOf().passphrase = pass
			u.saveCopySettings()
		}, func() { lockWith.SetSelected(lockWithMaster) })
	})
	if v.Copies.SeparatePassphrase {
		lockWith.SetSelected(lockWithSeparate)
	} else {
		lockWith.SetSelected(lockWithMaster)
	}
	form := widget.NewForm(
		widget.NewFormItem("Keep in each place", keep),
		widget.NewFormItem("Lock copies with", lockWith),
	)
	form.Items[0].HintText = "the oldest are deleted; the newest good one never is"
	form.Items[1].HintText = "changing it writes every copy again at the next update"
	return container.New(&minWidth{w: 460}, container.NewVBox(auto, wrapped("While Sparekey is open and knows the password of your copies, it updates every place it can reach after each change."), form))
}

// askNewCopyPassphrase asks for a new copy passphrase, typed twice and
// strong enough (the same rule as the master password); cancel is called
// when the person gives up.
func (u *UI) askNewCopyPassphrase(then func(string), cancel func()) {
	first := newPasswordEntry(u, "Copy passphrase")
	second := newPasswordEntry(u, "The same passphrase again")
	problem := wrapped("")
	problem.Importance = widget.DangerImportance
	problem.Hide()
	content := container.New(&minWidth{w: 400}, container.NewVBox(
		wrapped("Choose the passphrase that will lock your copies. Write it down with your recovery key: without it, a copy cannot be opened."),
		first, second, problem))
	var d dialog.Dialog
	accepted := false
	var done func(bool)
	ok := widget.NewButtonWithIcon("Use it", theme.ConfirmIcon(), func() { done(true) })
	ok.Importance = widget.HighImportance
	no := widget.NewButton("Cancel", func() { done(false) })
	done = func(accept bool) {
		if !accept {
			d.Hide() // the person gave up: cancel runs as it closes
			return
		}
		if err := vault.CheckNewPassword(first.Text); err != nil {
			problem.SetText(sentence(err.Error()))
			problem.Show()
			return
		}
		if first.Text != second.Text {
			problem.SetText("The two passphrases are not the same.")
			problem.Show()
			return
		}
		pass := first.Text
		first.SetText("")
		second.SetText("")
		accepted = true
		d.Hide()
		then(pass)
	}
	first.OnSubmitted = func(string) { u.Window.Canvas().Focus(second) }
	second.OnSubmitted = func(string) { done(true) }
	// A dialog Sparekey tracks: Esc closes it, and locking or leaving the
	// screen takes it away (a pop-up stayed over the next screen).
	d = dialog.NewCustomWithoutButtons("A passphrase for your copies",
		container.NewVBox(content, container.NewHBox(no, layoutSpacer(), ok)), u.Window)
	u.trackThen(d, func() {
		if !accepted {
			first.SetText("")
			second.SetText("")
			if cancel != nil {
				cancel()
			}
		}
	})
	d.Show()
	u.Window.Canvas().Focus(first)
}

// copiesChanged starts a background update after a change, when the vault
// asks for it and the passphrase is known this session.
func (u *UI) copiesChanged() {
	if u.v == nil || u.cfg.Demo {
		return
	}
	st := u.copiesOf()
	if st.bg == nil {
		v := u.v
		st.bg = &backup.Background{Done: func(rep *backup.Report) {
			u.do(func() {
				if u.v != v {
					return
				}
				backup.Apply(v, rep)
				u.saveCopySettings()
				u.checkCopyPlaces()
			})
		}}
	}
	st.bg.Changed(u.v, st.passphrase, backup.Options{WorkFactor: copyWorkFactor})
}

// addCopiesReminder puts the copies reminder on the main screen when the
// copies are out of date or there are none.
func addCopiesReminder(u *UI, top *fyne.Container) {
	if u.v == nil || u.cfg.Demo {
		return
	}
	show, _ := backup.Reminder(u.v)
	if !show {
		return
	}
	// A short line here; the Copies screen says the rest.
	msg, button := "Your encrypted copies are out of date.", "Update copies…"
	if len(u.v.Copies.Locations) == 0 {
		msg, button = "Your keys have no encrypted copy yet.", "Make copies…"
	}
	for _, l := range u.v.Copies.Locations {
		if l.Guarded {
			msg, button = "A copy holds keys that you do not have.", "See them…"
		}
	}
	l := wrapped(msg)
	l.Importance = widget.WarningImportance
	b := widget.NewButtonWithIcon(button, theme.StorageIcon(), u.openCopies)
	top.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewCenter(b), container.New(&minWidth{w: 300}, l)))
}
