package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// The container's name and the version this Sparekey writes.
const (
	FileFormat  = "sparekey-vault"
	FileVersion = 1
)

// DefaultWorkFactor is the scrypt work factor (log2 N) of new password slots:
// age's own default, about a second on a laptop. MaxWorkFactor is the most
// Sparekey (and the age command) will accept when opening.
const (
	DefaultWorkFactor = 18
	MaxWorkFactor     = 22
)

// PreviousSuffix is appended to the vault's path for the previous version,
// kept beside it on every save.
const PreviousSuffix = ".previous"

// checksumMarker starts the last field of the file; the checksum covers every
// byte before it. It catches accidental damage before a password is tried,
// so that a damaged file is never reported as a wrong password. (It is not a
// defence against tampering; age's authentication is.)
const checksumMarker = ",\n  \"checksum\": \"sha256:"

// checksumEnd follows the checksum's hex digits and ends the file.
const checksumEnd = "\"\n}\n"

// fileStart is how every vault file Sparekey writes begins; a file cut short
// inside it is a damaged vault, not some other file.
const fileStart = "{\n  \"format\": \"" + FileFormat + "\","

// container is the vault file's JSON. The armored age texts are kept as one
// JSON string a line, so that a person with a text editor can copy them out
// (README, "Getting your keys out with age alone").
type container struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	About   string `json:"about"`
	// Recipient is written for information only: Sparekey always derives the
	// recipient from the decrypted identity and never reads this field.
	Recipient string   `json:"recipient"`
	Slots     []slot   `json:"slots"`
	Payload   []string `json:"payload"`
}

type slot struct {
	Kind string   `json:"kind"` // "password" or "recovery-key"
	Age  []string `json:"age"`
}

const aboutText = "Sparekey vault. Each slot is an age file (scrypt) holding the key that decrypts the payload. See Sparekey's README: Getting your keys out with age alone."

// Option changes how a vault is created or opened.
type Option func(*options)

type options struct {
	logN int
	now  func() time.Time
	// maxLogN is the highest work factor open accepts in a slot; tests of
	// damaged files lower it so that no input can cost minutes.
	maxLogN int
}

// WithWorkFactor sets the scrypt work factor (log2 N) of password and
// recovery slots written from now on. Tests use a low one to run fast; the
// default is DefaultWorkFactor.
func WithWorkFactor(logN int) Option { return func(o *options) { o.logN = logN } }

// WithClock sets the clock used for created/updated times (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

