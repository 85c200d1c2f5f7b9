//go:build !ci

package app

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

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
