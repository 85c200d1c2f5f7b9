package app

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sparekey/interop"
)

// Keys printed on the recovery sheet of these tests (their codes carry the
// sheet's date: printing/qr.go, sheetLink).
const (
	paperBank  = "otpauth://totp/Example%20Bank:ada.lovelace?secret=ONSWG4TFOQYTEMZUONSWG4TFOQYTEMZU&issuer=Example%20Bank"
	paperForum = "otpauth://totp/Forum:lovelace?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Forum"
)

// fromPaper is the first start's "from paper" screen, with no key yet.
func fromPaper(t *testing.T) *harness {
	h := newComputer(t)
	test.Tap(h.u.first.fromPaper)
	if h.u.screen != screenPaperWelcome {
		t.Fatalf("From paper leads to %q", h.u.screen)
	}
	return h
}

// writePicture writes a picture into dir and returns its address, as a
// drop gives it.
func writePicture(t *testing.T, dir, name string, data []byte) fyne.URI {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return storage.NewFileURI(p)
}

// TestPhotosOfSheetsAreReadWithProgressAndSayWhatEachGave: photos of
// recovery sheets dropped on the "from paper" screen (a scan of a printed
// sheet, a phone photo of a QR code, a sharp QR code, a blurred-away page,
// a website's code, and a folder with a page photographed twice) are read
// behind a progress bar that names each picture; the keys are gathered,
// each counted as on paper, and the message says what each picture gave.
// Read again, they are not added twice.
func TestPhotosOfSheetsAreReadWithProgressAndSayWhatEachGave(t *testing.T) {
	h := fromPaper(t)
	u := h.u
	dir, again := t.TempDir(), t.TempDir()
	uris := []fyne.URI{
		writePicture(t, dir, "scan-1.png", sheetPhoto(t, paperBank, paperForum)),
		writePicture(t, dir, "IMG_2041.jpg", interopTestdata(t, "qr/photo-single.jpg")),
		writePicture(t, dir, "mail.png", qrPNG(t, linkMail)),
		writePicture(t, dir, "blurred.png", pngBytes(t, screenWith(t))),
		writePicture(t, dir, "poster.png", pngBytes(t, screenWith(t, "https://example.com/welcome"))),
		storage.NewFileURI(again),
		writePicture(t, dir, "notes.txt", []byte("buy milk")), // passed over
	}
	writePicture(t, again, "mail-again.png", qrPNG(t, linkMail))

	u.dropped(fyne.NewPos(10, 10), uris)
	if !h.shows("Looking for QR codes in 6 pictures") || !h.shows("Picture 1 of 6: scan-1.png") || u.busy != 1 {
		t.Fatal("no progress dialog while the photos are read")
	}
	h.button("Cancel")
	bar := h.progressBar()
	var values []float64
	var named []string
	h.waitFor("the keys read", func() bool {
		if len(values) == 0 || values[len(values)-1] != bar.Value {
			values = append(values, bar.Value)
		}
		for i := 2; i <= 6; i++ {
			s := fmt.Sprintf("Picture %d of 6", i)
			if h.shows(s) && (len(named) == 0 || named[len(named)-1] != s) {
				named = append(named, s)
			}
		}
		return h.shows("Found 4 new keys")
	})
	if len(values) < 3 || len(named) < 3 {
		t.Errorf("the progress moved through %v and named %v: too few steps", values, named)
	}
	h.lookAt("paper-photos-read")
	for _, want := range []string{
		"scan-1.png: 2 keys (2 QR codes).",
		"IMG_2041.jpg: 1 key (1 QR code).",
		"mail.png: 1 key (1 QR code).",
		"blurred.png: no QR code could be read: take the photo again, closer and sharper, or type its keys.",
		"poster.png: 1 QR code that is not a 2FA code (1 QR code).",
		"mail-again.png: 1 QR code already read in an earlier picture (1 QR code).",
		"A QR code in poster.png: It is a link to a web page on example.com, not a two-step login key (those start with otpauth://).",
	} {
		if !h.shows(want) {
			t.Errorf("the message does not say %q", want)
		}
	}
	if u.screen != screenPaperWelcome || !h.shows("Keys found so far (4)") || u.paperWelcome.create.Text != "Keep my 4 keys in Sparekey" {
		t.Errorf("after reading: screen %q, button %q", u.screen, u.paperWelcome.create.Text)
	}
	printed := map[string]string{}
	for _, e := range u.gathered.Entries {
		printed[e.Name()] = e.Printed.Format("2006-01-02 15:04")
	}
	sheetDay := printedOnSheetDay().UTC().Format("2006-01-02 15:04")
	today := h.now.UTC().Format("2006-01-02 15:04")
	for name, want := range map[string]string{
		"Example Bank (ada.lovelace)":    sheetDay, // the sheet's date, from its code
		"Forum (lovelace)":               sheetDay,
		"Ünïcödé Bank (Zoë)":             today, // on paper from now on: that is where it came from
		"Example Mail (ada@example.com)": today,
	} {
		if got, ok := printed[name]; !ok || got != want {
			t.Errorf("%s counts as printed on %q, want %q (gathered: %v)", name, got, want, printed)
		}
	}
	u.closeDialogs()

	// The same photos again, chosen from a folder: nothing is added twice.
	h.chooseFolder(func() { test.Tap(u.paperWelcome.folder) }, func() { u.readPaperPhotos(u.folderPictures(again)) })
	h.waitFor("the second reading", func() bool { return h.shows("Found 0 new keys") })
	if !h.shows("mail-again.png: 1 key (1 QR code).") || !h.shows("1 key was read before, so it is not added again.") {
		t.Error("the second reading does not say its key was read before")
	}
	if len(u.gathered.Entries) != 4 {
		t.Errorf("%d keys gathered after reading a photo again, want 4", len(u.gathered.Entries))
	}
}

