//go:build !unix

package backup

import "path/filepath"

// mountOf returns the drive that holds dir ("E:"), which a USB stick's
// place remembers: a stick not plugged in leaves no folder behind there.
func mountOf(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return filepath.VolumeName(abs)
}
