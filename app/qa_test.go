package app

// Tests of what a person stumbled on when going through the print, copies
// and import screens of the real app.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/printing"
	"sparekey/vault"
)

func TestPrintScreenSaysTheKeysAreOnPaperOnceTheyPrinted(t *testing.T) {
	useFakePrinting(t)
	h := listHarness(t, linkMail, linkBank)
	h.menuItem("Print recovery sheets…").Action()
	ps := h.u.print
	ps.checks[0].SetChecked(false) // Example Bank
	h.tapButton("Print 1 key…")
	h.waitFor("the viewer", func() bool { return h.shows("The sheet is open in your PDF viewer") })
	h.awayAndBack()
	test.Tap(h.button("Yes, it printed"))
	bank, mail := ps.checks[0].Text, ps.checks[1].Text
	if !strings.Contains(bank, "not on paper yet") {
		t.Errorf("the key left out: %q, want it still not on paper", bank)
	}
	if strings.Contains(mail, "not on paper yet") || !strings.Contains(mail, "printed") {
		t.Errorf("the printed key still reads %q", mail)
	}
}

func TestFilesSavedFromSaveDialogsAreReadableOnlyByTheUser(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	dir := t.TempDir()
	open := func(name string) (fyne.URIWriteCloser, string) {
		path := filepath.Join(dir, name)
		w, err := storage.Writer(storage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		return w, path
	}
	w, sheet := open("sheet.pdf")
	if err := writeAll(w, []byte("%PDF-1.4 secrets")); err != nil {
		t.Fatal(err)
	}
	key := vault.NewRecoveryKey()
	u.showRecoveryKey(key, u.ShowMain)
	w, keyFile := open("key.txt")
	u.writeRecoveryKey(w, nil, key)
	for _, p := range []string{sheet, keyFile} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() == 0 {
			t.Errorf("%s is empty", filepath.Base(p))
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(p), perm)
		}
	}
}

func TestEmergencyKitDialogTakesTheKeyAtOnceAndEnterContinues(t *testing.T) {
	fake := useFakePrinting(t)
	h := newHarness(t, Config{})
	key := h.makeVault(strongPW, linkMail)
	h.start()
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	h.menuItem("Print the emergency kit…").Action()
	field, ok := h.u.Window.Canvas().Focused().(*entry)
	if !ok || field.PlaceHolder != "ABCD-EFGH-…" {
		t.Fatalf("the focus is on %T, want the recovery key field", h.u.Window.Canvas().Focused())
	}
	test.Type(field, key)
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitFor("the kit", func() bool { return h.shows("The emergency kit is one page") })
	if len(fake.Opened()) != 0 {
		t.Fatal("the kit was opened before the person chose to")
	}
}

func TestRestoreFromPaperSaysAShortLineThatFailsItsCheckIsWrongIfItIsTheLast(t *testing.T) {
	h := listHarness(t, linkMail)
	h.menuItem("Restore a key from paper…").Action()
	pr := h.u.paperRestore
	lines := vault.KeyLines("MFZW63LFOQQHEZLDN5ZGS3TH", printing.KeyLineChars)
	r := pr.rows[0]
	test.Type(r.key, lines[0])
	test.Type(r.check, vault.LineCheck(1, lines[0]))
	r2 := pr.rows[1]
	test.Type(r2.key, "N5ZGS3TX") // the last line, one letter wrong
	test.Type(r2.check, vault.LineCheck(2, lines[1]))
	if !strings.Contains(r2.status.Text, "If this is the key's last line") || !strings.Contains(r2.status.Text, "does not match") {
		t.Errorf("a wrong short last line reads %q", r2.status.Text)
	}
	h.tapButton("Add the key")
	if p := pr.problem.Text; !strings.Contains(p, "Line 2 does not match the number in its box") {
		t.Errorf("adding with the wrong last line says %q", p)
	}
	r2.key.SetText(lines[1])
	if !strings.Contains(r2.status.Text, "Line 2 is right") {
		t.Errorf("the right last line reads %q", r2.status.Text)
	}
}