func collect(opts []Option) options {
	o := options{logN: DefaultWorkFactor, now: time.Now, maxLogN: MaxWorkFactor}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Create makes a new vault file at path, protected by password, and returns
// the open vault and its recovery key, which the person must be shown once
// and asked to keep. It refuses to overwrite an existing file.
func Create(path, password string, opts ...Option) (*Vault, string, error) {
	o := collect(opts)
	if password == "" {
		return nil, "", errors.New("the password is empty")
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, "", fmt.Errorf("creating the vault at %s: %w", path, ErrExists)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, "", fmt.Errorf("creating the vault's folder: %w", err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, "", fmt.Errorf("making the vault's key: %w", err)
	}
	recovery := NewRecoveryKey()
	now := o.now().UTC()
	v := &Vault{Payload: Payload{Created: now, Updated: now}, path: path, identity: id, logN: o.logN, now: o.now}
	if v.passwordSlot, err = sealSlot(id, password, o.logN); err != nil {
		return nil, "", err
	}
	if v.recoverySlot, err = sealSlot(id, recovery, o.logN); err != nil {
		return nil, "", err
	}
	if v.lock, err = acquireLock(path); err != nil {
		return nil, "", err
	}
	// Another Create may have made the file between the first look and the
	// lock; now that the lock is held, look again.
	if _, err := os.Lstat(path); err == nil {
		v.Close()
		return nil, "", fmt.Errorf("creating the vault at %s: %w", path, ErrExists)
	}
	if err := v.Save(); err != nil {
		v.Close()
		return nil, "", err
	}
	return v, recovery, nil
}

// Open unlocks the vault at path with the master password. Nothing is
// written. If another process holds the vault, or its folder cannot be
// written, it opens read-only: ReadOnly tells why, and Save refuses.
func Open(path, password string, opts ...Option) (*Vault, error) {
	return open(path, "password", password, opts)
}

// OpenWithRecoveryKey unlocks the vault with its recovery key (as typed; see
// ParseRecoveryKey). The vault then needs a new password (ChangePassword)
// before it can be saved.
func OpenWithRecoveryKey(path, recoveryKey string, opts ...Option) (*Vault, error) {
	key, err := ParseRecoveryKey(recoveryKey)
	if err != nil {
		return nil, err
	}
	v, err := open(path, "recovery-key", key, opts)
	if err != nil {
		return nil, err
	}
	v.mustSetPassword = true
	return v, nil
}

func open(path, kind, secret string, opts []Option) (*Vault, error) {
	o := collect(opts)
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("there is no vault at %s: %w", path, err)
		}
		return nil, fmt.Errorf("reading the vault: %w", err)
	}
	c, err := parseContainer(data)
	if err != nil {
		return nil, withPreviousHint(path, err)
	}
	var sealed string
	var passwordSlot, recoverySlot string
	for _, s := range c.Slots {
		text := strings.Join(s.Age, "\n") + "\n"
		switch s.Kind {
		case "password":
			passwordSlot = text
		case "recovery-key":
			recoverySlot = text
		}
		if s.Kind == kind {
			sealed = text
		}
	}
	if passwordSlot == "" || recoverySlot == "" {
		return nil, withPreviousHint(path, fmt.Errorf("%w: a key slot is missing", ErrDamaged))
	}
	id, err := openSlot(sealed, secret, o.maxLogN)
	if err != nil {
		if errors.Is(err, ErrWrongPassword) && kind == "recovery-key" {
			return nil, ErrWrongRecoveryKey
		}
		return nil, withPreviousHint(path, err)
	}
	plain, err := decrypt(strings.Join(c.Payload, "\n")+"\n", id)
	if err != nil {
		return nil, withPreviousHint(path, fmt.Errorf("%w: the list of keys cannot be decrypted (%v)", ErrDamaged, err))
	}
	p, err := UnmarshalPayload(plain)
	if err != nil {
		return nil, withPreviousHint(path, err)
	}
	v := &Vault{Payload: *p, path: path, identity: id, logN: o.logN, now: o.now,
		passwordSlot: passwordSlot, recoverySlot: recoverySlot}
	lock, err := acquireLock(path)
	if err != nil {
		var le *LockedError
		if errors.As(err, &le) {
			v.readOnly = le
		} else {
			// A vault on a read-only disc or in a folder this person may
			// not write still opens, for reading.
			v.readOnly = fmt.Errorf("the folder that holds the vault cannot be written to, so no change can be saved there (%w)", err)
		}
	}
	v.lock = lock
	return v, nil
}

// withPreviousHint adds, to a damage error, where the previous version is.
func withPreviousHint(path string, err error) error {
	if errors.Is(err, ErrDamaged) {
		if _, statErr := os.Stat(path + PreviousSuffix); statErr == nil {
			return fmt.Errorf("%w; the version before the last save is kept as %s", err, filepath.Base(path+PreviousSuffix))
		}
	}
	return err
}

// parseContainer checks the file's shape, checksum and version.
func parseContainer(data []byte) (*container, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		// An empty file where the vault should be is a save that never
		// finished, not some other kind of file.
		return nil, fmt.Errorf("%w: the file is empty", ErrDamaged)
	}
	looksOurs := bytes.Contains(data, []byte(FileFormat)) || bytes.Contains(data, []byte("AGE ENCRYPTED FILE")) ||
		bytes.HasPrefix([]byte(fileStart), data)
	if trimmed[0] != '{' {
		if looksOurs {
			return nil, ErrDamaged
		}
		return nil, ErrNotVault
	}
	i := bytes.LastIndex(data, []byte(checksumMarker))
	if i < 0 {
		if looksOurs {
			return nil, fmt.Errorf("%w: its end is missing", ErrDamaged)
		}
		return nil, ErrNotVault
	}
	want := sha256.Sum256(data[:i])
	rest := data[i+len(checksumMarker):]
	end := bytes.IndexByte(rest, '"')
	if end != 2*sha256.Size || hex.EncodeToString(want[:]) != string(rest[:end]) {
		return nil, fmt.Errorf("%w: its checksum does not match", ErrDamaged)
	}
	// The file ends exactly as Save writes it, so that no cut, not even of
	// the last character, goes unnoticed.
	if string(rest[end:]) != checksumEnd {
		return nil, fmt.Errorf("%w: its end is missing", ErrDamaged)
	}
	var c container
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if c.Format != FileFormat {
		return nil, ErrNotVault
	}
	if c.Version > FileVersion {
		return nil, ErrTooNew
	}
	if c.Version < 1 {
		return nil, fmt.Errorf("%w: unknown version %d", ErrDamaged, c.Version)
	}
	return &c, nil
}

