package app

// The paper copy: the whole vault, locked as it is, printed as QR codes and
// text (printing.PaperCopy), for a second building or a bank box; and
// bringing it back from photos or scans of its pages
// (printing.ReadPaperCopy), then restoring from it as from an encrypted
// copy (copies_restore.go).

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/printing"
	"sparekey/vault"
)

// paperCopyWhat says what a paper copy is and when to use it, on every
// screen that offers one.
const paperCopyWhat = "A paper copy is all your keys printed on a few pages: every key, locked like your Sparekey file, so it opens only with your master password or your recovery key. " +
	"Leave it with someone you trust or in a bank box, away from home: if a fire or a flood takes your computer and your recovery sheets, it brings every key back from photos of its pages."

// printPaperCopy makes the paper copy of the vault file as it is saved, and
// offers to open it to print or to save it.
func (u *UI) printPaperCopy() {
	if u.v == nil {
		return
	}
	path := u.v.Path()
	if path == "" {
		u.ShowInfo("No paper copy in the demo", "The demo's sample keys are not kept in a Sparekey file, so there is no paper copy to print.")
		return
	}
	opts := printing.Options{Paper: printing.A4, Now: u.Now()}
	if u.PaperSize() == "Letter" {
		opts.Paper = printing.Letter
	}
	var pdf bytes.Buffer
	u.Slow("Making the paper copy…", func() error {
		file, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("your Sparekey file could not be read: %w", err)
		}
		return printing.PaperCopy(&pdf, file, opts)
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("the paper copy could not be made: %w", err))
			return
		}
		u.offerPaperCopy(pdf.Bytes())
	})
}

// offerPaperCopy asks whether to open the paper copy to print it or to
// save it. It is locked, so it may be saved anywhere.
func (u *UI) offerPaperCopy(pdf []byte) {
	var d dialog.Dialog
	open := func() {
		d.Hide()
		remove := u.viewPDF(pdf, "paper-copy")
		if remove == nil {
			return
		}
		done := dialog.NewInformation("Print the paper copy",
			"The paper copy is open in your PDF viewer. Print every page from there, then press OK. Write on it where you keep it, and print a new one after adding keys.", u.Window)
		done.SetOnClosed(remove)
		u.ShowDialog(done)
	}
	save := func() {
		d.Hide()
		s := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				u.ShowError(fmt.Errorf("the paper copy was not saved: %w", err))
				return
			}
			if w == nil {
				return
			}
			if err := writeAll(w, pdf); err != nil {
				u.ShowError(fmt.Errorf("the paper copy was not saved completely: %w", err))
				return
			}
			u.ShowInfo("Paper copy saved", "Saved to "+w.URI().Path()+". It is locked like your Sparekey file, so the file may stay there; print every page of it.")
		}, u.Window)
		s.SetFileName("Sparekey paper copy.pdf")
		u.track(s)
		s.Show()
	}
	d = dialog.NewCustom("Your paper copy", "Cancel", container.New(&minWidth{w: narrowWidth}, container.NewVBox(
		wrapped(paperCopyWhat),
		wrapped("It holds your keys as they are today. Keep its pages together: Sparekey brings it back even if one page of its square codes is lost or spoiled."),
		container.NewHBox(newPrimaryButton("Open it to print…", theme.DocumentPrintIcon(), open),
			widget.NewButtonWithIcon("Save as PDF…", theme.DocumentSaveIcon(), save)),
	)), u.Window)
	u.ShowDialog(d)
}

// paperCopyCard is the part of a screen that offers the paper copy.
func (u *UI) paperCopyCard() fyne.CanvasObject {
	return container.NewVBox(
		widget.NewLabelWithStyle("All your keys on paper", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(paperCopyWhat),
		container.NewHBox(widget.NewButtonWithIcon("Print a paper copy…", theme.DocumentPrintIcon(), u.printPaperCopy)),
	)
}

// choosePaperCopy asks for the folder of photos or scans of a paper copy's
// pages.
func (u *UI) choosePaperCopy() {
	u.chooseFolderToRestore("paper copy", nil, u.readPaperCopy) // copies_restore.go
}

// readPaperCopy reads the paper copy from the pictures in dir off the UI
// goroutine, with a progress bar and Cancel, then asks what opens it.
func (u *UI) readPaperCopy(dir string) {
	pics := u.folderPictures(dir) // scan.go
	if pics == nil {
		return
	}
	var data []byte
	var unread []int
	u.withPictureProgress("Reading the paper copy from "+vault.Count(len(pics), "picture", "pictures")+"…", pics, func(ctx context.Context, progress func(done, total int)) error {
		var err error
		data, unread, err = printing.ReadPaperCopy(ctx, pics, progress)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("the paper copy could not be read: %w", err))
			return
		}
		u.askPaperCopySecret(data, unread)
	})
}

// askPaperCopySecret asks for the master password of the paper copy's time,
// or the recovery key, and shows what the paper copy holds. unread names the
// pages whose codes the spare codes stood in for.
func (u *UI) askPaperCopySecret(data []byte, unread []int) {
	read := "Every code was read. "
	if words := printing.UnreadPagesWords(unread); words != "" {
		read = words + "\n\n"
	}
	u.askSecret("Open the paper copy",
		read+"Type the master password you had when the paper copy was printed, or your recovery key, as printed on your emergency kit.",
		"Password or recovery key", func(typed string) {
			secret := secretFrom(typed, u.cfg.Options)
			var c *backup.Copy
			u.Slow("Opening the paper copy…", func() error {
				var err error
				c, err = backup.OpenData("the paper copy", data, secret)
				return err
			}, func(err error) {
				if err != nil {
					u.showErrorThen(restoreError(err), func() { u.askPaperCopySecret(data, unread) })
					return
				}
				r := &restoring{paper: true, chosen: -1, secret: secret,
					choices: []backup.Choice{{Found: backup.Found{File: c.File, Time: c.Updated, Info: c.Info}, Keys: len(c.Entries), Copy: c}}}
				u.showCopyContents(r, 0)
			})
		})
}
