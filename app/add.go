package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

// addForm holds the "Add a key" widgets, for tests.
type addForm struct {
	link              *entry
	linkMsg           *widget.Label
	issuer, account   *entry
	secret            *entry
	secretMsg         *widget.Label
	kind, alg, digits *widget.Select
	period, counter   *entry
	more              *widget.Accordion
	message           *widget.Label
	add, cancel       *widget.Button
	first             bool
	// linked is the key the link field last read: when the form still
	// holds that key, it keeps what the link says beyond the form's fields
	// (a link from a recovery sheet says the key is on paper).
	linked vault.Entry
}

// The words for the code types and their values.
var (
	kindChoices = []string{"Time-based (most websites)", "Counter-based", "Steam Guard"}
	kindValues  = []vault.Type{vault.TOTP, vault.HOTP, vault.Steam}
	algChoices  = []string{"SHA1 (most websites)", "SHA256", "SHA512"}
	algValues   = []vault.Algorithm{vault.SHA1, vault.SHA256, vault.SHA512}
	digitChoice = []string{"6 (most websites)", "7", "8"}
)

// showAdd shows "Add a key" (Ctrl+N).
func (u *UI) showAdd() {
	if u.v == nil {
		return
	}
	u.showAddScreen(false)
}

// showAddScreen shows the form; first is the first start's "Add your first
// key", whose way out is "Skip for now".
func (u *UI) showAddScreen(first bool) {
	f := &addForm{first: first}
	u.add = f
	f.link = newEntry(u, "otpauth://totp/…")
	f.link.OnChanged = func(string) { u.readLink() }
	f.linkMsg = wrapped("")
	f.linkMsg.Hide()

	f.issuer = newEntry(u, "For example: Google, your bank")
	f.account = newEntry(u, "For example: your email address or user name")
	f.secret = newEntry(u, "e.g. JBSW Y3DP EHPK 3PXP")
	f.secret.TextStyle = fyne.TextStyle{Monospace: true}
	f.secret.OnChanged = func(string) { u.checkSecretField() }
	f.secret.OnSubmitted = func(string) { u.tryAdd() }
	f.secretMsg = wrapped("")
	f.secretMsg.Hide()

	f.kind = widget.NewSelect(kindChoices, func(string) { u.kindChanged() })
	f.alg = widget.NewSelect(algChoices, nil)
	f.digits = widget.NewSelect(digitChoice, nil)
	f.period = newEntry(u, "30")
	f.counter = newEntry(u, "0")
	f.kind.SetSelectedIndex(0)
	f.alg.SetSelectedIndex(0)
	f.digits.SetSelectedIndex(0)
	f.period.SetText("30")
	f.counter.SetText("0")
	options := widget.NewForm(
		widget.NewFormItem("Kind of code", f.kind),
		widget.NewFormItem("Algorithm", f.alg),
		widget.NewFormItem("Digits", f.digits),
		widget.NewFormItem("New code every (seconds)", f.period),
		widget.NewFormItem("Counter", f.counter),
	)
	f.more = widget.NewAccordion(widget.NewAccordionItem("More options (only if the website says so)", options))

	f.message = wrapped("")
	f.message.Hide()
	f.add = widget.NewButtonWithIcon("Add this key", theme.ContentAddIcon(), u.tryAdd)
	f.add.Importance = widget.HighImportance
	cancelText := "Cancel"
	if first {
		cancelText = "Skip for now"
	}
	f.cancel = widget.NewButton(cancelText, u.ShowMain)

	form := widget.NewForm(
		widget.NewFormItem("Website or app", f.issuer),
		widget.NewFormItem("Account", f.account),
		widget.NewFormItem("Key", f.secret),
	)
	title := "Add a key"
	intro := "When a website turns on two-step login, it shows a QR code and, usually under a link like \"Can't scan it?\", a key: a line of letters and digits. Type that key here."
	if first {
		title = "Add your first key"
		intro = "Sparekey is ready. Now add the key of a website where you use two-step login: when you turn it on, the website shows a QR code and a key of letters and digits (often under \"Can't scan it?\"). Type that key here."
	}
	content := []fyne.CanvasObject{
		u.scanScreenOffer(), // scan.go
		wrapped(intro),
		form,
		f.secretMsg,
		f.more,
		widget.NewSeparator(),
		wrapped("Or paste a key link, if you copied one (it starts with otpauth://):"),
		f.link,
		f.linkMsg,
		u.pictureButtons(), // the clipboard, a picture, many pictures: scan.go
	}
	if first {
		// Most people start with keys in another app: all at once.
		content = append(content,
			wrapped("Or bring in all your keys from another authenticator app (export them from it first):"),
			widget.NewButtonWithIcon("Import from another app…", theme.DownloadIcon(), u.chooseImportFile))
	}
	content = append(content,
		widget.NewSeparator(),
		f.message,
		container.NewHBox(f.cancel, layoutSpacer(), f.add),
	)
	u.show(screenAdd, page(title, content...), u.ShowMain)
	u.focus(f.issuer)
}

