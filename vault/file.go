package vault

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// DefaultWorkFactor is the scrypt work factor (log2 N) of new password slots:
// age's own default, about a second on a laptop. MaxWorkFactor is the most
// Sparekey (and the age command) will accept when opening. MinWorkFactor is
// the floor: a slot below it is sealed again at unlock, and a vault made
// below it (only tests ask for that) says so (WeakWorkFactor).
const (
	DefaultWorkFactor = 18
	MaxWorkFactor     = 22
	MinWorkFactor     = 16
)

// PreviousSuffix is appended to the vault's path for the previous version,
// kept beside it on every save.
const PreviousSuffix = ".previous"

// Option changes how a vault is created or opened.
type Option func(*options)

type options struct {
	logN int
	now  func() time.Time
	// maxLogN is the highest work factor open accepts in a slot; tests of
	// damaged files lower it so that no input can cost minutes.
	maxLogN int
	// seenDir is where this computer remembers the newest generation of
	// each vault it opened ("" means the default; "-" means nowhere).
	seenDir     string
	acceptOlder bool
	lockWait    time.Duration
}

// WithWorkFactor sets the scrypt work factor (log2 N) of password and
// recovery slots written from now on. Tests use a low one to run fast; the
// default is DefaultWorkFactor. Below MinWorkFactor, the vault reports
// WeakWorkFactor so that the app and the command line can warn.
func WithWorkFactor(logN int) Option { return func(o *options) { o.logN = logN } }

// WithClock sets the clock used for created/updated times (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithSeenDir sets the folder where this computer remembers, for each vault,
// the newest version it has opened (the rollback check). The default is
// DefaultSeenDir().
func WithSeenDir(dir string) Option { return func(o *options) { o.seenDir = dir } }

// AcceptOlder opens a vault even if it is older than the one last opened on
// this computer (see OlderError): the person has been told and chose to.
// Counter-based keys still never give a code twice.
func AcceptOlder() Option { return func(o *options) { o.acceptOlder = true } }

// WithLockWait makes Open wait up to d for another Sparekey to let go of the
// vault before opening it read-only (the command line waits a few seconds,
// so that two quick changes one after the other both succeed).
func WithLockWait(d time.Duration) Option { return func(o *options) { o.lockWait = d } }

func collect(opts []Option) options {
	o := options{logN: DefaultWorkFactor, now: time.Now, maxLogN: MaxWorkFactor}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// newVaultID returns a random identifier for a new vault.
func newVaultID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("sparekey: no randomness from the operating system: " + err.Error())
	}
	return hex.EncodeToString(b[:])
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
		return nil, "", fmt.Errorf("creating the Sparekey file %s: %w", path, ErrExists)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, "", fmt.Errorf("creating the folder of the Sparekey file: %w", savingError(err, path))
	}
	now := o.now().UTC()
	v := &Vault{Payload: Payload{Created: now, Updated: now}, path: path, logN: o.logN, now: o.now,
		vaultID: newVaultID(), seenDir: o.seenDir}
	recovery, err := v.newKeys(password, true)
	if err != nil {
		return nil, "", err
	}
	if v.lock, err = acquireLock(path); err != nil {
		return nil, "", err
	}
	// Another Create may have made the file between the first look and the
	// lock; now that the lock is held, look again.
	if _, err := os.Lstat(path); err == nil {
		v.Close()
		return nil, "", fmt.Errorf("creating the Sparekey file %s: %w", path, ErrExists)
	}
	if err := v.Save(); err != nil {
		v.Close()
		return nil, "", err
	}
	return v, recovery, nil
}

