package app

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sparekey/interop"
	"sparekey/vault"
)

// interopTestdata reads an export file of the interop package's tests.
func interopTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "interop", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importScreenShown waits for the import preview.
func (h *harness) importScreenShown() {
	h.waitFor("the import preview", func() bool { return h.shows("Nothing is added until") || h.shows("Nothing new to add") })
}

// lookAt saves the window as a PNG when SPAREKEY_SCREENSHOTS names a folder.
func (h *harness) lookAt(name string) {
	dir := os.Getenv("SPAREKEY_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, h.u.Window.Canvas().Capture())
}

func TestImportMenusExist(t *testing.T) {
	h := listHarness(t)
	if h.menuItem("Import from another app…").Disabled || h.menuItem("Export…").Disabled {
		t.Fatal("import or export disabled while unlocked")
	}
}

func TestImportShowsWhatItFoundAndAddsOnlyWhenAsked(t *testing.T) {
	h := listHarness(t, "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example")
	u := h.u
	u.importFiles([]importFile{{"list.txt", interopTestdata(t, "uris/list.txt")}})
	h.importScreenShown()
	h.lookAt("import-preview")
	for _, want := range []string{
		"can add 5 keys",
		"New (5)",
		"Ünïcödé Bank (Zoë 😀) — 8-digit codes, every 60 seconds, algorithm SHA256",
		"Counter Co (bob) — counter-based codes (next counter 42), algorithm SHA512",
		"Steam (gamer) — Steam Guard codes",
		"Already in Sparekey, will be skipped (1)",
		"Example (alice@example.com)",
		"Cannot be imported (1)",
		"Broken (eve): the key has the digit '1'",
	} {
		if !h.shows(want) {
			t.Errorf("the preview does not show %q", want)
		}
	}
	if n := len(h.saved()); n != 1 {
		t.Fatalf("the vault has %d keys before the person agreed", n)
	}
	test.Tap(h.button("Add 5 keys"))
	h.flush()
	if u.screen != screenList || u.list.status.Text != "Added 5 keys" {
		t.Fatalf("after Add: screen %q, status %q", u.screen, u.list.status.Text)
	}
	if n := len(h.saved()); n != 6 {
		t.Fatalf("the saved vault has %d keys, want 6", n)
	}
}

func TestImportCancelAddsNothing(t *testing.T) {
	h := listHarness(t)
	h.u.importFiles([]importFile{{"batches.txt", interopTestdata(t, "google/batches.txt")}})
	h.importScreenShown()
	if !h.shows("From batches.txt (Google Authenticator), Sparekey can add 3 keys") || !h.shows("Legacy (old@example.com): Not imported because it uses the MD5 algorithm") {
		t.Fatal("the preview of a Google Authenticator transfer is not as expected")
	}
	test.Tap(h.button("Cancel"))
	if h.u.screen != screenList || len(h.u.v.Entries) != 0 || len(h.saved()) != 0 {
		t.Fatalf("Cancel: screen %q, %d keys", h.u.screen, len(h.u.v.Entries))
	}
}

// passwordDialogEntry finds the password field of the import password
// dialog.
func (h *harness) passwordDialogEntry() *entry {
	h.t.Helper()
	es := h.find(func(o fyne.CanvasObject) bool {
		e, ok := o.(*entry)
		return ok && e.PlaceHolder == "Password of the export"
	})
	if len(es) != 1 {
		h.t.Fatalf("%d password fields", len(es))
	}
	return es[0].(*entry)
}

func TestImportEncryptedAskForPasswordAndSayWhenItIsWrong(t *testing.T) {
	h := listHarness(t)
	u := h.u
	u.importFiles([]importFile{{"aegis-backup.json", interopTestdata(t, "aegis/encrypted.json")}})
	h.waitFor("the password question", func() bool { return h.shows("This export is protected by a password") })
	if !h.shows("It is not your Sparekey password") {
		t.Error("the question does not say which password")
	}
	enter(h.passwordDialogEntry(), "correct horse battery")
	h.waitFor("the wrong password message", func() bool { return h.shows("This password does not open aegis-backup.json") })
	h.lookAt("import-wrong-password")
	if u.screen != screenList || len(u.v.Entries) != 0 {
		t.Fatal("a wrong password changed something")
	}
	enter(h.passwordDialogEntry(), "correct horse battery staple")
	h.importScreenShown()
	if !h.shows("From aegis-backup.json (Aegis), Sparekey can add 5 keys") || !h.shows("Yandex (ivan): Not imported because it is a Yandex key") {
		t.Fatal("the preview of the Aegis export is not as expected")
	}
	test.Tap(h.button("Add 5 keys"))
	h.flush()
	saved := h.saved()
	if len(saved) != 5 {
		t.Fatalf("saved %d keys", len(saved))
	}
	for _, e := range saved {
		if e.Issuer == "Example" && (e.Note != "Work laptop" || len(e.Tags) != 1 || e.Tags[0] != "Work") {
			t.Errorf("the note and group did not come along: %+v", e)
		}
	}
}

func TestDroppingFilesImportsThem(t *testing.T) {
	h := listHarness(t)
	u := h.u
	dir := t.TempDir()
	photo := filepath.Join(dir, "IMG_2041.jpg")
	os.WriteFile(photo, interopTestdata(t, "qr/photo-single.jpg"), 0o600)
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(photo)})
	h.importScreenShown()
	if !h.shows("From IMG_2041.jpg (QR code picture), Sparekey can add 1 key") || !h.shows("Ünïcödé Bank (Zoë) — 8-digit codes") {
		t.Fatal("the dropped photo's key is not in the preview")
	}
	test.Tap(h.button("Add 1 key"))
	h.flush()
	if len(h.saved()) != 1 {
		t.Fatal("the dropped photo's key was not saved")
	}

	other := filepath.Join(dir, "notes.txt")
	os.WriteFile(other, []byte("buy milk"), 0o600)
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(other)})
	if !h.shows("Nothing to do with this file") {
		t.Error("a dropped text file does not say it cannot be used")
	}
}

