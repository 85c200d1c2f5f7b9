package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"sparekey/backup"
)

// TestBackFromTheRestoreScreensLeadsWhereThePersonCameFrom: Back on
// "Which copy?" returns to the screen the restore began on (the Copies
// screen, the list, the welcome), as it was; Back on a copy's contents,
// reached from the choice, returns to the choice with every copy still
// there and nothing to type again.
func TestBackFromTheRestoreScreensLeadsWhereThePersonCameFrom(t *testing.T) {
	usb, cloud := t.TempDir(), t.TempDir()
	oldComputer(t, 8, usb, cloud)
	all, err := backup.CopiesIn(usb)
	if err != nil || len(all) != 2 {
		t.Fatalf("the old computer's copies: %d, %v", len(all), err)
	}
	older := all[1].File

	h := listHarness(t, linkMail, linkBank)
	u := h.u

	// From the Copies screen: Restore from a copy…, the place, its newest
	// copy, See every copy…
	u.openCopies()
	h.settled()
	h.chooseFolder(func() { h.tapButton("Restore from a copy…") }, func() { u.restoreFromPlace(usb) })
	h.waitFor("the question", func() bool { return len(h.find(isField("Password or recovery key"))) == 1 })
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("the newest copy", func() bool { return h.shows("holds 8 keys") })
	h.tapButton("See every copy…")
	if !h.shows("Which copy?") || len(u.restoring.rows) != 2 {
		t.Fatal("See every copy… does not show both copies")
	}
	test.Tap(u.restoring.rows[1])
	h.waitFor("the older copy", func() bool { return h.shows("holds 6 keys") })
	h.tapButton("Back")
	if !h.shows("Which copy?") || len(u.restoring.rows) != 2 || len(u.dialogs) != 0 {
		t.Fatalf("Back from a copy chosen on the choice: screen %q, dialogs %d; want the choice again, nothing to type", u.screen, len(u.dialogs))
	}
	h.tapButton("Back")
	if u.copies == nil || u.copies.screen == nil || u.copies.screen.root != u.Window.Content() || !h.shows("Encrypted copies") {
		t.Fatalf("Back from Which copy? begun on the Copies screen shows %q, want the Copies screen", u.screen)
	}
	if u.restoring != nil {
		t.Error("what opened the copies is kept after the restore was left")
	}

	// From the list: an older copy file chosen by hand (File › Import…).
	u.ShowMain()
	u.openCopyFile(older)
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("the choice", func() bool { return h.shows("but a newer copy lies beside it") })
	h.tapButton("Back")
	if u.screen != screenList || len(u.v.Entries) != 2 {
		t.Fatalf("Back from Which copy? begun on the list shows %q with %d keys, want the list as it was", u.screen, len(u.v.Entries))
	}

	// From Settings, by the menu.
	u.showSettings()
	h.menuItem("Restore from an encrypted copy…").Action()
	h.u.closeDialogs()
	u.openCopyFile(older)
	enter(h.field("Password or recovery key"), strongPW)
	h.waitFor("the choice", func() bool { return h.shows("but a newer copy lies beside it") })
	h.tapButton("Back")
	if u.screen != screenSettings {
		t.Fatalf("Back from Which copy? begun on Settings shows %q", u.screen)
	}

	// On a new computer, from the welcome.
	n := newComputer(t)
	n.u.openCopyFile(older)
	enter(n.field("Password or recovery key"), strongPW)
	n.waitFor("the choice", func() bool { return n.shows("but a newer copy lies beside it") })
	n.tapButton("Back")
	if n.u.screen != screenWelcome {
		t.Fatalf("Back from Which copy? on a new computer shows %q, want the welcome", n.u.screen)
	}
}
