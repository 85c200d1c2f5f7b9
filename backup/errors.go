package backup

import (
	"errors"
	"io/fs"
	"syscall"
)

// The errors a person can act on. Functions wrap them with context; test for
// them with errors.Is.
var (
	// ErrWrongPassphrase: the passphrase does not open the copy. (age cannot
	// tell a wrong passphrase from damage to the few bytes that hold the
	// passphrase's lock, so the message says both.)
	ErrWrongPassphrase = errors.New("the passphrase does not open this copy (or the copy is damaged)")
	// ErrDamaged: the file is an encrypted copy, but damaged or cut short.
	ErrDamaged = errors.New("the copy is damaged or cut short")
	// ErrTooCostly: the copy asks for more scrypt work to open than
	// Sparekey spends (a damaged or hostile file, or one from elsewhere).
	ErrTooCostly = errors.New("opening this copy would take too long and too much memory")
	// ErrNotCopy: the file is not an encrypted Sparekey copy.
	ErrNotCopy = errors.New("this file is not an encrypted Sparekey copy")
	// ErrMissingFolder: the location's folder is not there (a USB stick that
	// is not plugged in, a network share that is not connected).
	ErrMissingFolder = errors.New("the folder is not there")
	// ErrReadOnly: the location cannot be written to.
	ErrReadOnly = errors.New("the folder cannot be written to")
	// ErrFull: the location's disk is full.
	ErrFull = errors.New("the disk is full")
	// ErrGuard: the newest copy at the location holds keys the vault lacks,
	// or cannot be read to find out; nothing was written there.
	ErrGuard = errors.New("the copy there may hold keys this vault does not have")
)

// classify turns a file system error into one of the errors above, keeping
// the original for the details.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case isFull(err):
		return wrapped{ErrFull, err}
	case isReadOnly(err), errors.Is(err, fs.ErrPermission):
		return wrapped{ErrReadOnly, err}
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return wrapped{ErrMissingFolder, err}
	}
	return err
}

// wrapped is a plain-words error with the system's error behind it, so that
// errors.Is finds both.
type wrapped struct {
	plain, cause error
}

func (w wrapped) Error() string   { return w.plain.Error() + " (" + w.cause.Error() + ")" }
func (w wrapped) Unwrap() []error { return []error{w.plain, w.cause} }
