package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"testing"
	"time"
)

// The main screen over 1,000 keys must stay cheap: a tick (once a second)
// updates only the rows on screen, and building the screen does not draw
// every row. The counts below do not depend on the machine; the times are
// benchmarks (go test -bench Tick ./app/) and scripts/measure-app.sh.
func TestTickUpdatesOnlyTheRowsOnScreen(t *testing.T) {
	h := newHarness(t, Config{})
	h.u.Start()
	v := demoVault()
	demoKeys(v, 1000)
	h.u.OpenVault(v)
	ls := h.u.list
	if len(ls.entries) != 1000+len(demoLinks) {
		t.Fatalf("the list holds %d keys", len(ls.entries))
	}
	shown := len(h.codeLabels())
	if shown == 0 || shown > 20 {
		t.Fatalf("%d rows on screen in a 680-pixel window", shown)
	}
	ls.updates = 0
	const ticks = 10
	for i := 0; i < ticks; i++ {
		h.advance(time.Second)
	}
	if ls.updates > ticks*(shown+2) {
		t.Errorf("%d ticks updated %d rows; %d rows are on screen", ticks, ls.updates, shown)
	}
	t.Logf("1,006 keys: %d rows on screen; a tick updates %d rows", shown, ls.updates/ticks)
}

// BenchmarkMainScreen1000Keys builds the main screen over 1,006 keys.
func BenchmarkMainScreen1000Keys(b *testing.B) {
	h := newHarness(b, Config{})
	h.u.Start()
	v := demoVault()
	demoKeys(v, 1000)
	for b.Loop() {
		h.u.OpenVault(v)
	}
}

// BenchmarkTick1000Keys is one tick of the main screen over 1,006 keys,
// the codes changing at every tick.
func BenchmarkTick1000Keys(b *testing.B) {
	h := newHarness(b, Config{})
	h.u.Start()
	v := demoVault()
	demoKeys(v, 1000)
	h.u.OpenVault(v)
	for b.Loop() {
		h.advance(30 * time.Second)
	}
}

// BenchmarkScroll1000Keys is 50 wheel notches down the main screen over
// 1,006 keys and 50 back up (the widget side of scrolling; the drawing
// is measured by scripts/measure-app.sh).
func BenchmarkScroll1000Keys(b *testing.B) {
	h := newHarness(b, Config{})
	h.u.Start()
	v := demoVault()
	demoKeys(v, 1000)
	h.u.OpenVault(v)
	sc := h.listScroller()
	b.ReportAllocs()
	for b.Loop() {
		for _, dy := range []float32{-25, 25} {
			for range 50 {
				sc.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, dy)})
			}
		}
	}
}

// listScroller is what a wheel over the main screen's list scrolls.
func (h *harness) listScroller() fyne.Scrollable {
	for _, o := range test.WidgetRenderer(h.u.list.list).Objects() {
		if s, ok := o.(fyne.Scrollable); ok {
			return s
		}
	}
	h.t.Fatal("the list has no scroller")
	return nil
}
