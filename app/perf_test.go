package app

import (
	"testing"
	"time"
)

// The main screen over 1,000 keys must stay cheap: a tick (once a second)
// updates only the rows on screen, and building the screen does not draw
// every row.
func TestTickUpdatesOnlyTheRowsOnScreen(t *testing.T) {
	h := newHarness(t, Config{})
	h.u.Start()
	v := demoVault()
	demoKeys(v, 1000)
	began := time.Now()
	h.u.OpenVault(v)
	built := time.Since(began)
	ls := h.u.list
	if len(ls.entries) != 1000+len(demoLinks) {
		t.Fatalf("the list holds %d keys", len(ls.entries))
	}
	shown := len(h.codeLabels())
	if shown == 0 || shown > 20 {
		t.Fatalf("%d rows on screen in a 680-pixel window", shown)
	}
	ls.updates = 0
	began = time.Now()
	const ticks = 10
	for i := 0; i < ticks; i++ {
		h.advance(time.Second)
	}
	perTick := time.Since(began) / ticks
	if ls.updates > ticks*(shown+2) {
		t.Errorf("%d ticks updated %d rows; %d rows are on screen", ticks, ls.updates, shown)
	}
	t.Logf("1,006 keys: screen built in %v; %d rows on screen; a tick updates %d rows in %v", built, shown, ls.updates/ticks, perTick)
}
