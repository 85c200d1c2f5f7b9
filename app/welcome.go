package app

import (
	"fmt"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/resources"
	"sparekey/vault"
)

// The first start: welcome, choose a master password, keep the recovery
// key, add the first key, then the list.

// welcomeText says in two sentences what Sparekey does.
const welcomeText = "Sparekey keeps a spare of the keys behind your two-step login codes, locked on this computer with one master password. " +
	"If your phone is lost or broken, your codes are still here, and Sparekey can print them on paper and copy them to a USB stick."

// firstStart holds the first-start widgets, for tests.
type firstStart struct {
	start     *primaryButton
	fromCopy  *widget.Button
	fromPaper *widget.Button
	chooser   *passwordChooser
	recovery  string
	stored    *widget.Check
	cont      *primaryButton
	saveFile  *widget.Button
	recovered *widget.Label
}

func (u *UI) showWelcome() {
	f := &firstStart{}
	u.first = f
	u.restoring = nil // a restore given up: drop what opened its copies
	f.start = newPrimaryButton("Start fresh", theme.NavigateNextIcon(), u.showNewPassword)
	f.fromCopy = widget.NewButtonWithIcon("From a copy…", theme.StorageIcon(), u.chooseCopyToRestore)
	f.fromPaper = widget.NewButtonWithIcon("From paper…", theme.DocumentPrintIcon(), u.showPaperWelcome)
	way := func(title, text string, b fyne.CanvasObject) fyne.CanvasObject {
		t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		return widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewCenter(b),
			container.New(&minWidth{w: 180}, container.NewVBox(t, wrapped(text)))))
	}
	content := []fyne.CanvasObject{
		container.NewCenter(container.NewGridWrap(fyne.NewSize(96, 96), widget.NewIcon(resources.Icon))),
		wrapped(welcomeText),
		way("Start fresh", "Keep your keys on this computer: you choose a master password, then add your keys.", f.start),
		way("Bring your keys back from a copy", "From an encrypted copy that Sparekey made: on a USB stick, or in a folder that syncs to the cloud.", f.fromCopy),
		way("Bring your keys back from paper", "From your printed recovery sheets or a paper copy: photos or scans of them, or typed in by hand.", f.fromPaper),
	}
	if more := u.actionButtons(false); len(more) > 0 {
		content = append(content, container.NewHBox(append([]fyne.CanvasObject{layoutSpacer()}, more...)...))
	}
	u.show(screenWelcome, page("Welcome to Sparekey", content...), nil)
	u.focus(f.start) // Space starts
}

// showNewPassword asks for the master password of the new vault.
func (u *UI) showNewPassword() {
	f := u.first
	chooser, form := u.newPasswordChooser("Lock my keys with this password", func(pw string) { u.createVault(pw) })
	f.chooser = chooser
	back := u.showWelcome
	if u.gathered != nil && len(u.gathered.Entries) > 0 {
		back = u.showPaperWelcome // the keys from paper wait for this vault
	}
	u.show(screenPassword, page("Choose a master password", form), back)
	u.focus(chooser.first)
}

// createVault makes the vault file (two scrypt slots: slow) off the UI
// goroutine, then shows the recovery key.
func (u *UI) createVault(pw string) {
	var v *vault.Vault
	var key string
	var gathered []vault.Entry
	if g := u.gathered; g != nil && len(g.Entries) > 0 {
		gathered = append(gathered, g.Entries...)
	}
	u.Slow("Creating your Sparekey file…", func() error {
		var err error
		v, key, err = vault.Create(u.cfg.VaultPath, pw, u.cfg.Options...)
		if err != nil {
			return err
		}
		if gathered != nil {
			// The keys brought back from paper (paper_welcome.go).
			if _, _, err = backup.AddKeys(v, gathered); err == nil {
				err = v.Save()
			}
			if err != nil {
				v.Close()
				os.Remove(u.cfg.VaultPath)
			}
		}
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("Sparekey could not create your Sparekey file: %w", err))
			return
		}
		u.first.chooser.clear()
		u.v = v
		u.activity()
		u.setTitle()
		next := u.showFirstKey
		if gathered != nil {
			u.gathered = nil
			next = u.ShowMain
		}
		u.showRecoveryKey(key, next)
	})
}

