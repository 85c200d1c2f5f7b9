package app

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/interop"
	"sparekey/vault"
)

// Exporting: the person picks where the keys go (Aegis, Google
// Authenticator, any app), Sparekey says plainly whether the result is
// protected, and writes it where they choose.

// exportKind is one way to export.
type exportKind struct {
	label     string // the choice as the person reads it
	about     string // what it is for, and how safe it is
	encrypted bool   // asks for a password
	folder    bool   // writes several pictures into a folder
	screen    bool   // shows QR codes on the screen, writes nothing
	fileName  string // suggested file name
	write     func(entries []vault.Entry, password, path string) (problems []interop.Problem, err error)
}

var exportKinds = []exportKind{
	{
		label:     "Aegis, protected by a password (recommended)",
		about:     "For the Aegis app on Android: in Aegis, open Settings, Import & export, Import from file, Aegis, and type this password. The file is encrypted: without the password it is useless.",
		encrypted: true,
		fileName:  "sparekey-aegis-export.json",
		write: func(entries []vault.Entry, pw, path string) ([]interop.Problem, error) {
			data, err := interop.ExportAegis(entries, pw)
			if err != nil {
				return nil, err
			}
			return nil, vault.WritePrivateFile(path, data)
		},
	},
	{
		label:  "Google Authenticator: show QR codes here to scan with the phone",
		about:  "Sparekey shows one QR code after the other; on the phone, open Google Authenticator, tap the menu, then Transfer accounts, Import accounts, and scan them. Nothing is written to the disk. Google Authenticator cannot hold Steam keys, 7-digit codes or codes that change other than every 30 seconds; those are left out.",
		screen: true,
	},
	{
		label:    "Google Authenticator: QR codes on a page to print",
		about:    "A PDF with QR codes to scan with Google Authenticator on a new phone (Transfer accounts, Import accounts). NOT protected: anyone who scans the page can make your codes. Shred it when you are done. Google Authenticator cannot hold Steam keys, 7-digit codes or codes that change other than every 30 seconds; those are left out.",
		fileName: "sparekey-google-authenticator.pdf",
		write: func(entries []vault.Entry, _, path string) ([]interop.Problem, error) {
			pdf, problems, err := interop.MigrationSheet(entries)
			if err != nil {
				return problems, err
			}
			return problems, vault.WritePrivateFile(path, pdf)
		},
	},
	{
		label:  "Google Authenticator: QR code pictures",
		about:  "Pictures of QR codes (PNG) in a folder, to show on this screen and scan with Google Authenticator on a phone. NOT protected: delete them when you are done. Steam keys, 7-digit codes and codes that change other than every 30 seconds are left out.",
		folder: true,
		write: func(entries []vault.Entry, _, dir string) ([]interop.Problem, error) {
			pngs, problems, err := interop.MigrationQRCodes(entries)
			if err != nil {
				return problems, err
			}
			for i, png := range pngs {
				name := filepath.Join(dir, fmt.Sprintf("google-authenticator-%d-of-%d.png", i+1, len(pngs)))
				if err := vault.WritePrivateFile(name, png); err != nil {
					return problems, err
				}
			}
			return problems, nil
		},
	},
	{
		label:    "Aegis, NOT protected",
		about:    "An Aegis file without a password. " + interop.URIsWarning,
		fileName: "sparekey-aegis-export-plain.json",
		write: func(entries []vault.Entry, _, path string) ([]interop.Problem, error) {
			data, err := interop.ExportAegis(entries, "")
			if err != nil {
				return nil, err
			}
			return nil, vault.WritePrivateFile(path, data)
		},
	},
	{
		label:    "A list of key links for other authenticator apps, NOT protected",
		about:    "One key link a line (each starts with otpauth://): almost every authenticator app can import it (2FAS, Ente, andOTP, Aegis, ...). " + interop.URIsWarning,
		fileName: "sparekey-links.txt",
		write: func(entries []vault.Entry, _, path string) ([]interop.Problem, error) {
			return nil, vault.WritePrivateFile(path, interop.ExportURIs(entries))
		},
	},
}

// exportForm holds the export screen's widgets, for tests.
type exportForm struct {
	choice        *widget.RadioGroup
	about         *widget.Label
	first, second *entry
	passwords     *fyne.Container
	message       *widget.Label
	save          *widget.Button
}

// showExport shows the export choices.
func (u *UI) showExport() {
	if u.v == nil {
		return
	}
	f := &exportForm{}
	var labels []string
	for _, k := range exportKinds {
		labels = append(labels, k.label)
	}
	f.about = wrapped("")
	f.first = newPasswordEntry(u, "Password for the export")
	f.second = newPasswordEntry(u, "The same password again")
	f.passwords = container.NewVBox(wrapped("Choose a password for this file. You will type it in the other app."), f.first, f.second)
	f.message = wrapped("")
	f.message.Hide()
	f.save = widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), func() { u.startExport(f) })
	f.save.Importance = widget.HighImportance
	f.choice = widget.NewRadioGroup(labels, func(string) { f.update() })
	f.choice.Required = true
	f.choice.SetSelected(labels[0])
	n := len(u.v.Entries)
	content := container.NewVBox(
		wrapped(fmt.Sprintf("Take your %s to another app. Where are they going?", vault.Count(n, "key", "keys"))),
		f.choice,
		widget.NewSeparator(),
		f.about,
		f.passwords,
		f.message,
		widget.NewSeparator(),
		container.NewHBox(widget.NewButton("Cancel", u.ShowMain), layoutSpacer(), f.save),
	)
	u.ShowScreen("Export your keys", readableColumn(content))
}

func (f *exportForm) kind() exportKind {
	for _, k := range exportKinds {
		if k.label == f.choice.Selected {
			return k
		}
	}
	return exportKinds[0]
}

