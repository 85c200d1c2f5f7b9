package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// pageScroll is the scroller of the screen shown (the tallest one).
func (h *harness) pageScroll() *container.Scroll {
	h.t.Helper()
	var scroll *container.Scroll
	for _, o := range h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*container.Scroll); return ok }) {
		if s := o.(*container.Scroll); scroll == nil || s.Size().Height > scroll.Size().Height {
			scroll = s
		}
	}
	if scroll == nil {
		h.t.Fatalf("screen %q has no scroller", h.u.screen)
	}
	return scroll
}

// wheel turns the mouse wheel down by one notch over the middle of o, as
// the window does: the deepest object there that takes the wheel gets it.
func (h *harness) wheel(o fyne.CanvasObject) {
	h.t.Helper()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	size := h.u.Window.Canvas().Size()
	mid := pos.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
	if mid.Y < 0 || mid.Y >= size.Height {
		h.t.Fatalf("the field is off the window (at y %.0f of %.0f)", mid.Y, size.Height)
	}
	test.Scroll(h.u.Window.Canvas(), mid, 0, -40)
}

// scrollIntoView scrolls page as the person scrolling down to o would: until
// o is in sight at the bottom of the window, with the rest of the page
// still below.
func (h *harness) scrollIntoView(page *container.Scroll, o fyne.CanvasObject) {
	h.t.Helper()
	d := fyne.CurrentApp().Driver()
	inPage := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(page.Content).Y
	page.ScrollToOffset(fyne.NewPos(0, max(0, inPage+o.Size().Height+10-page.Size().Height)))
	if page.Offset.Y+page.Size().Height >= page.Content.Size().Height {
		h.t.Fatalf("below the field there is nothing left to scroll (offset %.0f, %.0f of %.0f)", page.Offset.Y, page.Size().Height, page.Content.Size().Height)
	}
}

func TestWheelOverATextFieldScrollsTheScreen(t *testing.T) {
	for _, field := range []string{"note", "recovery codes box", "name"} {
		t.Run(field, func(t *testing.T) {
			h := demoHarness(t)
			h.u.Window.Resize(fyne.NewSize(420, 520))
			p := h.openKey("mail")
			e := map[string]*entry{"note": p.note, "recovery codes box": p.pasteCodes, "name": p.issuer}[field]
			page := h.pageScroll()
			if page.Content.Size().Height <= page.Size().Height {
				t.Fatalf("the key page fits the window (%.0f in %.0f): nothing to scroll", page.Content.Size().Height, page.Size().Height)
			}
			h.scrollIntoView(page, e)
			before := page.Offset.Y
			h.wheel(e)
			if page.Offset.Y <= before {
				t.Errorf("the wheel over the %s left the screen at %.0f (was %.0f)", field, page.Offset.Y, before)
			}
		})
	}
}

func TestWheelOverALongNoteScrollsTheNoteThenTheScreen(t *testing.T) {
	h := demoHarness(t)
	h.u.Window.Resize(fyne.NewSize(420, 520))
	p := h.openKey("mail")
	var lines []string
	for i := 1; i <= 12; i++ {
		lines = append(lines, "line "+strings.Repeat("x", i))
	}
	p.note.SetText(strings.Join(lines, "\n"))
	page := h.pageScroll()
	h.scrollIntoView(page, p.note)
	pageAt := page.Offset.Y

	h.wheel(p.note)
	if page.Offset.Y != pageAt {
		t.Fatalf("the first notch over a 12-line note in a 2-line field moved the screen (%.0f to %.0f), not the note", pageAt, page.Offset.Y)
	}
	for i := 0; i < 50 && page.Offset.Y == pageAt; i++ {
		h.wheel(p.note)
	}
	if page.Offset.Y == pageAt {
		t.Error("once the note is at its end, the wheel over it still does not move the screen")
	}
}
