//go:build !unix

package vault

// LockSuffix is appended to the vault's path for its lock file.
const LockSuffix = ".lock"

// fileLock is a no-op where flock(2) does not exist; Sparekey's supported
// desktops are Unix-like.
type fileLock struct{}

func acquireLock(path string) (*fileLock, error) { return &fileLock{}, nil }

func (l *fileLock) release() error { return nil }

func isENOSYS(err error) bool { return false }

func (l *fileLock) discard() { l.release() }
