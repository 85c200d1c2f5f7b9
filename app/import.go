package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/interop"
	"sparekey/vault"
)

// Importing from another app: choose (or drop) a file, Sparekey finds which
// app it comes from, asks for the export's password if it has one, and shows
// what it found — new keys, keys already here, keys it cannot take and why.
// Nothing is added until the person presses "Add".

// importFile is one file to import: its name, as the person knows it, and
// its content.
type importFile struct {
	name string
	data []byte
}

// chooseImportFile asks for an export file or a picture and imports it.
func (u *UI) chooseImportFile() {
	d := dialog.NewFileOpen(u.importChosen, u.Window)
	u.track(d)
	d.Show()
}

// importChosen imports the file chosen in the import's file dialog.
func (u *UI) importChosen(r fyne.URIReadCloser, err error) {
	if err != nil {
		u.ShowError(err)
		return
	}
	if r == nil {
		return
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, interop.MaxFileSize+1))
	if err == nil && len(data) > interop.MaxFileSize {
		err = errTooLarge
	}
	if err != nil {
		u.ShowError(fmt.Errorf("reading %s: %w", r.URI().Name(), err))
		return
	}
	if r.URI().Scheme() == "file" {
		data = interop.WithFilesBeside(r.URI().Path(), data)
	}
	if isSparekeyCopy(data) && r.URI().Scheme() == "file" {
		// One of Sparekey's own encrypted copies: what the person
		// wants is to restore it.
		u.openCopyFile(r.URI().Path())
		return
	}
	u.importFiles([]importFile{{r.URI().Name(), data}})
}

// isSparekeyCopy reports whether data is one of Sparekey's encrypted
// copies (a vault file, or a first-version copy: an armored age file),
// which import cannot read but restore can.
func isSparekeyCopy(data []byte) bool {
	if _, err := vault.Inspect(data); err == nil {
		return true
	}
	return bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN AGE ENCRYPTED FILE-----"))
}

var errTooLarge = errors.New("the file is too large to be an export or a picture of a QR code")

// importDropped imports files dropped on the window, if they are exports or
// pictures; it reports whether it took them.
func (u *UI) importDropped(uris []fyne.URI) bool {
	var files []importFile
	for _, uri := range uris {
		if uri.Scheme() != "file" {
			continue
		}
		fi, err := os.Stat(uri.Path())
		if err != nil || fi.IsDir() || fi.Size() > interop.MaxFileSize {
			continue
		}
		data, err := os.ReadFile(uri.Path())
		if err != nil {
			continue
		}
		data = interop.WithFilesBeside(uri.Path(), data)
		if !looksImportable(data) {
			continue
		}
		files = append(files, importFile{filepath.Base(uri.Path()), data})
	}
	if len(files) == 0 {
		return false
	}
	if u.v == nil {
		u.ShowInfo("Unlock first", "Unlock Sparekey with your master password, then drop the file again to bring its keys in.")
		return true
	}
	u.importFiles(files)
	return true
}

// looksImportable reports whether import knows what data is (an export, or
// another app's data that it says it cannot read).
func looksImportable(data []byte) bool { return interop.Recognises(data) }

// importFiles reads the files off the UI goroutine, asks for a password when
// an export has one, and shows what was found.
func (u *UI) importFiles(files []importFile) {
	u.readImport(files, "", &interop.Found{}, "")
}

