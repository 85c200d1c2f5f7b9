package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// trayApp is a test app with a system tray, as desktop apps have.
type trayApp struct {
	fyne.App
	menu *fyne.Menu
	icon fyne.Resource
}

func (a *trayApp) SetSystemTrayMenu(m *fyne.Menu)       { a.menu = m }
func (a *trayApp) SetSystemTrayIcon(icon fyne.Resource) { a.icon = icon }
func (a *trayApp) SetSystemTrayWindow(fyne.Window)      {}

func TestTrayMenuShowsAndLocks(t *testing.T) {
	h := listHarness(t, linkMail)
	tray := &trayApp{App: h.u.App}
	h.u.App = tray
	saved := connectSessionBus
	t.Cleanup(func() { connectSessionBus = saved })
	connectSessionBus = func() error { return nil } // as on a desktop with D-Bus
	h.u.setUpTray()
	if tray.menu == nil || tray.icon == nil {
		t.Fatal("no tray menu or icon")
	}
	var labels []string
	for _, it := range tray.menu.Items {
		labels = append(labels, it.Label)
	}
	if len(labels) != 4 || labels[0] != "Show Sparekey" || labels[1] != "Lock" || labels[3] != "Quit" || !tray.menu.Items[3].IsQuit {
		t.Fatalf("tray menu %q, want Show Sparekey, Lock, Quit (Sparekey's own, which cleans up)", labels)
	}
	tray.menu.Items[0].Action()
	tray.menu.Items[1].Action()
	if h.u.v != nil || h.u.screen != screenUnlock {
		t.Error("the tray's Lock did not lock")
	}
}