// sealSlot encrypts the identity to a scrypt recipient, armored.
func sealSlot(id *age.X25519Identity, secret string, logN int) (string, error) {
	r, err := age.NewScryptRecipient(secret)
	if err != nil {
		return "", fmt.Errorf("protecting the vault's key: %w", err)
	}
	r.SetWorkFactor(logN)
	return encrypt([]byte(id.String()+"\n"), r)
}

// openSlot decrypts a slot with a password or recovery key.
func openSlot(sealed, secret string, maxLogN int) (*age.X25519Identity, error) {
	sid, err := age.NewScryptIdentity(secret)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWrongPassword, err)
	}
	sid.SetMaxWorkFactor(maxLogN)
	plain, err := decrypt(sealed, sid)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, ErrWrongPassword
		}
		return nil, fmt.Errorf("%w: a key slot cannot be read (%v)", ErrDamaged, err)
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(plain)))
	if err != nil {
		return nil, fmt.Errorf("%w: the vault's key is not valid", ErrDamaged)
	}
	return id, nil
}

func encrypt(plain []byte, r age.Recipient) (string, error) {
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return "", fmt.Errorf("encrypting: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return "", fmt.Errorf("encrypting: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("encrypting: %w", err)
	}
	if err := aw.Close(); err != nil {
		return "", fmt.Errorf("encrypting: %w", err)
	}
	return buf.String(), nil
}

func decrypt(armored string, id age.Identity) ([]byte, error) {
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(armored)), id)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// Save writes the vault: the payload is encrypted to the recipient of the
// vault's own identity (no scrypt, so it is fast), and the file is replaced
// atomically with the previous version kept beside it.
func (v *Vault) Save() error {
	if v.path == "" && v.identity == nil && v.passwordSlot == "" {
		return nil // in-memory vault
	}
	if v.identity == nil {
		return ErrLocked
	}
	if v.readOnly != nil {
		return v.readOnly
	}
	if v.mustSetPassword {
		return ErrNeedNewPassword
	}
	plain, err := v.MarshalPayload()
	if err != nil {
		return err
	}
	payload, err := encrypt(plain, v.identity.Recipient())
	if err != nil {
		return err
	}
	c := container{
		Format:    FileFormat,
		Version:   FileVersion,
		About:     aboutText,
		Recipient: v.identity.Recipient().String(),
		Slots: []slot{
			{Kind: "password", Age: lines(v.passwordSlot)},
			{Kind: "recovery-key", Age: lines(v.recoverySlot)},
		},
		Payload: lines(payload),
	}
	body := c.marshal()
	sum := sha256.Sum256(body)
	var out bytes.Buffer
	out.Grow(len(body) + len(checksumMarker) + 2*sha256.Size + len(checksumEnd))
	out.Write(body)
	out.WriteString(checksumMarker)
	out.WriteString(hex.EncodeToString(sum[:]))
	out.WriteString(checksumEnd)
	// A vault reached through a symbolic link (into a synced folder, say) is
	// saved where the link points, and the link stays.
	target := v.path
	if real, err := filepath.EvalSymlinks(target); err == nil {
		target = real
	}
	if err := writeAtomic(target, out.Bytes()); err != nil {
		return fmt.Errorf("saving the vault: %w", err)
	}
	removeStaleTemps(target)
	return nil
}

// removeStaleTemps deletes the temp files of saves that a crash interrupted.
// Only the holder of the lock saves, so no other save is writing them.
func removeStaleTemps(path string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+globEscape(filepath.Base(path))+".tmp-*"))
	for _, name := range stale {
		os.Remove(name)
	}
}

// globEscape makes a file name match only itself in filepath.Glob.
func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}

