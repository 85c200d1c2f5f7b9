// Package resources holds the files Sparekey builds in: the app icon (drawn
// by ./makeicon) and, for printing, fonts.
package resources

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is Sparekey's app icon: two keys, the front one white and the spare
// one behind it, on a teal rounded square (512×512 PNG).
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
