package app

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// The first window's size: 560×680 where the screen has room, else what
// fits (FYNE_SCALE=2 on a 1280×800 screen asked for 1120×1360 pixels).

// windowSize is the size Sparekey's window asks for.
var windowSize = fyne.NewSize(560, 680)

// fitToScreen sizes a window of want (in Fyne units, at scale pixels a
// unit) to fit a screen of screen pixels, leaving room for the desktop's
// panels and the title bar.
func fitToScreen(want fyne.Size, screen fyne.Size, scale float32) fyne.Size {
	if scale <= 0 || screen.Width <= 0 || screen.Height <= 0 {
		return want
	}
	room := fyne.NewSize(screen.Width/scale*0.95, (screen.Height-96)/scale)
	return fyne.NewSize(min(want.Width, room.Width), min(want.Height, room.Height))
}

// fitFirstWindow resizes the window to fit the primary screen. It runs on
// the main thread once the driver has started (the app's OnStarted), where
// GLFW can say how big the screen is.
func (u *UI) fitFirstWindow() {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return
	}
	mode := m.GetVideoMode()
	if mode == nil {
		return
	}
	u.do(func() {
		size := fitToScreen(windowSize, fyne.NewSize(float32(mode.Width), float32(mode.Height)), u.Window.Canvas().Scale())
		if size != windowSize {
			u.Window.Resize(size)
		}
	})
}
