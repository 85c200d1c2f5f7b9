package vault

import (
	"errors"
	"path/filepath"
	"time"
)

// lockPath is the lock file of the vault at path: beside the file the path
// resolves to, so that a symbolic link to the vault (or to its folder) is
// locked as the vault itself.
func lockPath(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real + LockSuffix
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(dir, filepath.Base(path)) + LockSuffix
	}
	return path + LockSuffix
}

// acquireLockWaiting takes the vault's lock, waiting up to wait while
// another Sparekey holds it.
func acquireLockWaiting(path string, wait time.Duration) (*fileLock, error) {
	deadline := time.Now().Add(wait)
	for {
		l, err := acquireLock(path)
		var le *LockedError
		if err == nil || !errors.As(err, &le) || time.Now().After(deadline) {
			return l, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// isNoChmod reports whether err is a file system's refusal to set
// permissions (FAT through FUSE answers "function not implemented").
func isNoChmod(err error) bool {
	return errors.Is(err, errors.ErrUnsupported) || isENOSYS(err)
}