// newKeys makes a new vault key and seals it with password; with
// newRecovery it also makes a new recovery key (returned in its printed
// form) and seals its identity. The vault key in use until now is kept, so
// that the copies it sealed still open.
func (v *Vault) newKeys(password string, newRecovery bool) (string, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", fmt.Errorf("making the key of the Sparekey file: %w", err)
	}
	pwSlot, err := sealSlot(id, password, v.logN)
	if err != nil {
		return "", err
	}
	var recovery, recSlot string
	var recID *age.X25519Identity
	if newRecovery {
		if recID, err = age.GenerateX25519Identity(); err != nil {
			return "", fmt.Errorf("making the recovery key: %w", err)
		}
		recovery = NewRecoveryKey()
		if recSlot, err = sealSlot(recID, recovery, v.logN); err != nil {
			return "", err
		}
	}
	if v.identity != nil {
		v.earlier = append(v.earlier, v.identity)
	}
	v.identity, v.passwordSlot = id, pwSlot
	if newRecovery {
		v.recoveryRecipient, v.recoverySlot = recID.Recipient(), recSlot
		v.RecoveryKeyMade = v.clock()
		v.recoveryOutdated = false
	}
	return recovery, nil
}

// Open unlocks the vault at path with the master password. Nothing is
// written. If another process holds the vault, or its folder cannot be
// written, it opens read-only: ReadOnly tells why, and Save refuses.
func Open(path, password string, opts ...Option) (*Vault, error) {
	return open(path, slotPassword, password, opts)
}

// OpenWithRecoveryKey unlocks the vault with its recovery key (as typed; see
// ParseRecoveryKey). The vault then needs a new password (ChangePassword)
// before it can be saved.
func OpenWithRecoveryKey(path, recoveryKey string, opts ...Option) (*Vault, error) {
	key, err := ParseRecoveryKey(recoveryKey)
	if err != nil {
		return nil, err
	}
	v, err := open(path, slotRecovery, key, opts)
	if err != nil {
		return nil, err
	}
	v.mustSetPassword = true
	return v, nil
}

// The kinds of slot.
const (
	slotPassword = "password"
	slotRecovery = "recovery-key"
)

func open(path, kind, secret string, opts []Option) (*Vault, error) {
	o := collect(opts)
	// The lock comes first: a vault read before the lock is taken may be
	// replaced by another writer's save in the meantime, and this one's
	// next save would drop that change.
	lock, lockErr := acquireLockWaiting(path, o.lockWait)
	release := func() {
		if lock != nil {
			lock.discard()
		}
	}
	data, err := readBounded(path)
	if err != nil {
		release()
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("there is no Sparekey file at %s: %w", path, err)
		}
		return nil, err
	}
	p, err := parseContainer(data)
	if err != nil {
		release()
		return nil, withPreviousHint(path, err)
	}
	v, err := unseal(p, kind, secret, o)
	if err != nil {
		release()
		return nil, withPreviousHint(path, err)
	}
	v.path, v.lastFile = path, data
	if err := v.checkSeen(o.acceptOlder); err != nil {
		release()
		v.Close()
		return nil, err
	}
	if lockErr != nil {
		var le *LockedError
		if errors.As(lockErr, &le) {
			v.readOnly = le
		} else {
			// A vault on a read-only disc or in a folder this person may
			// not write still opens, for reading.
			v.readOnly = fmt.Errorf("the folder that holds your Sparekey file cannot be written to, so no change can be saved there (%w)", lockErr)
		}
	}
	v.lock = lock
	return v, nil
}

// readBounded reads a file of at most MaxFileSize bytes.
func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Base(path), err)
	}
	return data, nil
}

