package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

const (
	linkComcast = "otpauth://totp/Comcast:ada@example.com?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Comcast"
	linkSteam   = "otpauth://totp/Steam:ada_plays?secret=KRUGS4ZANFZSAYJAON2XEZLMPFWWC5DF&issuer=Steam"
	linkStJohn  = "otpauth://totp/Old%20Bank:st.john?secret=ONSWG4TFOQQGM33SEBTGS4TTOQQQ&issuer=Old%20Bank"
)

func TestSearchPutsKeysWhoseNameStartsWithWhatIsTypedFirst(t *testing.T) {
	h := listHarness(t, linkComcast, linkSteam, linkStJohn, linkMail)
	ls := h.u.list
	test.Type(ls.search, "st")
	var names []string
	for _, e := range ls.entries {
		names = append(names, e.Name())
	}
	want := "Steam (ada_plays), Old Bank (st.john), Comcast (ada@example.com)"
	if got := strings.Join(names, ", "); got != want {
		t.Errorf("searching \"st\" lists %s, want %s", got, want)
	}
	if ls.status.Text != "3 of 4 keys" {
		t.Errorf("the status line says %q while the search shows 3 of 4 keys", ls.status.Text)
	}
}

func TestEnterInTheSearchCopiesTheSelectedKeyAndNamesIt(t *testing.T) {
	h := listHarness(t, linkComcast, linkSteam, linkStJohn)
	ls := h.u.list
	cb := h.u.App.Clipboard()
	h.u.typedRune('s') // typing with nothing focused goes to the search box
	test.Type(ls.search, "t")
	if ls.selected != 0 || !h.rowSelected(0) {
		t.Fatalf("after typing, the selection is %d, want the first key, highlighted", ls.selected)
	}
	ls.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	ls.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	ls.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // stays on the last
	ls.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if ls.selected != 1 || !h.rowSelected(1) || h.rowSelected(0) {
		t.Fatalf("after Down, Down, Down, Up the selection is %d, want the second key alone highlighted", ls.selected)
	}
	if ls.search.Text != "st" {
		t.Errorf("the arrows changed the search to %q", ls.search.Text)
	}
	ls.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	bank := ls.entries[1]
	want, _ := bank.CodeAt(h.now)
	if bank.Issuer != "Old Bank" || cb.Content() != want {
		t.Fatalf("Enter copied %q, want Old Bank's code %q", cb.Content(), want)
	}
	// The harness's clock is 4 s before the codes change.
	if s := ls.status.Text; !strings.HasPrefix(s, "Old Bank (st.john) code copied, cleared in 30 s. It changes in 4 s") {
		t.Errorf("the status line says %q", s)
	}
	h.advance(5 * time.Second)
	if s := ls.status.Text; s != "Old Bank (st.john) code copied, cleared in 25 s" {
		t.Errorf("once the code changed, the status line says %q", s)
	}
}

// rowSelected reports whether the row drawn for the i-th key shown is
// highlighted.
func (h *harness) rowSelected(i int) bool {
	for r, at := range h.u.list.rows {
		if at == i {
			return r.selection.Visible()
		}
	}
	h.t.Fatalf("no row drawn for key %d", i)
	return false
}