func TestGuardNamesTheFolderOfACopyItCannotOpenAndAsksItsPassword(t *testing.T) {
	const otherPW = "quiet orbit lantern 58 fig"
	dir := t.TempDir()
	other, _, err := vault.Create(filepath.Join(t.TempDir(), "other.sparekey"), otherPW, vault.WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := other.Add(vault.Entry{Issuer: "Forum", Secret: "ONSWG4TFOQYTEMZU"}); err != nil {
		t.Fatal(err)
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
	if !h.shows("In " + dir + ": ") {
		t.Error("the guard does not say in which folder the copy it cannot open is")
	}
	if !h.shows("A copy there may hold keys you do not have") || h.shows("A copy holds keys you do not have") {
		t.Error("the guard's title claims to know what a copy it cannot open holds")
	}
	enter(h.field("That copy's password or your recovery key"), otherPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("Forum") && h.shows("holds 1 key that you do not have here") })
}

func TestCountOfSaysOneKeyAndManyKeys(t *testing.T) {
	for n, want := range map[int]string{0: "0 keys", 1: "1 key", 2: "2 keys", 20: "20 keys"} {
		if got := vault.Count(n, "key", "keys"); got != want {
			t.Errorf("vault.Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestImportPreviewNamesTheKeyASkippedOneIsTheSameAs(t *testing.T) {
	// The vault calls the key "Example Mail"; the export calls it "Example".
	h := listHarness(t, linkMail)
	links := "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example\n" +
		"otpauth://totp/Forum:bob?secret=ONSWG4TFOQYTEMZU&issuer=Forum\n" +
		"otpauth://totp/Forum:bob?secret=ONSWG4TFOQYTEMZU&issuer=Forum\n"
	h.u.importFiles([]importFile{{"links.txt", []byte(links)}})
	h.importScreenShown()
	if h.shows("otpauth") || !h.shows("From links.txt (a list of key links)") {
		t.Error("the preview names the file's kind in jargon")
	}
	mail := h.u.v.Entries[0].Name()
	if !h.shows("Example (alice@example.com) \u2014 the same key as your \u201c" + mail + "\u201d") {
		t.Errorf("the skipped key does not name %q, the key it is the same as", mail)
	}
	if !h.shows("Forum (bob): the same key appears twice in this file; the one kept is \u201cForum (bob)\u201d") || !h.shows("can add 1 key") {
		t.Error("a key twice in the file is not explained as added once")
	}
}

func TestAddScreenSaysWhatScanningAQRImageNeeds(t *testing.T) {
	h := listHarness(t)
	h.u.showAdd()
	if !h.shows("a picture of the QR code") {
		t.Error("the Add screen does not say that Scan a QR image needs a picture of the code")
	}
	// The key's example fits its field (a cut-off example showed a
	// scroll bar under an empty field).
	f := h.u.add.secret
	h.u.Window.Resize(fyne.NewSize(560, 680))
	ph := widget.NewLabel(f.PlaceHolder)
	ph.TextStyle = f.TextStyle
	if ph.MinSize().Width > f.Size().Width {
		t.Errorf("the example %q (%.0f wide) does not fit the field (%.0f)", f.PlaceHolder, ph.MinSize().Width, f.Size().Width)
	}
}

func TestExportButtonSaysShowWhenNothingIsSaved(t *testing.T) {
	h := listHarness(t, linkMail)
	h.menuItem("Export…").Action()
	radios := h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.RadioGroup); return ok })
	choice := radios[0].(*widget.RadioGroup)
	choice.SetSelected(exportKindLabeled(t, "Google Authenticator: show").label)
	if h.button("Show the codes…") == nil {
		t.Fatal("no Show the codes button")
	}
	choice.SetSelected(exportKindLabeled(t, "Aegis, NOT").label)
	if h.button("Export…") == nil {
		t.Fatal("no Export button for a file")
	}
}

func TestScreenshotHookShowsItsScreenOnceAfterUnlocking(t *testing.T) {
	h := newHarness(t, Config{})
	h.makeVault(strongPW, linkMail)
	h.start()
	h.u.afterUnlock = "print"
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the print screen", func() bool { return h.shows("A recovery sheet is your keys on paper") })
	if h.u.afterUnlock != "" {
		t.Error("the hook would show its screen again at the next unlock")
	}
}

func TestImportPreviewOfManyKeysKeepsItsButtonsInTheWindow(t *testing.T) {
	h := listHarness(t)
	h.u.Window.Resize(fyne.NewSize(560, 680))
	var links []string
	for i := range 40 {
		links = append(links, "otpauth://totp/Site"+string(rune('A'+i%26))+string(rune('a'+i/26))+":me?secret="+vault.EncodeSecret([]byte("a secret for site "+string(rune('A'+i))))+"&issuer=Site")
	}
	h.u.importFiles([]importFile{{"links.txt", []byte(strings.Join(links, "\n"))}})
	h.importScreenShown()
	h.flush()
	add := h.button("Add 40 keys")
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(add)
	if bottom := pos.Y + add.Size().Height; bottom > h.u.Window.Canvas().Size().Height || add.Size().Height == 0 {
		t.Errorf("the Add button ends at %.0f, below the window's %.0f: out of sight under 40 keys", bottom, h.u.Window.Canvas().Size().Height)
	}
}

func TestBackFromPrintThisKeyReturnsToTheKeysPage(t *testing.T) {
	useFakePrinting(t)
	h := listHarness(t, linkMail, linkBank)
	h.openKey("Example Bank")
	test.Tap(h.button("Print this key…"))
	if h.u.print == nil || !h.shows("A recovery sheet is your keys on paper") {
		t.Fatal("Print this key did not open the print screen")
	}
	test.Tap(h.button("Back"))
	if h.u.screen != screenKey || !h.shows("Example Bank") {
		t.Errorf("Back from Print this key leads to %q, want the key's page", h.u.screen)
	}
	h.menuItem("Print recovery sheets…").Action()
	h.u.escape()
	if h.u.screen != screenList {
		t.Errorf("Esc from Print recovery sheets (File menu) leads to %q, want the list", h.u.screen)
	}
}

func TestPasswordStrengthBarIsHiddenWhenEmptyAndPartlyFilledWhenVeryWeak(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	test.Tap(u.first.start)
	p := u.first.chooser
	if p.strength.Visible() {
		t.Error("the strength bar shows before anything is typed (its blue track looked like a full bar)")
	}
	test.Type(p.first, "abc")
	if !p.strength.Visible() || p.strength.Value <= p.strength.Min || p.strength.Value >= p.strength.Max {
		t.Errorf("a very weak password: bar visible %v, %.0f of %.0f; want a part filled", p.strength.Visible(), p.strength.Value, p.strength.Max)
	}
	p.first.SetText("violin tram sunny cactus")
	if p.strength.Value != p.strength.Max {
		t.Errorf("a very strong password fills %.0f of %.0f", p.strength.Value, p.strength.Max)
	}
}

func TestImportingASparekeyCopyLeadsToRestoringIt(t *testing.T) {
	dir := t.TempDir()
	otherVaultCopy(t, dir, 2)
	file := copiesIn(t, dir)[0]
	h := listHarness(t, linkMail)

	// Chosen in File, Import from another app: the copy's password is asked.
	r, err := storage.Reader(storage.NewFileURI(file))
	if err != nil {
		t.Fatal(err)
	}
	h.u.importChosen(r, nil)
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("holds 2 keys") })

	// Read some other way (as a dropped file would be): plain words.
	h.u.ShowMain()
	h.u.importFiles([]importFile{{filepath.Base(file), mustRead(t, file)}})
	h.waitFor("the message", func() bool { return h.shows("is an encrypted copy made by Sparekey") })
	if !h.shows("Restore from an encrypted copy") || !h.shows("The file "+filepath.Base(file)) {
		t.Error("the message does not say how to restore the copy, or begins with the file name capitalised")
	}
}

