package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// narrowWidth is the width a screen's column asks for at least: it fits a
// 400-pixel window with its padding and scroll bar.
const narrowWidth = 340

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// layoutWrap lets a wrapping label take the width it is given inside an
// HBox (which would otherwise squeeze it to nothing).
func layoutWrap(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&minWidth{w: narrowWidth}, o)
}

// minWidth asks for at least w pixels of width and lays its objects out on
// all the space it gets. Its MinSize measures the objects at the width they
// last had (at least w), so that wrapping labels report the height they
// really need: a scroll container sizes its content by MinSize, and would
// otherwise cut off the end of a page of wrapped text.
type minWidth struct{ w, last float32 }

func (m *minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	m.last = size.Width
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (m *minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	width := max(m.w, m.last)
	var s fyne.Size
	for _, o := range objs {
		if o.Size().Width != width {
			o.Resize(fyne.NewSize(width, o.MinSize().Height))
		}
		s = s.Max(o.MinSize())
	}
	s.Width = m.w
	return s
}

// page centres a screen's content in a column of readable width, with a
// title on top.
func page(title string, content ...fyne.CanvasObject) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.SizeName = theme.SizeNameHeadingText
	body := container.NewVBox(append([]fyne.CanvasObject{t, widget.NewSeparator()}, content...)...)
	// 460 wide where there is room, narrower in a small window.
	return container.NewVScroll(container.NewPadded(container.New(&maxWidth{w: 460}, container.New(&minWidth{w: narrowWidth}, body))))
}

// wrapped is a label that wraps words.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// busyBar is an infinite progress bar that exists only while work runs:
// Fyne's ProgressBarInfinite starts animating, and so redrawing the window
// sixty times a second, as soon as it is drawn, even when hidden.
type busyBar struct {
	box *fyne.Container
	bar *widget.ProgressBarInfinite
}

func newBusyBar() *busyBar { return &busyBar{box: container.NewStack()} }

func (b *busyBar) start() {
	b.stop()
	b.bar = widget.NewProgressBarInfinite()
	b.box.Add(b.bar)
}

func (b *busyBar) stop() {
	if b.bar != nil {
		b.bar.Stop()
		b.bar = nil
	}
	b.box.RemoveAll()
}

// running reports whether the bar is shown.
func (b *busyBar) running() bool { return b.bar != nil }

// flow lays its objects out in a row, and wraps them onto further rows when
// the row is too narrow (the main screen's buttons in a small window). Its
// MinSize is as wide as its widest object, and as high as the rows need at
// the width it last had.
type flow struct{ last float32 }

func (f *flow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.last = size.Width
	f.place(objs, size.Width, true)
}

func (f *flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	width := f.last
	if width == 0 {
		width = 1 << 20 // not laid out yet: one row
	}
	return fyne.NewSize(w, f.place(objs, max(width, w), false))
}

// place puts the objects in rows of width at most width (moving them if
// move) and returns the height used.
func (f *flow) place(objs []fyne.CanvasObject, width float32, move bool) float32 {
	pad := theme.Padding()
	var x, y, rowH float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if x > 0 && x+m.Width > width {
			x, y, rowH = 0, y+rowH+pad, 0
		}
		if move {
			o.Move(fyne.NewPos(x, y))
			o.Resize(m)
		}
		x += m.Width + pad
		rowH = max(rowH, m.Height)
	}
	return y + rowH
}

// maxWidth centres its objects in at most w of the width it is given: on a
// wide window, a key's name stays near its code.
type maxWidth struct{ w float32 }

func (m *maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, m.w)
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
	}
}

func (m *maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// reserve keeps at least h of height for its objects, so that what is
// below does not move when a message grows from nothing to a few lines.
type reserve struct{ h float32 }

func (r *reserve) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (r *reserve) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, r.h)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
