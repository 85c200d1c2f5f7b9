package app

import "fyne.io/fyne/v2/driver"

// windowShown tells whether the window is on screen: not minimised, not
// hidden. The tick redraws nothing while it is not (a minimised Sparekey
// uses no CPU to redraw codes nobody sees); when it comes back, the next
// tick, or the window getting the focus, brings the codes up to date.
//
// It asks the windowing system where it can (X11, Windows); elsewhere (a
// Wayland session, macOS, the tests' window) the window counts as shown.
func (u *UI) windowShown() bool {
	nw, ok := u.Window.(driver.NativeWindow)
	if !ok {
		return true
	}
	shown := true
	nw.RunNative(func(ctx any) { shown = nativeWindowShown(ctx) })
	return shown
}