// unseal opens a parsed file with a password or recovery key (kind) and
// returns the vault it holds, not tied to any path.
func unseal(p *parsed, kind, secret string, o options) (*Vault, error) {
	sealed := p.slotText(kind)
	if p.slotText(slotPassword) == "" || p.slotText(slotRecovery) == "" {
		return nil, fmt.Errorf("%w: a key slot is missing", ErrDamaged)
	}
	slotN := slotWorkFactor(sealed)
	got, err := openSlot(sealed, secret, o.maxLogN)
	if err != nil {
		if errors.Is(err, ErrWrongPassword) && kind == slotRecovery {
			return nil, ErrWrongRecoveryKey
		}
		return nil, err
	}
	var v *Vault
	if p.c.Version == 1 {
		v, err = unsealV1(p, kind, got, secret, o)
	} else if kind == slotPassword {
		v, err = unsealWithVaultKey(p, got, o)
	} else {
		v, err = unsealWithRecovery(p, got, o)
	}
	if err != nil {
		return nil, err
	}
	if v.passwordSlot == "" {
		v.passwordSlot = p.slotText(slotPassword)
	}
	v.recoverySlot = p.slotText(slotRecovery)
	// A slot below the floor is sealed again, at the work factor in force,
	// on the next save (the password is at hand now, and only now).
	if slotN > 0 && slotN < MinWorkFactor && o.logN >= MinWorkFactor {
		if kind == slotPassword {
			if v.passwordSlot, err = sealSlot(v.identity, secret, o.logN); err != nil {
				return nil, err
			}
		}
		v.resealed = true
	}
	if n := slotWorkFactor(v.recoverySlot); n > 0 && n < MinWorkFactor && o.logN >= MinWorkFactor {
		if kind == slotRecovery {
			if v.recoverySlot, err = sealSlot(got, secret, o.logN); err != nil {
				return nil, err
			}
			v.resealed = true
		} else {
			v.recoveryOutdated = true
		}
	}
	return v, nil
}

// unsealWithVaultKey checks the MAC with the vault key from the password
// slot, then decrypts the list of keys.
func unsealWithVaultKey(p *parsed, id *age.X25519Identity, o options) (*Vault, error) {
	if !p.verifiedBy(id) {
		return nil, ErrTampered
	}
	plain, err := decryptPayload(p.payload, id)
	if err != nil {
		return nil, err
	}
	return fromPayload(p, plain, id, o)
}

// unsealWithRecovery decrypts the list of keys with the recovery identity,
// takes the vault key from it and checks the MAC with that key before
// anything else in the list is used.
func unsealWithRecovery(p *parsed, rec *age.X25519Identity, o options) (*Vault, error) {
	plain, err := decryptPayload(p.payload, rec)
	if err != nil {
		return nil, err
	}
	keys, err := readKeyRing(plain)
	if err != nil {
		return nil, err
	}
	id, err := age.ParseX25519Identity(keys.Vault)
	if err != nil || !p.verifiedBy(id) {
		return nil, ErrTampered
	}
	v, err := fromPayload(p, plain, id, o)
	if err != nil {
		return nil, err
	}
	if v.recoveryRecipient == nil || v.recoveryRecipient.String() != rec.Recipient().String() {
		return nil, ErrTampered
	}
	return v, nil
}