func TestMainScreenReminderButtonsKeepTheirHeightBesideTwoLinesOfText(t *testing.T) {
	h := listHarness(t, linkMail, linkBank)
	h.u.Window.Resize(fyne.NewSize(560, 680))
	h.flush()
	for _, name := range []string{"Print them…", "Make copies…"} {
		b := h.button(name)
		if got, want := b.Size().Height, b.MinSize().Height; got > want+1 {
			t.Errorf("%q is %.0f high, want its own height %.0f (it was stretched to the reminder's two lines)", name, got, want)
		}
	}
}

func TestEmergencyKitAsksAgainWithTheKeyAsTypedAfterARefusal(t *testing.T) {
	useFakePrinting(t)
	h := newHarness(t, Config{})
	key := h.makeVault(strongPW, linkMail)
	h.start()
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	h.menuItem("Print the emergency kit…").Action()
	field := h.u.Window.Canvas().Focused().(*entry)
	typo := key[:len(key)-1] + "Q" // the last character wrong
	if typo == key {
		typo = key[:len(key)-1] + "R"
	}
	test.Type(field, typo)
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitFor("the refusal", func() bool { return h.shows("typo") || h.shows("does not open your Sparekey file") })
	test.Tap(h.button("OK"))
	again, ok := h.u.Window.Canvas().Focused().(*entry)
	if !ok || again.Text != typo {
		t.Fatalf("after the refusal the field holds %q, want the key as typed %q", func() string {
			if again == nil {
				return "(no field)"
			}
			return again.Text
		}(), typo)
	}
	again.SetText(key)
	again.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitFor("the kit", func() bool { return h.shows("The emergency kit is one page") })

	// Locking while the refusal is shown does not bring the question back.
	h.u.ShowMain()
	h.menuItem("Print the emergency kit…").Action()
	f := h.u.Window.Canvas().Focused().(*entry)
	test.Type(f, typo)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitFor("the refusal", func() bool { return h.shows("typo") || h.shows("does not open your Sparekey file") })
	h.u.Lock()
	if len(h.u.dialogs) != 0 || h.shows("The emergency kit holds your recovery key") {
		t.Error("after locking, the kit's question came back")
	}
}

