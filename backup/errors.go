package backup

import (
	"errors"
	"io/fs"
	"syscall"

	"sparekey/vault"
)

// The errors a person can act on. Functions wrap them with context; test for
// them with errors.Is.
var (
	// ErrWrongPassphrase: the passphrase does not open the copy. (age cannot
	// tell a wrong passphrase from damage to the few bytes that hold the
	// passphrase's lock, so the message says both.)
	ErrWrongPassphrase = errors.New("the password does not open this copy (or the copy is damaged)")
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
	// ErrNeedSecret: the copy was not written by this vault, and opening it
	// needs the password it was made with, or the recovery key.
	ErrNeedSecret = errors.New("this copy was made from another Sparekey file: its password, or its recovery key, is needed to open it")
	// ErrNotPluggedIn: the folder is there, but the disk it was on is not
	// (a USB stick's empty mount folder left behind).
	ErrNotPluggedIn = errors.New("the USB stick or drive that holds this folder is not plugged in")
	// ErrGuard: the newest copy at the location holds keys the vault lacks,
	// or cannot be read to find out; nothing was written there.
	ErrGuard = errors.New("the copy there may hold keys you do not have here")
)

// classify turns a file system error into one of the errors above, keeping
// the original for the details.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotPluggedIn):
		return err
	case isFull(err):
		return wrapped{ErrFull, err}
	case isReadOnly(err), errors.Is(err, fs.ErrPermission):
		return wrapped{ErrReadOnly, err}
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return wrapped{ErrMissingFolder, err}
	}
	// What is left in the system's words ("transport endpoint is not
	// connected", "input/output error") is said in plain words too.
	return vault.PlainFileError(err)
}

// wrapped is a plain-words error with the system's error behind it, so that
// errors.Is finds both.
type wrapped struct {
	plain, cause error
}

func (w wrapped) Error() string   { return w.plain.Error() }
func (w wrapped) Unwrap() []error { return []error{w.plain, w.cause} }

// PlainError says a file system error in plain words (see classify).
func PlainError(err error) error { return classify(err) }
