package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sparekey/backup"
	"sparekey/vault"
)

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

// copiesIn lists the files in dir.
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

// updateAll taps "Update all copies" (nothing to type: a copy is the
// vault's own file) and waits for the round, and the look at the places
// after it, to end.
func (h *harness) updateAll() {
	h.t.Helper()
	test.Tap(h.button("Update all copies"))
	h.waitFor("the update", func() bool {
		st := h.u.copies
		return st != nil && !st.running && !st.checking && h.u.busy == 0
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

// otherVaultCopy writes into dir a copy of another vault (another
// computer's, say) with n keys, whose password is strongPW too, and returns
// that vault's recovery key.
func otherVaultCopy(t *testing.T, dir string, n int) string {
	t.Helper()
	v, recovery, err := vault.Create(filepath.Join(t.TempDir(), "other.sparekey"), strongPW, vault.WithWorkFactor(1), vault.WithSeenDir(t.TempDir()))
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
	if _, err := backup.AddLocation(v, dir); err != nil {
		t.Fatal(err)
	}
	if rep, err := backup.Update(v, backup.Options{}); err != nil || !rep.OK() {
		t.Fatalf("writing the other vault's copy: %v %s", err, rep.Results[0].Message())
	}
	return recovery
}

func TestCopiesScreenAddsFoldersAndUpdatesThemAll(t *testing.T) {
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
	// Nothing to type: the copy is the vault's own file.
	h.updateAll()
	if len(h.u.dialogs) != 0 {
		t.Fatal("updating the copies asked something")
	}
	for _, d := range []string{d1, d2} {
		files := copiesIn(t, d)
		if len(files) != 1 {
			t.Fatalf("%s holds %v", d, files)
		}
		c, err := backup.Open(files[0], backup.Secret{Password: strongPW})
		if err != nil || len(c.Entries) != 2 {
			t.Fatalf("the copy in %s with the master password: %v", d, err)
		}
	}
	if !h.shows("Up to date: written") || !h.shows("A new copy was written and checked") {
		t.Error("the screen does not say the copies are up to date")
	}
	// Again, with nothing changed: nothing written.
	h.updateAll()
	if n := len(copiesIn(t, d1)); n != 1 || !h.shows("Already up to date") {
		t.Errorf("an update with nothing changed wrote %d copies", n)
	}
	h.u.ShowMain()
	if h.shows("encrypted cop") {
		t.Error("the main screen still reminds about copies")
	}
}

func TestCopiesOpenWithTheRecoveryKey(t *testing.T) {
	h := newHarness(t, Config{})
	recovery := h.makeVault(strongPW, linkMail)
	h.start()
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	dir := t.TempDir()
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll()
	c, err := backup.Open(copiesIn(t, dir)[0], backup.Secret{RecoveryKey: recovery})
	if err != nil || len(c.Entries) != 1 {
		t.Fatalf("the copy with the recovery key: %v", err)
	}
}

func TestGuardAsksAndAddsTheKeysTheCopyHolds(t *testing.T) {
	dir := t.TempDir()
	otherVaultCopy(t, dir, 20)
	before := copiesIn(t, dir)
	beforeData, _ := os.ReadFile(before[0])

	h := listHarness(t) // an empty vault
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll()
	if !h.shows("A copy there may hold keys you do not have") {
		t.Fatal("the guard does not stop at another vault's copy")
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
		t.Error("the main screen does not say a copy may hold keys the vault lacks")
	}
	test.Tap(h.button("See them…")) // opens the Copies screen and updates
	h.waitFor("the guard again", func() bool { return !h.u.copies.running && h.shows("A copy there may hold keys") })
	enter(h.field("That copy's password or your recovery key"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("holds 20 keys that you do not have here") })
	if !h.shows("Site 0") || !h.shows("Site 19") {
		t.Fatal("the copy's keys are not named")
	}
	test.Tap(h.button("Add them to my keys"))
	h.waitFor("the update after adding", func() bool { return len(copiesIn(t, dir)) == 2 && !h.u.copies.running })
	h.flush()
	if n := len(h.u.v.Entries); n != 20 {
		t.Fatalf("the vault holds %d keys, want 20", n)
	}
	if n := len(h.saved()); n != 20 {
		t.Fatalf("the saved vault holds %d keys, want 20", n)
	}
	if data, _ := os.ReadFile(before[0]); string(data) != string(beforeData) {
		t.Fatal("the other vault's copy changed")
	}
}

func TestGuardCancelAndWriteAnyway(t *testing.T) {
	dir := t.TempDir()
	otherVaultCopy(t, dir, 3)
	h := listHarness(t, linkMail)
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll()
	test.Tap(h.button("Cancel"))
	if len(copiesIn(t, dir)) != 1 || len(h.u.v.Entries) != 1 {
		t.Fatal("Cancel changed something")
	}
	h.updateAll()
	test.Tap(h.button("Save my copy there anyway"))
	test.Tap(h.button("Save it there anyway"))
	h.waitFor("the forced update", func() bool { return len(copiesIn(t, dir)) == 2 && !h.u.copies.running })
	if len(h.u.v.Entries) != 1 {
		t.Error("Write anyway added keys")
	}
}

func TestRestoreFromACopyShowsItAndAddsTheNewKeys(t *testing.T) {
	dir := t.TempDir()
	otherVaultCopy(t, dir, 4)
	file := copiesIn(t, dir)[0]
	h := listHarness(t, linkMail)
	h.u.openCopyFile(file)
	enter(h.field("Password or recovery key"), "wrong")
	h.waitFor("the refusal", func() bool { return h.shows("does not open the copy") })
	h.u.closeDialogs()
	h.u.openCopyFile(file)
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("holds 4 keys") })
	test.Tap(h.button("Add the 4 new keys to mine"))
	if n := len(h.saved()); n != 5 {
		t.Fatalf("the vault holds %d keys after the restore, want 5", n)
	}
	// Once more: nothing new to add.
	h.u.openCopyFile(file)
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("there is nothing to add") })
}

