package app

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"sparekey/vault"
)

// keyPage is one key's page, for tests.
type keyPage struct {
	u               *UI
	id              string
	code            *tapLabel
	left            *widget.Label
	next            *widget.Button // counter-based keys only
	issuer, account *entry
	saveName        *widget.Button
	note            *entry
	saveNote        *widget.Button
	codes           *fyne.Container // the recovery codes, one check each
	pasteCodes      *entry
	addCodes        *widget.Button
	secret          *widget.Label
	reveal          *widget.Button
	qr              *widget.Button
	del             *widget.Button
	status          *widget.Label
	hotpCode        string
}

// showKey shows the page of the key with that id.
func (u *UI) showKey(id string) {
	if u.v == nil {
		return
	}
	e := u.v.Get(id)
	if e == nil {
		u.ShowMain()
		return
	}
	u.activity()
	p := &keyPage{u: u, id: id}
	u.keyPage = p
	p.status = widget.NewLabel("")

	// The code, as on the list.
	p.code = newTapLabel("")
	p.code.SizeName = theme.SizeNameHeadingText
	p.code.onTap = func() { u.copyKeyCode() }
	p.left = widget.NewLabel("")
	p.tick(u.Now()) // the code's text before the row is laid out
	codeRow := container.NewHBox(p.code, container.NewCenter(p.left), layoutSpacer())
	if e.Type == vault.HOTP {
		p.next = widget.NewButtonWithIcon("Next code", theme.MediaSkipNextIcon(), u.nextCode)
		codeRow.Add(p.next)
	} else {
		codeRow.Add(widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), u.copyKeyCode))
	}

	// Name.
	p.issuer = newEntry(u, "Website or app")
	p.issuer.SetText(e.Issuer)
	p.account = newEntry(u, "Account")
	p.account.SetText(e.Account)
	p.saveName = widget.NewButton("Save the name", u.saveKeyName)
	nameForm := widget.NewForm(
		widget.NewFormItem("Website or app", p.issuer),
		widget.NewFormItem("Account", p.account),
	)

	// Note.
	p.note = newMultiLineEntry(u, "Anything you want to remember about this account")
	p.note.SetText(e.Note)
	p.note.SetMinRowsVisible(2)
	p.saveNote = widget.NewButton("Save the note", u.saveKeyNote)

	// Recovery codes.
	p.codes = container.NewVBox()
	p.pasteCodes = newMultiLineEntry(u, "Paste the recovery codes the website gave you (as many as you like, one per line)")
	p.pasteCodes.SetMinRowsVisible(3)
	p.addCodes = widget.NewButton("Add these codes", u.addRecoveryCodes)

	// The key itself, hidden until asked for.
	p.secret = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true, Bold: true})
	p.secret.Wrapping = fyne.TextWrapWord
	p.secret.Hide()
	p.reveal = widget.NewButtonWithIcon("Show the key's letters", theme.VisibilityIcon(), u.toggleSecret)
	p.qr = widget.NewButtonWithIcon("QR code for a phone", theme.ViewFullScreenIcon(), u.showQR)

	p.del = widget.NewButtonWithIcon("Delete this key…", theme.DeleteIcon(), u.confirmDelete)
	p.del.Importance = widget.DangerImportance

	actions := container.NewHBox(u.keyActionButtons(id)...)

	settings := e.Settings()
	if settings == "" {
		settings = "Usual settings: 6-digit codes, a new one every 30 seconds."
	} else {
		settings = "Settings: " + settings + "."
	}
	heading := func(text string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	content := container.NewVBox(
		codeRow,
		wrapped(settings),
		container.NewHBox(p.reveal, p.qr),
		p.secret,
		actions,
		widget.NewSeparator(),
		heading("Name"),
		nameForm,
		container.NewHBox(layoutSpacer(), p.saveName),
		heading("Note"),
		p.note,
		container.NewHBox(layoutSpacer(), p.saveNote),
		heading("Recovery codes"),
		wrapped("Single-use codes that the website gave you, to log in without this key. Tick a code once you have used it."),
		p.codes,
		p.pasteCodes,
		container.NewHBox(layoutSpacer(), p.addCodes),
		widget.NewSeparator(),
		container.NewHBox(p.del),
	)
	u.fillRecoveryCodes()
	u.show(screenKey, container.NewBorder(nil, p.status, nil, nil, u.withBack(e.Name(), container.New(&minWidth{w: narrowWidth}, content), u.ShowMain)), u.ShowMain)
	p.tick(u.Now())
}