// update shows what the chosen export is, and the password fields when it
// has one.
func (f *exportForm) update() {
	k := f.kind()
	f.about.SetText(k.about)
	if k.encrypted {
		f.about.Importance = widget.MediumImportance
		f.passwords.Show()
	} else {
		f.about.Importance = widget.WarningImportance
		f.passwords.Hide()
	}
	f.about.Refresh()
	// Showing codes on the screen saves nothing: the button says so.
	if k.screen {
		f.save.SetText("Show the codes…")
		f.save.SetIcon(theme.VisibilityIcon())
	} else {
		f.save.SetText("Export…")
		f.save.SetIcon(theme.DocumentSaveIcon())
	}
	f.message.Hide()
}

// fail shows why the export cannot go ahead.
func (f *exportForm) fail(text string) {
	f.message.SetText(text)
	f.message.Importance = widget.DangerImportance
	f.message.Show()
	f.message.Refresh()
}

// startExport checks the password, then asks where to write.
func (u *UI) startExport(f *exportForm) {
	k := f.kind()
	pw := ""
	if k.encrypted {
		if f.first.Text != f.second.Text {
			f.fail("The two passwords are not the same.")
			return
		}
		if err := vault.CheckNewPassword(f.first.Text); err != nil {
			f.fail(sentence(err.Error()))
			return
		}
		pw = f.first.Text
	}
	if k.screen {
		u.showMigrationCodes()
		return
	}
	if k.folder {
		u.folderDialog(func(dir string) {
			if why := u.notPrivate(dir); why != "" {
				u.Confirm("This folder is not private", why+" These pictures are NOT protected: anyone who can open that folder can copy your keys.", "Save them there anyway", func() { u.exportTo(k, pw, dir) })
				return
			}
			u.exportTo(k, pw, dir)
		}).Show()
		return
	}
	chosen := func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if w == nil {
			return
		}
		// The dialog made an empty file; the export replaces it whole.
		path := w.URI().Path()
		w.Close()
		u.exportTo(k, pw, path)
	}
	if !k.encrypted {
		u.savePlain(k.fileName, chosen) // plainsave.go: not in a synced folder by accident
		return
	}
	d := dialog.NewFileSave(chosen, u.Window)
	d.SetFileName(k.fileName)
	u.track(d)
	d.Show()
}

// exportTo writes the export off the UI goroutine and says what happened.
func (u *UI) exportTo(k exportKind, password, path string) {
	if u.v == nil {
		return
	}
	var entries []vault.Entry
	for _, e := range u.v.Sorted() {
		entries = append(entries, *e)
	}
	var problems []interop.Problem
	u.Slow("Exporting…", func() error {
		var err error
		problems, err = k.write(entries, password, path)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("the export was not written: %w", err))
			return
		}
		u.ShowMain()
		text := fmt.Sprintf("Wrote %s to %s.", vault.Count(len(entries)-len(problems), "key", "keys"), path)
		for _, p := range problems {
			text += "\n• Left out: " + p.Name + " (" + p.Reason + ")"
		}
		if !k.encrypted {
			text += "\n\nThis export is NOT protected: delete it when you are done."
		}
		u.ShowInfo("Export written", text)
	})
}

// showMigrationCodes shows the Google Authenticator transfer codes one at a
// time, to scan from the screen.
func (u *UI) showMigrationCodes() {
	if u.v == nil {
		return
	}
	var entries []vault.Entry
	for _, e := range u.v.Sorted() {
		entries = append(entries, *e)
	}
	batches, problems := interop.MigrationBatches(entries)
	if len(batches) == 0 {
		u.ShowInfo("Nothing to show", "Google Authenticator cannot hold any of your keys (Steam keys, 7-digit codes and codes that change other than every 30 seconds).")
		return
	}
	var left []string
	for _, p := range problems {
		left = append(left, p.Name)
	}
	var show func(i int)
	show = func(i int) {
		b := batches[i]
		png, err := interop.QRPNG(b.Link, 600)
		if err != nil {
			u.ShowError(err)
			return
		}
		img := canvas.NewImageFromResource(fyne.NewStaticResource(fmt.Sprintf("transfer-%d.png", b.Index), png))
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSize(340, 340))
		title := fmt.Sprintf("Code %d of %d", b.Index, b.Count)
		holds := wrapped(fmt.Sprintf("This code holds %s: %s.", vault.Count(len(b.Names), "key", "keys"), strings.Join(b.Names, ", ")))
		prev := widget.NewButtonWithIcon("Previous", theme.NavigateBackIcon(), func() { show(i - 1) })
		next := widget.NewButtonWithIcon("Next code", theme.NavigateNextIcon(), func() { show(i + 1) })
		next.Importance = widget.HighImportance
		if i == 0 {
			prev.Disable()
		}
		done := widget.NewButton("Done", u.ShowMain)
		buttons := container.NewHBox(prev, layoutSpacer(), done, next)
		if i == len(batches)-1 {
			next.Hide()
			done.Importance = widget.HighImportance
		}
		content := []fyne.CanvasObject{
			wrapped("On the phone: Google Authenticator, menu, Transfer accounts, Import accounts. Then scan this code. Anyone who sees it can copy your keys: close it when you are done."),
			widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
			img,
			holds,
		}
		if len(left) > 0 && i == len(batches)-1 {
			w := wrapped("Not in these codes (Google Authenticator cannot hold them): " + strings.Join(left, ", ") + ".")
			w.Importance = widget.WarningImportance
			content = append(content, w)
		}
		u.ShowScreenWithButtons("Move your keys to Google Authenticator", readableColumn(container.NewVBox(content...)), buttons)
	}
	show(0)
}
