//go:build !(((linux || freebsd || openbsd || netbsd) && !wayland && cgo) || windows)

package app

// nativeWindowShown cannot tell here (Wayland, macOS): the window counts as
// shown.
func nativeWindowShown(any) bool { return true }