// TestCancellingPhotosOfSheetsAddsNothing: Cancel while the photos are
// read stops the reading; none of the keys of the pictures read until then
// is added, and the screen says so.
func TestCancellingPhotosOfSheetsAddsNothing(t *testing.T) {
	h := fromPaper(t)
	u := h.u
	var pics []interop.Picture
	for i := range 20 {
		pics = append(pics, interop.Picture{Name: fmt.Sprintf("page-%d.png", i+1), Image: screenWith(t, linkMail, linkBank)})
	}
	u.readPaperPhotos(pics)
	h.waitFor("the third picture", func() bool { return h.shows("Picture 3 of 20: page-3.png") })
	if v := h.progressBar().Value; v < 0.1 || v >= 1 {
		t.Errorf("at the third picture of 20 the progress bar is at %v", v)
	}
	test.Tap(h.button("Cancel"))
	h.waitFor("the stop", func() bool { return u.busy == 0 })
	h.flush()
	h.lookAt("paper-photos-cancelled")
	if !h.shows("Stopped: nothing was added") {
		t.Error("the screen does not say that nothing was added")
	}
	if h.shows("Found") || len(u.dialogs) != 0 {
		t.Error("a cancelled reading still says what it found")
	}
	if u.gathered != nil && len(u.gathered.Entries) != 0 {
		t.Errorf("a cancelled reading added %d keys", len(u.gathered.Entries))
	}
	if u.screen != screenPaperWelcome || !h.shows("No keys yet.") || !u.paperWelcome.create.Disabled() {
		t.Errorf("after Cancel: screen %q", u.screen)
	}

	// Read to the end, the same pictures give their two keys.
	u.readPaperPhotos(pics[:2])
	h.waitFor("the keys read", func() bool { return h.shows("Found 2 new keys") })
	if h.shows("Stopped: nothing was added") {
		t.Error("the screen still says the last reading stopped")
	}
	if got := len(u.gathered.Entries); got != 2 {
		t.Errorf("%d keys gathered, want 2", got)
	}
}

// TestWhatFortyPicturesGaveFitsTheWindow: the message that says what each
// of many pictures gave scrolls inside the window, above its OK button.
func TestWhatFortyPicturesGaveFitsTheWindow(t *testing.T) {
	h := fromPaper(t)
	blank := pngBytes(t, image.NewGray(image.Rect(0, 0, 64, 64)))
	var pics []interop.Picture
	for i := range 40 {
		pics = append(pics, interop.Picture{Name: fmt.Sprintf("IMG_%04d.jpg", i+1), Data: blank})
	}
	h.u.readPaperPhotos(pics)
	h.waitFor("the message", func() bool { return h.shows("Found 0 new keys") })
	h.lookAt("paper-photos-forty")
	if !h.shows("IMG_0040.jpg: no QR code could be read") {
		t.Error("the last picture's line is not in the message")
	}
	// What the message takes of the window: the label (all of it: a label
	// squeezed smaller than it needs is drawn over what lies below), or
	// the scroll it is in.
	message := h.find(func(o fyne.CanvasObject) bool {
		l, ok := o.(*widget.Label)
		return ok && strings.HasPrefix(l.Text, "IMG_0001.jpg")
	})[0]
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(message).Y
	bottom := top + max(message.Size().Height, message.MinSize().Height)
	for _, o := range findIn(h.u.Window.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool { _, ok := o.(*container.Scroll); return ok }) {
		top = d.AbsolutePositionForObject(o).Y
		bottom = top + o.Size().Height
	}
	ok := h.button("OK")
	if okTop := d.AbsolutePositionForObject(ok).Y; top < 0 || bottom > okTop {
		t.Errorf("the message runs from %v to %v, over the OK button at %v (window %v)", top, bottom, okTop, h.u.Window.Canvas().Size())
	}
}
