package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"sparekey/capture"
	"sparekey/interop"
)

// spyWindow is the window, and whether it is hidden (the test driver's
// window does not say).
type spyWindow struct {
	fyne.Window
	hidden bool
}

func (w *spyWindow) Hide() { w.hidden = true; w.Window.Hide() }
func (w *spyWindow) Show() { w.hidden = false; w.Window.Show() }

// screenWith draws a 1920×1080 screen with a QR code of each text.
func screenWith(t *testing.T, texts ...string) *image.RGBA {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	draw.Draw(img, img.Rect, image.NewUniform(color.RGBA{0xf0, 0xf0, 0xf0, 0xff}), image.Point{}, draw.Src)
	for i, text := range texts {
		b, err := interop.QRPNG(text, 300)
		if err != nil {
			t.Fatal(err)
		}
		q, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		draw.Draw(img, q.Bounds().Add(image.Pt(200+i*500, 300)), q, image.Point{}, draw.Src)
	}
	return img
}

func pngBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestScanScreenStepsAsideAndShowsWhatItFound(t *testing.T) {
	h := listHarness(t)
	u := h.u
	spy := &spyWindow{Window: u.Window}
	u.Window = spy
	hiddenWhenTaken := false
	u.scan.settle = 1
	release := make(chan struct{})
	u.scan.screens = func(context.Context) ([]capture.Screen, error) {
		hiddenWhenTaken = spy.hidden
		<-release // the screen is slow to come (the Wayland portal waits for the person)
		return []capture.Screen{{Name: "screen 1", Image: screenWith(t, linkBank, "https://example.com/welcome")}}, nil
	}
	// The action returns at once: the screen is taken and read off the UI
	// goroutine (were it not, this call would wait for release forever).
	h.menuItem(scanScreenLabel).Action()
	if !spy.hidden {
		t.Error("the window did not step aside")
	}
	close(release)
	h.waitFor("the preview", func() bool { return h.shows("Nothing is added until") })
	h.lookAt("scan-screen-preview")
	if !hiddenWhenTaken || spy.hidden {
		t.Errorf("hidden while the screen was taken: %v; hidden after: %v", hiddenWhenTaken, spy.hidden)
	}
	for _, want := range []string{
		"Add from your screen",
		"From the QR codes on your screen, Sparekey can add 1 key.",
		"Example Bank (ada.lovelace) — 8-digit codes",
		"Cannot be imported (1)",
		"A QR code in screen 1: It is a link to a web page on example.com, not a two-step login key (those start with otpauth://)",
	} {
		if !h.shows(want) {
			t.Errorf("the preview does not say %q", want)
		}
	}
	if h.shows("What each picture gave") {
		t.Error("a screen scan lists its one screen as a picture")
	}
	if len(u.v.Entries) != 0 {
		t.Fatal("the scan added a key before the person said so")
	}
	test.Tap(h.button("Add 1 key"))
	h.flush()
	if got := h.saved(); len(got) != 1 || got[0].Name() != "Example Bank (ada.lovelace)" {
		t.Fatalf("saved %v", got)
	}
}

func TestScanScreenButtonsAndShortcut(t *testing.T) {
	h := listHarness(t)
	sc, ok := h.menuItem(scanScreenLabel).Shortcut.(*desktop.CustomShortcut)
	if !ok || sc.KeyName != fyne.KeyS || sc.Modifier != fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift {
		t.Errorf("the scan's shortcut is %v", h.menuItem(scanScreenLabel).Shortcut)
	}
	h.button(scanScreenShort) // on the main screen
	h.menuItem("Add a key…").Action()
	h.flush()
	h.button(scanScreenLabel) // and on the add-key screen,
	h.button(pasteLabel)
	h.button("A folder of pictures…")

	h2 := newHarness(t, Config{})
	u2 := h2.start()
	test.Tap(u2.first.start)
	h2.flush()
	u2.first.chooser.first.SetText(strongPW)
	enter(u2.first.chooser.second, strongPW)
	h2.waitFor("the recovery key", func() bool { return u2.screen == screenRecovery })
	u2.first.stored.SetChecked(true)
	test.Tap(u2.first.cont)
	h2.flush()
	if u2.screen != screenAdd || !h2.shows("Add your first key") {
		t.Fatalf("after the recovery key: screen %q", u2.screen)
	}
	h2.button(scanScreenLabel) // and on the first start's "Add your first key"
}

func TestScanScreenSaysWhyAndOffersAPicture(t *testing.T) {
	h := listHarness(t)
	u := h.u
	u.scan.settle = 1
	u.scan.screens = func(context.Context) ([]capture.Screen, error) {
		return nil, &capture.UnavailableError{What: "screen", Reason: "there is no desktop here (no display), so there is no screen to read."}
	}
	u.scanScreen()
	h.waitFor("the reason", func() bool { return h.shows("There is no desktop here (no display)") })
	if !h.shows("Sparekey cannot see the screen here") || !h.shows("take a screenshot and paste it here with Ctrl+V") {
		t.Error("the message does not offer the picture route")
	}
	h.button("Choose a picture…")
	u.closeDialogs()

	u.scan.screens = func(context.Context) ([]capture.Screen, error) {
		return []capture.Screen{{Name: "screen 1", Image: screenWith(t)}}, nil
	}
	u.scanScreen()
	h.waitFor("no code", func() bool { return h.shows("found no QR code") })
	if u.screen != screenList {
		t.Errorf("a scan that found nothing left the list for %q", u.screen)
	}
	u.closeDialogs()

	u.scan.screens = func(context.Context) ([]capture.Screen, error) { return nil, capture.ErrCancelled }
	u.scanScreen()
	h.waitFor("the cancel", func() bool { return h.shows("The screenshot was cancelled") })
}

