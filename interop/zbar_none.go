//go:build !cgo || !linux || nozbar

package interop

import "image"

// zbarAvailable says whether this build reads pictures with ZBar too.
const zbarAvailable = false

func zbarScan(*image.Gray) []zbarCode { return nil }
