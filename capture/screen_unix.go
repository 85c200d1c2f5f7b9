//go:build linux || freebsd || openbsd || netbsd

package capture

import (
	"context"
	"io"
	"log"
	"os"
	"sync"

	"github.com/jezek/xgb"
)

// quietX stops the X11 library from writing its notes ("Could not get
// authority info", ...) on the person's terminal; what matters comes back
// as an error.
var quietX = sync.OnceFunc(func() { xgb.Logger = log.New(io.Discard, "", 0) })

// screens takes the screens through the screenshot portal on Wayland (a
// Wayland desktop lets no program read the screen by itself) and from the
// X server elsewhere.
func screens(ctx context.Context) ([]Screen, error) {
	quietX()
	if onWayland() {
		return portalScreens(ctx)
	}
	if os.Getenv("DISPLAY") == "" {
		return nil, &UnavailableError{What: "screen", Reason: "there is no desktop here (no display), so there is no screen to read. Save a picture of the QR code to a file and import that file instead."}
	}
	return displayScreens()
}

// onWayland reports whether the desktop is a Wayland one (where the X11
// bridge, if any, shows only the windows of X11 programs).
func onWayland() bool {
	return os.Getenv("WAYLAND_DISPLAY") != "" || os.Getenv("XDG_SESSION_TYPE") == "wayland"
}
