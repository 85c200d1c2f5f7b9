package app

// Bringing keys back from paper on the first start, before there is a
// vault: the person reads in photos or scans of the recovery sheets (every
// QR code on them) and types the keys whose code cannot be read; the keys
// gather in memory, and the vault is made with them at the end. Keys from
// paper are on paper already, so they count as printed.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
}

// pictureExtensions are the files read as photos of sheets.
var pictureExtensions = []string{".png", ".jpg", ".jpeg", ".gif", ".webp"}

// maxPhotos bounds how many pictures of one folder are read.
const maxPhotos = 200

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
		widget.NewSeparator(),
	)
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
	u.choosePicture(func(p interop.Picture) {
		data := p.Data
		if p.Open != nil {
			var err error
			if data, err = p.Open(); err != nil {
				u.ShowError(fmt.Errorf("reading %s: %w", p.Name, err))
				return
			}
		}
		u.readPaperPhotos([]importFile{{p.Name, data}})
	})
}

// choosePaperFolder asks for a folder of scans or photos and reads them
// all.
func (u *UI) choosePaperFolder() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if dir == nil {
			return
		}
		files, err := picturesIn(dir.Path())
		if err != nil {
			u.ShowError(err)
			return
		}
		u.readPaperPhotos(files)
	}, u.Window)
	u.track(d)
	d.Show()
}

// picturesIn reads the pictures of a folder, in name order.
func picturesIn(dir string) ([]importFile, error) {
	items, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("the folder %s cannot be read: %w", dir, err)
	}
	var names []string
	for _, it := range items {
		ext := strings.ToLower(filepath.Ext(it.Name()))
		if it.Type().IsRegular() && contains(pictureExtensions, ext) {
			names = append(names, it.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("there is no picture in %s (PNG, JPEG, GIF or WebP)", dir)
	}
	if len(names) > maxPhotos {
		return nil, fmt.Errorf("%s holds %d pictures; choose a folder with the photos of the sheets only (at most %d)", dir, len(names), maxPhotos)
	}
	var out []importFile
	for _, n := range names {
		p := filepath.Join(dir, n)
		if fi, err := os.Stat(p); err != nil || fi.Size() > maxImportSize {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", n, err)
		}
		out = append(out, importFile{n, data})
	}
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// paperDropped takes pictures dropped on the "from paper" screen.
func (u *UI) paperDropped(uris []fyne.URI) bool {
	if u.screen != screenPaperWelcome {
		return false
	}
	var files []importFile
	for _, uri := range uris {
		if uri.Scheme() != "file" || !contains(pictureExtensions, strings.ToLower(filepath.Ext(uri.Path()))) {
			continue
		}
		if fi, err := os.Stat(uri.Path()); err != nil || fi.IsDir() || fi.Size() > maxImportSize {
			continue
		}
		data, err := os.ReadFile(uri.Path())
		if err != nil {
			continue
		}
		files = append(files, importFile{filepath.Base(uri.Path()), data})
	}
	if len(files) == 0 {
		return false
	}
	u.readPaperPhotos(files)
	return true
}

// readPaperPhotos reads the QR codes of the pictures off the UI goroutine,
// adds the keys found to those gathered, and says what each picture gave.
func (u *UI) readPaperPhotos(files []importFile) {
	if u.gathered == nil {
		u.gathered = vault.NewInMemory()
	}
	g := u.gathered
	found := make([]*interop.Found, len(files))
	errs := make([]error, len(files))
	u.Slow(fmt.Sprintf("Reading %s…", vault.Count(len(files), "picture", "pictures")), func() error {
		for i, f := range files {
			found[i], errs[i] = interop.Read(f.data, "auto", "")
		}
		return nil
	}, func(error) {
		var lines []string
		total := 0
		for i, f := range files {
			if errs[i] != nil {
				msg := errs[i].Error()
				if errors.Is(errs[i], interop.ErrNoQRCode) {
					msg = "no QR code could be read: take the photo again, closer and sharper, or type its keys"
				}
				lines = append(lines, f.name+": "+msg+".")
				continue
			}
			plan := interop.PlanImport(g, found[i])
			added, err := plan.Apply(g)
			now := u.Now().UTC()
			for _, a := range added {
				if e := g.Get(a.ID); e != nil && e.Printed.IsZero() {
					e.Printed = now // it is on paper: that is where it came from
				}
			}
			total += len(added)
			line := fmt.Sprintf("%s: %s", f.name, vault.Count(len(added), "new key", "new keys"))
			if d := len(plan.Duplicates); d > 0 {
				line += fmt.Sprintf(" (%d already read)", d)
			}
			if err != nil {
				line += ": " + err.Error()
			}
			lines = append(lines, line+".")
		}
		u.showPaperWelcome()
		u.ShowInfo(fmt.Sprintf("Found %s", vault.Count(total, "new key", "new keys")), strings.Join(lines, "\n"))
	})
}