// unsealV1 opens a version 1 file, whose payload was encrypted to the vault
// key that both slots held and whose recipient the file printed. Nothing in
// it can be authenticated beyond what age itself checks. The vault gets a
// new vault key at once (sealed with the password; opened with the recovery
// key, ChangePassword makes it), and the next save writes version 2. The
// recovery key stays as it was: its identity, the old vault key, becomes the
// recovery identity, and the vault says that a new recovery key is due
// (RecoveryKeyOutdated), since that key's recipient was printed.
func unsealV1(p *parsed, kind string, id *age.X25519Identity, secret string, o options) (*Vault, error) {
	plain, err := decryptPayload(p.payload, id)
	if err != nil {
		return nil, err
	}
	pl, _, err := unmarshalPayload(plain)
	if err != nil {
		return nil, err
	}
	v := &Vault{Payload: *pl, logN: o.logN, now: o.now, seenDir: o.seenDir, vaultID: newVaultID(),
		identity: id, recoveryRecipient: id.Recipient(), recoveryOutdated: true}
	if kind == slotPassword {
		if _, err := v.newKeys(secret, false); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// fromPayload makes the vault from a verified file and its list of keys.
func fromPayload(p *parsed, plain []byte, id *age.X25519Identity, o options) (*Vault, error) {
	pl, keys, err := unmarshalPayload(plain)
	if err != nil {
		return nil, err
	}
	if keys == nil || keys.Vault != id.String() {
		return nil, ErrTampered
	}
	v := &Vault{Payload: *pl, logN: o.logN, now: o.now, seenDir: o.seenDir,
		vaultID: p.c.Vault, generation: p.c.Generation, identity: id}
	if err := v.setKeyRing(keys); err != nil {
		return nil, err
	}
	return v, nil
}

// decryptPayload decrypts and decompresses the list of keys, bounded.
func decryptPayload(payload []byte, id age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(payload), id)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, ErrTampered
		}
		return nil, fmt.Errorf("%w: the list of keys cannot be decrypted (%v)", ErrDamaged, err)
	}
	head := make([]byte, 2)
	n, _ := io.ReadFull(r, head)
	r = io.MultiReader(bytes.NewReader(head[:n]), r)
	if n == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("%w: the list of keys cannot be read (%v)", ErrDamaged, err)
		}
		r = zr
	}
	plain, err := io.ReadAll(io.LimitReader(r, maxPayloadSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: the list of keys cannot be decrypted (%v)", ErrDamaged, err)
	}
	if len(plain) > maxPayloadSize {
		return nil, fmt.Errorf("%w: the list of keys is far larger than any Sparekey file's", ErrDamaged)
	}
	return plain, nil
}

// withPreviousHint adds, to a damage error, where the previous version is.
func withPreviousHint(path string, err error) error {
	if errors.Is(err, ErrDamaged) || errors.Is(err, ErrTampered) {
		if _, statErr := os.Stat(path + PreviousSuffix); statErr == nil {
			return fmt.Errorf("%w; the version before the last save is kept as %s", err, filepath.Base(path+PreviousSuffix))
		}
	}
	return err
}

// sealSlot encrypts an identity to a scrypt recipient, armored.
func sealSlot(id *age.X25519Identity, secret string, logN int) (string, error) {
	r, err := age.NewScryptRecipient(secret)
	if err != nil {
		return "", fmt.Errorf("protecting the key of the Sparekey file: %w", err)
	}
	r.SetWorkFactor(logN)
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, r)
	if err == nil {
		_, err = io.WriteString(w, id.String()+"\n")
	}
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = aw.Close()
	}
	if err != nil {
		return "", fmt.Errorf("protecting the key of the Sparekey file: %w", err)
	}
	return buf.String(), nil
}

// openSlot decrypts a slot with a password or recovery key.
func openSlot(sealed, secret string, maxLogN int) (*age.X25519Identity, error) {
	sid, err := age.NewScryptIdentity(secret)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWrongPassword, err)
	}
	sid.SetMaxWorkFactor(maxLogN)
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(sealed)), sid)
	var plain []byte
	if err == nil {
		plain, err = io.ReadAll(io.LimitReader(r, 4096))
	}
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, ErrWrongPassword
		}
		if strings.Contains(err.Error(), "work factor") {
			return nil, fmt.Errorf("%w: a key slot asks for more work than Sparekey allows (%v)", ErrDamaged, err)
		}
		return nil, fmt.Errorf("%w: a key slot cannot be read (%v)", ErrDamaged, err)
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(plain)))
	if err != nil {
		return nil, fmt.Errorf("%w: the key of the Sparekey file is not valid", ErrDamaged)
	}
	return id, nil
}

// Save writes the vault: the list of keys is encrypted to the vault key and
// to the recovery identity (no scrypt, so it is fast), sealed with the MAC,
// and the file is replaced atomically with the previous version kept beside
// it. Nothing is reported saved unless the new file is on disk.
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
	data, err := v.marshalFile(v.generation + 1)
	if err != nil {
		return err
	}
	// A vault reached through a symbolic link (into a synced folder, say) is
	// saved where the link points, and the link stays.
	target := v.path
	if real, err := filepath.EvalSymlinks(target); err == nil {
		target = real
	}
	if err := writeAtomic(target, data); err != nil {
		return fmt.Errorf("your keys were not saved: %w", savingError(err, target))
	}
	v.generation++
	v.lastFile = data
	v.resealed = false
	removeStaleTemps(target)
	v.rememberSeen()
	return nil
}

