package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"sparekey/vault"
)

// A copy's file name: sparekey-copy-YYYYMMDD-HHMMSS.sparekey in UTC, so that
// copies written from machines in different time zones sort by when they
// were written; a second copy in the same second gets "-2", "-3"... Copies
// of Sparekey's first version end in .age (an age file of the list of keys,
// locked with a passphrase); they are still read, never written.
const (
	namePrefix   = "sparekey-copy-"
	nameSuffix   = ".sparekey"
	legacySuffix = ".age"
	nameTime     = "20060102-150405"
	// maxSeq bounds the number after the time: a planted name with a huge
	// one is not a copy (it would otherwise push every later name past
	// what a number can hold).
	maxSeq = 9999
	// maxListed bounds how many copies of a folder are looked at.
	maxListed = 5000
)

// CopyName is the file name of a copy written at t (seq 0 or 1 for the
// first of that second).
func CopyName(t time.Time, seq int) string {
	s := namePrefix + t.UTC().Format(nameTime)
	if seq > 1 {
		s += "-" + strconv.Itoa(seq)
	}
	return s + nameSuffix
}

// parseName reads a copy's file name; ok is false for any other file.
func parseName(name string) (t time.Time, seq int, legacy, ok bool) {
	if !strings.HasPrefix(name, namePrefix) {
		return time.Time{}, 0, false, false
	}
	var mid string
	switch {
	case strings.HasSuffix(name, nameSuffix):
		mid = strings.TrimSuffix(strings.TrimPrefix(name, namePrefix), nameSuffix)
	case strings.HasSuffix(name, legacySuffix):
		mid, legacy = strings.TrimSuffix(strings.TrimPrefix(name, namePrefix), legacySuffix), true
	default:
		return time.Time{}, 0, false, false
	}
	if len(mid) < len(nameTime) {
		return time.Time{}, 0, false, false
	}
	rest := mid[len(nameTime):]
	t, err := time.Parse(nameTime, mid[:len(nameTime)])
	if err != nil {
		return time.Time{}, 0, false, false
	}
	seq = 1
	if rest != "" {
		seqText, ok := strings.CutPrefix(rest, "-")
		if !ok {
			return time.Time{}, 0, false, false
		}
		n, err := strconv.Atoi(seqText)
		if err != nil || n < 2 || n > maxSeq || strconv.Itoa(n) != seqText {
			return time.Time{}, 0, false, false
		}
		seq = n
	}
	return t, seq, legacy, true
}

// copyFile is one copy found in a location.
type copyFile struct {
	Name   string
	Time   time.Time
	seq    int
	legacy bool
	size   int64
}

// listCopies returns the copies in dir, oldest first. Other files are
// ignored: Sparekey never touches them.
func listCopies(fsys FS, dir string) ([]copyFile, error) {
	items, err := fsys.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []copyFile
	for _, it := range items {
		if !it.Type().IsRegular() {
			continue
		}
		if t, seq, legacy, ok := parseName(it.Name()); ok {
			c := copyFile{Name: it.Name(), Time: t, seq: seq, legacy: legacy}
			if info, err := it.Info(); err == nil {
				c.size = info.Size()
			}
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].before(out[j]) })
	if len(out) > maxListed {
		out = out[len(out)-maxListed:]
	}
	return out, nil
}

func (c copyFile) before(d copyFile) bool {
	if !c.Time.Equal(d.Time) {
		return c.Time.Before(d.Time)
	}
	if c.seq != d.seq {
		return c.seq < d.seq
	}
	return c.legacy && !d.legacy
}

// hashOf is the SHA-256 of a copy's bytes, in hex.
func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// readCopy reads a copy's bytes, refusing a file too big to be one before
// reading it.
func readCopy(fsys FS, file string) ([]byte, error) {
	if info, err := fsys.Stat(file); err == nil && info.Size() > vault.MaxFileSize {
		return nil, fmt.Errorf("%w (%s is far too big to be a copy)", ErrNotCopy, filepath.Base(file))
	}
	data, err := fsys.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if len(data) > vault.MaxFileSize {
		return nil, fmt.Errorf("%w (%s is far too big to be a copy)", ErrNotCopy, filepath.Base(file))
	}
	return data, nil
}

