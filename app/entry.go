package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// entry is a text field that counts typing as activity (for auto-lock) and
// passes Esc to the window (close the dialog, or go back), which a plain
// Entry swallows.
type entry struct {
	widget.Entry
	u        *UI
	hasFocus bool // for tests: a field must lose the focus when its screen goes
	// onKey, if set, sees each key first and reports whether it took it
	// (the search box moves the list's selection with Up and Down).
	onKey func(*fyne.KeyEvent) bool
}

func newEntry(u *UI, placeholder string) *entry {
	e := &entry{u: u}
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = 0
	e.PlaceHolder = placeholder
	e.ExtendBaseWidget(e)
	return e
}

// newPasswordEntry is a hidden field with Fyne's show/hide eye button.
func newPasswordEntry(u *UI, placeholder string) *entry {
	e := newEntry(u, placeholder)
	e.Password = true
	return e
}

func newMultiLineEntry(u *UI, placeholder string) *entry {
	e := newEntry(u, placeholder)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// TypedKey handles Esc for the window and the rest as an Entry does.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	e.u.activity()
	if k.Name == fyne.KeyEscape {
		e.u.escape()
		return
	}
	if e.onKey != nil && e.onKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

// FocusGained is as for an Entry.
func (e *entry) FocusGained() {
	e.hasFocus = true
	e.Entry.FocusGained()
}

// FocusLost is as for an Entry; it stops the cursor's blinking.
func (e *entry) FocusLost() {
	e.hasFocus = false
	e.Entry.FocusLost()
}

// TypedRune counts as activity.
func (e *entry) TypedRune(r rune) {
	e.u.activity()
	e.Entry.TypedRune(r)
}

// CreateRenderer is an Entry's, with a wheelPass laid over it: without it
// the mouse wheel over a field stops in the field's own scroller, which
// usually has nothing to scroll, and the screen around it does not move.
func (e *entry) CreateRenderer() fyne.WidgetRenderer {
	r := &entryRenderer{WidgetRenderer: e.Entry.CreateRenderer()}
	r.wheel = &wheelPass{e: e, field: r.WidgetRenderer}
	r.wheel.ExtendBaseWidget(r.wheel)
	return r
}

// entryRenderer draws an Entry and puts its wheelPass last, on top, where
// the window looks for what takes the wheel (the deepest, last object
// under the mouse that can scroll).
type entryRenderer struct {
	fyne.WidgetRenderer
	wheel *wheelPass
}

func (r *entryRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.wheel.Move(fyne.NewPos(0, 0))
	r.wheel.Resize(size)
}

func (r *entryRenderer) Objects() []fyne.CanvasObject {
	inner := r.WidgetRenderer.Objects()
	objs := make([]fyne.CanvasObject, 0, len(inner)+1)
	return append(append(objs, inner...), r.wheel)
}

// wheelPass takes the wheel over a field. It scrolls the field's text when
// there is more of it than the field shows (a long note), and otherwise,
// or once the text is at its end, the scrolled screen or dialog around the
// field. It takes nothing else: taps, drags and the cursor reach the field.
type wheelPass struct {
	widget.BaseWidget
	e     *entry
	field fyne.WidgetRenderer // the Entry's own renderer
}

func (w *wheelPass) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// Scrolled scrolls the field's text, else the scroller around the field.
func (w *wheelPass) Scrolled(ev *fyne.ScrollEvent) {
	// A one-line field scrolls sideways only; the wheel's up and down are
	// for the screen (Fyne would turn them sideways over a long line).
	if inner := w.textScroller(); inner != nil && (w.e.MultiLine || ev.Scrolled.DX != 0) {
		before := inner.Offset
		inner.Scrolled(ev)
		if inner.Offset != before {
			return
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(w.e); c != nil {
		if outer := scrollAround(c, w.e); outer != nil {
			outer.Scrolled(ev)
		}
	}
}

// textScroller is the Entry's own scroller of its text, or nil.
func (w *wheelPass) textScroller() *container.Scroll {
	for _, o := range w.field.Objects() {
		if s, ok := o.(*container.Scroll); ok && s.Visible() {
			return s
		}
	}
	return nil
}

// scrollAround is the innermost scroller on the canvas that holds o, or
// nil. It looks through the containers and widgets Sparekey puts fields in.
func scrollAround(c fyne.Canvas, o fyne.CanvasObject) *container.Scroll {
	var walk func(at fyne.CanvasObject, around *container.Scroll) (*container.Scroll, bool)
	walk = func(at fyne.CanvasObject, around *container.Scroll) (*container.Scroll, bool) {
		if at == nil || !at.Visible() {
			return nil, false
		}
		if at == o {
			return around, true
		}
		var children []fyne.CanvasObject
		switch x := at.(type) {
		case *container.Scroll:
			around, children = x, []fyne.CanvasObject{x.Content}
		case *fyne.Container:
			children = x.Objects
		case *widget.Form:
			for _, it := range x.Items {
				children = append(children, it.Widget)
			}
		case *widget.PopUp:
			children = []fyne.CanvasObject{x.Content}
		case *widget.Card:
			children = []fyne.CanvasObject{x.Content}
		case *container.Split:
			children = []fyne.CanvasObject{x.Leading, x.Trailing}
		}
		for _, child := range children {
			if s, ok := walk(child, around); ok {
				return s, true
			}
		}
		return nil, false
	}
	for _, root := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
		if s, ok := walk(root, nil); ok {
			return s
		}
	}
	return nil
}

// primaryButton is a screen's main button: Enter presses it as well as
// Space, as people expect of the button that moves them on.
type primaryButton struct {
	widget.Button
}

func newPrimaryButton(label string, icon fyne.Resource, tapped func()) *primaryButton {
	b := &primaryButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.Importance = widget.HighImportance
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter or Space.
func (b *primaryButton) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		b.Tapped(nil)
		return
	}
	b.Button.TypedKey(k)
}