func TestCopySecretDialogClosesWithEscAndWithLocking(t *testing.T) {
	dir := t.TempDir()
	otherVaultCopy(t, dir, 1)
	h := listHarness(t, linkMail)
	h.u.openCopyFile(copiesIn(t, dir)[0])
	f := h.field("Password or recovery key")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.u.screen != screenList {
		t.Fatalf("Esc in the question left the screen for %q", h.u.screen)
	}
	if n := len(h.u.Window.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("after Esc, %d pop-ups are still over the window", n)
	}
	h.u.openCopyFile(copiesIn(t, dir)[0])
	test.Type(h.field("Password or recovery key"), "half typed")
	h.u.Lock()
	if n := len(h.u.Window.Canvas().Overlays().List()); n != 0 {
		t.Errorf("after locking, %d pop-ups are still over the unlock screen", n)
	}
}

func TestInfoMessagesShowAllTheirLines(t *testing.T) {
	h := listHarness(t)
	long := "Saved to " + strings.Repeat("/a-rather-long-folder-name", 8) + "/Sparekey emergency kit.pdf. Print it, then delete the file: it holds your recovery key. " +
		"This sentence is here to make the message run to six lines or more in a dialog of ordinary width."
	h.u.ShowInfo("Emergency kit saved", long)
	h.flush()
	ls := h.find(func(o fyne.CanvasObject) bool { l, ok := o.(*widget.Label); return ok && l.Text == long })
	if len(ls) != 1 {
		t.Fatal("the message is not shown")
	}
	l := ls[0].(*widget.Label)
	need := widget.NewLabel(long)
	need.Wrapping = fyne.TextWrapWord
	need.Resize(fyne.NewSize(l.Size().Width, 10))
	if l.Size().Height+1 < need.MinSize().Height {
		t.Errorf("the message has %.0f pixels of height for %.0f of text: its end is cut off", l.Size().Height, need.MinSize().Height)
	}
}

func TestWithNoKeysTheListOffersImportAndPrintingSaysWhyNothingPrints(t *testing.T) {
	h := listHarness(t)
	if !h.shows("You have no keys yet") || !h.shows("Import from another app") {
		t.Fatal("the empty list does not offer to import the keys of another app")
	}
	if h.button("Import from another app…").Hidden {
		t.Error("the import button is hidden on the empty list")
	}
	h.menuItem("Print recovery sheets…").Action()
	open := h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*primaryButton)
		return ok && b.Text == "Print 0 keys…"
	})
	if !h.shows("You have no keys yet") || len(open) != 1 || !open[0].(*primaryButton).Disabled() {
		t.Error("the print screen of an empty vault does not say there is nothing to print")
	}
}

