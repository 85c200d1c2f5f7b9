package app

// Getting every key back, through the app's handlers: restoring from a
// place (with the password of that time, or the recovery key), an older
// file never chosen silently, the welcome's three ways in, paper with no
// vault first, the guard that asks another vault's copy for its password,
// copies that follow every change (after a password change and a recovery
// too) with their state on the main screen, and the emergency kit kept
// true.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"sparekey/backup"
	"sparekey/printing"
	"sparekey/vault"
)

// oldComputer is a vault on a computer that is gone, with copies in usb
// (first 6 keys, then all n) and in cloud; it returns the vault's id and
// its recovery key.
func oldComputer(t *testing.T, n int, usb, cloud string) (id, recovery string) {
	t.Helper()
	v, recovery, err := vault.Create(filepath.Join(t.TempDir(), "old", "vault.sparekey"), strongPW, vault.WithWorkFactor(testWorkFactor), vault.WithSeenDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	add := func(from, to int) {
		for i := from; i < to; i++ {
			e := vault.Entry{Issuer: fmt.Sprintf("Site %02d", i), Account: "ada", Secret: vault.EncodeSecret([]byte(fmt.Sprintf("the secret of site %02d!", i)))}
			if _, _, err := v.Add(e); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, d := range []string{usb, cloud} {
		if _, err := backup.AddLocation(v, d); err != nil {
			t.Fatal(err)
		}
	}
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	o := backup.Options{Now: func() time.Time { clock = clock.Add(time.Hour); return clock }}
	add(0, 6)
	if rep, err := backup.Update(v, o); err != nil || !rep.OK() {
		t.Fatalf("the first copies: %v", err)
	}
	add(6, n)
	if rep, err := backup.Update(v, o); err != nil || !rep.OK() {
		t.Fatalf("the second copies: %v", err)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	return v.ID(), recovery
}

// newComputer is the app's first start on a computer with no vault.
func newComputer(t *testing.T) *harness {
	h := newHarness(t, Config{Options: []vault.Option{vault.WithWorkFactor(testWorkFactor), vault.WithSeenDir(t.TempDir())}})
	h.start()
	if h.u.screen != screenWelcome {
		t.Fatalf("the first start shows %q", h.u.screen)
	}
	return h
}

// chooseFolder taps a button that opens a folder dialog, closes it and
// runs then with the folder, as if the person had chosen it there.
func (h *harness) chooseFolder(button func(), then func()) {
	h.t.Helper()
	button()
	if len(h.u.dialogs) != 1 {
		h.t.Fatalf("no folder dialog: %d dialogs", len(h.u.dialogs))
	}
	h.u.closeDialogs()
	then()
}

func TestRestoreFromAPlaceOpensItsNewestCopyWithThePassword(t *testing.T) {
	usb, cloud := t.TempDir(), t.TempDir()
	id, _ := oldComputer(t, 60, usb, cloud)
	h := newComputer(t)
	h.chooseFolder(func() { test.Tap(h.u.first.fromCopy) }, func() { h.u.restoreFromPlace(usb) })
	h.waitFor("the question", func() bool { return len(h.find(isField("Password or recovery key"))) == 1 })
	if !h.shows("Type the master password you had when the newest copy was made (saved ") {
		t.Error("the question does not say when the newest copy was made")
	}
	enter(h.field("Password or recovery key"), "not the password")
	h.waitFor("the refusal", func() bool { return h.shows("That does not open the copy") })
	test.Tap(h.button("OK"))
	h.waitFor("the question again", func() bool { return len(h.find(isField("Password or recovery key"))) == 1 })
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("the copy", func() bool { return h.shows("holds 60 keys") })
	if !h.shows("It is the newest of the 2 copies in " + usb) {
		t.Error("the copy shown is not said to be the newest")
	}
	test.Tap(h.button("Bring my keys back"))
	h.waitFor("the list", func() bool { return h.u.screen == screenList && h.shows("Your keys are back") })
	v, err := vault.Open(h.path, strongPW, vault.WithSeenDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if len(v.Entries) != 60 || v.ID() != id {
		t.Fatalf("restored %d keys of vault %s, want 60 of %s", len(v.Entries), v.ID(), id)
	}
	// The places say what the disk holds: up to date, not "no copy yet".
	h.waitFor("the look at the places", func() bool { return h.shows("Copies: up to date in 2 places.") })
	h.u.openCopies()
	h.settled()
	if h.shows("No copy written here yet") || !h.shows("Up to date") {
		t.Error("after the restore, the Copies screen does not say the places are up to date")
	}
}

// isField matches a text field with that placeholder.
func isField(placeholder string) func(o fyne.CanvasObject) bool {
	return func(o fyne.CanvasObject) bool {
		e, ok := o.(*entry)
		return ok && e.PlaceHolder == placeholder
	}
}

func TestRestoreWithTheRecoveryKeyAsksANewPasswordAndWritesNewCopies(t *testing.T) {
	usb, cloud := t.TempDir(), t.TempDir()
	_, recovery := oldComputer(t, 60, usb, cloud)
	h := newComputer(t)
	h.u.restoreFromPlace(usb)
	h.waitFor("the question", func() bool { return len(h.u.dialogs) == 1 })
	// As printed on the kit, in small letters and without dashes.
	enter(h.field("Password or recovery key"), strings.ToLower(strings.ReplaceAll(recovery, "-", " ")))
	h.waitFor("the copy", func() bool { return h.shows("holds 60 keys") })
	if !h.shows("You opened it with your recovery key, so choose a new master password next") {
		t.Fatal("the restore with the recovery key does not ask for a new password first")
	}
	test.Tap(h.button("Choose a new master password…"))
	const newPW = "marble kettle orchard 71"
	enter(h.field("Master password"), newPW)
	enter(h.field("The same password again"), newPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList && h.shows("Your keys are back") })
	if !passwordOpens(h.path, newPW) || passwordOpens(h.path, strongPW) {
		t.Fatal("the restored vault does not open with the new password only")
	}
	// The places were out of date (the password changed): new copies are
	// written at once, and open with the new password.
	h.u.copies.bg.Wait()
	h.waitFor("the copies line", func() bool { return h.shows("Copies: up to date in 2 places.") })
	for _, d := range []string{usb, cloud} {
		c, _, err := backup.OpenPlace(d, backup.Secret{Password: newPW})
		if err != nil || len(c.Entries) != 60 {
			t.Errorf("the newest copy in %s with the new password: %v", d, err)
		}
	}
}

func TestAnOlderCopyChosenByHandShowsTheNewerBesideIt(t *testing.T) {
	usb, cloud := t.TempDir(), t.TempDir()
	oldComputer(t, 60, usb, cloud)
	all, _ := backup.CopiesIn(usb)
	older := all[1].File
	h := newComputer(t)
	h.u.openCopyFile(older)
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("the choice", func() bool { return h.shows("but a newer copy lies beside it") })
	r := h.u.restoring
	if len(r.rows) != 2 {
		t.Fatalf("%d copies shown, want both", len(r.rows))
	}
	if !h.shows("60 keys — the newest") || !h.shows("6 keys — the one you chose") {
		t.Error("the copies are not shown newest first with their keys")
	}
	if r.rows[0].Text != "Use this copy" || r.rows[1].Text != "Use this older copy" {
		t.Errorf("the buttons read %q and %q", r.rows[0].Text, r.rows[1].Text)
	}
	test.Tap(r.rows[1]) // on purpose
	h.waitFor("the older copy", func() bool { return h.shows("holds 6 keys") })
	if !h.shows("It is NOT the newest copy in " + usb) {
		t.Error("the older copy is not said to be older")
	}
	test.Tap(h.button("See every copy…"))
	test.Tap(h.u.restoring.rows[0])
	h.waitFor("the newest copy", func() bool { return h.shows("holds 60 keys") })
	test.Tap(h.button("Bring my keys back"))
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	if n := len(h.u.v.Entries); n != 60 {
		t.Errorf("restored %d keys, want 60", n)
	}
}

func TestTheWelcomeOffersTheThreeWaysIn(t *testing.T) {
	h := newComputer(t)
	for _, s := range []string{"Start fresh", "Bring your keys back from a copy", "USB stick", "cloud",
		"Bring your keys back from paper", "photos or scans of them, or typed in by hand"} {
		if !h.shows(s) {
			t.Errorf("the welcome does not say %q", s)
		}
	}
	if h.u.Window.Canvas().Focused() != h.u.first.start {
		t.Error("Start fresh does not have the focus")
	}
	test.Tap(h.u.first.fromPaper)
	if h.u.screen != screenPaperWelcome {
		t.Errorf("From paper leads to %q", h.u.screen)
	}
}

// qrPNG is a picture of a QR code of text.
func qrPNG(t *testing.T, text string) []byte {
	t.Helper()
	png, err := qrcode.Encode(text, qrcode.Medium, 400)
	if err != nil {
		t.Fatal(err)
	}
	return png
}

func TestPaperNeedsNoVaultFirst(t *testing.T) {
	h := newComputer(t)
	test.Tap(h.u.first.fromPaper)
	if !h.u.paperWelcome.create.Disabled() {
		t.Error("a vault can be made with no key")
	}
	photos := t.TempDir()
	os.WriteFile(filepath.Join(photos, "sheet-1.png"), qrPNG(t, linkMail), 0o600)
	os.WriteFile(filepath.Join(photos, "sheet-2.png"), qrPNG(t, linkBank), 0o600)
	os.WriteFile(filepath.Join(photos, "notes.txt"), []byte("not a picture"), 0o600)
	h.chooseFolder(func() { test.Tap(h.u.paperWelcome.folder) }, func() {
		pics := h.u.folderPictures(photos)
		if len(pics) != 2 {
			t.Fatalf("the pictures of the folder: %d", len(pics))
		}
		h.u.readPaperPhotos(pics)
	})
	h.waitFor("the keys read", func() bool { return h.shows("Found 2 new keys") })
	if !h.shows("sheet-1.png: 1 key (1 QR code).") || !h.shows("Keys found so far (2)") {
		t.Error("what each picture gave is not said")
	}
	h.u.closeDialogs()
	// A key whose code cannot be read is typed, line by line.
	test.Tap(h.u.paperWelcome.typeIt)
	pr := h.u.paperRestore
	pr.issuer.SetText("Forum")
	lines := vault.KeyLines("ONSWG4TFOQYTEMZUONSWG4TF", printing.KeyLineChars)
	for i, l := range lines {
		r := pr.rows[i]
		test.Type(r.key, l)
		test.Type(r.check, vault.LineCheck(i+1, l))
	}
	h.tapButton("Add the key")
	if h.u.screen != screenPaperWelcome || !h.shows("Keys found so far (3)") {
		t.Fatalf("after typing a key: screen %q", h.u.screen)
	}
	h.tapButton("Keep my 3 keys in Sparekey")
	enter(h.field("Master password"), strongPW)
	enter(h.field("The same password again"), strongPW)
	h.waitFor("the recovery key", func() bool { return h.u.screen == screenRecovery })
	test.Tap(h.u.first.stored)
	test.Tap(h.u.first.cont)
	if h.u.screen != screenList {
		t.Fatalf("after the recovery key: %q, want the list", h.u.screen)
	}
	saved := h.saved()
	if len(saved) != 3 {
		t.Fatalf("the vault holds %d keys, want 3", len(saved))
	}
	for _, e := range saved {
		if e.Printed.IsZero() {
			t.Errorf("%s came from paper but does not count as on paper", e.Name())
		}
	}
	if h.u.gathered != nil {
		t.Error("the keys gathered stay in memory after the vault was made")
	}
}

func TestGuardAsksTheOtherCopysPasswordThenFinishesTheUpdate(t *testing.T) {
	const otherPW = "quiet orbit lantern 58 fig"
	dir := t.TempDir()
	other, _, err := vault.Create(filepath.Join(t.TempDir(), "other.sparekey"), otherPW, vault.WithWorkFactor(1), vault.WithSeenDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"ONSWG4TFOQYTEMZU", "MFRGGZDFMZTWQ2LK", "KRUGKIDROVUWG2ZA"} {
		other.Add(vault.Entry{Issuer: "Forum " + s[:2], Secret: s})
	}
	backup.AddLocation(other, dir)
	if rep, _ := backup.Update(other, backup.Options{}); !rep.OK() {
		t.Fatal(rep.Results[0].Message())
	}
	other.Close()

	h := listHarness(t, linkMail)
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll()
	field := "That copy's password or your recovery key"
	enter(h.field(field), "a wrong guess")
	h.waitFor("the guard again", func() bool { return h.shows("What you typed does not open it.") })
	enter(h.field(field), otherPW)
	h.waitFor("what it holds", func() bool { return h.shows("holds 3 keys that you do not have here") })
	test.Tap(h.button("Add them to my keys"))
	h.waitFor("the update, finished", func() bool { return len(copiesIn(t, dir)) == 2 && !h.u.copies.running })
	h.flush()
	if len(h.u.dialogs) != 0 {
		t.Fatal("the guard stopped again after its keys were added")
	}
	if n := len(h.saved()); n != 4 {
		t.Errorf("the vault holds %d keys, want 4", n)
	}
	// The next change updates there by itself: the guard never loops.
	h.u.copies.secret = backup.Secret{} // even with the password forgotten
	e, _, _ := vault.ParseURI(linkBank)
	h.u.v.Add(e)
	h.u.Changed()
	h.u.copies.bg.Wait()
	h.waitFor("the background round", func() bool { return len(copiesIn(t, dir)) == 3 })
	h.flush()
	if len(h.u.dialogs) != 0 || h.u.v.Copies.Locations[0].Guarded {
		t.Error("the background round stopped at the copy whose keys were added")
	}
}

func TestTheMainScreenSaysHowTheCopiesAreAndItsButtonUpdatesThem(t *testing.T) {
	h := listHarness(t, linkMail)
	if !h.shows("Your keys have no encrypted copy yet.") {
		t.Fatal("no copies line")
	}
	usb, cloud := t.TempDir(), t.TempDir()
	h.u.openCopies()
	h.u.addCopyFolder(usb)
	h.u.addCopyFolder(cloud)
	h.updateAll()
	h.u.ShowMain()
	h.settled()
	if !h.shows("Copies: up to date in 2 places.") {
		t.Fatal("the main screen does not say the copies are up to date")
	}
	// Updating after each change turned off: a change leaves them out of
	// date, and the line's button runs the update itself.
	h.u.v.Copies.Manual = true
	e, _, _ := vault.ParseURI(linkBank)
	h.u.v.Add(e)
	h.u.Changed()
	h.u.ShowMain()
	if !h.shows("Copies: out of date in 2 of 2 places.") {
		t.Fatal("the main screen does not say the copies are out of date")
	}
	test.Tap(h.button("Update now"))
	if h.u.screen != screenList || !h.shows("Copies: updating…") {
		t.Errorf("Update now left the main screen (%q) or does not say it is updating", h.u.screen)
	}
	h.waitFor("the update", func() bool { return !h.u.copies.running && !h.u.copies.checking })
	h.flush()
	if !h.shows("Copies: up to date in 2 places.") || len(copiesIn(t, usb)) != 2 {
		t.Error("Update now did not write the copies")
	}
	// A place that is gone is named.
	os.RemoveAll(cloud)
	e2, _, _ := vault.ParseURI("otpauth://totp/Forum:bob?secret=ONSWG4TFOQYTEMZU&issuer=Forum")
	h.u.v.Add(e2)
	h.u.Changed()
	test.Tap(h.button("Update now"))
	h.waitFor("the update", func() bool { return !h.u.copies.running && !h.u.copies.checking })
	h.flush()
	if !h.shows("Copies: out of date in 1 of 2 places. " + filepath.Base(cloud) + ": The folder is not there") {
		t.Error("the main screen does not name the place that is gone")
	}
}

func TestCopiesFollowAPasswordChangeAndARecovery(t *testing.T) {
	h := newHarness(t, Config{})
	recovery := h.makeVault(strongPW, linkMail)
	h.start()
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	dir := t.TempDir()
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll()

	const second = "harbour pencil violet 33"
	h.menuItem("Change master password…").Action()
	enter(h.field("Master password"), second)
	enter(h.field("The same password again"), second)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	h.u.copies.bg.Wait()
	h.waitFor("the copies line", func() bool { return h.shows("Copies: up to date in 1 place.") })
	if c, _, err := backup.OpenPlace(dir, backup.Secret{Password: second}); err != nil || len(c.Entries) != 1 {
		t.Fatalf("after the password change, the newest copy with the new password: %v", err)
	}

	// Forgotten: the recovery key, then a third password.
	h.u.Lock()
	h.u.showForgot()
	enter(h.u.unlock.recoveryKey, recovery)
	h.waitFor("the new password", func() bool { return h.u.screen == screenPassword })
	const third = "lantern quartz meadow 90"
	enter(h.field("Master password"), third)
	enter(h.field("The same password again"), third)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	h.u.copies.bg.Wait()
	h.waitFor("the copies line", func() bool { return h.shows("Copies: up to date in 1 place.") })
	if c, _, err := backup.OpenPlace(dir, backup.Secret{Password: third}); err != nil || len(c.Entries) != 1 {
		t.Fatalf("after the recovery, the newest copy with the new password: %v", err)
	}
}

func TestThePrintedKitIsRecordedAndSaidOutOfDate(t *testing.T) {
	fake := useFakePrinting(t)
	h := newHarness(t, Config{})
	key := h.makeVault(strongPW, linkMail)
	h.start()
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	printKitNow := func(key string) {
		h.menuItem("Print the emergency kit…").Action()
		enter(h.field("ABCD-EFGH-…"), key)
		h.waitFor("the kit", func() bool { return h.shows("The emergency kit is one page") })
		h.tapButton("Open it to print…")
		test.Tap(h.button("OK"))
	}
	printKitNow(key)
	if len(fake.Opened()) != 1 || h.u.v.Kit.Printed.IsZero() {
		t.Fatal("the printed kit was not recorded")
	}
	h.u.ShowMain()
	if h.shows("emergency kit is out of date") {
		t.Fatal("a kit just printed is said out of date")
	}
	// A place for copies added: the kit no longer says where they are.
	h.u.openCopies()
	h.u.addCopyFolder(t.TempDir())
	h.updateAll()
	h.u.ShowMain()
	if !h.shows("Your printed emergency kit is out of date: the places of your copies have changed since it was printed.") {
		for _, o := range h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.Label); return ok }) {
			t.Log(o.(*widget.Label).Text)
		}
		t.Logf("kit %+v made %v", h.u.v.Kit, h.u.v.RecoveryKeyMade)
		t.Fatal("the main screen does not say the kit is out of date")
	}
	test.Tap(h.button("Print a new kit…"))
	if len(h.find(isField("ABCD-EFGH-…"))) != 1 {
		t.Fatal("Print a new kit does not ask for the recovery key")
	}
	h.u.closeDialogs()
	printKitNow(key)
	h.u.ShowMain()
	if h.shows("emergency kit is out of date") {
		t.Error("the new kit is still said out of date")
	}

	// A new recovery key: shown once, the old one ends, the kit is out of
	// date.
	h.u.showSettings()
	test.Tap(h.button("Make a new recovery key…"))
	enter(h.field("Master password"), "not it")
	h.waitFor("the refusal", func() bool { return h.shows("That is not your master password") })
	test.Tap(h.button("OK"))
	enter(h.field("Master password"), strongPW)
	h.waitFor("the new key", func() bool { return h.u.screen == screenRecovery })
	if !h.shows("Your old one no longer opens your Sparekey file") {
		t.Error("the new key's screen does not say the old one ends")
	}
	newKey := h.u.first.recovery
	if newKey == "" || newKey == key {
		t.Fatalf("the new key shown: %q", newKey)
	}
	if h.button("Print the emergency kit…") == nil {
		t.Error("the new key's screen does not offer the kit")
	}
	test.Tap(h.u.first.stored)
	test.Tap(h.u.first.cont)
	if !h.shows("Your printed emergency kit is out of date: it holds a recovery key that no longer works.") {
		t.Error("after a new recovery key, the main screen does not say the kit is out of date")
	}
	h.u.Lock()
	for k, want := range map[string]bool{key: false, newKey: true} {
		v, err := vault.OpenWithRecoveryKey(h.path, k)
		if (err == nil) != want {
			t.Errorf("recovery key %q opens: %v, want %v", k[:4], err == nil, want)
		}
		if v != nil {
			v.Close()
		}
	}
}
