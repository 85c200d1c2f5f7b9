package app

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/godbus/dbus/v5"

	"sparekey/resources"
)

// setUpTray adds Show, Lock and Quit to the system tray where the desktop
// has one (Fyne does nothing where it has none).
func (u *UI) setUpTray() {
	d, ok := u.App.(desktop.App)
	if !ok || !trayCanRun(runtime.GOOS, connectSessionBus) {
		return
	}
	d.SetSystemTrayMenu(fyne.NewMenu("Sparekey",
		fyne.NewMenuItem("Show Sparekey", func() {
			u.Window.Show()
			u.Window.RequestFocus()
		}),
		fyne.NewMenuItem("Lock", u.Lock),
		fyne.NewMenuItemSeparator(),
		u.quitItem(), // Fyne's own Quit would skip locking and cleaning up
	))
	d.SetSystemTrayIcon(resources.Icon)
}

// trayCanRun reports whether a tray can be set up on goos. On Linux and the
// BSDs the tray is a D-Bus service: with no session bus (a bare X server,
// some kiosks and remote sessions), Fyne's tray still starts, and quitting
// then ends in a nil-pointer panic as it closes the connection it never made
// (fyne.io/systray's nativeEnd). There, no tray: the window is enough.
func trayCanRun(goos string, connect func() error) bool {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd":
		return connect() == nil
	}
	return true
}

// connectSessionBus connects to the D-Bus session bus. It is the shared
// connection the tray then uses, so asking first costs no second connection.
// Tests replace it.
var connectSessionBus = func() error {
	_, err := dbus.SessionBus()
	return err
}
