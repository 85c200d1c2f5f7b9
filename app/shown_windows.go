//go:build windows

package app

import (
	"syscall"

	"fyne.io/fyne/v2/driver"
)

var (
	user32          = syscall.NewLazyDLL("user32.dll")
	isIconic        = user32.NewProc("IsIconic")
	isWindowVisible = user32.NewProc("IsWindowVisible")
)

// nativeWindowShown asks Windows whether the window is visible and not
// minimised.
func nativeWindowShown(ctx any) bool {
	w, ok := ctx.(driver.WindowsWindowContext)
	if !ok || w.HWND == 0 {
		return true
	}
	iconic, _, _ := isIconic.Call(w.HWND)
	visible, _, _ := isWindowVisible.Call(w.HWND)
	return iconic == 0 && visible != 0
}
