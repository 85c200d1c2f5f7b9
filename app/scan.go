package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/capture"
	"sparekey/interop"
	"sparekey/vault"
)

// Bringing keys in the way desktop people meet them: the QR code on the
// screen ("Scan the QR code on my screen", Ctrl+Shift+S), a picture or link
// pasted with Ctrl+V, and many pictures at once (dropped, or a folder of
// them). Each ends in the import's preview (import.go): nothing is added
// until the person says so.

// scanState is how the screen and the clipboard are read; tests replace
// them.
type scanState struct {
	screens   func(context.Context) ([]capture.Screen, error)
	clipboard func(context.Context) (capture.Clip, error)
	// settle is how long Sparekey waits, its window hidden, before taking
	// the screen: a desktop that animates windows takes that long to take
	// it away. Zero means 400 ms.
	settle time.Duration
	// hidden is true while the window is hidden for a screen scan.
	hidden bool
}

// maxPictures bounds one folder's pictures (a recovery sheet of 500 keys
// is under 100 pages).
const maxPictures = 500

const (
	scanScreenLabel = "Scan the QR code on my screen"
	scanScreenShort = "Scan my screen" // the main screen's button, where room is short
	pasteLabel      = "Paste"
)

func (s *scanState) screensFunc() func(context.Context) ([]capture.Screen, error) {
	if s.screens != nil {
		return s.screens
	}
	return capture.Screens
}

func (s *scanState) clipboardFunc() func(context.Context) (capture.Clip, error) {
	if s.clipboard != nil {
		return s.clipboard
	}
	return capture.Clipboard
}

// scanScreenOffer is the top of the add-key screen: the easiest way in,
// when the website's QR code is on this very screen.
func (u *UI) scanScreenOffer() fyne.CanvasObject {
	screen := widget.NewButtonWithIcon(scanScreenLabel, theme.ViewFullScreenIcon(), u.scanScreen)
	return container.NewVBox(
		wrapped("Is the website's QR code on this screen? Sparekey can read it (its own window steps aside meanwhile):"),
		container.NewHBox(screen),
		widget.NewSeparator(),
	)
}

// pictureButtons is the add-key screen's row of ways to bring a key in
// from a picture: the clipboard, a picture file, many pictures.
func (u *UI) pictureButtons() fyne.CanvasObject {
	paste := widget.NewButtonWithIcon(pasteLabel, theme.ContentPasteIcon(), u.pasteFromClipboard)
	folder := widget.NewButtonWithIcon("A folder of pictures…", theme.FolderOpenIcon(), u.chooseScanFolder)
	return container.NewVBox(
		wrapped("Or with a picture of the QR code: paste a screenshot (Ctrl+V), or choose a screenshot or photo of it. Photos of every page of your recovery sheets are read at once: put them in one folder, or drop them all on this window."),
		container.NewHBox(paste, u.scanQRButton(), folder), // scanQRButton: import.go
	)
}

// scanScreen hides Sparekey's window (it must not hide the code), takes a
// picture of every screen, shows the window again and reads every QR code
// in the pictures.
func (u *UI) scanScreen() {
	if u.v == nil || u.scan.hidden {
		return
	}
	u.activity()
	u.scan.hidden = true
	u.busy++ // auto-lock waits
	u.Window.Hide()
	settle, take := u.scan.settle, u.scan.screensFunc()
	if settle == 0 {
		settle = 400 * time.Millisecond
	}
	go func() {
		time.Sleep(settle)
		// The Wayland portal waits for the person's answer: bounded, since
		// Sparekey's window is hidden meanwhile.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		screens, err := take(ctx)
		cancel()
		u.do(func() {
			u.scan.hidden = false
			u.Window.Show()
			u.Window.RequestFocus()
			u.endBusy()
			if u.v == nil {
				return
			}
			if err != nil {
				u.screenFailed(err)
				return
			}
			var pics []interop.Picture
			for _, s := range screens {
				pics = append(pics, interop.Picture{Name: s.Name, Image: s.Image})
			}
			u.readPictures("Looking for QR codes on your screen…", pics, "the QR codes on your screen", true)
		})
	}()
}

// endBusy ends one piece of work that auto-lock waited for, and locks if
// a lock was asked for meanwhile.
func (u *UI) endBusy() {
	u.busy--
	u.activity()
	if u.busy == 0 && u.lockPending {
		u.Lock()
	}
}

