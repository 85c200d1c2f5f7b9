package vault

import (
	"errors"
	"fmt"
)

// The errors a person can act on, each distinct. Functions wrap them with
// context; test for them with errors.Is.
var (
	// ErrWrongPassword: the master password does not open the vault.
	ErrWrongPassword = errors.New("the password is not right")
	// ErrWrongRecoveryKey: a well-formed recovery key that is not this vault's.
	ErrWrongRecoveryKey = errors.New("that recovery key does not open this Sparekey file")
	// ErrDamaged: the file is a Sparekey vault but damaged or cut short.
	ErrDamaged = errors.New("the Sparekey file is damaged or cut short")
	// ErrNotVault: the file is something else entirely.
	ErrNotVault = errors.New("this file is not a Sparekey file of keys")
	// ErrTooNew: a later Sparekey made the file; this one must not touch it.
	ErrTooNew = errors.New("this Sparekey file was made by a newer version of Sparekey: update Sparekey to open it")
	// ErrNeedNewPassword: the vault was opened with the recovery key and must
	// get a new password (ChangePassword) before it is saved.
	ErrNeedNewPassword = errors.New("choose a new password before saving: your keys were opened with the recovery key")
	// ErrDuplicate: the vault already holds this key.
	ErrDuplicate = errors.New("you already have this key")
	// ErrNotFound: no entry has that id.
	ErrNotFound = errors.New("no key with that id")
	// ErrExists: Create would overwrite a file.
	ErrExists = errors.New("a file is already there; Sparekey will not overwrite it")
	// ErrLocked: the vault has been locked (Close) and holds no keys.
	ErrLocked = errors.New("Sparekey is locked")
)

// LockedError says that another process holds the vault for writing.
type LockedError struct {
	Path string
	PID  int // 0 when it cannot be known
}

func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("another Sparekey (process %d) has this Sparekey file open for changes; close it first, then try again", e.PID)
	}
	return "another Sparekey has this Sparekey file open for changes; close it first, then try again"
}

// ErrTampered: the file's seal (MAC) does not match its vault key: it was
// changed by something other than Sparekey, and nothing in it is used.
var ErrTampered = errors.New("the Sparekey file was changed by something other than Sparekey, so Sparekey will not trust it")