func TestScanQRImageFillsTheAddForm(t *testing.T) {
	h := listHarness(t)
	u := h.u
	h.menuItem("Add a key…").Action()
	h.flush()
	test.Tap(h.button("Scan a QR image…")) // opens the file dialog
	h.flush()
	u.closeDialogs()
	u.scanPicture(interop.Picture{Name: "photo.jpg", Data: interopTestdata(t, "qr/photo-single.jpg")})
	if !h.shows("Looking for QR codes in photo.jpg") || u.busy != 1 {
		t.Error("no progress dialog while the picture is read")
	}
	h.waitFor("the form filled from the picture", func() bool { return u.add != nil && u.add.issuer.Text != "" })
	h.lookAt("add-scanned")
	f := u.add
	if f.issuer.Text != "Ünïcödé Bank" || f.account.Text != "Zoë" || f.digits.Selected != "8" || f.alg.Selected != "SHA256" {
		t.Fatalf("form: %q %q %q %q", f.issuer.Text, f.account.Text, f.digits.Selected, f.alg.Selected)
	}
	if len(u.v.Entries) != 0 {
		t.Fatal("scanning added the key before the person did")
	}
	test.Tap(f.add)
	if len(h.saved()) != 1 {
		t.Fatal("the scanned key was not added")
	}

	// A picture with no code says so.
	h.menuItem("Add a key…").Action()
	h.flush()
	blank := interopTestdata(t, "qr/single.png")[:100] // a damaged picture
	u.scanPicture(interop.Picture{Name: "blank.png", Data: blank})
	h.waitFor("the error", func() bool { return h.shows("picture is damaged") })

	// Two setup codes in one picture go to the preview, not the form (the
	// bank's is the key just added).
	u.closeDialogs()
	h.menuItem("Add a key…").Action()
	h.flush()
	u.scanPicture(interop.Picture{Name: "two.png", Image: screenWith(t, linkMail, linkBank)})
	h.waitFor("the preview", func() bool { return h.shows("Nothing is added until") })
	if !h.shows("From the QR codes in two.png, Sparekey can add 1 key.") || !h.shows("two.png: 2 keys (2 QR codes)") {
		t.Error("two codes in one picture do not go to the preview")
	}
	if len(h.saved()) != 1 || u.add.link.Text != "" {
		t.Errorf("two codes: %d keys saved, form %q", len(h.saved()), u.add.link.Text)
	}
}

