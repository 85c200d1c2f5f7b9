package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"
)

// An encrypted copy is a snapshot of the vault file: the same bytes, under
// another name. So it opens with the password in force when it was written
// and with the recovery key, in Sparekey or with age alone; and the vault
// that wrote it opens it with no password at all, with any of its vault keys
// (those in force and earlier), whose MAC proves the copy is its own.

// FileInfo is what a vault file or copy says about itself before it is
// opened. Nothing in it is proven until the file is opened.
type FileInfo struct {
	// Vault identifies the vault; Generation is the save; Saved is when it
	// was written (zero for files of the first version).
	Vault      string
	Generation uint64
	Saved      time.Time
	Version    int
	// WorkFactor is the highest scrypt work factor its slots ask for.
	WorkFactor int
	// KeysID identifies its password and recovery slots (Vault.KeysID).
	KeysID string
}

// Inspect reads what a vault file or copy says about itself, checking its
// size, shape and checksum but no key. It costs no scrypt.
func Inspect(data []byte) (*FileInfo, error) {
	p, err := parseContainer(data)
	if err != nil {
		return nil, err
	}
	return p.info(), nil
}

func (p *parsed) info() *FileInfo {
	fi := &FileInfo{Vault: p.c.Vault, Generation: p.c.Generation, Saved: p.c.Saved, Version: p.c.Version,
		KeysID: keysID(p.slotText(slotPassword), p.slotText(slotRecovery))}
	for _, s := range []string{slotPassword, slotRecovery} {
		if n := slotWorkFactor(p.slotText(s)); n > fi.WorkFactor {
			fi.WorkFactor = n
		}
	}
	return fi
}

// FileBytes returns the vault file as last read or saved: a copy written
// now holds exactly these bytes. It is nil for an in-memory vault.
func (v *Vault) FileBytes() []byte { return v.lastFile }

// Opened is a vault file or copy opened without taking its place: its keys
// and settings, and what it says about itself.
type Opened struct {
	Payload
	Info FileInfo
	// Own is true when the vault that opened it wrote it (OpenOwn).
	Own bool
	// WithRecoveryKey is true when it was opened with the recovery key.
	WithRecoveryKey bool

	data []byte
	v    *Vault
}

// Recognizer returns the Recognizer of the vault the opened file holds
// (its keys, in force and earlier): it opens the other copies that vault
// wrote with no more scrypt, e.g. to count the keys of each copy in a place
// before a restore. It is nil once the file was adopted (Adopt), and for a
// file opened as its own (OpenOwn).
func (o *Opened) Recognizer() *Recognizer {
	if o.v == nil {
		return nil
	}
	return o.v.Recognizer()
}

// Recognizer knows a vault's keys (in force and earlier), to tell and open
// the copies that vault wrote, away from the vault itself (a background
// update runs on another goroutine). It holds keys: drop it when done.
type Recognizer struct {
	vaultID string
	keys    []*age.X25519Identity
}

// Recognizer returns the vault's Recognizer, or nil for a locked vault.
func (v *Vault) Recognizer() *Recognizer {
	if v.identity == nil {
		return nil
	}
	return &Recognizer{vaultID: v.vaultID, keys: v.ownKeys()}
}

// OpenOwn opens a file that this vault wrote, with no password: it is
// ErrNotOwn unless its MAC verifies with one of the vault's keys (in force
// or earlier) and it names this vault. The MAC, not anything the file
// says, is what makes a copy this vault's own.
func (v *Vault) OpenOwn(data []byte) (*Opened, error) {
	r := v.Recognizer()
	if r == nil {
		return nil, ErrLocked
	}
	return r.OpenOwn(data)
}

// IsOwn reports whether data is a file this vault wrote (see OpenOwn). It
// costs no decryption.
func (v *Vault) IsOwn(data []byte) bool {
	r := v.Recognizer()
	return r != nil && r.IsOwn(data)
}

// OpenOwn is Vault.OpenOwn.
func (r *Recognizer) OpenOwn(data []byte) (*Opened, error) {
	p, id, err := r.own(data)
	if err != nil {
		return nil, err
	}
	plain, err := decryptPayload(p.payload, id)
	if err != nil {
		return nil, err
	}
	w, err := fromPayload(p, plain, id, collect(nil))
	if err != nil {
		return nil, err
	}
	return &Opened{Payload: w.Payload, Info: *p.info(), Own: true}, nil
}

