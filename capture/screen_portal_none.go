//go:build freebsd || openbsd || netbsd

package capture

import "context"

// portalScreens: the screenshot portal is reached on Linux only.
func portalScreens(ctx context.Context) ([]Screen, error) {
	return nil, &UnavailableError{What: "screen", Reason: "on this system Sparekey cannot take a picture of a Wayland desktop. Take a screenshot yourself (the Print Screen key), then paste it here with Ctrl+V or import the file."}
}
