package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

// testWorkFactor keeps scrypt fast in tests that are not about scrypt.
const testWorkFactor = 10

// hangTimeout is how long waitFor waits before it calls the wait a hang.
const hangTimeout = 3 * time.Minute

// harness runs the UI headless with a clock and a UI queue that the test
// controls: work that the UI hands back with fyne.Do waits in queue until
// the test runs it, on the test goroutine (the UI goroutine of a test).
type harness struct {
	t     testing.TB
	u     *UI
	now   time.Time
	queue chan func()
	path  string
}

func newHarness(t testing.TB, cfg Config) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	h := &harness{t: t, now: time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC), queue: make(chan func(), 64)}
	if cfg.VaultPath == "" {
		cfg.VaultPath = filepath.Join(t.TempDir(), "vault.sparekey")
	}
	if cfg.Options == nil {
		cfg.Options = []vault.Option{vault.WithWorkFactor(testWorkFactor)}
	}
	h.path = cfg.VaultPath
	cfg.Now = func() time.Time { return h.now }
	cfg.Do = func(f func()) { h.queue <- f }
	h.u = New(a, w, cfg)
	w.Resize(fyne.NewSize(560, 680))
	t.Cleanup(func() {
		if h.u.v != nil {
			h.u.v.Close()
		}
	})
	return h
}

// start shows the first screen.
func (h *harness) start() *UI {
	h.u.Start()
	h.flush()
	return h.u
}

// waitFor runs queued UI work until cond holds. It fails after hangTimeout:
// that is a guard against a hang, not a speed limit, so it is far beyond
// what the slowest machine needs.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(hangTimeout)
	for !cond() {
		select {
		case f := <-h.queue:
			f()
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s (screen %q)", what, h.u.screen)
		}
	}
}

// flush runs the UI work queued so far (such as focusing a new screen's
// first field).
func (h *harness) flush() {
	for {
		select {
		case f := <-h.queue:
			f()
		default:
			return
		}
	}
}

// advance moves the clock and runs the once-a-second tick.
func (h *harness) advance(d time.Duration) {
	h.now = h.now.Add(d)
	h.u.tick()
}

// makeVault creates a vault file with the given links and closes it,
// returning its recovery key.
func (h *harness) makeVault(password string, links ...string) string {
	h.t.Helper()
	v, key, err := vault.Create(h.path, password, vault.WithWorkFactor(testWorkFactor))
	if err != nil {
		h.t.Fatal(err)
	}
	for _, l := range links {
		e, _, err := vault.ParseURI(l)
		if err != nil {
			h.t.Fatal(err)
		}
		if _, _, err := v.Add(e); err != nil {
			h.t.Fatal(err)
		}
	}
	if err := v.Save(); err != nil {
		h.t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		h.t.Fatal(err)
	}
	return key
}

// enter types text into a field as a person would (replacing what is there)
// and presses Enter.
func enter(e *entry, text string) {
	e.SetText("")
	test.Type(e, text)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// find returns the objects on screen (content and dialogs, skipping
// anything hidden, with its children) that match.
func (h *harness) find(match func(fyne.CanvasObject) bool) []fyne.CanvasObject {
	c := h.u.Window.Canvas()
	out := findIn(c.Content(), match)
	for _, o := range c.Overlays().List() {
		out = append(out, findIn(o, match)...)
	}
	return out
}

// findIn returns the objects in o (o included, skipping anything hidden,
// with its children) that match.
func findIn(o fyne.CanvasObject, match func(fyne.CanvasObject) bool) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if match(o) {
			out = append(out, o)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child)
			}
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(x).Objects() {
				walk(child)
			}
		}
	}
	walk(o)
	return out
}

// button finds the one visible button with that text.
func (h *harness) button(text string) *widget.Button {
	h.t.Helper()
	bs := h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == text
	})
	if len(bs) != 1 {
		h.t.Fatalf("want one button %q on screen %q, found %d", text, h.u.screen, len(bs))
	}
	return bs[0].(*widget.Button)
}

// shows reports whether a visible label or text on screen contains text.
func (h *harness) shows(text string) bool {
	return len(h.find(func(o fyne.CanvasObject) bool {
		switch l := o.(type) {
		case *widget.Label:
			return strings.Contains(l.Text, text)
		case *tapLabel:
			return strings.Contains(l.Text, text)
		case *widget.Hyperlink:
			return strings.Contains(l.Text, text)
		}
		return false
	})) > 0
}

// menuItem finds a main menu item by label.
func (h *harness) menuItem(label string) *fyne.MenuItem {
	h.t.Helper()
	for _, m := range h.u.Window.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	h.t.Fatalf("no menu item %q", label)
	return nil
}

const (
	linkMail = "otpauth://totp/Example%20Mail:ada@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example%20Mail"
	linkBank = "otpauth://totp/Example%20Bank:ada.lovelace?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Bank&digits=8"
	strongPW = "violin tram sunny cactus"
)

var keyEsc = fyne.KeyEvent{Name: fyne.KeyEscape}

// passwordOpens reports whether pw opens the vault file.
func passwordOpens(path, pw string) bool {
	v, err := vault.Open(path, pw)
	if err != nil {
		return false
	}
	v.Close()
	return true
}

// scrollHoldsPage reports whether the screen's main scroll is as tall as
// its content needs (else the end of the page cannot be reached).
func (h *harness) scrollHoldsPage() (got, need float32) {
	var scroll *container.Scroll
	for _, o := range h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*container.Scroll); return ok }) {
		if s := o.(*container.Scroll); scroll == nil || s.Size().Height > scroll.Size().Height {
			scroll = s
		}
	}
	return scroll.Content.Size().Height, scroll.Content.MinSize().Height
}
