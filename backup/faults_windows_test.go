//go:build windows

package backup

// The errors Windows gives for a write-protected disk and a full one.
const (
	errnoReadOnly = errorWriteProtect
	errnoFull     = errorDiskFull
)