// marshal writes the container as json.MarshalIndent(c, "", "  ") would,
// without its closing "\n}" (Save appends the checksum and the end), and
// several times faster: a vault of a thousand keys has some ten thousand
// payload lines.
func (c *container) marshal() []byte {
	size := 512
	for _, sl := range c.Slots {
		size += 80 * len(sl.Age)
	}
	size += 72 * len(c.Payload)
	b := make([]byte, 0, size)
	b = append(b, "{\n  \"format\": "...)
	b = appendJSONString(b, c.Format)
	b = append(b, ",\n  \"version\": "...)
	b = strconv.AppendInt(b, int64(c.Version), 10)
	b = append(b, ",\n  \"about\": "...)
	b = appendJSONString(b, c.About)
	b = append(b, ",\n  \"recipient\": "...)
	b = appendJSONString(b, c.Recipient)
	b = append(b, ",\n  \"slots\": "...)
	switch {
	case c.Slots == nil:
		b = append(b, "null"...)
	case len(c.Slots) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i, sl := range c.Slots {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    {\n      \"kind\": "...)
			b = appendJSONString(b, sl.Kind)
			b = append(b, ",\n      \"age\": "...)
			b = appendStrings(b, sl.Age, "\n        ", "\n      ")
			b = append(b, "\n    }"...)
		}
		b = append(b, "\n  ]"...)
	}
	b = append(b, ",\n  \"payload\": "...)
	return appendStrings(b, c.Payload, "\n    ", "\n  ")
}

// appendStrings appends a JSON array of strings, one a line, or null for a
// nil slice, as json.MarshalIndent does.
func appendStrings(b []byte, list []string, indent, closing string) []byte {
	switch {
	case list == nil:
		return append(b, "null"...)
	case len(list) == 0:
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, indent...)
		b = appendJSONString(b, s)
	}
	b = append(b, closing...)
	return append(b, ']')
}

// appendJSONString appends s as encoding/json writes it: printable ASCII
// other than '"', '\\', '<', '>' and '&' as it is, anything else by
// encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func lines(armored string) []string {
	return strings.Split(strings.TrimRight(armored, "\n"), "\n")
}

// writeAtomic replaces path with data so that a crash at any instant leaves
// either the old or the new file: write a private temp file in the same
// folder, fsync it, keep the old file as path+PreviousSuffix (a hard link, so
// path itself never disappears), rename the temp file over path, fsync the
// folder.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		prev := path + PreviousSuffix
		prevTmp := prev + ".tmp"
		os.Remove(prevTmp)
		err := linkFile(path, prevTmp)
		if err != nil {
			// File systems without hard links (FAT on many USB sticks):
			// keep a copy instead.
			os.Remove(prevTmp)
			err = copyFile(path, prevTmp)
		}
		if err == nil {
			os.Rename(prevTmp, prev)
			// When prev is already a link to the same file (a crash
			// came between this rename and the next one), rename(2)
			// does nothing and leaves prevTmp: remove it in any case.
			os.Remove(prevTmp)
		}
	}
	if err := os.Rename(tmpName, path); err != nil {
		return err
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// linkFile is os.Link; tests replace it to play a file system without hard
// links.
var linkFile = os.Link

// copyFile copies src to a new private file dst, synced to disk.
func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(dst)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(dst)
		return err
	}
	return f.Close()
}

// ChangePassword sets a new master password: one slot is rewritten and the
// vault saved. After OpenWithRecoveryKey this is what makes the vault
// savable again.
func (v *Vault) ChangePassword(newPassword string) error {
	if v.identity == nil {
		return ErrLocked
	}
	if v.readOnly != nil {
		return v.readOnly
	}
	if newPassword == "" {
		return errors.New("the new password is empty")
	}
	s, err := sealSlot(v.identity, newPassword, v.logN)
	if err != nil {
		return err
	}
	old, oldMust := v.passwordSlot, v.mustSetPassword
	v.passwordSlot, v.mustSetPassword = s, false
	if err := v.Save(); err != nil {
		v.passwordSlot, v.mustSetPassword = old, oldMust
		return err
	}
	return nil
}

// Close locks the vault: it drops the decrypted entries and the vault's key
// from memory (as far as Go allows) and releases the lock file. The Vault
// cannot be used afterwards.
func (v *Vault) Close() error {
	for i := range v.Entries {
		v.Entries[i] = Entry{}
	}
	v.Entries = nil
	v.identity = nil
	v.passwordSlot, v.recoverySlot = "", ""
	if v.lock != nil {
		err := v.lock.release()
		v.lock = nil
		return err
	}
	return nil
}
