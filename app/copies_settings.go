package app

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
)

var keepChoices = []int{3, 5, 10, 20, 50}

func keepLabel(n int) string { return strconv.Itoa(n) + " copies" }

// copiesSettings is the "Encrypted copies" card on the Settings screen.
func (u *UI) copiesSettings() fyne.CanvasObject {
	v := u.v
	auto := widget.NewCheck("Update my copies after every change", func(on bool) {
		if u.v != v || v.Copies.Manual == !on {
			return
		}
		v.Copies.Manual = !on
		u.saveCopySettings()
	})
	auto.SetChecked(!v.Copies.Manual)
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
	form := widget.NewForm(
		widget.NewFormItem("Keep in each place", keep),
	)
	form.Items[0].HintText = "the oldest are deleted; the newest good one never is"
	return container.New(&minWidth{w: narrowWidth}, container.NewVBox(auto, wrapped("While Sparekey is open, it updates every place it can reach after each change, with nothing to type. Each copy opens with your master password or your recovery key."), form))
}

// copiesChanged starts a background update after a change, unless the
// person turned that off.
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
	st.bg.Changed(u.v, backup.Options{Secret: st.secret})
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
	top.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewCenter(b), container.New(&minWidth{w: 180}, l)))
}