func decryptWith(data []byte, id age.Identity) ([]byte, error) {
	r, err := age.Decrypt(armor.NewReader(bytes.NewReader(data)), id)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(r, vault.MaxFileSize))
}

// guardMaxWorkFactor is the most scrypt work spent on a copy behind the
// person's back (four times what Sparekey writes; each step doubles time
// and memory). A copy that asks for more is not opened: the update says why.
// Opening a copy the person chose allows vault.MaxWorkFactor, as the age
// command does.
const guardMaxWorkFactor = vault.DefaultWorkFactor + 2

// workFactor reads the scrypt work factor a legacy copy asks for from its
// header, without decrypting anything; ok is false if the header cannot be
// read.
func workFactor(data []byte) (logN int, ok bool) {
	hdr, err := age.ExtractHeader(armor.NewReader(bytes.NewReader(data)))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(hdr), "\n") {
		if f := strings.Fields(line); len(f) == 4 && f[0] == "->" && f[1] == "scrypt" {
			n, err := strconv.Atoi(f[3])
			return n, err == nil
		}
	}
	return 0, false
}

// Secret is what opens a copy that this vault did not write: the password
// in force when it was written, or the vault's recovery key (as typed).
type Secret struct {
	Password    string
	RecoveryKey string
	// Options are the vault options in force (the work factor a slot below
	// the floor is sealed again at, when the copy is restored).
	Options []vault.Option
}

func (s Secret) empty() bool { return s.Password == "" && s.RecoveryKey == "" }

// Copy is a copy opened: its keys and settings, and what it says about
// itself.
type Copy struct {
	File string
	// Hash is the SHA-256 of the file's bytes.
	Hash string
	vault.Payload
	// Info is nil for a copy of Sparekey's first version.
	Info *vault.FileInfo
	// Own: the vault that opened it wrote it (no password was needed).
	Own bool
	// opened is set for a copy of the current version opened with a
	// secret: Restore makes it the vault.
	opened *vault.Opened
}

// WithRecoveryKey reports whether the copy was opened with the recovery
// key: restoring it then needs a new master password (Restore).
func (c *Copy) WithRecoveryKey() bool { return c.opened != nil && c.opened.WithRecoveryKey }

// openBytes opens a copy's bytes: a vault snapshot with the recognizer (no
// password), or with the secret; a first-version copy with the password.
// maxLogN bounds the scrypt work.
func openBytes(data []byte, rec *vault.Recognizer, s Secret, maxLogN int) (*Copy, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		info, err := vault.Inspect(data)
		if err != nil {
			return nil, copyError(err)
		}
		if rec != nil {
			if o, err := rec.OpenOwn(data); err == nil {
				return &Copy{Payload: o.Payload, Info: &o.Info, Own: true}, nil
			}
		}
		if s.empty() {
			return nil, ErrNeedSecret
		}
		if info.WorkFactor > maxLogN {
			return nil, fmt.Errorf("%w: it was not made by this Sparekey, or it is damaged (its password setting %d is above the %d Sparekey accepts)", ErrTooCostly, info.WorkFactor, maxLogN)
		}
		var o *vault.Opened
		if s.RecoveryKey != "" {
			o, err = vault.OpenBytesWithRecoveryKey(data, s.RecoveryKey, s.Options...)
			if errors.Is(err, vault.ErrWrongRecoveryKey) && s.Password != "" {
				o, err = vault.OpenBytes(data, s.Password, s.Options...)
			}
		} else {
			o, err = vault.OpenBytes(data, s.Password, s.Options...)
		}
		if err != nil {
			return nil, copyError(err)
		}
		return &Copy{Payload: o.Payload, Info: &o.Info, opened: o}, nil
	}
	p, err := openLegacy(data, s.Password, maxLogN)
	if err != nil {
		return nil, err
	}
	return &Copy{Payload: *p}, nil
}

