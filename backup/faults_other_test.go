//go:build !windows

package backup

import "syscall"

// The errors the system gives for a read-only disk and a full one.
const (
	errnoReadOnly = syscall.EROFS
	errnoFull     = syscall.ENOSPC
)
