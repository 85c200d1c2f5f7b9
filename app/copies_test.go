package app

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/vault"
)

// fastCopies lowers the copies' scrypt work factor for one test.
func fastCopies(t *testing.T) {
	old := copyWorkFactor
	copyWorkFactor = 1
	t.Cleanup(func() { copyWorkFactor = old })
}

// field finds the one visible text field with that placeholder.
func (h *harness) field(placeholder string) *entry {
	h.t.Helper()
	es := h.find(func(o fyne.CanvasObject) bool {
		e, ok := o.(*entry)
		return ok && e.PlaceHolder == placeholder
	})
	if len(es) != 1 {
		h.t.Fatalf("want one field %q on screen %q, found %d", placeholder, h.u.screen, len(es))
	}
	return es[0].(*entry)
}

// copiesIn lists the copies in dir.
func copiesIn(t *testing.T, dir string) []string {
	t.Helper()
	items, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, filepath.Join(dir, it.Name()))
	}
	return out
}

// updateAll taps "Update all copies", types the master password when asked
// and waits for the round to end.
func (h *harness) updateAll(password string) {
	h.t.Helper()
	test.Tap(h.button("Update all copies"))
	if password != "" {
		enter(h.field("Master password"), password)
	}
	h.waitFor("the update", func() bool {
		st := h.u.copies
		return st != nil && !st.running && !st.checking && st.passphrase != "" && h.u.busy == 0 && len(h.u.dialogs) <= 1
	})
	h.flush()
}

// settled waits until the look at the places is over.
func (h *harness) settled() {
	h.t.Helper()
	h.waitFor("the look at the places", func() bool {
		st := h.u.copies
		return st != nil && !st.running && !st.checking
	})
	h.flush()
}