// readImport reads files in turn into all, then shows the preview. A file
// that needs a password stops the reading to ask for it, then goes on.
// source names what was read so far, for the preview.
func (u *UI) readImport(files []importFile, password string, all *interop.Found, source string) {
	if len(files) == 0 {
		u.showImportPreview(all, source)
		return
	}
	f := files[0]
	if isSparekeyCopy(f.data) {
		u.ShowError(fmt.Errorf("the file %s is an encrypted copy made by Sparekey, not an export of another app: open it with File, Restore from an encrypted copy… to see what it holds and add its keys", f.name))
		return
	}
	var found *interop.Found
	title := "Reading " + f.name + "…"
	u.Slow(title, func() error {
		var err error
		found, err = interop.Read(f.data, "auto", password)
		return err
	}, func(err error) {
		switch {
		case errors.Is(err, interop.ErrNeedPassword):
			u.askImportPassword(f, false, func(pw string) { u.readImport(files, pw, all, source) })
		case errors.Is(err, interop.ErrWrongPassword):
			u.askImportPassword(f, true, func(pw string) { u.readImport(files, pw, all, source) })
		case err != nil:
			u.ShowError(fmt.Errorf("the file %s cannot be imported: %w", f.name, err))
		default:
			// Merge, not append: a transfer's QR codes may be in several
			// pictures, and each alone reports the others' codes missing.
			format := joinFormat(all.Format, found.Format)
			*all = *interop.Merge(all, found)
			all.Format = format
			u.readImport(files[1:], "", all, joinFormat(source, f.name+" ("+plainFormat(found.Format)+")"))
		}
	})
}

// plainFormat names an export's kind inside a sentence.
func plainFormat(title string) string {
	if title == interop.LinksTitle {
		return "a list of key links"
	}
	return title
}

func joinFormat(a, b string) string {
	if a == "" || a == b {
		return b
	}
	return a + ", " + b
}

// askImportPassword asks for the password of an encrypted export; wrong
// says the last one did not open it.
func (u *UI) askImportPassword(f importFile, wrong bool, then func(string)) {
	pw := newPasswordEntry(u, "Password of the export")
	text := "This export is protected by a password: the one you chose when you exported your keys from the other app. (It is not your Sparekey password.)"
	title := "Password of " + f.name
	if wrong {
		title = "Wrong password"
		text = "This password does not open " + f.name + ". Type the password you chose when you exported from the other app; capital letters count. Nothing was imported."
	}
	msg := wrapped(text)
	if wrong {
		msg.Importance = widget.DangerImportance
	}
	content := container.NewVBox(layoutWrap(msg), pw)
	d := dialog.NewCustomConfirm(title, "Open", "Cancel", content, func(ok bool) {
		if ok {
			then(pw.Text)
		}
	}, u.Window)
	pw.OnSubmitted = func(string) { d.Hide(); then(pw.Text) }
	u.track(d)
	d.Show()
	u.focus(pw)
}

// showImportPreview shows what an import would do and adds the new keys
// when the person says so. from names where the keys come from.
func (u *UI) showImportPreview(found *interop.Found, from string) {
	u.showPreview(found, from, "Import from another app", nil)
}

// showPreview is the import's preview titled title; pictures, when given,
// are lines saying what each picture read gave (scan.go), shown first.
func (u *UI) showPreview(found *interop.Found, from, title string, pictures []string) {
	if u.v == nil {
		u.ShowMain()
		return
	}
	plan := interop.PlanImport(u.v, found)
	var content []fyne.CanvasObject
	switch {
	case len(plan.New) == 0 && len(plan.Duplicates) == 0 && len(plan.Problems) == 0:
		content = append(content, wrapped("There are no keys in "+from+"."))
	case len(plan.New) == 0:
		content = append(content, wrapped("Nothing new to add from "+from+"."))
	default:
		content = append(content, wrapped(fmt.Sprintf("From %s, Sparekey can add %s. Nothing is added until you press the button at the bottom.", from, vault.Count(len(plan.New), "key", "keys"))))
	}
	section := func(title string, lines []string, importance widget.Importance) {
		if len(lines) == 0 {
			return
		}
		t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		t.Importance = importance
		content = append(content, widget.NewSeparator(), t)
		for _, l := range lines {
			content = append(content, wrapped("•  "+l))
		}
	}
	section(fmt.Sprintf("What each picture gave (%d)", len(pictures)), pictures, widget.MediumImportance)
	var names []string
	for _, e := range plan.New {
		n := e.Name()
		if s := e.Settings(); s != "" {
			n += " — " + s
		}
		names = append(names, n)
	}
	section(fmt.Sprintf("New (%d)", len(plan.New)), names, widget.MediumImportance)
	names = nil
	for _, e := range plan.Duplicates {
		names = append(names, u.duplicateLine(e))
	}
	section(fmt.Sprintf("Already in Sparekey, will be skipped (%d)", len(plan.Duplicates)), names, widget.MediumImportance)
	names = nil
	for _, r := range plan.Repeats {
		names = append(names, r.String())
	}
	section(fmt.Sprintf("Twice in what you import, added once (%d)", len(plan.Repeats)), names, widget.MediumImportance)
	names = nil
	for _, p := range plan.Problems {
		names = append(names, p.Name+": "+strings.TrimSuffix(p.Reason, "."))
	}
	section(fmt.Sprintf("Cannot be imported (%d)", len(plan.Problems)), names, widget.WarningImportance)

	cancel := widget.NewButton("Cancel", u.ShowMain)
	addText := "Add " + vault.Count(len(plan.New), "key", "keys")
	add := widget.NewButtonWithIcon(addText, theme.ContentAddIcon(), func() { u.applyImport(plan) })
	add.Importance = widget.HighImportance
	if len(plan.New) == 0 {
		add.Disable()
		cancel.SetText("Close")
	}
	u.ShowScreenWithButtons(title, readableColumn(container.NewVBox(content...)),
		container.NewHBox(cancel, layoutSpacer(), add))
}