// tick refreshes the code and the time left.
func (p *keyPage) tick(now time.Time) {
	u := p.u
	if u.v == nil {
		return
	}
	e := u.v.Get(p.id)
	if e == nil {
		return
	}
	if e.Type == vault.HOTP {
		if p.hotpCode == "" {
			p.code.SetText("––– –––")
			p.left.SetText("Choose Next code for a code")
		} else {
			p.code.SetText(vault.FormatCode(p.hotpCode))
			p.left.SetText("")
		}
		return
	}
	c, err := e.CodeAt(now)
	if err != nil {
		p.code.SetText("error")
		p.left.SetText(err.Error())
		return
	}
	p.code.SetText(vault.FormatCode(c))
	s := e.SecondsLeft(now)
	p.left.SetText(fmt.Sprintf("%d s left", s))
}

// entry returns the page's key, or nil (locked, deleted).
func (u *UI) pageEntry() *vault.Entry {
	if u.v == nil || u.keyPage == nil {
		return nil
	}
	return u.v.Get(u.keyPage.id)
}

func (u *UI) copyKeyCode() {
	e := u.pageEntry()
	if e == nil {
		return
	}
	if e.Type == vault.HOTP {
		if u.keyPage.hotpCode == "" {
			u.nextCode()
			return
		}
		u.copyCode(e, u.keyPage.hotpCode)
		return
	}
	code, err := e.CodeAt(u.Now())
	if err != nil {
		u.ShowError(err)
		return
	}
	u.copyCode(e, code)
}

// nextCode draws the next code of a counter-based key; the counter's move
// is saved at once, so the same code is never shown twice.
func (u *UI) nextCode() {
	p := u.keyPage
	code, err := u.v.NextCode(p.id, u.Now())
	if err != nil {
		u.ShowError(err)
		return
	}
	if u.Changed() != nil {
		return
	}
	p.hotpCode = code
	p.tick(u.Now())
	if e := u.v.Get(p.id); e != nil {
		u.copyCode(e, code)
	}
}

func (u *UI) saveKeyName() {
	p := u.keyPage
	e := u.pageEntry()
	if e == nil {
		return
	}
	if strings.TrimSpace(p.issuer.Text) == "" && strings.TrimSpace(p.account.Text) == "" {
		u.ShowInfo("The name is empty", "Type the name of the website or app, so that you can find this key again.")
		return
	}
	changed := *e
	changed.Issuer, changed.Account = p.issuer.Text, p.account.Text
	if _, err := u.v.Update(changed); err != nil {
		u.ShowError(err)
		return
	}
	if u.Changed() == nil {
		u.showKey(e.ID) // the title shows the new name
		u.toast("Name saved")
	}
}

func (u *UI) saveKeyNote() {
	e := u.pageEntry()
	if e == nil {
		return
	}
	e.Note = u.keyPage.note.Text
	u.v.Touch(e.ID)
	if u.Changed() == nil {
		u.toast("Note saved")
	}
}

// fillRecoveryCodes lists the key's recovery codes with a tick for used.
func (u *UI) fillRecoveryCodes() {
	p := u.keyPage
	e := u.pageEntry()
	if e == nil {
		return
	}
	p.codes.RemoveAll()
	if len(e.RecoveryCodes) == 0 {
		p.codes.Add(widget.NewLabel("None kept yet."))
	}
	for i, rc := range e.RecoveryCodes {
		i := i
		c := widget.NewCheck(rc.Code, nil)
		c.Checked = rc.Used
		c.OnChanged = func(used bool) { u.markRecoveryCode(i, used) }
		p.codes.Add(c)
	}
	if u.screen == screenKey {
		u.grew()
	}
}

