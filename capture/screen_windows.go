//go:build windows || (darwin && cgo)

package capture

import "context"

// screens takes every screen through the system's own screenshot call.
func screens(ctx context.Context) ([]Screen, error) { return displayScreens() }