func TestPasteTakesAPictureOrALink(t *testing.T) {
	h := listHarness(t)
	u := h.u
	var clip capture.Clip
	u.scan.clipboard = func(context.Context) (capture.Clip, error) { return clip, nil }
	paste := func() {
		u.closeDialogs()
		u.ShowMain()
		h.flush()
		// Ctrl+V with no field focused.
		u.Window.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutPaste{})
	}

	clip = capture.Clip{Picture: pngBytes(t, screenWith(t, linkMail))}
	paste()
	h.waitFor("the preview", func() bool { return h.shows("Nothing is added until") })
	if !h.shows("From the pasted picture, Sparekey can add 1 key") || !h.shows("Example Mail (ada@example.com)") {
		t.Error("the pasted picture's key is not in the preview")
	}
	if !h.shows("the pasted picture: 1 key (1 QR code)") {
		t.Error("the preview does not say what the pasted picture gave")
	}

	clip = capture.Clip{Text: linkBank + "\n" + linkMail + "\n"}
	paste()
	h.waitFor("the preview", func() bool { return h.shows("From what you pasted, Sparekey can add 2 keys") })

	clip = capture.Clip{Text: "my shopping list"}
	paste()
	h.waitFor("the refusal", func() bool { return h.shows("text that is not a key link") })

	clip = capture.Clip{}
	paste()
	h.waitFor("the refusal", func() bool { return h.shows("The clipboard is empty") })

	// The Paste button on the add-key screen does the same.
	clip = capture.Clip{Text: linkBank}
	u.closeDialogs()
	u.showAdd()
	h.flush()
	test.Tap(h.button(pasteLabel))
	h.waitFor("the preview", func() bool { return h.shows("From what you pasted, Sparekey can add 1 key") })

	// In a text field, Ctrl+V pastes into the field (the field takes it).
	u.showAdd()
	h.flush()
	u.Window.Canvas().Focus(u.add.issuer)
	u.App.Clipboard().SetContent("Shop")
	u.add.issuer.TypedShortcut(&fyne.ShortcutPaste{Clipboard: u.App.Clipboard()})
	h.flush()
	if u.screen != screenAdd || u.add.issuer.Text != "Shop" {
		t.Errorf("Ctrl+V in a field: screen %q, field %q", u.screen, u.add.issuer.Text)
	}
}

func TestDroppingManyPicturesReadsThemAllWithProgress(t *testing.T) {
	h := listHarness(t, linkMail)
	u := h.u
	dir := t.TempDir()
	write := func(name string, data []byte) fyne.URI {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return storage.NewFileURI(p)
	}
	uris := []fyne.URI{
		write("page-1.png", pngBytes(t, screenWith(t, linkMail, linkBank))),
		write("page-2.png", pngBytes(t, screenWith(t, linkBank))),
		write("page-3.png", pngBytes(t, screenWith(t))),
		write("page-4.png", pngBytes(t, screenWith(t, "WIFI:S:home;T:WPA;P:secret;;"))),
	}
	u.dropped(fyne.NewPos(10, 10), uris)
	h.flush()
	if !h.shows("Looking for QR codes in 4 pictures") {
		t.Error("no progress while reading the pictures")
	}
	h.waitFor("the preview", func() bool { return h.shows("Nothing is added until") })
	h.lookAt("scan-pictures-preview")
	for _, want := range []string{
		"Add from 4 pictures",
		"What each picture gave (4)",
		"page-1.png: 2 keys (2 QR codes)",
		"page-2.png: 1 QR code already read in an earlier picture (1 QR code)",
		"page-3.png: no QR code was found in it",
		"page-4.png: 1 QR code that is not a 2FA code (1 QR code)",
		"From the 4 pictures you dropped, Sparekey can add 1 key.",
		"Already in Sparekey, will be skipped (1)",
		"A QR code in page-4.png: It holds the settings of a Wi-Fi network",
	} {
		if !h.shows(want) {
			t.Errorf("the preview does not say %q", want)
		}
	}
}

func TestReadingPicturesCanBeCancelled(t *testing.T) {
	h := listHarness(t)
	u := h.u
	var pics []interop.Picture
	for i := range 20 {
		pics = append(pics, interop.Picture{Name: fmt.Sprintf("photo-%d.png", i+1), Image: screenWith(t, linkMail)})
	}
	u.readPictures("Looking for QR codes…", pics, "the photos", false)
	h.waitFor("the first picture", func() bool { return h.shows("Picture 2 of 20") })
	test.Tap(h.button("Cancel"))
	h.waitFor("the stop", func() bool { return u.busy == 0 })
	h.flush()
	if h.shows("Nothing is added until") || !h.shows("Stopped: nothing was added") || len(u.v.Entries) != 0 {
		t.Error("cancelling did not stop and add nothing")
	}
}

func TestNaturalOrder(t *testing.T) {
	for _, c := range [][2]string{{"page-2.jpg", "page-10.jpg"}, {"a.png", "b.png"}, {"IMG_0009.jpg", "IMG_0010.jpg"}, {"x1", "x01a"}} {
		if !naturalLess(c[0], c[1]) || naturalLess(c[1], c[0]) {
			t.Errorf("%q should come before %q", c[0], c[1])
		}
	}
}

var _ = errors.New