// screenFailed says why the screen could not be read and offers the
// picture route.
func (u *UI) screenFailed(err error) {
	if errors.Is(err, capture.ErrCancelled) {
		u.ShowInfo("Nothing was read", "The screenshot was cancelled, so Sparekey did not look at your screen. Choose "+scanScreenLabel+" again and allow it, or use a picture of the QR code.")
		return
	}
	title := "Sparekey could not read the screen"
	if capture.Unavailable(err) {
		title = "Sparekey cannot see the screen here"
	}
	u.offerPicture(title, sentence(err.Error()))
}

// offerPicture says text and offers the other ways to bring a QR code in.
func (u *UI) offerPicture(title, text string) {
	msg := wrapped(text + "\n\nYou can still bring the key in from a picture: take a screenshot and paste it here with Ctrl+V, or choose the picture's file.")
	d := dialog.NewCustomConfirm(title, "Choose a picture…", "Close", container.New(&minWidth{w: 400}, msg), func(ok bool) {
		if ok {
			u.chooseQRImage() // import.go
		}
	}, u.Window)
	u.track(d)
	d.Show()
}

// readPictures reads every QR code of pics off the UI goroutine, with a
// progress bar and Cancel, then shows the import's preview with what each
// picture gave. from names the pictures for the preview ("the QR codes on
// your screen"); screen says they are the screen's pictures.
func (u *UI) readPictures(title string, pics []interop.Picture, from string, screen bool) {
	u.readPicturesThen(title, pics, func(found *interop.Found, reports []interop.PictureReport) {
		u.showPicturesFound(found, reports, from, screen)
	})
}

// readPicturesThen is readPictures ending in done (on the UI goroutine)
// instead of the preview. Every picture read from a person's choice goes
// through here: Add a key, Import, dropped pictures and the first start's
// photos of recovery sheets.
func (u *UI) readPicturesThen(title string, pics []interop.Picture, done func(*interop.Found, []interop.PictureReport)) {
	var found *interop.Found
	var reports []interop.PictureReport
	u.withPictureProgress(title, pics, func(ctx context.Context, progress func(done, total int)) error {
		var err error
		found, reports, err = interop.ReadPictures(ctx, pics, progress)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("reading the pictures: %w", err))
			return
		}
		done(found, reports)
	})
}

// withPictureProgress runs read over pics off the UI goroutine, behind a
// dialog titled title with a progress bar, "Picture N of M: name" and
// Cancel; auto-lock waits meanwhile. read reports its progress as
// interop.ReadPictures does (a thousand steps a picture) and must stop when
// its context is cancelled. Then, on the UI goroutine: if the person
// pressed Cancel, it says that nothing was added; if Sparekey was locked or
// another vault opened meanwhile, nothing happens; else done gets read's
// error. More than maxPictures pictures are refused.
func (u *UI) withPictureProgress(title string, pics []interop.Picture, read func(ctx context.Context, progress func(done, total int)) error, done func(error)) {
	if len(pics) > maxPictures {
		u.ShowError(fmt.Errorf("that is %d pictures; Sparekey reads at most %d at once: choose fewer", len(pics), maxPictures))
		return
	}
	v := u.v // nil on the first start's "from paper" screen
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	status := widget.NewLabel("")
	status.Truncation = fyne.TextTruncateEllipsis
	if len(pics) > 1 {
		status.SetText(fmt.Sprintf("Picture 1 of %d: %s", len(pics), pics[0].Name))
	}
	d := dialog.NewCustom(title, "Cancel", container.NewGridWrap(fyne.NewSize(360, 2*bar.MinSize().Height+theme.Padding()), container.NewVBox(bar, status)), u.Window)
	u.trackThen(d, cancel)
	d.Show()
	u.busy++
	shown := -1
	progress := func(done, total int) {
		// At most a hundred updates, whatever the number of steps.
		percent := done * 100 / max(total, 1)
		picture := done / 1000
		if percent == shown {
			return
		}
		shown = percent
		u.do(func() {
			bar.SetValue(float64(done) / float64(max(total, 1)))
			if len(pics) > 1 && picture < len(pics) {
				status.SetText(fmt.Sprintf("Picture %d of %d: %s", picture+1, len(pics), pics[picture].Name))
			}
		})
	}
	go func() {
		err := read(ctx, progress)
		cancelled := ctx.Err() != nil
		cancel()
		u.do(func() {
			d.Hide()
			u.endBusy()
			if u.v != v {
				return
			}
			if cancelled {
				u.toast("Stopped: nothing was added")
				return
			}
			done(err)
		})
	}()
}