func (u *UI) markRecoveryCode(i int, used bool) {
	e := u.pageEntry()
	if e == nil || i >= len(e.RecoveryCodes) {
		return
	}
	e.RecoveryCodes[i].Used = used
	u.v.Touch(e.ID)
	if u.Changed() == nil {
		if used {
			u.toast("Marked as used")
		} else {
			u.toast("Marked as not used")
		}
	}
}

func (u *UI) addRecoveryCodes() {
	p := u.keyPage
	e := u.pageEntry()
	if e == nil {
		return
	}
	added := e.AddRecoveryCodes(vault.ParseRecoveryCodes(p.pasteCodes.Text))
	if added == 0 {
		u.toast("No new code found in what you pasted")
		return
	}
	u.v.Touch(e.ID)
	p.pasteCodes.SetText("")
	u.fillRecoveryCodes()
	if u.Changed() == nil {
		u.toast(fmt.Sprintf("%d recovery codes added", added))
	}
}

// toggleSecret shows the setup key in groups of four, or hides it again.
func (u *UI) toggleSecret() {
	p := u.keyPage
	e := u.pageEntry()
	if e == nil {
		return
	}
	u.activity()
	if p.secret.Visible() {
		p.secret.SetText("")
		p.secret.Hide()
		p.reveal.SetText("Show the key's letters")
		p.reveal.SetIcon(theme.VisibilityIcon())
		u.grew()
		return
	}
	p.secret.SetText(vault.GroupsOfFour(e.Secret))
	p.secret.Show()
	p.reveal.SetText("Hide the key's letters")
	p.reveal.SetIcon(theme.VisibilityOffIcon())
	u.grew()
}

// showQR shows the key's setup QR code, for an authenticator app on a
// phone to scan.
func (u *UI) showQR() {
	e := u.pageEntry()
	if e == nil {
		return
	}
	img, err := qrImage(e.URI())
	if err != nil {
		u.ShowError(err)
		return
	}
	qr := canvas.NewImageFromImage(img)
	qr.FillMode = canvas.ImageFillContain
	qr.ScaleMode = canvas.ImageScalePixels
	qr.SetMinSize(fyne.NewSize(280, 280))
	text := wrapped("In the authenticator app on your phone, choose to add an account and scan this code. Close this window when you are done: anyone who sees the code can make your login codes.")
	d := dialog.NewCustom("Move "+e.Name()+" to a phone", "Close", container.NewVBox(container.NewCenter(qr), container.New(&minWidth{w: 360}, text)), u.Window)
	u.track(d)
	d.Show()
}

// qrImage draws a setup link as a QR code.
func qrImage(link string) (image.Image, error) {
	b, err := qrcode.Encode(link, qrcode.Medium, 512)
	if err != nil {
		return nil, fmt.Errorf("making the QR code: %w", err)
	}
	return png.Decode(bytes.NewReader(b))
}

// confirmDelete asks, naming the key, before deleting it.
func (u *UI) confirmDelete() {
	e := u.pageEntry()
	if e == nil {
		return
	}
	name, id := e.Name(), e.ID
	site := e.Issuer
	if site == "" {
		site = "this website"
	}
	u.ConfirmDestructive("Delete "+name+"?",
		fmt.Sprintf("Sparekey will forget the key of %s. You will not get its codes here any more, so first make sure you can still log in to %s another way (another app, or its recovery codes).", name, site),
		"Delete", func() {
			if err := u.v.Remove(id); err != nil {
				u.ShowError(err)
				return
			}
			u.showList()
			if u.Changed() == nil {
				u.toast("Deleted " + name)
			}
		})
}
