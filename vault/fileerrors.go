package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"
)

// Plain-words errors for what the file system says, when saving the vault
// or writing a copy. Each says what happened and what to do; the system's
// own words stay behind it for errors.Is, not in the message (they name
// temp files and numbers that mean nothing to a person).
var (
	// ErrDiskFull: no space left (or the person's quota is used up).
	ErrDiskFull = errors.New("the disk is full: free some space on it (empty the bin, delete large files), then try again")
	// ErrNotWritable: the folder or the disk may not be written to.
	ErrNotWritable = errors.New("Sparekey may not write there: the folder is read-only or belongs to someone else, or the disk is write-protected")
	// ErrDiskGone: the disk went away while it was used (a USB stick pulled
	// out, a network share or a phone that disconnected).
	ErrDiskGone = errors.New("the disk is no longer connected (a USB stick pulled out, or a network folder that dropped): connect it again, then try again")
	// ErrDiskFailing: the disk could not read or write (a failing or
	// badly-removed USB stick).
	ErrDiskFailing = errors.New("the disk could not read or write: it may be failing, or was removed without ejecting it. Try again; if it happens again, use another disk")
)

// PlainFileError turns a file system error into one of the errors above,
// wrapping both (errors.Is finds the plain one and the system's), or returns
// err as it is when none fits.
func PlainFileError(err error) error {
	var plain error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		plain = ErrDiskFull
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		plain = ErrNotWritable
	case errors.Is(err, syscall.ENOTCONN), errors.Is(err, syscall.ENODEV), errors.Is(err, syscall.ENXIO), errors.Is(err, syscall.ESTALE):
		plain = ErrDiskGone
	case errors.Is(err, syscall.EIO):
		plain = ErrDiskFailing
	default:
		return err
	}
	return plainError{plain, err}
}

// plainError shows only the plain words; the cause stays for errors.Is.
type plainError struct{ plain, cause error }

func (e plainError) Error() string   { return e.plain.Error() }
func (e plainError) Unwrap() []error { return []error{e.plain, e.cause} }

// savingError says in plain words why the vault at path was not saved.
func savingError(err error, path string) error {
	p := PlainFileError(err)
	if p != err {
		return fmt.Errorf("%w (the folder of your Sparekey file: %s). Nothing was saved: your Sparekey file is as it was before this change", p, filepath.Dir(path))
	}
	return fmt.Errorf("%w. Nothing was saved: your Sparekey file is as it was before this change", err)
}