// showPicturesFound shows what the pictures gave: the import's preview, or
// a message when no QR code at all was found.
func (u *UI) showPicturesFound(found *interop.Found, reports []interop.PictureReport, from string, screen bool) {
	var names []string
	for _, e := range found.Entries {
		names = append(names, e.Name())
	}
	trace("pictures read (%s): %d keys: %s; %d problems", from, len(found.Entries), strings.Join(names, "; "), len(found.Problems))
	if len(found.Entries) == 0 && len(found.Problems) == 0 {
		switch {
		case screen:
			u.offerPicture("No QR code on the screen", "Sparekey looked at your whole screen and found no QR code. Show the whole code (scroll the page until all of it is in view, and make it larger if it is small), then choose "+scanScreenLabel+" again.")
			return
		case len(reports) == 1:
			u.ShowInfo("No QR code found", reports[0].String()+". A sharper picture, taken closer, with the whole code in it, may work.")
			return
		}
	}
	var lines []string
	if len(reports) > 1 || !screen {
		for _, r := range reports {
			lines = append(lines, r.String())
		}
	}
	title := "Add from a picture"
	if screen {
		title = "Add from your screen"
	} else if len(reports) > 1 {
		title = "Add from " + vault.Count(len(reports), "picture", "pictures")
	}
	u.showPreview(found, from, title, lines) // import.go
}

// pasteFromClipboard takes what the clipboard holds (Ctrl+V, or Paste on the
// add-key screen): a picture's QR codes, or otpauth:// links, to the
// import's preview.
func (u *UI) pasteFromClipboard() {
	if u.v == nil {
		return
	}
	var clip capture.Clip
	read := u.scan.clipboardFunc()
	u.Slow("Reading the clipboard…", func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var err error
		clip, err = read(ctx)
		return err
	}, func(err error) {
		switch {
		case err != nil && capture.Unavailable(err):
			u.offerPicture("Sparekey cannot read the clipboard here", sentence(err.Error()))
		case err != nil:
			u.ShowError(fmt.Errorf("the clipboard could not be read: %w", err))
		case len(clip.Picture) > 0:
			u.readPictures("Looking for QR codes in the pasted picture…", []interop.Picture{{Name: "the pasted picture", Data: clip.Picture}}, "the pasted picture", false)
		case interop.IsKeyLink(clip.Text):
			found := interop.ReadLinks(strings.Split(clip.Text, "\n"))
			u.showPreview(found, "what you pasted", "Add what you pasted", nil)
		case strings.TrimSpace(clip.Text) != "":
			u.ShowInfo("Not a QR code or key link", "The clipboard holds text that is not a key link (those start with otpauth://). Copy the QR code itself (right-click it and choose \u201cCopy image\u201d, or take a screenshot of it), then press Ctrl+V here.")
		default:
			u.ShowInfo("Nothing to paste", "The clipboard is empty. Copy the QR code (right-click it and choose \u201cCopy image\u201d, or take a screenshot of it) or its key link (it starts with otpauth://), then press Ctrl+V here.")
		}
	})
}

// pictureExtensions are the files the picture dialog lists (a folder's or
// a drop's pictures are told by their first bytes instead: isPictureFile).
var pictureExtensions = []string{".png", ".jpg", ".jpeg", ".gif", ".webp"}

// choosePicture asks for one picture (a screenshot, or a photo of a QR
// code or of a recovery sheet) with the file dialog that every "choose a
// picture" button shares, and gives it to then: a file is read when its
// turn comes, within interop.MaxFileSize.
func (u *UI) choosePicture(then func(interop.Picture)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		defer r.Close()
		if r.URI().Scheme() == "file" {
			then(pictureFile(r.URI().Path()))
			return
		}
		data, err := io.ReadAll(io.LimitReader(r, interop.MaxFileSize+1))
		if err == nil && len(data) > interop.MaxFileSize {
			err = errTooLarge
		}
		if err != nil {
			u.ShowError(fmt.Errorf("reading %s: %w", r.URI().Name(), err))
			return
		}
		then(interop.Picture{Name: r.URI().Name(), Data: data})
	}, u.Window)
	var exts []string
	for _, e := range pictureExtensions {
		exts = append(exts, e, strings.ToUpper(e))
	}
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	u.track(d)
	d.Show()
}