// copyError says a vault error in a copy's words.
func copyError(err error) error {
	switch {
	case errors.Is(err, vault.ErrWrongPassword), errors.Is(err, vault.ErrWrongRecoveryKey):
		return fmt.Errorf("%w", ErrWrongPassphrase)
	case errors.Is(err, vault.ErrTampered):
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	case errors.Is(err, vault.ErrDamaged):
		return fmt.Errorf("%w (%s)", ErrDamaged, strings.TrimPrefix(err.Error(), vault.ErrDamaged.Error()+": "))
	case errors.Is(err, vault.ErrNotVault):
		return ErrNotCopy
	}
	return err
}

// openLegacy decrypts a copy of Sparekey's first version (an armored age
// file locked with a passphrase) and reads the keys in it.
func openLegacy(data []byte, passphrase string, maxLogN int) (*vault.Payload, error) {
	trimmed := bytes.TrimSpace(data)
	if !bytes.HasPrefix(trimmed, []byte(armor.Header)) {
		if bytes.HasPrefix(trimmed, []byte("age-encryption.org/")) || bytes.Contains(data, []byte("AGE ENCRYPTED FILE")) {
			return nil, fmt.Errorf("%w: the start of the file is missing or changed", ErrDamaged)
		}
		return nil, ErrNotCopy
	}
	if passphrase == "" {
		return nil, ErrNeedSecret
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	if n, ok := workFactor(data); ok && n > maxLogN {
		return nil, fmt.Errorf("%w: it was not made by this Sparekey, or it is damaged (its password setting %d is above the %d Sparekey accepts)", ErrTooCostly, n, maxLogN)
	}
	id.SetMaxWorkFactor(maxLogN)
	plain, err := decryptWith(data, id)
	if err != nil {
		var nm *age.NoIdentityMatchError
		switch {
		case errors.As(err, &nm) && len(nm.StanzaTypes) == 1 && nm.StanzaTypes[0] == "scrypt":
			return nil, ErrWrongPassphrase
		case errors.As(err, &nm):
			return nil, fmt.Errorf("%w: it was locked by another program (age), not with a password", ErrNotCopy)
		}
		return nil, fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	var head struct {
		Format string `json:"format"`
	}
	if json.Unmarshal(plain, &head) != nil || head.Format != vault.PayloadFormat {
		clear(plain)
		return nil, fmt.Errorf("%w: it decrypts, but what is inside is not a list of Sparekey keys", ErrNotCopy)
	}
	p, err := vault.UnmarshalPayload(plain)
	clear(plain)
	if err != nil {
		if errors.Is(err, vault.ErrTooNew) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %s", ErrDamaged, strings.TrimPrefix(err.Error(), vault.ErrDamaged.Error()+": "))
	}
	return p, nil
}

// Open opens the copy in file with a secret (the password in force when it
// was written, or the recovery key). It costs one scrypt. Errors:
// ErrWrongPassphrase, ErrDamaged, ErrNotCopy, ErrTooCostly, vault.ErrTooNew,
// or the file system's, in plain words.
func Open(file string, s Secret) (*Copy, error) {
	return openFS(OSFS{}, file, nil, s)
}

// OpenData opens a copy's bytes that do not come from a file (a paper copy
// read back from photos) with a secret, as Open does; name is what the copy
// is called in errors and in Copy.File.
func OpenData(name string, data []byte, s Secret) (*Copy, error) {
	c, err := openBytes(data, nil, s, vault.MaxWorkFactor)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.File, c.Hash = name, hashOf(data)
	return c, nil
}

func openFS(fsys FS, file string, rec *vault.Recognizer, s Secret) (*Copy, error) {
	data, err := readCopy(fsys, file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no file %s", file)
		}
		return nil, fmt.Errorf("reading %s: %w", filepath.Base(file), classify(err))
	}
	c, err := openBytes(data, rec, s, vault.MaxWorkFactor)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(file), err)
	}
	c.File, c.Hash = file, hashOf(data)
	return c, nil
}
