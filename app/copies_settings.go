package app

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/vault"
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
// person turned that off. The main screen's copies line says it is under
// way, then how it went.
func (u *UI) copiesChanged() {
	if u.v == nil || u.cfg.Demo {
		return
	}
	st := u.copiesOf()
	st.statuses = nil // the vault changed: the last look no longer holds
	if st.bg == nil {
		v := u.v
		st.bg = &backup.Background{Done: func(rep *backup.Report) {
			u.do(func() {
				if u.v != v {
					return
				}
				st.background = false
				backup.Apply(v, rep)
				u.saveCopySettings()
				u.checkCopyPlaces()
				u.refreshCopiesLine()
			})
		}}
	}
	if st.bg.Changed(u.v, backup.Options{Secret: st.secret}) {
		st.background = true
	}
	u.refreshCopiesLine()
}

// addCopiesLine puts the copies' state on the main screen in one short
// line: up to date in so many places, being updated, or what is wrong, with
// a button that puts it right (the update itself, not only a screen).
func addCopiesLine(u *UI, top *fyne.Container) {
	if u.v == nil || u.cfg.Demo {
		return
	}
	st := u.copiesOf()
	st.line = container.NewStack()
	u.fillCopiesLine()
	top.Add(st.line)
}

// refreshCopiesLine says the copies' state again on the main screen, if it
// is shown.
func (u *UI) refreshCopiesLine() {
	if u.v == nil || u.copies == nil || u.copies.line == nil || u.list == nil || u.screen != screenList {
		return
	}
	u.fillCopiesLine()
}

func (u *UI) fillCopiesLine() {
	st := u.copiesOf()
	icon, text, button, action := u.copiesLineText()
	l := wrapped(text)
	switch icon {
	case theme.WarningIcon():
		l.Importance = widget.WarningImportance
	case theme.ConfirmIcon():
		l.Importance = widget.SuccessImportance
	}
	var right fyne.CanvasObject
	if button != "" {
		b := widget.NewButtonWithIcon(button, theme.StorageIcon(), action)
		right = container.NewCenter(b)
	}
	st.line.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(icon), right, container.New(&minWidth{w: 180}, l))}
	st.line.Refresh()
}

// copiesLineText is what the main screen's copies line says, and its
// button.
func (u *UI) copiesLineText() (icon fyne.Resource, text, button string, action func()) {
	v, st := u.v, u.copiesOf()
	locs := v.Copies.Locations
	if len(locs) == 0 {
		return theme.WarningIcon(), "Your keys have no encrypted copy yet.", "Make copies…", u.openCopies
	}
	if st.running || st.background {
		return theme.ViewRefreshIcon(), "Copies: updating…", "", nil
	}
	for _, l := range locs {
		if l.Guarded {
			return theme.WarningIcon(), "A copy holds keys that you do not have.", "See them…", func() {
				u.openCopies()
				u.updateCopies(nil)
			}
		}
	}
	// The last look at the disk, when it is fresh, knows best (a copy
	// written by this vault on another computer, before a restore, counts);
	// else the vault's records.
	stale := backup.Stale(v)
	problems := map[string]string{}
	for _, l := range locs {
		problems[l.Path] = l.Problem
	}
	if sts := st.statuses; !st.checking && len(sts) == len(locs) {
		stale = nil
		for _, s := range sts {
			if s.OutOfDate {
				stale = append(stale, s.Path)
			}
			if s.Problem != "" {
				problems[s.Path] = s.Problem
			}
		}
	}
	if len(stale) == 0 {
		return theme.ConfirmIcon(), "Copies: up to date in " + vault.Count(len(locs), "place", "places") + ".", "", nil
	}
	text = fmt.Sprintf("Copies: out of date in %d of %s.", len(stale), vault.Count(len(locs), "place", "places"))
	if len(locs) == 1 {
		text = "Copies: out of date."
	}
	for _, path := range stale {
		if p := problems[path]; p != "" {
			text += " " + filepath.Base(path) + ": " + shortProblem(p)
			break
		}
	}
	return theme.WarningIcon(), text, "Update now", func() { u.updateCopies(nil) }
}

// shortProblem is the first sentence of a place's problem, without its
// "Not written:".
func shortProblem(p string) string {
	p = strings.TrimPrefix(p, "Not written: ")
	if i := strings.Index(p, ". "); i >= 0 {
		p = p[:i+1]
	}
	return p
}