// chooseScanFolder asks for a folder and reads the QR codes of every
// picture in it.
func (u *UI) chooseScanFolder() {
	u.choosePictureFolder(func(pics []interop.Picture, folder string) {
		u.readPictures("Looking for QR codes in "+vault.Count(len(pics), "picture", "pictures")+"…", pics, "the pictures in "+folder, false)
	})
}

// choosePictureFolder asks for a folder of photos or screenshots and gives
// its pictures, and the folder's name, to then.
func (u *UI) choosePictureFolder(then func(pics []interop.Picture, folder string)) {
	u.folderDialog(func(dir string) {
		if pics := u.folderPictures(dir); pics != nil {
			then(pics, filepath.Base(dir))
		}
	}).Show()
}

// folderPictures lists the pictures of dir (picturesInFolder); where the
// folder cannot be read or holds no picture, it says so and returns nil.
func (u *UI) folderPictures(dir string) []interop.Picture {
	pics, err := picturesInFolder(dir)
	if err != nil {
		u.ShowError(err)
		return nil
	}
	if len(pics) == 0 {
		u.ShowInfo("No pictures in this folder", "The folder "+filepath.Base(dir)+" has no pictures (PNG, JPEG, GIF or WebP). Choose the folder where the photos or screenshots are.")
		return nil
	}
	return pics
}

// picturesInFolder lists the pictures of a folder (not its subfolders), in
// the order a person counts them, each read when its turn comes.
func picturesInFolder(dir string) ([]interop.Picture, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("the folder cannot be read: %w", err)
	}
	var paths []string
	for _, e := range ents {
		if e.Type().IsRegular() && isPictureFile(filepath.Join(dir, e.Name())) {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	sort.Slice(paths, func(i, j int) bool { return naturalLess(filepath.Base(paths[i]), filepath.Base(paths[j])) })
	if len(paths) > maxPictures {
		return nil, fmt.Errorf("the folder has %d pictures; Sparekey reads at most %d at once: put the ones with QR codes in a folder of their own", len(paths), maxPictures)
	}
	var pics []interop.Picture
	for _, p := range paths {
		pics = append(pics, pictureFile(p))
	}
	return pics, nil
}

// pictureFile is a picture file, read when its turn comes.
func pictureFile(path string) interop.Picture {
	return interop.Picture{Name: filepath.Base(path), Open: func() ([]byte, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("it cannot be opened: %w", err)
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, interop.MaxFileSize+1))
		if err == nil && len(data) > interop.MaxFileSize {
			err = errTooLarge
		}
		if err != nil {
			return nil, fmt.Errorf("it cannot be read: %w", err)
		}
		return data, nil
	}}
}

// isPictureFile reports whether the file starts like a picture.
func isPictureFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	return interop.IsPicture(head[:n])
}

// naturalLess orders names as a person counts: page-2 before page-10.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da != "" && db != "" {
			na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// droppedPictures is what was dropped, as pictures: the picture files, and
// the pictures of the folders. all is false when something dropped is
// neither a picture nor a folder with pictures (an export, say).
func droppedPictures(uris []fyne.URI) (pics []interop.Picture, all bool) {
	all = true
	for _, uri := range uris {
		if uri.Scheme() != "file" {
			all = false
			continue
		}
		fi, err := os.Stat(uri.Path())
		switch {
		case err != nil:
			all = false
		case fi.IsDir():
			in, err := picturesInFolder(uri.Path())
			if err != nil || len(in) == 0 {
				all = false
			}
			pics = append(pics, in...)
		case fi.Mode().IsRegular() && isPictureFile(uri.Path()):
			pics = append(pics, pictureFile(uri.Path()))
		default:
			all = false
		}
	}
	return pics, all
}

// scanDropped reads the QR codes of several dropped pictures (and of the
// pictures in dropped folders); it takes the drop only when everything
// dropped is a picture or a folder with pictures, so that exports go to
// import, and one picture goes there too (import reads it, and fills the
// add-key form from it).
func (u *UI) scanDropped(uris []fyne.URI) bool {
	pics, all := droppedPictures(uris)
	if !all || len(pics) == 0 || (len(pics) == 1 && len(uris) == 1 && pics[0].Name == uris[0].Name()) {
		return false
	}
	if u.v == nil {
		u.ShowInfo("Unlock first", "Unlock Sparekey with your master password, then drop the pictures again to bring their keys in.")
		return true
	}
	from := "the " + vault.Count(len(pics), "picture", "pictures") + " you dropped"
	u.readPictures("Looking for QR codes in "+vault.Count(len(pics), "picture", "pictures")+"…", pics, from, false)
	return true
}