// otherVaultCopy writes a copy of a vault with n keys into dir.
func otherVaultCopy(t *testing.T, dir string, n int) {
	t.Helper()
	v, _, err := vault.Create(filepath.Join(t.TempDir(), "other.sparekey"), strongPW, vault.WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for i := 0; i < n; i++ {
		e := vault.Entry{Issuer: fmt.Sprintf("Site %d", i), Secret: "JBSWY3DPEHPK3PXP" + string(rune('A'+i%26)) + string(rune('A'+i/26)) + "AAAAAA"}
		if _, _, err := v.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	backup.AddLocation(v, dir)
	if rep, _ := backup.Update(v, strongPW, backup.Options{WorkFactor: 1}); !rep.OK() {
		t.Fatal(rep.Results[0].Message())
	}
}

func TestCopiesScreenAddsFoldersAndUpdatesThemAll(t *testing.T) {
	fastCopies(t)
	h := listHarness(t, linkMail, linkBank)
	if !h.shows("Your keys have no encrypted copy yet.") {
		t.Error("the main screen does not remind about copies")
	}
	test.Tap(h.button("Make copies…"))
	if h.u.screen != screenOther || h.u.copies.screen == nil {
		t.Fatalf("the Copies screen is not shown (%s)", h.u.screen)
	}
	d1, d2 := t.TempDir(), t.TempDir()
	h.u.addCopyFolder(d1)
	h.u.addCopyFolder(d2)
	if !h.shows("Looking at this place…") {
		t.Error("the places are not shown as being looked at")
	}
	h.settled()
	if !h.shows(d1) || !h.shows(d2) || !h.shows("No copy written here yet") {
		t.Fatal("the new places are not listed")
	}
	// A wrong password is refused before anything is written.
	test.Tap(h.button("Update all copies"))
	enter(h.field("Master password"), "not my password")
	h.waitFor("the wrong password", func() bool { return h.shows("The password is not right") })
	if n := len(copiesIn(t, d1)); n != 0 {
		t.Fatalf("%d files written with a wrong password", n)
	}
	h.u.closeDialogs()

	h.updateAll(strongPW)
	for _, d := range []string{d1, d2} {
		files := copiesIn(t, d)
		if len(files) != 1 {
			t.Fatalf("%s holds %v", d, files)
		}
		p, err := backup.Open(files[0], strongPW)
		if err != nil || len(p.Entries) != 2 {
			t.Fatalf("the copy in %s: %v", d, err)
		}
	}
	if !h.shows("Up to date: written") || !h.shows("A new copy was written and checked") {
		t.Error("the screen does not say the copies are up to date")
	}
	// Again, with nothing changed: no password asked, nothing written.
	h.updateAll("")
	if n := len(copiesIn(t, d1)); n != 1 || !h.shows("Already up to date") {
		t.Errorf("an update with nothing changed wrote %d copies", n)
	}
	h.u.ShowMain()
	if h.shows("encrypted cop") {
		t.Error("the main screen still reminds about copies")
	}
}

func TestGuardAsksAndAddsTheKeysTheCopyHolds(t *testing.T) {
	fastCopies(t)
	dir := t.TempDir()
	otherVaultCopy(t, dir, 20)
	before := copiesIn(t, dir)
	beforeData, _ := os.ReadFile(before[0])

	h := listHarness(t) // an empty vault
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll(strongPW)
	if !h.shows("holds 20 keys that this vault does not have") || !h.shows("Site 0") || !h.shows("Site 19") {
		t.Fatal("the guard does not name the missing keys")
	}
	if after := copiesIn(t, dir); len(after) != 1 {
		t.Fatalf("the refused update wrote: %v", after)
	}
	if data, _ := os.ReadFile(before[0]); string(data) != string(beforeData) {
		t.Fatal("the fuller copy changed")
	}
	h.u.closeDialogs()
	h.u.ShowMain()
	if !h.shows("A copy holds keys that you do not have.") {
		t.Error("the main screen does not say a copy holds keys the vault lacks")
	}
	test.Tap(h.button("See them…"))
	h.settled()
	test.Tap(h.button("Update all copies"))
	h.waitFor("the guard again", func() bool { return !h.u.copies.running && h.shows("holds 20 keys") })
	test.Tap(h.button("Add them to my vault"))
	h.waitFor("the second update", func() bool { return len(copiesIn(t, dir)) == 2 && !h.u.copies.running })
	if n := len(h.u.v.Entries); n != 20 {
		t.Fatalf("the vault holds %d keys, want 20", n)
	}
	if n := len(h.saved()); n != 20 {
		t.Fatalf("the saved vault holds %d keys, want 20", n)
	}
}

func TestGuardCancelAndWriteAnyway(t *testing.T) {
	fastCopies(t)
	dir := t.TempDir()
	otherVaultCopy(t, dir, 3)
	h := listHarness(t, linkMail)
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll(strongPW)
	test.Tap(h.button("Cancel"))
	if len(copiesIn(t, dir)) != 1 || len(h.u.v.Entries) != 1 {
		t.Fatal("Cancel changed something")
	}
	test.Tap(h.button("Update all copies"))
	h.waitFor("the guard again", func() bool { return !h.u.copies.running && h.shows("holds 3 keys") })
	test.Tap(h.button("Write anyway"))
	h.waitFor("the forced update", func() bool { return len(copiesIn(t, dir)) == 2 && !h.u.copies.running })
	if len(h.u.v.Entries) != 1 {
		t.Error("Write anyway added keys")
	}
}

func TestRestoreFromACopyShowsItAndAddsTheNewKeys(t *testing.T) {
	fastCopies(t)
	dir := t.TempDir()
	otherVaultCopy(t, dir, 4)
	file := copiesIn(t, dir)[0]
	h := listHarness(t, linkMail)
	h.u.openCopyFile(file)
	enter(h.field("Password of the copy"), "wrong")
	h.waitFor("the refusal", func() bool {
		return h.shows("that password does not open this copy") || h.shows("That password does not open this copy")
	})
	h.u.closeDialogs()
	h.u.openCopyFile(file)
	enter(h.field("Password of the copy"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("holds 4 keys") })
	test.Tap(h.button("Add the 4 new keys to my vault"))
	if n := len(h.saved()); n != 5 {
		t.Fatalf("the vault holds %d keys after the restore, want 5", n)
	}
	// Once more: nothing new to add.
	h.u.openCopyFile(file)
	enter(h.field("Password of the copy"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("there is nothing to add") })
}

func TestRestoreOnTheWelcomeScreenMakesANewVault(t *testing.T) {
	fastCopies(t)
	dir := t.TempDir()
	otherVaultCopy(t, dir, 3)
	h := newHarness(t, Config{})
	h.start()
	if h.u.screen != screenWelcome {
		t.Fatalf("screen %s", h.u.screen)
	}
	test.Tap(h.button("Restore from an encrypted copy…"))
	h.u.closeDialogs() // the file chooser; the test picks the file itself
	h.u.openCopyFile(copiesIn(t, dir)[0])
	enter(h.field("Password of the copy"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("holds 3 keys") })
	test.Tap(h.button("Make a new vault from this copy"))
	enter(h.field("Master password"), "another strong passphrase here")
	enter(h.field("The same password again"), "another strong passphrase here")
	h.waitFor("the recovery key", func() bool { return h.u.screen == screenRecovery })
	v, err := vault.Open(h.path, "another strong passphrase here")
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if len(v.Entries) != 3 {
		t.Fatalf("the new vault holds %d keys", len(v.Entries))
	}
}

func TestCopiesUpdateInTheBackgroundAfterAChange(t *testing.T) {
	fastCopies(t)
	dir := t.TempDir()
	h := listHarness(t, linkMail)
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll(strongPW)
	h.u.v.Copies.AutoUpdate = true
	e, _, _ := vault.ParseURI(linkBank)
	h.u.v.Add(e)
	h.u.Changed()
	h.u.copies.bg.Wait()
	h.waitFor("the background round", func() bool { return len(copiesIn(t, dir)) == 2 })
	h.flush()
	if show, msg := backup.Reminder(h.u.v); show {
		t.Errorf("after the background update: %s", msg)
	}
}

func TestCopiesSettingsCard(t *testing.T) {
	fastCopies(t)
	h := listHarness(t, linkMail)
	h.u.showSettings()
	auto := h.find(func(o fyne.CanvasObject) bool {
		c, ok := o.(*widget.Check)
		return ok && c.Text == "Update my copies after every change"
	})
	if len(auto) != 1 {
		t.Fatal("no auto-update switch")
	}
	test.Tap(auto[0].(*widget.Check))
	if !h.u.v.Copies.AutoUpdate {
		t.Error("the switch did not turn auto-update on")
	}
	radio := h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.RadioGroup); return ok })[0].(*widget.RadioGroup)
	radio.SetSelected(lockWithSeparate)
	enter(h.field("Copy passphrase"), "a separate copy passphrase")
	enter(h.field("The same passphrase again"), "a separate copy passphrase")
	if !h.u.v.Copies.SeparatePassphrase || h.u.copies.passphrase != "a separate copy passphrase" {
		t.Error("the separate passphrase was not taken")
	}
}