// marshalFile writes the vault file of the given generation.
func (v *Vault) marshalFile(generation uint64) ([]byte, error) {
	plain, err := v.Payload.marshal(v.keyRing())
	if err != nil {
		return nil, err
	}
	var zbuf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zbuf, gzip.BestSpeed)
	zw.Write(plain)
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("writing the list of keys: %w", err)
	}
	var enc bytes.Buffer
	w, err := age.Encrypt(&enc, v.identity.Recipient(), v.recoveryRecipient)
	if err == nil {
		_, err = w.Write(zbuf.Bytes())
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("encrypting the list of keys: %w", err)
	}
	payload, _ := jsonString(base64.StdEncoding.EncodeToString(enc.Bytes()))
	c := container{
		Format:     FileFormat,
		Version:    FileVersion,
		About:      aboutText,
		Vault:      v.vaultID,
		Generation: generation,
		Saved:      v.clock().Truncate(time.Second),
		Slots: []slot{
			{Kind: slotPassword, Age: lines(v.passwordSlot)},
			{Kind: slotRecovery, Age: lines(v.recoverySlot)},
		},
		Payload: payload,
	}
	return marshalFile(&c, v.identity)
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
	// A file system without permissions (FAT through FUSE) refuses chmod;
	// the file is still written.
	if err := tmp.Chmod(0o600); err != nil && !isNoChmod(err) {
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
			replaceFile(prevTmp, prev)
			// When prev is already a link to the same file (a crash
			// came between this rename and the next one), rename(2)
			// does nothing and leaves prevTmp: remove it in any case.
			os.Remove(prevTmp)
		}
	}
	if err := replaceFile(tmpName, path); err != nil {
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

// ChangePassword sets a new master password. It makes a new vault key (an
// old password and an old copy of the file must never open what is saved
// from now on), seals it with the new password and saves; the recovery key
// stays valid. After OpenWithRecoveryKey this is what makes the vault
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
	saved := v.keyState()
	oldMust := v.mustSetPassword
	if _, err := v.newKeys(newPassword, false); err != nil {
		return err
	}
	v.mustSetPassword = false
	if err := v.Save(); err != nil {
		v.restoreKeys(saved)
		v.mustSetPassword = oldMust
		return err
	}
	return nil
}

// NewRecoveryKey makes a new recovery key and a new vault key, and saves:
// the old recovery key no longer opens the vault or anything saved from now
// on (copies written before keep opening with it). It needs the master
// password, to seal the new vault key. It returns the new key in its printed
// form, to be shown once.
func (v *Vault) NewRecoveryKey(password string) (string, error) {
	if v.identity == nil {
		return "", ErrLocked
	}
	if v.readOnly != nil {
		return "", v.readOnly
	}
	if err := v.CheckPassword(password); err != nil {
		return "", err
	}
	saved := v.keyState()
	key, err := v.newKeys(password, true)
	if err != nil {
		return "", err
	}
	if err := v.Save(); err != nil {
		v.restoreKeys(saved)
		return "", err
	}
	return key, nil
}

// Close locks the vault: it drops the decrypted entries and the vault's keys
// from memory (as far as Go allows) and releases the lock file. The Vault
// cannot be used afterwards.
func (v *Vault) Close() error {
	for i := range v.Entries {
		v.Entries[i] = Entry{}
	}
	v.Entries = nil
	v.identity, v.earlier, v.recoveryRecipient = nil, nil, nil
	v.passwordSlot, v.recoverySlot = "", ""
	v.lastFile = nil
	if v.lock != nil {
		err := v.lock.release()
		v.lock = nil
		return err
	}
	return nil
}
