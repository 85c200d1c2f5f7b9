//go:build unix

package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// fileLock is an flock(2) on path+".lock", held for as long as the vault is
// open for writing. The holder writes its process id into the file so that
// others can say who holds it. The kernel drops the lock when the process
// dies, so a crash never leaves a vault locked.
type fileLock struct {
	f *os.File
	// name is the lock file's path; created is set when this lock made it.
	name    string
	created bool
}

// LockSuffix is appended to the vault's path for its lock file.
const LockSuffix = ".lock"

func acquireLock(path string) (*fileLock, error) {
	for {
		l, retry, err := tryLock(path)
		if !retry {
			return l, err
		}
	}
}

// tryLock takes the lock once. It asks for a retry when the lock file was
// deleted (by a failed open's discard) between opening and locking it.
func tryLock(path string) (*fileLock, bool, error) {
	name := lockPath(path)
	_, statErr := os.Lstat(name)
	created := errors.Is(statErr, os.ErrNotExist)
	// The lock file is never followed if it is a link: a planted link
	// would otherwise have the lock truncate whatever it points to.
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, false, fmt.Errorf("the lock file %s beside your Sparekey file is a link, which Sparekey does not follow; delete it, then try again", filepath.Base(path+LockSuffix))
		}
		return nil, false, fmt.Errorf("making the lock file beside your Sparekey file: %w", err)
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, false, fmt.Errorf("the lock file %s beside your Sparekey file is not a plain file; delete it, then try again", filepath.Base(path+LockSuffix))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			b := make([]byte, 32)
			n, _ := f.ReadAt(b, 0)
			pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:n])))
			return nil, false, &LockedError{Path: path, PID: pid}
		}
		return nil, false, fmt.Errorf("locking your Sparekey file: %w", err)
	}
	if now, err := os.Lstat(name); err != nil || !os.SameFile(st, now) {
		f.Close()
		return nil, true, nil
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return &fileLock{f: f, name: name, created: created}, false, nil
}

// discard releases a lock taken for an open that failed, and deletes the
// lock file if this lock made it, so that a failed open leaves nothing
// behind. (Whoever waits for that file finds it gone and locks anew.)
func (l *fileLock) discard() {
	if l.created {
		os.Remove(l.name)
	}
	l.release()
}

func (l *fileLock) release() error {
	l.f.Truncate(0)
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	return l.f.Close()
}

func isENOSYS(err error) bool {
	return errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.ENOTSUP)
}