// The one picture of "Scan a QR image…" is read as many pictures are: with
// a progress bar that moves, and a Cancel button; cancelled, nothing is
// read or added, the form stays empty, and auto-lock no longer waits.
func TestScanningOnePictureShowsProgressAndCanBeCancelled(t *testing.T) {
	h := listHarness(t)
	u := h.u
	h.menuItem("Add a key…").Action()
	h.flush()
	u.scanPicture(interop.Picture{Name: "photo.jpg", Data: interopTestdata(t, "qr/photo-single.jpg")})
	bar := h.progressBar()
	// Each move of the bar is a piece of UI work of its own: look at the
	// bar after each.
	seen := map[float64]bool{}
	h.waitFor("the reading", func() bool {
		if bar.Value > 0 && bar.Value < 1 {
			seen[bar.Value] = true
		}
		return u.busy == 0
	})
	if len(seen) < 2 || bar.Value != 1 {
		t.Errorf("the bar took %d values on its way, and ended at %v", len(seen), bar.Value)
	}
	if u.add.issuer.Text != "Ünïcödé Bank" {
		t.Errorf("the form was not filled: %q", u.add.issuer.Text)
	}

	// Cancelled while the picture is being opened: nothing is read.
	h.menuItem("Add a key…").Action()
	h.flush()
	release := make(chan struct{})
	u.scanPicture(interop.Picture{Name: "slow.jpg", Open: func() ([]byte, error) {
		<-release
		return interopTestdata(t, "qr/photo-single.jpg"), nil
	}})
	if !h.shows("Looking for QR codes in slow.jpg") || u.busy != 1 {
		t.Fatal("no progress dialog")
	}
	bar = h.progressBar()
	// The dialog's Cancel (the form has one too, under it).
	cancels := h.find(func(o fyne.CanvasObject) bool { b, ok := o.(*widget.Button); return ok && b.Text == "Cancel" })
	test.Tap(cancels[len(cancels)-1].(*widget.Button))
	close(release)
	h.waitFor("the stop", func() bool { return u.busy == 0 })
	h.flush()
	if h.shows("Looking for QR codes") || h.shows("Nothing is added until") || u.screen != screenAdd || u.add.link.Text != "" || len(u.v.Entries) != 0 {
		t.Errorf("cancelling did not stop and add nothing (screen %q, form %q, %d keys)", u.screen, u.add.link.Text, len(u.v.Entries))
	}
	if bar.Value != 0 {
		t.Errorf("the bar moved to %v: the picture was read though cancelled", bar.Value)
	}
}

// progressBar is the one progress bar on screen.
func (h *harness) progressBar() *widget.ProgressBar {
	h.t.Helper()
	bars := h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.ProgressBar); return ok })
	if len(bars) != 1 {
		h.t.Fatalf("%d progress bars", len(bars))
	}
	return bars[0].(*widget.ProgressBar)
}

func TestExportWritesWhatTheOtherAppReads(t *testing.T) {
	h := listHarness(t, linkMail, linkBank)
	u := h.u
	h.menuItem("Export…").Action()
	h.flush()
	h.lookAt("export")
	radios := h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.RadioGroup); return ok })
	if len(radios) != 1 {
		t.Fatalf("%d choice groups", len(radios))
	}
	choice := radios[0].(*widget.RadioGroup)
	if choice.Selected != exportKinds[0].label || !h.shows("The file is encrypted") {
		t.Fatalf("the first choice is %q", choice.Selected)
	}
	pws := h.find(func(o fyne.CanvasObject) bool { e, ok := o.(*entry); return ok && e.Password })
	if len(pws) != 2 {
		t.Fatalf("%d password fields", len(pws))
	}
	first, second := pws[0].(*entry), pws[1].(*entry)
	test.Type(first, "plum orbit quiet lantern")
	test.Type(second, "plum orbit quiet lanterns")
	test.Tap(h.button("Export…"))
	if !h.shows("The two passwords are not the same.") {
		t.Fatal("different passwords are not refused")
	}
	choice.SetSelected(exportKindLabeled(t, "A list of key links").label)
	if !h.shows("This file is NOT encrypted") || h.find(func(o fyne.CanvasObject) bool { e, ok := o.(*entry); return ok && e.Password }) != nil {
		t.Error("the links export does not warn that it is not protected, or asks for a password")
	}

	dir := t.TempDir()
	out := filepath.Join(dir, "aegis.json")
	u.exportTo(exportKindLabeled(t, "Aegis, protected"), "plum orbit quiet lantern", out)
	h.waitFor("the export", func() bool { return h.shows("Export written") })
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	found, err := interop.Read(data, "auto", "plum orbit quiet lantern")
	if err != nil || len(found.Entries) != 2 {
		t.Fatalf("reading the export back: %v", err)
	}
	for _, e := range found.Entries {
		if d := u.v.FindDuplicate(&e); d == nil || d.Digits != e.Digits || d.Issuer != e.Issuer {
			t.Errorf("exported %+v is not the vault's key", e)
		}
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v", fi.Mode().Perm())
	}

	u.closeDialogs()
	u.exportTo(exportKindLabeled(t, "Google Authenticator: QR code pictures"), "", dir)
	h.waitFor("the pictures", func() bool { return h.shows("Export written") })
	pngs, _ := filepath.Glob(filepath.Join(dir, "google-authenticator-*.png"))
	if len(pngs) != 1 {
		t.Fatalf("%d pictures", len(pngs))
	}
	texts, err := interop.ScanImage(mustRead(t, pngs[0]))
	if err != nil || len(texts) != 1 || !strings.HasPrefix(texts[0], "otpauth-migration://") {
		t.Fatalf("the picture holds %q, %v", texts, err)
	}
	back := interop.ReadLinks(texts)
	if len(back.Entries) != 2 {
		t.Errorf("the transfer code holds %d keys", len(back.Entries))
	}
}

