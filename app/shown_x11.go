//go:build (linux || freebsd || openbsd || netbsd) && !wayland && cgo

package app

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

static Display *shownDisplay;

static int ignoreXError(Display *d, XErrorEvent *e) { return 0; }

// mapState is the window's map state (IsViewable when on screen; a
// minimised or hidden window is unmapped), or -1 if it cannot be told.
static int mapState(unsigned long window) {
	if (shownDisplay == NULL) {
		shownDisplay = XOpenDisplay(NULL);
		if (shownDisplay == NULL) {
			return -1;
		}
	}
	// A window that has just gone must not end the app: X's default
	// error handler exits.
	int (*previous)(Display *, XErrorEvent *) = XSetErrorHandler(ignoreXError);
	XWindowAttributes a;
	Status ok = XGetWindowAttributes(shownDisplay, (Window)window, &a);
	XSync(shownDisplay, False);
	XSetErrorHandler(previous);
	return ok ? a.map_state : -1;
}
*/
import "C"

import "fyne.io/fyne/v2/driver"

// nativeWindowShown asks the X server whether the window is mapped: window
// managers unmap a minimised window, and a hidden one is unmapped.
func nativeWindowShown(ctx any) bool {
	x, ok := ctx.(driver.X11WindowContext)
	if !ok || x.WindowHandle == 0 {
		return true
	}
	state := C.mapState(C.ulong(x.WindowHandle))
	return state < 0 || state == C.IsViewable
}