// showRecoveryKey shows a new recovery key once, with ways to keep it, and
// goes on (next) only when the person says it is stored. A note, if any,
// comes first (a new key replacing the old one says so).
func (u *UI) showRecoveryKey(key string, next func(), note ...string) {
	f := u.first
	if f == nil {
		f = &firstStart{}
		u.first = f
	}
	f.recovery = key
	groups := strings.Split(key, "-")
	var lines []string
	for i := 0; i < len(groups); i += 5 {
		end := min(i+5, len(groups))
		lines = append(lines, strings.Join(groups[i:end], "  "))
	}
	shown := widget.NewLabelWithStyle(strings.Join(lines, "\n"), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	shown.SizeName = theme.SizeNameSubHeadingText
	shown.Selectable = true

	f.saveFile = widget.NewButtonWithIcon("Save it to a file…", theme.DocumentSaveIcon(), func() { u.saveRecoveryKey(key) })
	f.recovered = wrapped("")
	buttons := container.NewHBox(f.saveFile)
	buttons.Objects = append(buttons.Objects, u.recoveryKeyButtons(key)...)
	f.cont = newPrimaryButton("Continue", theme.NavigateNextIcon(), func() {
		f.recovery = ""
		next()
	})
	f.cont.Disable()
	f.stored = widget.NewCheck("My recovery key is stored safely", func(on bool) {
		if on {
			f.cont.Enable()
		} else {
			f.cont.Disable()
		}
	})
	var top []fyne.CanvasObject
	for _, n := range note {
		l := wrapped(n)
		l.Importance = widget.WarningImportance
		top = append(top, l)
	}
	u.show(screenRecovery, page("Your recovery key", append(top,
		wrapped("If you ever forget your master password, this recovery key is the only other way to open your keys. Save or print it now: Sparekey shows it only this once."),
		widget.NewCard("", "", shown),
		buttons,
		f.recovered,
		wrapped("Keep it away from this computer, for example with your passport. Anyone who has it and this computer's Sparekey file can see your keys. Once you have written it down, printed it or saved it, tick the box."),
		f.stored,
		container.NewHBox(layoutSpacer(), f.cont),
	)...), nil)
}

// recoveryKeyFile is what "Save it to a file…" writes.
func recoveryKeyFile(key string) string {
	return "Sparekey recovery key\n\n" + key + "\n\n" +
		"This key opens your Sparekey file, and its copies, if you forget your master password.\n" +
		"In Sparekey, choose \"Forgot your password? Use your recovery key\" and type it.\n" +
		"Keep this file off the computer that has your keys (a USB stick in a drawer, or print it and delete the file).\n"
}

func (u *UI) saveRecoveryKey(key string) {
	u.savePlain("Sparekey recovery key.txt", func(w fyne.URIWriteCloser, err error) { u.writeRecoveryKey(w, err, key) }) // plainsave.go
}

// writeRecoveryKey writes the file chosen in "Save it to a file…".
func (u *UI) writeRecoveryKey(w fyne.URIWriteCloser, err error, key string) {
	if err != nil {
		u.ShowError(fmt.Errorf("the recovery key was not saved: %w", err))
		return
	}
	if w == nil {
		return // cancelled
	}
	if err = makePrivate(w); err == nil {
		_, err = io.WriteString(w, recoveryKeyFile(key))
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		u.ShowError(fmt.Errorf("the recovery key was not saved completely: %w", err))
		return
	}
	u.first.recovered.SetText("Saved to " + w.URI().Path() + ". Now move it off this computer, or print it and delete the file.")
	u.grew()
}

// showFirstKey offers to add the first key; "Skip for now" goes to the list.
func (u *UI) showFirstKey() {
	u.showAddScreen(true)
}