func TestTheImportButtonIsOnlyOnTheEmptyList(t *testing.T) {
	h := listHarness(t, linkMail)
	h.u.list.search.SetText("nothing matches this")
	if !h.shows("No key matches") {
		t.Fatal("no 'no match' message")
	}
	if bs := h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == "Import from another app…"
	}); len(bs) != 0 {
		t.Error("a search without matches offers to import")
	}
}

func TestFirstKeyScreenOffersToImportFromAnotherApp(t *testing.T) {
	h := listHarness(t)
	h.u.showFirstKey()
	if !h.shows("bring in all your keys from another authenticator app") || h.button("Import from another app…") == nil {
		t.Error("the first key screen does not offer to import")
	}
	h.u.showAdd()
	if h.shows("bring in all your keys") {
		t.Error("the ordinary Add screen offers the import too (it is in the File menu)")
	}
}

func TestRestoringOneKeyFromACopySaysOneKey(t *testing.T) {
	dir := t.TempDir()
	otherVaultCopy(t, dir, 1)
	h := listHarness(t, linkMail)
	h.u.openCopyFile(copiesIn(t, dir)[0])
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("holds 1 key.") })
	if !h.shows("It is not in Sparekey yet.") || h.button("Add it to my keys") == nil {
		t.Error("the copy of one new key does not say so in good English")
	}
	bs := h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && strings.HasPrefix(b.Text, "Add ")
	})
	if len(bs) != 1 {
		t.Fatalf("want one Add button, found %d", len(bs))
	}
	test.Tap(bs[0].(*widget.Button))
	if !h.shows("Added 1 key from the copy.") || h.shows("1 keys") {
		t.Error("the restore does not say it added 1 key in good English")
	}
}

func TestCopiesScreenShowsTheWholePathOfAFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "media", "ada", "KINGSTON USB stick of the family", "Backups", "Sparekey copies of Ada")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	h := listHarness(t, linkMail)
	h.u.Window.Resize(fyne.NewSize(560, 680))
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.settled()
	h.flush()
	ls := h.find(func(o fyne.CanvasObject) bool { l, ok := o.(*widget.Label); return ok && l.Text == dir })
	if len(ls) != 1 {
		t.Fatal("the folder's whole path is not shown")
	}
	l := ls[0].(*widget.Label)
	if l.Truncation != fyne.TextTruncateOff {
		t.Error("the path is cut short")
	}
	need := widget.NewLabel(dir)
	need.Wrapping, need.SizeName = l.Wrapping, l.SizeName
	need.Resize(fyne.NewSize(l.Size().Width, 10))
	if l.Size().Height+1 < need.MinSize().Height {
		t.Errorf("the path has %.0f pixels of height for %.0f of text: its end is cut off", l.Size().Height, need.MinSize().Height)
	}
	if !h.shows("Sparekey copies of Ada") {
		t.Error("the folder's own name is not shown")
	}
}

func TestLockingWithTheKitOpenDeletesItsTemporaryPDF(t *testing.T) {
	fake := useFakePrinting(t)
	h := newHarness(t, Config{})
	key := h.makeVault(strongPW, linkMail)
	h.start()
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	h.menuItem("Print the emergency kit…").Action()
	f := h.u.Window.Canvas().Focused().(*entry)
	test.Type(f, key)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitFor("the kit", func() bool { return h.shows("The emergency kit is one page") })
	h.tapButton("Open it to print…")
	if len(fake.Opened()) != 1 || gone(fake.Opened()[0]) {
		t.Fatal("the kit was not opened")
	}
	h.u.Lock() // as when Sparekey quits, or locks itself, with the message still open
	if !gone(fake.Opened()[0]) {
		t.Error("the kit's temporary PDF (with the recovery key) is still there after locking")
	}
}
