package app

import (
	"errors"
	"testing"

	"sparekey/printing"
)

// File, Quit locks, clears the code on the clipboard and deletes every
// temporary PDF: the sheet waiting for "Did it print?" and one that no
// message holds any more (as after a crash of the viewer's hand-off).
func TestQuitLocksClearsTheClipboardAndDeletesTemporaryPDFs(t *testing.T) {
	fake := useFakePrinting(t)
	h := listHarness(t, linkMail)
	u := h.u
	v := u.v
	h.openKey("mail")
	u.copyKeyCode()
	if u.App.Clipboard().Content() == "" {
		t.Fatal("no code on the clipboard to clear")
	}
	h.menuItem("Print recovery sheets…").Action()
	h.tapButton("Open it to print…")
	h.waitFor("the question", func() bool { return h.shows("Print it from there") })
	loose, _, err := printing.TempPDF([]byte("%PDF-1.4 loose"), "sheet")
	if err != nil {
		t.Fatal(err)
	}

	quit := h.menuItem("Quit")
	if !quit.IsQuit {
		t.Fatal("the File menu's Quit is not marked as the Quit item (Fyne would add its own, which cleans nothing)")
	}
	quit.Action()
	if u.v != nil || v.Entries != nil {
		t.Error("the vault is still open after Quit")
	}
	if got := u.App.Clipboard().Content(); got != "" {
		t.Errorf("the clipboard still holds %q after Quit", got)
	}
	for _, p := range []string{fake.Opened()[0], loose} {
		if !gone(p) {
			t.Errorf("%s is still there after Quit", p)
		}
	}
}

// Quitting while a save runs waits for it, then locks.
func TestQuitWaitsForSlowWork(t *testing.T) {
	h := listHarness(t, linkMail)
	u := h.u
	release := make(chan struct{})
	u.Slow("Saving…", func() error { <-release; return nil }, nil)
	u.quit()
	if u.v == nil {
		t.Fatal("Quit closed the vault under a running save")
	}
	close(release)
	h.waitFor("the lock after the save", func() bool { return u.v == nil })
}

func TestTrayOnlyWithADBusSessionOnLinuxAndTheBSDs(t *testing.T) {
	none := func() error { return errors.New("no session bus") }
	bus := func() error { return nil }
	for _, tc := range []struct {
		goos    string
		connect func() error
		want    bool
	}{
		{"linux", none, false},
		{"linux", bus, true},
		{"freebsd", none, false},
		{"windows", none, true},
		{"darwin", none, true},
	} {
		if got := trayCanRun(tc.goos, tc.connect); got != tc.want {
			t.Errorf("%s, session bus %v: tray %v, want %v", tc.goos, tc.connect() == nil, got, tc.want)
		}
	}
}
