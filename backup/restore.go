package backup

import (
	"errors"
	"fmt"
	"path/filepath"

	"sparekey/vault"
)

// MissingFrom returns the entries the vault does not hold (compared by key,
// vault.SameKey), each once.
func MissingFrom(v *vault.Vault, entries []vault.Entry) []vault.Entry {
	seen := make(map[keyID]bool, len(v.Entries)+len(entries))
	for i := range v.Entries {
		seen[idOf(&v.Entries[i])] = true
	}
	var out []vault.Entry
	for i := range entries {
		id := idOf(&entries[i])
		if !seen[id] {
			seen[id] = true
			out = append(out, entries[i])
		}
	}
	return out
}

// AddKeys adds entries (from a copy) to the vault, skipping keys it already
// holds. Every entry is checked first, so an error adds nothing. The caller
// saves the vault.
func AddKeys(v *vault.Vault, entries []vault.Entry) (added, skipped []vault.Entry, err error) {
	for i := range entries {
		e := entries[i]
		if _, err := e.Normalize(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w; nothing was added", entries[i].Name(), err)
		}
	}
	for i := range entries {
		e := entries[i]
		e.ID = ""
		stored, _, err := v.Add(e)
		if errors.Is(err, vault.ErrDuplicate) {
			skipped = append(skipped, entries[i])
			continue
		}
		if err != nil {
			return added, skipped, fmt.Errorf("%s: %w", entries[i].Name(), err)
		}
		added = append(added, stored)
	}
	return added, skipped, nil
}

// AddMissing adds to the vault the keys that the guard found missing
// (every Refused result's Missing), each once: the guard's "Add them to the
// vault". The caller saves the vault and updates again.
func AddMissing(v *vault.Vault, results []Result) ([]vault.Entry, error) {
	var all []vault.Entry
	for _, r := range results {
		all = append(all, r.Missing...)
	}
	added, _, err := AddKeys(v, all)
	return added, err
}

// NewVault makes a new vault at path, protected by password, holding the
// keys of a copy (see Open), and returns it with its recovery key. The
// copy's places for copies come along, as places not yet written, so that
// the first update checks what each holds.
func NewVault(path, password string, p *vault.Payload, opts ...vault.Option) (*vault.Vault, string, error) {
	v, recovery, err := vault.Create(path, password, opts...)
	if err != nil {
		return nil, "", err
	}
	if _, _, err := AddKeys(v, p.Entries); err != nil {
		v.Close()
		return nil, "", err
	}
	v.Copies = vault.CopySettings{Keep: p.Copies.Keep, SeparatePassphrase: p.Copies.SeparatePassphrase, AutoUpdate: p.Copies.AutoUpdate}
	for _, loc := range p.Copies.Locations {
		v.Copies.Locations = append(v.Copies.Locations, vault.CopyLocation{Path: loc.Path})
	}
	if err := v.Save(); err != nil {
		v.Close()
		return nil, "", err
	}
	return v, recovery, nil
}

// Check is what Verify found in a copy.
type Check struct {
	File    string
	Entries int
	Payload *vault.Payload
}

// Verify decrypts a copy with the passphrase (one scrypt) and checks that
// every key in it is sound. A damaged copy gives an error wrapping
// ErrDamaged.
func Verify(file, passphrase string) (*Check, error) {
	p, err := Open(file, passphrase)
	if err != nil {
		return nil, err
	}
	return &Check{File: file, Entries: len(p.Entries), Payload: p}, nil
}

// CheckPassphrase checks the separate copy passphrase against the newest
// copy this vault locked with it in a reachable location (one scrypt), so
// that copies are never locked with a mistyped passphrase. checked is false
// when there is no such copy to check against (the caller then asks for the
// passphrase twice). fsys may be nil for the real file system.
func CheckPassphrase(v *vault.Vault, passphrase string, fsys FS) (checked bool, err error) {
	if fsys == nil {
		fsys = OSFS{}
	}
	var newest *vault.CopyLocation
	for i := range v.Copies.Locations {
		l := &v.Copies.Locations[i]
		if l.File != "" && l.FileHash != "" && l.SeparatePassphrase && (newest == nil || l.LastWritten.After(newest.LastWritten)) {
			if data, err := fsys.ReadFile(filepath.Join(l.Path, l.File)); err == nil && hashOf(data) == l.FileHash {
				newest = l
			}
		}
	}
	if newest == nil {
		return false, nil
	}
	data, err := fsys.ReadFile(filepath.Join(newest.Path, newest.File))
	if err != nil {
		return false, nil
	}
	if _, err := openBytes(data, passphrase, vault.MaxWorkFactor); err != nil {
		if errors.Is(err, ErrWrongPassphrase) {
			return true, fmt.Errorf("that is not the passphrase of your copies (it does not open %s): %w", newest.File, ErrWrongPassphrase)
		}
		return false, nil
	}
	return true, nil
}
