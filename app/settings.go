package app

import (
	"image/color"

	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Preference keys and their defaults (Fyne preferences, kept per user).
const (
	prefAutoLock  = "autolock.minutes"
	prefClipboard = "clipboard.seconds"
	prefTheme     = "theme"
	prefPaper     = "paper.size"

	defaultAutoLockMinutes  = 5
	defaultClipboardSeconds = 30
	defaultTheme            = themeSystem
	defaultPaper            = "A4"

	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

var (
	autoLockChoices  = []int{1, 2, 5, 10, 15, 30, 60, 0}
	clipboardChoices = []int{10, 20, 30, 45, 60, 90}
	themeChoices     = []string{"Same as the computer", "Light", "Dark"}
	themeValues      = []string{themeSystem, themeLight, themeDark}
	paperChoices     = []string{"A4", "Letter"}
)

func autoLockLabel(m int) string {
	switch m {
	case 0:
		return "Never"
	case 1:
		return "After 1 minute"
	}
	return fmt.Sprintf("After %d minutes", m)
}

func clipboardLabel(s int) string { return fmt.Sprintf("After %d seconds", s) }

// applyTheme follows the theme preference.
func (u *UI) applyTheme() {
	var v fyne.ThemeVariant
	switch u.Prefs.StringWithFallback(prefTheme, defaultTheme) {
	case themeLight:
		v = theme.VariantLight
	case themeDark:
		v = theme.VariantDark
	default:
		u.App.Settings().SetTheme(theme.DefaultTheme())
		return
	}
	u.App.Settings().SetTheme(variantTheme{Theme: theme.DefaultTheme(), variant: v})
}

// variantTheme is the default theme held to one variant (light or dark).
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// settingsForm holds the Settings screen's widgets, for tests.
type settingsForm struct {
	autoLock, clipboard, theme, paper *widget.Select
}

// showSettings shows the settings: changes are kept at once.
func (u *UI) showSettings() {
	if u.v == nil {
		return
	}
	f := &settingsForm{}
	f.autoLock = widget.NewSelect(labels(autoLockChoices, autoLockLabel), func(s string) {
		for _, m := range autoLockChoices {
			if autoLockLabel(m) == s {
				u.Prefs.SetInt(prefAutoLock, m)
			}
		}
	})
	f.autoLock.SetSelected(autoLockLabel(u.Prefs.IntWithFallback(prefAutoLock, defaultAutoLockMinutes)))
	f.clipboard = widget.NewSelect(labels(clipboardChoices, clipboardLabel), func(s string) {
		for _, n := range clipboardChoices {
			if clipboardLabel(n) == s {
				u.Prefs.SetInt(prefClipboard, n)
			}
		}
	})
	f.clipboard.SetSelected(clipboardLabel(u.clipboardSeconds()))
	f.theme = widget.NewSelect(themeChoices, func(s string) {
		for i, c := range themeChoices {
			if c == s {
				u.Prefs.SetString(prefTheme, themeValues[i])
			}
		}
		u.applyTheme()
	})
	cur := u.Prefs.StringWithFallback(prefTheme, defaultTheme)
	for i, v := range themeValues {
		if v == cur {
			f.theme.SetSelected(themeChoices[i])
		}
	}
	f.paper = widget.NewSelect(paperChoices, func(s string) { u.Prefs.SetString(prefPaper, s) })
	f.paper.SetSelected(u.PaperSize())
	u.settings = f

	form := widget.NewForm(
		widget.NewFormItem("Lock Sparekey", f.autoLock),
		widget.NewFormItem("Clear a copied code", f.clipboard),
		widget.NewFormItem("Colours", f.theme),
		widget.NewFormItem("Paper size", f.paper),
	)
	form.Items[0].HintText = "when you have not used it for a while"
	form.Items[1].HintText = "from the clipboard, if it is still there"
	form.Items[3].HintText = "for recovery sheets"
	box := container.NewVBox(append([]fyne.CanvasObject{form}, u.settingsCards()...)...)
	u.show(screenSettings, u.withBack("Settings", box, u.ShowMain), u.ShowMain)
}

func labels(xs []int, f func(int) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// itoa is strconv.Itoa, short for the screens.
func itoa(n int) string { return strconv.Itoa(n) }