// IsOwn is Vault.IsOwn.
func (r *Recognizer) IsOwn(data []byte) bool {
	_, _, err := r.own(data)
	return err == nil
}

func (r *Recognizer) own(data []byte) (*parsed, *age.X25519Identity, error) {
	p, err := parseContainer(data)
	if err != nil {
		return nil, nil, err
	}
	if p.c.Version == 1 || p.c.Vault != r.vaultID {
		return nil, nil, ErrNotOwn
	}
	for _, id := range r.keys {
		if p.verifiedBy(id) {
			return p, id, nil
		}
	}
	return nil, nil, ErrNotOwn
}

// KeysID identifies the password and recovery slots in force: it changes
// when the password changes, the recovery key is used or renewed. A copy
// written before such a change counts as out of date.
func (v *Vault) KeysID() string { return keysID(v.passwordSlot, v.recoverySlot) }

func keysID(passwordSlot, recoverySlot string) string {
	h := sha256.Sum256([]byte(passwordSlot + "\x00" + recoverySlot))
	return hex.EncodeToString(h[:8])
}

// ErrNotOwn: the file is not one this vault wrote.
var ErrNotOwn = errors.New("this copy was not written from this Sparekey file")

// OpenBytes opens a vault file or copy with the password in force when it
// was written. Options bound the work (the work factor) as for Open.
func OpenBytes(data []byte, password string, opts ...Option) (*Opened, error) {
	return openBytes(data, slotPassword, password, opts)
}

// OpenBytesWithRecoveryKey opens a vault file or copy with the vault's
// recovery key, as typed.
func OpenBytesWithRecoveryKey(data []byte, recoveryKey string, opts ...Option) (*Opened, error) {
	key, err := ParseRecoveryKey(recoveryKey)
	if err != nil {
		return nil, err
	}
	return openBytes(data, slotRecovery, key, opts)
}

func openBytes(data []byte, kind, secret string, opts []Option) (*Opened, error) {
	o := collect(opts)
	p, err := parseContainer(data)
	if err != nil {
		return nil, err
	}
	v, err := unseal(p, kind, secret, o)
	if err != nil {
		return nil, err
	}
	v.lastFile = data
	return &Opened{Payload: v.Payload, Info: *p.info(), WithRecoveryKey: kind == slotRecovery, data: data, v: v}, nil
}

// Adopt makes an opened copy the vault at path (a new computer, or a vault
// lost): the copy's file is written there as it is, so the vault keeps its
// identity, and the copies it wrote are still its own. It refuses to
// overwrite a file. Opened with the recovery key, the vault needs a new
// password (ChangePassword) before anything else is saved.
func Adopt(path string, o *Opened, opts ...Option) (*Vault, error) {
	if o == nil || o.v == nil {
		return nil, errors.New("only a copy opened with its password or recovery key can be restored")
	}
	op := collect(opts)
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("bringing the keys back to %s: %w", path, ErrExists)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating the folder of the Sparekey file: %w", savingError(err, path))
	}
	lock, err := acquireLock(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(path); err == nil {
		lock.release()
		return nil, fmt.Errorf("bringing the keys back to %s: %w", path, ErrExists)
	}
	if err := writeAtomic(path, o.data); err != nil {
		lock.release()
		return nil, fmt.Errorf("the keys were not brought back: %w", savingError(err, path))
	}
	v := o.v
	v.path, v.lock, v.logN, v.now, v.seenDir = path, lock, op.logN, op.now, op.seenDir
	v.mustSetPassword = o.WithRecoveryKey
	// The restored file is as new as anything seen of this vault here.
	before := v.generation
	if err := v.checkSeen(true); err != nil {
		return nil, err
	}
	if v.generation != before && !v.mustSetPassword {
		// This computer saw a later save of the vault (the one lost):
		// saved now under a later number, the restored file is not taken
		// for an older one put in its place at the next start. (Opened
		// with the recovery key, the new password's save does that.)
		if err := v.Save(); err != nil {
			v.Close()
			return nil, fmt.Errorf("your keys were brought back, but not saved again: %w", err)
		}
	}
	o.v = nil
	return v, nil
}
