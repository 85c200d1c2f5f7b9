package backup

import (
	"errors"
	"syscall"
)

// Windows reports a full disk and a write-protected one with its own codes.
const (
	errorWriteProtect   = syscall.Errno(19)  // ERROR_WRITE_PROTECT
	errorHandleDiskFull = syscall.Errno(39)  // ERROR_HANDLE_DISK_FULL
	errorDiskFull       = syscall.Errno(112) // ERROR_DISK_FULL
)

func isFull(err error) bool {
	return errors.Is(err, errorDiskFull) || errors.Is(err, errorHandleDiskFull)
}

func isReadOnly(err error) bool { return errors.Is(err, errorWriteProtect) }
