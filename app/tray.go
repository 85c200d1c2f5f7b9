package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"sparekey/resources"
)

// setUpTray adds Show, Lock and Quit to the system tray where the desktop
// has one (Fyne does nothing where it has none).
func (u *UI) setUpTray() {
	d, ok := u.App.(desktop.App)
	if !ok {
		return
	}
	d.SetSystemTrayMenu(fyne.NewMenu("Sparekey",
		fyne.NewMenuItem("Show Sparekey", func() {
			u.Window.Show()
			u.Window.RequestFocus()
		}),
		fyne.NewMenuItem("Lock", u.Lock),
		// Fyne adds Quit to the tray menu itself.
	))
	d.SetSystemTrayIcon(resources.Icon)
}
