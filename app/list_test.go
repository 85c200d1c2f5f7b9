package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sparekey/vault"
)

// demoHarness starts the UI on the demo vault.
func demoHarness(t *testing.T) *harness {
	h := newHarness(t, Config{Demo: true})
	h.start()
	return h
}

func TestDemoOpensSampleKeysWithoutPasswordMarkedDemo(t *testing.T) {
	h := demoHarness(t)
	u := h.u
	if u.screen != screenList || len(u.list.entries) != len(demoLinks) {
		t.Fatalf("demo: screen %q with %d keys, want the list with %d", u.screen, len(u.list.entries), len(demoLinks))
	}
	if !strings.Contains(u.Window.Title(), "Demo") || !h.shows("Demo:") {
		t.Errorf("the demo is not marked: title %q", u.Window.Title())
	}
}

func TestListShowsGroupedCodesAndTimeLeft(t *testing.T) {
	h := demoHarness(t)
	u := h.u
	bank := u.v.Find("Example Bank")[0]
	want, err := bank.CodeAt(h.now)
	if err != nil {
		t.Fatal(err)
	}
	left := bank.SecondsLeft(h.now)
	if !h.shows(want[:4]+" "+want[4:]) || !h.shows(itoa(left)+" s") {
		t.Errorf("the list does not show Example Bank's code %s grouped with %d s left", want, left)
	}
	// A second later the time left is one less (or the code changed).
	h.advance(time.Second)
	if bank.SecondsLeft(h.now) != left-1 && left != 1 {
		t.Fatal("the test clock does not move")
	}
	if left > 1 && !h.shows(itoa(left-1)+" s") {
		t.Errorf("the time left did not tick down to %d s", left-1)
	}
}

func TestSearchFiltersAsYouType(t *testing.T) {
	h := demoHarness(t)
	u := h.u
	ls := u.list
	test.Type(ls.search, "ban")
	if len(ls.entries) != 1 || ls.entries[0].Issuer != "Example Bank" {
		t.Fatalf("search \"ban\" shows %d keys", len(ls.entries))
	}
	ls.search.SetText("EXAMPLE.COM")
	if len(ls.entries) != 2 {
		t.Errorf("search by account (any case) shows %d keys, want 2", len(ls.entries))
	}
	ls.search.SetText("nothing like this")
	if len(ls.entries) != 0 || !h.shows("No key matches \"nothing like this\"") {
		t.Errorf("a search with no match: %d keys, empty state shown %v", len(ls.entries), h.shows("No key matches"))
	}
	ls.search.SetText("")
	if len(ls.entries) != len(demoLinks) || h.shows("No key matches") {
		t.Errorf("clearing the search shows %d keys", len(ls.entries))
	}
	// Typing with nothing focused searches.
	ls.search.SetText("")
	u.Window.Canvas().Focus(nil)
	test.TypeOnCanvas(u.Window.Canvas(), "bank")
	if u.Window.Canvas().Focused() != ls.search || ls.search.Text != "bank" || len(ls.entries) != 1 {
		t.Errorf("typing on the list: search %q, %d keys", ls.search.Text, len(ls.entries))
	}
	// Ctrl+F puts the cursor back in the search box.
	u.Window.Canvas().Focus(nil)
	h.menuItem("Find…").Action()
	if u.Window.Canvas().Focused() != ls.search {
		t.Error("Find… does not focus the search box")
	}
}

// codeLabels returns the code labels of the rows on screen, top first.
func (h *harness) codeLabels() []*tapLabel {
	var out []*tapLabel
	for _, o := range h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*tapLabel); return ok }) {
		out = append(out, o.(*tapLabel))
	}
	return out
}

func TestClickingACodeCopiesItAndTheClipboardIsClearedAfterTheSetTime(t *testing.T) {
	h := demoHarness(t)
	u := h.u
	cb := u.App.Clipboard()
	first := u.list.entries[0]
	want, _ := first.CodeAt(h.now)
	labels := h.codeLabels()
	if len(labels) == 0 || labels[0].Text != vault.FormatCode(want) {
		t.Fatalf("the first row does not show %s", vault.FormatCode(want))
	}
	test.Tap(labels[0])
	if cb.Content() != want {
		t.Fatalf("clipboard holds %q after clicking the code, want %q", cb.Content(), want)
	}
	// The clock stands 4 s before the code changes: the status says so.
	said := first.Name() + " code copied"
	if want := said + ", cleared in 30 s. It changes in 4 s: if the website refuses it, copy the new one"; u.list.status.Text != want {
		t.Errorf("status after copying: %q", u.list.status.Text)
	}
	h.advance(29 * time.Second)
	if cb.Content() != want {
		t.Error("the clipboard was cleared before its time")
	}
	if u.list.status.Text != said+", cleared in 1 s" {
		t.Errorf("status 29 s after copying: %q", u.list.status.Text)
	}
	h.advance(time.Second)
	if cb.Content() != "" {
		t.Errorf("30 s after copying the clipboard still holds %q", cb.Content())
	}
	if u.list.status.Text != "Clipboard cleared" {
		t.Errorf("status after clearing: %q", u.list.status.Text)
	}

	// If the person copied something else meanwhile, it is left alone.
	u.Prefs.SetInt(prefClipboard, 10)
	test.Tap(h.codeLabels()[0])
	if !strings.HasPrefix(u.list.status.Text, said+", cleared in 10 s.") {
		t.Errorf("status with a 10 s setting: %q", u.list.status.Text)
	}
	cb.SetContent("my own text")
	h.advance(11 * time.Second)
	if cb.Content() != "my own text" {
		t.Errorf("Sparekey cleared what the person copied: clipboard %q", cb.Content())
	}
}

func TestCounterCodeIsDrawnOnClickAndTheCounterSaved(t *testing.T) {
	h := demoHarness(t)
	u := h.u
	u.list.search.SetText("Office VPN")
	e := u.list.entries[0]
	before := e.Counter
	want, err := vault.HOTPCode(e.Secret, before, e.Algorithm, e.Digits)
	if err != nil {
		t.Fatal(err)
	}
	if !h.shows("Get code") {
		t.Fatal("a counter-based key shows a code before it is asked for")
	}
	test.Tap(h.codeLabels()[0])
	if u.App.Clipboard().Content() != want || e.Counter != before+1 || !h.shows(vault.FormatCode(want)) {
		t.Errorf("counter key: clipboard %q (want %q), counter %d (want %d)", u.App.Clipboard().Content(), want, e.Counter, before+1)
	}
}

func TestEmptyVaultSaysWhatToDo(t *testing.T) {
	h := newHarness(t, Config{})
	h.u.Start()
	h.u.OpenVault(vault.NewInMemory())
	if !h.shows("You have no keys yet") || !h.shows("choose Add a key") {
		t.Error("an empty vault does not say what to do next")
	}
	test.Tap(h.u.list.emptyAdd)
	if h.u.screen != screenAdd {
		t.Errorf("the empty state's Add a key leads to %q", h.u.screen)
	}
}