// exportKindLabeled finds an export choice by the start of its label.
func exportKindLabeled(t *testing.T, prefix string) exportKind {
	t.Helper()
	for _, k := range exportKinds {
		if strings.HasPrefix(k.label, prefix) {
			return k
		}
	}
	t.Fatalf("no export choice %q", prefix)
	return exportKind{}
}

// TestExportShowsTransferCodesOnScreen shows Google Authenticator transfer
// codes on the screen and reads them back from a capture of the window, as
// a phone camera would.
func TestExportShowsTransferCodesOnScreen(t *testing.T) {
	var links []string
	for i := range 14 {
		links = append(links, fmt.Sprintf("otpauth://totp/Site%d:me?secret=%s&issuer=Site%d", i, vault.EncodeSecret([]byte(fmt.Sprintf("a secret of site %02d", i))), i))
	}
	links = append(links, "otpauth://steam/Steam:gamer?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Steam")
	h := listHarness(t, links...)
	u := h.u
	u.Window.Resize(fyne.NewSize(560, 760))
	h.menuItem("Export…").Action()
	h.flush()
	radios := h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.RadioGroup); return ok })
	radios[0].(*widget.RadioGroup).SetSelected(exportKindLabeled(t, "Google Authenticator: show").label)
	test.Tap(h.button("Show the codes…"))
	var scanned []string
	for i := 1; i <= 2; i++ {
		if !h.shows(fmt.Sprintf("Code %d of 2", i)) {
			t.Fatalf("code %d of 2 is not shown", i)
		}
		h.lookAt(fmt.Sprintf("export-code-%d", i))
		texts := interop.ScanPicture(u.Window.Canvas().Capture())
		if len(texts) != 1 {
			t.Fatalf("the screen shows %d readable codes", len(texts))
		}
		scanned = append(scanned, texts...)
		if i == 1 {
			test.Tap(h.button("Next code"))
		}
	}
	if !h.shows("Not in these codes (Google Authenticator cannot hold them): Steam (gamer).") {
		t.Error("the last code does not say which keys were left out")
	}
	found := interop.ReadLinks(scanned)
	if len(found.Entries) != 14 || len(found.Problems) != 0 {
		t.Fatalf("read back %d keys, problems %v", len(found.Entries), found.Problems)
	}
	test.Tap(h.button("Done"))
	if u.screen != screenList {
		t.Fatalf("Done: screen %q", u.screen)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A Google Authenticator transfer whose QR codes arrive as separate files
// (one picture or link each) is one import: no code is reported missing.
func TestDroppingEachCodeOfATransferImportsItWhole(t *testing.T) {
	h := listHarness(t)
	u := h.u
	dir := t.TempDir()
	lines := strings.Split(strings.TrimSpace(string(interopTestdata(t, "google/batches.txt"))), "\n")
	var uris []fyne.URI
	for i, line := range lines[1:] {
		p := filepath.Join(dir, fmt.Sprintf("code-%d.txt", i+1))
		os.WriteFile(p, []byte(line+"\n"), 0o600)
		uris = append(uris, storage.NewFileURI(p))
	}
	if len(uris) != 2 {
		t.Fatalf("the fixture has %d transfer codes, want 2", len(uris))
	}
	u.dropped(fyne.NewPos(10, 10), uris)
	h.importScreenShown()
	if h.shows("not found") {
		t.Error("the preview says a code of the transfer is missing, though every code was given")
	}
	if !h.shows("Sparekey can add 3 keys") {
		t.Error("the preview does not offer the transfer's 3 keys")
	}
}

// A dropped database of another app says which app it is; a dropped
// manifest.json of Steam Desktop Authenticator brings the accounts of its
// folder.
func TestDroppingOtherAppsFiles(t *testing.T) {
	h := listHarness(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "databases")
	os.WriteFile(db, interopTestdata(t, "otherapps/google_authenticator.sqlite"), 0o600)
	h.u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(db)})
	h.waitFor("the refusal", func() bool { return h.shows("Google Authenticator's internal database") })

	manifest := filepath.Join("..", "interop", "testdata", "steam", "sda_plain", "manifest.json")
	h.u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(manifest)})
	h.importScreenShown()
	if !h.shows("From manifest.json (Steam Desktop Authenticator), Sparekey can add 1 key") || !h.shows("Steam (gamer_one)") {
		t.Error("the manifest's account is not in the preview")
	}
}
