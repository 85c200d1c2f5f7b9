package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func TestShortcutsAreInTheMenu(t *testing.T) {
	h := demoHarness(t)
	for label, key := range map[string]fyne.KeyName{"Add a key…": fyne.KeyN, "Find…": fyne.KeyF, "Lock": fyne.KeyL} {
		sc, ok := h.menuItem(label).Shortcut.(*desktop.CustomShortcut)
		if !ok || sc.KeyName != key || sc.Modifier != fyne.KeyModifierShortcutDefault {
			t.Errorf("%s has shortcut %v, want Ctrl+%s", label, h.menuItem(label).Shortcut, key)
		}
	}
	h.menuItem("Add a key…").Action()
	if h.u.screen != screenAdd {
		t.Errorf("Ctrl+N leads to %q", h.u.screen)
	}
	// Esc in a field of the Add screen goes back to the list.
	h.u.add.issuer.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.u.screen != screenList {
		t.Errorf("Esc on Add leads to %q", h.u.screen)
	}
}

func TestTabOrderFollowsTheForms(t *testing.T) {
	h := demoHarness(t)
	u := h.u
	c := u.Window.Canvas()
	u.showAdd()
	h.flush()
	f := u.add
	order := []fyne.Focusable{f.issuer, f.account, f.secret}
	for i := 1; i < len(order); i++ {
		test.FocusNext(c)
		if c.Focused() != order[i] {
			t.Errorf("Tab %d on Add goes to %T, want field %d", i, c.Focused(), i)
		}
	}

	h2 := newHarness(t, Config{})
	u2 := h2.start()
	test.Tap(u2.first.start)
	h2.flush()
	test.FocusNext(u2.Window.Canvas())
	if u2.Window.Canvas().Focused() != u2.first.chooser.second {
		t.Error("Tab from the first password does not go to the second")
	}
}
