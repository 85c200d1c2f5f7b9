package app

// Bringing keys back from paper on the first start, before there is a
// vault: the person reads in photos or scans of the recovery sheets (every
// QR code on them) and types the keys whose code cannot be read; the keys
// gather in memory, and the vault is made with them at the end. Keys from
// paper are on paper already, so they count as printed.

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/interop"
	"sparekey/vault"
)

// screenPaperWelcome is the first start's "from paper" screen.
const screenPaperWelcome = "paper-welcome"

// paperWelcome holds the screen's widgets, for tests.
type paperWelcome struct {
	create *primaryButton
	photos *widget.Button
	folder *widget.Button
	typeIt *widget.Button
	// paperCopy reads photos of a paper copy's pages instead (papercopy.go).
	paperCopy *widget.Button
	// status is the screen's status line (toast): a reading stopped.
	status *widget.Label
}

// showPaperWelcome shows the keys gathered from paper so far and the ways
// to add more.
func (u *UI) showPaperWelcome() {
	if u.gathered == nil {
		u.gathered = vault.NewInMemory()
	}
	g := u.gathered
	pw := &paperWelcome{}
	u.paperWelcome = pw
	pw.photos = widget.NewButtonWithIcon("Choose a photo…", theme.FileImageIcon(), u.choosePaperPhoto)
	pw.folder = widget.NewButtonWithIcon("Choose a folder of photos…", theme.FolderOpenIcon(), u.choosePaperFolder)
	pw.typeIt = widget.NewButtonWithIcon("Type a key…", theme.DocumentCreateIcon(), u.showPaperRestore)
	pw.paperCopy = widget.NewButtonWithIcon("From a paper copy…", theme.DocumentIcon(), u.choosePaperCopy) // papercopy.go
	n := len(g.Entries)
	label := "Keep my " + vault.Count(n, "key", "keys") + " in Sparekey"
	pw.create = newPrimaryButton(label, theme.NavigateNextIcon(), u.showNewPassword)
	if n == 0 {
		pw.create.Disable()
	}
	box := container.NewVBox(
		wrapped("Photograph or scan each recovery sheet (a phone photo is enough), and choose the pictures here, or drop them on this window: Sparekey reads every QR code on them. A key whose code cannot be read can be typed from the sheet, line by line."),
		container.NewHBox(pw.photos, pw.folder, pw.typeIt),
	)
	pw.status = wrapped("")
	pw.status.Hide() // until there is something to say
	box.Add(pw.status)
	box.Add(widget.NewSeparator())
	if n == 0 {
		box.Add(wrapped("No keys yet."))
	} else {
		box.Add(widget.NewLabelWithStyle(fmt.Sprintf("Keys found so far (%d):", n), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		var names []string
		for _, e := range g.Sorted() {
			names = append(names, "• "+e.Name())
		}
		box.Add(widget.NewLabel(strings.Join(names, "\n")))
	}
	box.Add(wrapped("When every key is here, keep them in Sparekey: you choose a master password next."))
	box.Add(container.NewHBox(layoutSpacer(), pw.create))
	box.Add(widget.NewSeparator())
	box.Add(wrapped("Have a paper copy instead (all your keys printed on a few pages, locked with your password)? Photograph or scan every page into one folder, and choose it: your keys come back with your master password or your recovery key."))
	box.Add(container.NewHBox(pw.paperCopy))
	back := u.showWelcome
	u.show(screenPaperWelcome, u.withBack("Bring your keys back from paper", container.New(&minWidth{w: narrowWidth}, box), back), back)
}

// choosePaperPhoto asks for one picture of a sheet (the dialog of every
// "choose a picture" button, scan.go).
func (u *UI) choosePaperPhoto() {
	u.choosePicture(func(p interop.Picture) { u.readPaperPhotos([]interop.Picture{p}) })
}

// choosePaperFolder asks for a folder of scans or photos and reads them
// all.
func (u *UI) choosePaperFolder() {
	u.choosePictureFolder(func(pics []interop.Picture, _ string) { u.readPaperPhotos(pics) }) // scan.go
}

// paperDropped takes pictures, and folders of them, dropped on the "from
// paper" screen; anything else dropped with them is passed over.
func (u *UI) paperDropped(uris []fyne.URI) bool {
	if u.screen != screenPaperWelcome {
		return false
	}
	pics, _ := droppedPictures(uris) // scan.go
	if len(pics) == 0 {
		return false
	}
	u.readPaperPhotos(pics)
	return true
}

// readPaperPhotos reads the QR codes of the pictures as every picture is
// read (scan.go: off the UI goroutine, a progress bar, "Picture N of M" and
// Cancel), then adds the keys found to those gathered, as on paper, and says
// what each picture gave. Cancelled, it adds nothing.
func (u *UI) readPaperPhotos(pics []interop.Picture) {
	title := "Looking for QR codes in " + vault.Count(len(pics), "picture", "pictures") + "…"
	u.readPicturesThen(title, pics, u.addPaperKeys)
}

// addPaperKeys adds what the photos of sheets gave to the keys gathered,
// each counting as on paper, and says what each picture gave.
func (u *UI) addPaperKeys(found *interop.Found, reports []interop.PictureReport) {
	if u.gathered == nil {
		u.gathered = vault.NewInMemory()
	}
	g := u.gathered
	plan := interop.PlanImport(g, found)
	added, err := plan.Apply(g)
	now := u.Now().UTC()
	for _, a := range added {
		if e := g.Get(a.ID); e != nil && e.Printed.IsZero() {
			e.Printed = now // it is on paper: that is where it came from
		}
	}
	var lines []string
	for _, r := range reports {
		if r.Codes == 0 && errors.Is(r.Err, interop.ErrNoQRCode) {
			lines = append(lines, r.Name+": no QR code could be read: take the photo again, closer and sharper, or type its keys.")
			continue
		}
		lines = append(lines, r.String()+".")
	}
	switch d := len(plan.Duplicates); {
	case d == 1:
		lines = append(lines, "1 key was read before, so it is not added again.")
	case d > 1:
		lines = append(lines, fmt.Sprintf("%d keys were read before, so they are not added again.", d))
	}
	for _, p := range found.Problems {
		line := sentence(strings.TrimSuffix(p.Reason, ".")) + "."
		if p.Name != "" {
			line = p.Name + ": " + line
		}
		lines = append(lines, line)
	}
	if err != nil {
		lines = append(lines, sentence("Not every key could be added: "+err.Error()))
	}
	u.showPaperWelcome()
	u.ShowInfo("Found "+vault.Count(len(added), "new key", "new keys"), strings.Join(lines, "\n"))
}