func TestRestoreOnTheWelcomeScreenMakesTheVault(t *testing.T) {
	dir := t.TempDir()
	otherVaultCopy(t, dir, 3)
	h := newHarness(t, Config{})
	h.start()
	if h.u.screen != screenWelcome {
		t.Fatalf("screen %s", h.u.screen)
	}
	h.u.openCopyFile(copiesIn(t, dir)[0])
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("what the copy holds", func() bool { return h.shows("holds 3 keys") })
	test.Tap(h.button("Bring my keys back"))
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	v, err := vault.Open(h.path, strongPW) // the copy's password, kept
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if len(v.Entries) != 3 {
		t.Fatalf("the new vault holds %d keys", len(v.Entries))
	}
}

func TestCopiesUpdateInTheBackgroundAfterAChange(t *testing.T) {
	dir := t.TempDir()
	h := listHarness(t, linkMail)
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll()
	if h.u.v.Copies.Manual {
		t.Fatal("updating after every change is not the default")
	}
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
	h := listHarness(t, linkMail)
	h.u.showSettings()
	auto := h.find(func(o fyne.CanvasObject) bool {
		c, ok := o.(*widget.Check)
		return ok && c.Text == "Update my copies after every change"
	})
	if len(auto) != 1 {
		t.Fatal("no auto-update switch")
	}
	check := auto[0].(*widget.Check)
	if !check.Checked {
		t.Fatal("updating after every change is not on by default")
	}
	test.Tap(check)
	if !h.u.v.Copies.Manual {
		t.Error("the switch did not turn updating after every change off")
	}
	v, err := vault.Open(h.path, strongPW)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if !v.Copies.Manual {
		t.Error("the setting was not saved")
	}
}

func TestLockForgetsTheCopiesState(t *testing.T) {
	h := listHarness(t, linkMail)
	h.u.openCopies()
	h.u.addCopyFolder(t.TempDir())
	h.updateAll()
	h.u.copies.secret = backup.Secret{Password: "another vault's password"}
	st := h.u.copies
	h.u.Lock()
	if h.u.copies != nil || st.secret.Password != "" {
		t.Fatalf("after Lock the copies keep %+v", st.secret)
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
	dir := t.TempDir()
	h := listHarness(t, linkMail, linkBank)
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll()
	test.Tap(h.button("Check that it opens"))
	enter(h.field("Master password"), strongPW)
	h.waitFor("the answer", func() bool { return h.shows("opens with your password and gives back 2 keys") })
	h.u.closeDialogs()
	// A damaged newest copy is reported as damaged.
	file := copiesIn(t, dir)[0]
	data, _ := os.ReadFile(file)
	os.WriteFile(file, data[:len(data)/2], 0o600)
	test.Tap(h.button("Check that it opens"))
	enter(h.field("Master password"), strongPW)
	h.waitFor("the answer", func() bool { return h.shows("damaged") })
}

// TestTheCopiesScreenDoesNotSendThePersonToItself: where a copy stopped
// the update, the Copies screen says which of its own buttons to choose,
// and no text or button on it leads to the Copies screen.
func TestTheCopiesScreenDoesNotSendThePersonToItself(t *testing.T) {
	dir := t.TempDir()
	otherVaultCopy(t, dir, 2)
	h := listHarness(t, linkMail)
	h.u.openCopies()
	h.u.addCopyFolder(dir)
	h.updateAll()
	h.u.closeDialogs() // the guard's question
	h.settled()
	if !h.u.copiesShown() {
		t.Fatalf("the Copies screen is not shown (%s)", h.u.screen)
	}
	h.lookAt("copies-guarded")
	if !h.shows("so nothing was written there. Choose Update all copies to see what it holds and decide.") {
		t.Error("the Copies screen does not say what to choose about the copy that stopped the update")
	}
	h.button("Update all copies")
	for _, o := range h.find(func(fyne.CanvasObject) bool { return true }) {
		var text string
		switch x := o.(type) {
		case *widget.Label:
			text = x.Text
		case *widget.Button:
			text = x.Text
		}
		for _, away := range []string{"Open Copies", "Copies…", "Make copies…", "See them…", "File › Copies"} {
			if strings.Contains(text, away) {
				t.Errorf("the Copies screen says %q: %q", away, text)
			}
		}
	}
}