// duplicateLine names a key of an export that is skipped, and the key of
// the vault it is the same as when the vault calls it something else (the
// person would not otherwise find it in the list).
func (u *UI) duplicateLine(e vault.Entry) string {
	if have := u.v.FindDuplicate(&e); have != nil && have.Name() != e.Name() {
		return e.Name() + " — the same key as your “" + have.Name() + "”"
	}
	return e.Name()
}

// applyImport adds the plan's new keys and saves.
func (u *UI) applyImport(plan interop.Plan) {
	if u.v == nil {
		u.ShowMain()
		return
	}
	added, err := plan.Apply(u.v)
	u.ShowMain()
	if err != nil {
		u.ShowError(err)
	}
	if len(added) > 0 && u.Changed() == nil {
		u.toast("Added " + vault.Count(len(added), "key", "keys"))
	}
}

// readableColumn gives wrapped labels in content a width to wrap at before
// the screen is laid out, so that they take the height they need.
func readableColumn(content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&minWidth{w: narrowWidth}, content)
}

// scanQRButton is the add-key screen's "Scan a QR image…" button.
func (u *UI) scanQRButton() fyne.CanvasObject {
	return widget.NewButtonWithIcon("Scan a QR image…", theme.FileImageIcon(), u.chooseQRImage)
}

// chooseQRImage asks for a picture (a screenshot or a photo of a QR code)
// and reads it.
func (u *UI) chooseQRImage() {
	u.choosePicture(u.scanPicture)
}

// scanPicture reads the QR codes of a picture as many pictures are read
// (scan.go: a progress bar, Cancel, auto-lock waits only for as long): one
// setup code read while the add-key screen is shown fills its form (the
// person checks it and adds it); several codes, or a Google Authenticator
// transfer code, go to the import preview.
func (u *UI) scanPicture(p interop.Picture) {
	u.readPicturesThen("Looking for QR codes in "+p.Name+"…", []interop.Picture{p}, func(found *interop.Found, reports []interop.PictureReport) {
		if u.fillAddForm(found) {
			return
		}
		u.showPicturesFound(found, reports, "the QR codes in "+p.Name, false)
	})
}

// fillAddForm fills the add-key form with what a picture gave, when the
// form is shown and the picture gave one key from a setup code (not from a
// transfer code) and nothing else; it reports whether it did.
func (u *UI) fillAddForm(found *interop.Found) bool {
	if u.add == nil || u.screen != screenAdd || len(found.Entries) != 1 || len(found.Problems) != 0 || found.Transfers() != 0 {
		return false
	}
	e := found.Entries[0]
	link := e.URI()
	if !e.Printed.IsZero() {
		link = e.SheetURI(e.Printed) // read from a recovery sheet: on paper
	}
	if _, _, err := vault.ParseURI(link); err != nil {
		return false
	}
	u.add.link.SetText(link)
	// The form's messages appear: lay the screen out again.
	u.Window.Content().Refresh()
	return true
}
