package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

// passwordChooser is the "choose a master password" form: typed twice,
// show/hide, strength feedback from vault.PasswordStrength, weak ones
// refused by vault.CheckNewPassword, and a passphrase of random words from
// vault.SuggestPassphrase on request.
type passwordChooser struct {
	first, second *entry
	strength      *widget.ProgressBar
	// colour paints the bar: red while weak, orange when fair, green when
	// strong (a plain bar is blue, which read as "fine" at "Very weak").
	colour   *container.ThemeOverride
	verdict  *widget.Label // "Strength: Fair"
	advice   *widget.Label // what would make it stronger, or why it is refused
	suggest  *widget.Button
	submit   *widget.Button
	onChosen func(password string)
}

// suggestedAdvice is said under a suggested passphrase, which is shown in
// full: the person has to be able to read it to keep it.
const suggestedAdvice = "Sparekey made up this password of random words. You can change it. Write it down or learn it before you go on: nobody can tell it to you again."

// nobodyCanReset is the plain warning shown wherever a password is chosen.
const nobodyCanReset = "Nobody can reset this password: not Sparekey, not its makers, not anyone. If you forget it, only your recovery key can open your keys."

func (u *UI) newPasswordChooser(button string, onChosen func(string)) (*passwordChooser, fyne.CanvasObject) {
	p := &passwordChooser{onChosen: onChosen}
	p.first = newPasswordEntry(u, "Master password")
	p.second = newPasswordEntry(u, "The same password again")
	p.strength = widget.NewProgressBar()
	// Scores run 0 to 4; the bar shows score+1 of 5, so that even "Very
	// weak" fills a part of it (an empty bar looked full: its track is
	// blue as well).
	p.strength.Max = 5
	p.strength.TextFormatter = func() string { return "" }
	p.colour = container.NewThemeOverride(p.strength, barTheme{Theme: u.App.Settings().Theme(), colour: theme.ColorNameError})
	p.verdict = widget.NewLabel("")
	p.advice = widget.NewLabel("Five or more words that have nothing to do with each other make a password that is long and easy to remember. Sparekey can suggest some.")
	p.advice.Wrapping = fyne.TextWrapWord
	p.suggest = widget.NewButtonWithIcon("Suggest a password", theme.ViewRefreshIcon(), p.fillSuggestion)
	p.submit = widget.NewButtonWithIcon(button, theme.ConfirmIcon(), p.try)
	p.submit.Importance = widget.HighImportance
	p.first.OnChanged = func(string) { p.update() }
	p.second.OnChanged = func(string) { p.update() }
	p.first.OnSubmitted = func(string) { u.Window.Canvas().Focus(p.second) }
	p.second.OnSubmitted = func(string) { p.try() }
	warn := widget.NewLabelWithStyle(nobodyCanReset, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	warn.Wrapping = fyne.TextWrapWord
	warn.Importance = widget.WarningImportance
	p.update()
	box := container.NewVBox(
		widget.NewLabel("Your master password unlocks Sparekey. Type it twice:"),
		p.first, p.second,
		container.NewBorder(nil, nil, p.verdict, nil, p.colour),
		// Room for three lines of advice, so that the button below stays
		// where it is while the advice changes.
		container.New(&reserve{h: widget.NewLabel("1\n2\n3\n4\n5").MinSize().Height}, p.advice),
		container.NewHBox(p.suggest),
		widget.NewSeparator(),
		container.NewHBox(widget.NewIcon(theme.WarningIcon()), layoutWrap(warn)),
		widget.NewSeparator(),
		container.NewHBox(layoutSpacer(), p.submit),
	)
	return p, box
}

// update shows the strength as the person types.
func (p *passwordChooser) update() {
	pw := p.first.Text
	if pw == "" {
		p.strength.SetValue(0)
		p.strength.Hide() // nothing typed: no strength to show
		p.verdict.SetText("Strength:   ")
		p.submit.Disable()
		return
	}
	s := vault.PasswordStrength(pw)
	p.strength.SetValue(float64(s.Score + 1))
	colour := theme.ColorNameSuccess
	switch {
	case s.Score <= 1:
		colour = theme.ColorNameError
	case s.Score == 2:
		colour = theme.ColorNameWarning
	}
	p.colour.Theme = barTheme{Theme: fyne.CurrentApp().Settings().Theme(), colour: colour}
	p.colour.Refresh()
	p.strength.Show()
	p.verdict.SetText("Strength: " + s.Label)
	switch {
	case vault.CheckNewPassword(pw) != nil:
		p.advice.SetText(s.Advice)
		p.advice.Importance = widget.DangerImportance
	case p.second.Text != "" && p.second.Text != pw:
		p.advice.SetText("The two passwords are not the same yet.")
		p.advice.Importance = widget.DangerImportance
	case p.second.Text == "":
		p.advice.SetText("Good. Now type it a second time.")
		p.advice.Importance = widget.MediumImportance
	default:
		p.advice.SetText("Good: both are the same.")
		p.advice.Importance = widget.SuccessImportance
	}
	p.advice.Refresh()
	if vault.CheckNewPassword(pw) == nil && p.second.Text == pw {
		p.submit.Enable()
	} else {
		p.submit.Disable()
	}
}

// try accepts the password if it is strong enough and typed the same twice.
func (p *passwordChooser) try() {
	pw := p.first.Text
	if err := vault.CheckNewPassword(pw); err != nil {
		p.advice.SetText(sentence(err.Error()))
		p.advice.Importance = widget.DangerImportance
		p.advice.Refresh()
		return
	}
	if p.second.Text != pw {
		p.advice.SetText("The two passwords are not the same. Type the same password in both boxes.")
		p.advice.Importance = widget.DangerImportance
		p.advice.Refresh()
		return
	}
	p.onChosen(pw)
}

// fillSuggestion puts a new random passphrase in both fields, shown rather
// than dotted, so that the person can read it, change it or write it down.
func (p *passwordChooser) fillSuggestion() {
	pw := vault.SuggestPassphrase()
	for _, e := range []*entry{p.first, p.second} {
		e.Password = false
		e.SetText(pw)
		e.Refresh()
	}
	p.advice.SetText(suggestedAdvice)
	p.advice.Importance = widget.SuccessImportance
	p.advice.Refresh()
}

// clear empties both fields (after use, so the password does not linger in
// a widget) and hides what is typed next.
func (p *passwordChooser) clear() {
	for _, e := range []*entry{p.first, p.second} {
		e.SetText("")
		e.Password = true
		e.Refresh()
	}
}

// barTheme paints a progress bar in one of the theme's colours.
type barTheme struct {
	fyne.Theme
	colour fyne.ThemeColorName
}

func (t barTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		return t.Theme.Color(t.colour, v)
	}
	return t.Theme.Color(n, v)
}