// checkSecretField shows, as the person types, what is wrong with the key.
func (u *UI) checkSecretField() {
	f := u.add
	if strings.TrimSpace(f.secret.Text) == "" {
		if f.secretMsg.Visible() {
			f.secretMsg.Hide()
			u.grew()
		}
		return
	}
	_, warning, err := vault.CheckSecret(f.secret.Text)
	switch {
	case err != nil:
		f.secretMsg.SetText(sentence(err.Error()))
		f.secretMsg.Importance = widget.DangerImportance
	case warning != "":
		f.secretMsg.SetText(warning)
		f.secretMsg.Importance = widget.WarningImportance
	default:
		f.secretMsg.SetText("This looks like a key.")
		f.secretMsg.Importance = widget.SuccessImportance
	}
	f.secretMsg.Show()
	f.secretMsg.Refresh()
	u.grew()
}

// kindChanged shows only the options that apply to the kind of code.
func (u *UI) kindChanged() {
	f := u.add
	if f == nil || f.period == nil {
		return
	}
	switch kindValues[max(f.kind.SelectedIndex(), 0)] {
	case vault.HOTP:
		f.period.Disable()
		f.counter.Enable()
		f.digits.Enable()
		f.alg.Enable()
	case vault.Steam:
		f.period.Disable()
		f.counter.Disable()
		f.digits.Disable()
		f.alg.Disable()
	default:
		f.period.Enable()
		f.counter.Disable()
		f.digits.Enable()
		f.alg.Enable()
	}
}

// readLink fills the form from a pasted otpauth:// link.
func (u *UI) readLink() {
	f := u.add
	text := strings.TrimSpace(f.link.Text)
	if text == "" {
		f.linkMsg.Hide()
		u.grew()
		return
	}
	e, warning, err := vault.ParseURI(text)
	if err != nil {
		f.linkMsg.SetText(sentence(err.Error()))
		f.linkMsg.Importance = widget.DangerImportance
		f.linkMsg.Show()
		f.linkMsg.Refresh()
		u.grew()
		return
	}
	f.linked = e
	f.issuer.SetText(e.Issuer)
	f.account.SetText(e.Account)
	f.secret.SetText(vault.GroupsOfFour(e.Secret))
	for i, k := range kindValues {
		if k == e.Type {
			f.kind.SetSelectedIndex(i)
		}
	}
	for i, a := range algValues {
		if a == e.Algorithm {
			f.alg.SetSelectedIndex(i)
		}
	}
	if e.Digits >= 6 && e.Digits <= 8 {
		f.digits.SetSelectedIndex(e.Digits - 6)
	}
	if e.Period > 0 {
		f.period.SetText(strconv.Itoa(e.Period))
	}
	f.counter.SetText(strconv.FormatUint(e.Counter, 10))
	msg := "The link is read: check the details above, then choose Add this key."
	if warning != "" {
		msg += " " + warning
	}
	if s := e.Settings(); s != "" {
		msg += " This key has special settings: " + s + "."
	}
	f.linkMsg.SetText(msg)
	f.linkMsg.Importance = widget.SuccessImportance
	f.linkMsg.Show()
	f.linkMsg.Refresh()
	u.grew()
}

// formEntry builds the entry the form describes.
func (f *addForm) formEntry() (vault.Entry, error) {
	e := vault.Entry{
		Issuer:    f.issuer.Text,
		Account:   f.account.Text,
		Secret:    f.secret.Text,
		Type:      kindValues[max(f.kind.SelectedIndex(), 0)],
		Algorithm: algValues[max(f.alg.SelectedIndex(), 0)],
		Digits:    6 + max(f.digits.SelectedIndex(), 0),
	}
	if e.Type == vault.TOTP {
		p, err := strconv.Atoi(strings.TrimSpace(f.period.Text))
		if err != nil {
			return e, errors.New("\"New code every\" must be a whole number of seconds, usually 30")
		}
		e.Period = p
	}
	if e.Type == vault.HOTP {
		c, err := strconv.ParseUint(strings.TrimSpace(f.counter.Text), 10, 64)
		if err != nil {
			return e, errors.New("the counter must be a whole number, 0 or more")
		}
		e.Counter = c
	}
	return e, nil
}

// tryAdd adds the key, or says what is wrong.
func (u *UI) tryAdd() {
	f := u.add
	fail := func(text string) {
		f.message.SetText(text)
		f.message.Importance = widget.DangerImportance
		f.message.Show()
		f.message.Refresh()
		u.grew()
	}
	if strings.TrimSpace(f.issuer.Text) == "" && strings.TrimSpace(f.account.Text) == "" {
		fail("Type the name of the website or app, so that you can find this key again.")
		return
	}
	e, err := f.formEntry()
	if err != nil {
		fail(sentence(err.Error()))
		return
	}
	if _, err := e.Normalize(); err != nil {
		fail(sentence(err.Error()))
		return
	}
	if d := u.v.FindDuplicate(&e); d != nil {
		fail(fmt.Sprintf("You already have this key: %s. Open it from the list.", d.Name()))
		return
	}
	if vault.SameKey(&f.linked, &e) {
		e.Printed = f.linked.Printed // read from a recovery sheet: on paper
	}
	added, _, err := u.v.Add(e)
	if err != nil {
		if errors.Is(err, vault.ErrDuplicate) {
			fail(sentence(err.Error()))
			return
		}
		fail(sentence(err.Error()))
		return
	}
	u.add = nil
	u.showList()
	if u.Changed() == nil {
		u.toast("Added " + added.Name())
	}
}