func TestLockForgetsTheCopyPassphrase(t *testing.T) {
	fastCopies(t)
	h := listHarness(t, linkMail)
	h.u.openCopies()
	h.u.addCopyFolder(t.TempDir())
	h.updateAll(strongPW)
	if h.u.copies.passphrase != strongPW {
		t.Fatal("the passphrase was not kept while unlocked")
	}
	h.u.Lock()
	if st := h.u.copies; st != nil {
		t.Fatalf("after Lock the copies keep %+v", st)
	}
}

func TestTheDemoWritesNoCopies(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	h.start()
	if h.shows("encrypted cop") {
		t.Error("the demo reminds about copies")
	}
	test.Tap(h.button("Copies…"))
	h.settled()
	if !h.shows("In the demo, no copies are written.") || !h.button("Update all copies").Disabled() || !h.button("Add a folder…").Disabled() {
		t.Error("the demo's Copies screen lets copies be written")
	}
}

func TestTryOpeningShowsTheNewestCopyReallyOpens(t *testing.T) {
	fastCopies(t)
	dir := t.TempDir()
	h := listHarness(t, linkMail, linkBank)
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll(strongPW)
	test.Tap(h.button("Try opening"))
	h.waitFor("the answer", func() bool { return h.shows("opens with your password and gives back 2 keys") })
	h.u.closeDialogs()
	// A damaged newest copy is reported as damaged.
	file := copiesIn(t, dir)[0]
	data, _ := os.ReadFile(file)
	os.WriteFile(file, data[:len(data)/2], 0o600)
	test.Tap(h.button("Try opening"))
	h.waitFor("the answer", func() bool { return h.shows("damaged") })
}
