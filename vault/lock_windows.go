//go:build windows

package vault

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/windows"
)

// fileLock is a LockFileEx lock on path+".lock", held for as long as the
// vault is open for writing. The holder writes its process id at the start
// of the file so that others can say who holds it; the locked byte lies far
// past that text, because Windows locks are mandatory and a lock over the
// process id would stop others from reading it. Windows drops the lock when
// the process dies, so a crash never leaves a vault locked.
type fileLock struct {
	f *os.File
}

// LockSuffix is appended to the vault's path for its lock file.
const LockSuffix = ".lock"

// lockOffset is where the one locked byte lies (locking past the end of a
// file is allowed).
const lockOffset = 1 << 32

func lockRange() *windows.Overlapped {
	return &windows.Overlapped{Offset: uint32(lockOffset & 0xffffffff), OffsetHigh: uint32(lockOffset >> 32)}
}

func acquireLock(path string) (*fileLock, error) {
	f, err := os.OpenFile(lockPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("making the lock file beside your Sparekey file: %w", err)
	}
	h := windows.Handle(f.Fd())
	err = windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, lockRange())
	if err != nil {
		defer f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
			b := make([]byte, 32)
			n, _ := f.ReadAt(b, 0)
			pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:n])))
			return nil, &LockedError{Path: path, PID: pid}
		}
		return nil, fmt.Errorf("locking your Sparekey file: %w", err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return &fileLock{f: f}, nil
}

func (l *fileLock) release() error {
	l.f.Truncate(0)
	windows.UnlockFileEx(windows.Handle(l.f.Fd()), 0, 1, 0, lockRange())
	return l.f.Close()
}

// discard releases a lock taken for an open that failed. (The lock file
// stays: on Windows it cannot be deleted while another process has it open.)
func (l *fileLock) discard() { l.release() }

// isENOSYS: Windows file systems answer chmod.
func isENOSYS(err error) bool { return false }
