//go:build !unix && !windows

package vault

// LockSuffix is appended to the vault's path for its lock file.
const LockSuffix = ".lock"

// fileLock is a no-op where neither flock(2) nor LockFileEx exists; no
// desktop Sparekey supports is such a system.
type fileLock struct{}

func acquireLock(path string) (*fileLock, error) { return &fileLock{}, nil }

func (l *fileLock) release() error { return nil }

func isENOSYS(err error) bool { return false }

func (l *fileLock) discard() { l.release() }
