//go:build linux || freebsd || openbsd || netbsd || windows || (darwin && cgo)

package capture

import (
	"fmt"

	"github.com/kbinani/screenshot"
)

// displayScreens takes each screen of the display as the system numbers
// them (X11 through Xinerama, Windows, macOS).
func displayScreens() ([]Screen, error) {
	n := screenshot.NumActiveDisplays()
	if n <= 0 {
		return nil, &UnavailableError{What: "screen", Reason: "Sparekey could not reach the screen to take its picture (the display did not say which screens it has). Save a picture of the QR code to a file and open it with \u201cScan a QR image\u2026\u201d instead."}
	}
	var out []Screen
	for i := 0; i < n; i++ {
		img, err := screenshot.CaptureDisplay(i)
		if err != nil {
			return nil, fmt.Errorf("taking a picture of screen %d: %w", i+1, err)
		}
		out = append(out, Screen{Name: fmt.Sprintf("screen %d", i+1), Image: img})
	}
	return out, nil
}
