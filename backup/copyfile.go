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

// A copy's file name: sparekey-copy-YYYYMMDD-HHMMSS.age in UTC, so that
// copies written from machines in different time zones sort by when they
// were written; a second copy in the same second gets "-2", "-3"...
const (
	namePrefix = "sparekey-copy-"
	nameSuffix = ".age"
	nameTime   = "20060102-150405"
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
func parseName(name string) (t time.Time, seq int, ok bool) {
	if !strings.HasPrefix(name, namePrefix) || !strings.HasSuffix(name, nameSuffix) {
		return time.Time{}, 0, false
	}
	mid := strings.TrimSuffix(strings.TrimPrefix(name, namePrefix), nameSuffix)
	if len(mid) < len(nameTime) {
		return time.Time{}, 0, false
	}
	rest := mid[len(nameTime):]
	t, err := time.Parse(nameTime, mid[:len(nameTime)])
	if err != nil {
		return time.Time{}, 0, false
	}
	seq = 1
	if rest != "" {
		seqText, ok := strings.CutPrefix(rest, "-")
		if !ok {
			return time.Time{}, 0, false
		}
		n, err := strconv.Atoi(seqText)
		if err != nil || n < 2 || strconv.Itoa(n) != seqText {
			return time.Time{}, 0, false
		}
		seq = n
	}
	return t, seq, true
}

// copyFile is one copy found in a location.
type copyFile struct {
	Name string
	Time time.Time
	seq  int
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
		if t, seq, ok := parseName(it.Name()); ok {
			out = append(out, copyFile{Name: it.Name(), Time: t, seq: seq})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.Before(out[j].Time)
		}
		return out[i].seq < out[j].seq
	})
	return out, nil
}

// hashOf is the SHA-256 of a copy's bytes, in hex.
func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// sealed is a copy encrypted once for a whole round of writes.
type sealed struct {
	data []byte // the armored age file, written unchanged to every location
	hash string
}

// keyCatcher wraps age's scrypt recipient and keeps the file key age hands
// it, so that the ciphertext can be checked by decrypting it with that key
// (age.NewInjectedFileKeyIdentity) instead of paying for scrypt a second
// time. It adds no cryptography of its own.
type keyCatcher struct {
	r       *age.ScryptRecipient
	fileKey []byte
}

func (k *keyCatcher) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	s, _, err := k.WrapWithLabels(fileKey)
	return s, err
}

// WrapWithLabels passes on the scrypt recipient's labels, which make sure it
// is the file's only recipient.
func (k *keyCatcher) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	k.fileKey = bytes.Clone(fileKey)
	return k.r.WrapWithLabels(fileKey)
}

// seal encrypts plain to passphrase as an armored age file: one scrypt. It
// then proves, without another scrypt, that the result decrypts to plain:
// age decrypts it with the file key it generated, checking the header's MAC
// (which covers the passphrase stanza) and every chunk of the payload. What
// this does not re-check is age's own wrapping of the file key with the
// scrypt key; the tests do that with the age command, and `sparekey verify`
// does it for any file.
func seal(plain []byte, passphrase string, logN int) (*sealed, error) {
	if passphrase == "" {
		return nil, errors.New("the copy passphrase is empty")
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fmt.Errorf("encrypting the copy: %w", err)
	}
	r.SetWorkFactor(logN)
	kc := &keyCatcher{r: r}
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, kc)
	if err != nil {
		return nil, fmt.Errorf("encrypting the copy: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("encrypting the copy: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encrypting the copy: %w", err)
	}
	if err := aw.Close(); err != nil {
		return nil, fmt.Errorf("encrypting the copy: %w", err)
	}
	data := buf.Bytes()
	back, err := decryptWith(data, age.NewInjectedFileKeyIdentity(kc.fileKey))
	clear(kc.fileKey)
	if err != nil || !bytes.Equal(back, plain) {
		return nil, fmt.Errorf("the encrypted copy did not decrypt back to the keys (%v); nothing was written", err)
	}
	return &sealed{data: data, hash: hashOf(data)}, nil
}

func decryptWith(data []byte, id age.Identity) ([]byte, error) {
	r, err := age.Decrypt(armor.NewReader(bytes.NewReader(data)), id)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// guardMaxWorkFactor is the most scrypt work the guard spends on a copy it
// did not write (four times what Sparekey writes; each step doubles time
// and memory). A copy that asks for more is not opened behind the person's
// back: the guard refuses and says why. Open, which the person asks for,
// allows vault.MaxWorkFactor, as the age command does.
const guardMaxWorkFactor = vault.DefaultWorkFactor + 2

// workFactor reads the scrypt work factor a copy asks for from its header,
// without decrypting anything; ok is false if the header cannot be read.
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

// openBytes decrypts a copy's bytes with the passphrase (one scrypt at the
// work factor the copy was written with, if it is at most maxLogN) and reads
// the keys in it.
func openBytes(data []byte, passphrase string, maxLogN int) (*vault.Payload, error) {
	trimmed := bytes.TrimSpace(data)
	if !bytes.HasPrefix(trimmed, []byte(armor.Header)) {
		if isVaultFile(trimmed) {
			return nil, fmt.Errorf("%w: it is a Sparekey vault, not a copy of one (open it with Sparekey, or sparekey --vault FILE)", ErrNotCopy)
		}
		if bytes.HasPrefix(trimmed, []byte("age-encryption.org/")) || bytes.Contains(data, []byte("AGE ENCRYPTED FILE")) {
			return nil, fmt.Errorf("%w: the start of the file is missing or changed", ErrDamaged)
		}
		return nil, ErrNotCopy
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	if n, ok := workFactor(data); ok && n > maxLogN {
		// The numbers are for whoever debugs it; the sentence is for the person.
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
			return nil, fmt.Errorf("%w: it is an age file, but not one locked with a passphrase", ErrNotCopy)
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

// Open decrypts the copy in file with the passphrase and returns what it
// holds. It costs one scrypt. Errors: ErrWrongPassphrase, ErrDamaged,
// ErrNotCopy, vault.ErrTooNew, or the file system's.
func Open(file, passphrase string) (*vault.Payload, error) {
	return openFS(OSFS{}, file, passphrase)
}

// maxCopySize is far more than any copy (1,000 keys make about 650 KB): a
// bigger file is something else, and is not read into memory.
const maxCopySize = 64 << 20

func openFS(fsys FS, file, passphrase string) (*vault.Payload, error) {
	if info, err := fsys.Stat(file); err == nil && info.Size() > maxCopySize {
		return nil, fmt.Errorf("%s: %w (it is far too big)", filepath.Base(file), ErrNotCopy)
	}
	data, err := fsys.ReadFile(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no file %s", file)
		}
		return nil, fmt.Errorf("reading %s: %w", filepath.Base(file), err)
	}
	p, err := openBytes(data, passphrase, vault.MaxWorkFactor)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(file), err)
	}
	return p, nil
}

// NewestCopy returns the newest copy in dir (by the time in its name), for
// checking a place: `sparekey verify DIR`.
func NewestCopy(dir string) (string, error) {
	copies, err := listCopies(OSFS{}, dir)
	if err != nil {
		return "", fmt.Errorf("the folder %s: %w", dir, classify(err))
	}
	if len(copies) == 0 {
		return "", fmt.Errorf("there is no copy in %s", dir)
	}
	return filepath.Join(dir, copies[len(copies)-1].Name), nil
}

// isVaultFile reports whether data is a Sparekey vault file, which holds
// age files too but is not a copy.
func isVaultFile(data []byte) bool {
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	var head struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(data, &head) == nil && head.Format == vault.FileFormat
}
