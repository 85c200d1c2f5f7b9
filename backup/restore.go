package backup

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"

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

// AddCopy adds the keys of a copy (opened with its own password or the
// recovery key) to the vault, and remembers the copy as taken in at the
// place it lies in, if that is one of the vault's places: the next update
// writes there without asking for its password again. The caller saves.
func AddCopy(v *vault.Vault, c *Copy) (added, skipped []vault.Entry, err error) {
	added, skipped, err = AddKeys(v, c.Entries)
	if err != nil {
		return added, skipped, err
	}
	if c.File != "" && c.Hash != "" {
		if loc := findLocation(v, filepath.Dir(c.File)); loc != nil && !slices.Contains(loc.Absorbed, c.Hash) {
			loc.Absorbed = append(loc.Absorbed, c.Hash)
		}
	}
	return added, skipped, nil
}

// AddMissing adds to the vault the keys that the guard found missing
// (every Refused result's Missing), each once: the guard's "Add them to the
// vault". The caller saves the vault and updates again.
//
// The copies those keys came from are remembered as taken in: the next
// update writes beside them without asking again for their password (it
// would otherwise refuse for ever, since it cannot see inside them).
func AddMissing(v *vault.Vault, results []Result) ([]vault.Entry, error) {
	var all []vault.Entry
	for _, r := range results {
		all = append(all, r.Missing...)
	}
	added, _, err := AddKeys(v, all)
	if err != nil {
		return added, err
	}
	for _, r := range results {
		if loc := findLocation(v, r.Path); loc != nil && r.copyHash != "" && !slices.Contains(loc.Absorbed, r.copyHash) {
			loc.Absorbed = append(loc.Absorbed, r.copyHash)
		}
	}
	return added, nil
}

// Restore makes the vault at path from an opened copy, and returns it with
// the recovery key a new vault was given ("" when the vault keeps its own).
// A copy of the current version becomes the vault itself (vault.Adopt): the
// same vault, whose copies are still its own; opened with the recovery key
// it needs newPassword, which replaces the vault's keys. A copy of the
// first version makes a new vault with newPassword. A newPassword given for
// a copy opened with its password changes the password too.
func Restore(path string, c *Copy, newPassword string, opts ...vault.Option) (*vault.Vault, string, error) {
	if c.opened == nil {
		if newPassword == "" {
			return nil, "", errors.New("a new master password is needed for the keys brought back")
		}
		return NewVault(path, newPassword, &c.Payload, opts...)
	}
	if c.opened.WithRecoveryKey && newPassword == "" {
		return nil, "", errors.New("a new master password is needed: the copy was opened with the recovery key")
	}
	v, err := vault.Adopt(path, c.opened, opts...)
	if err != nil {
		return nil, "", err
	}
	if newPassword != "" {
		if err := v.ChangePassword(newPassword); err != nil {
			v.Close()
			return nil, "", fmt.Errorf("your keys were brought back, but the new password was not set: %w", err)
		}
	}
	return v, "", nil
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
	v.Copies = vault.CopySettings{Keep: p.Copies.Keep, Manual: p.Copies.Manual}
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
	Copy    *Copy
}

// Verify opens a copy with a secret (one scrypt) and checks that every key
// in it is sound. A damaged copy gives an error wrapping ErrDamaged.
func Verify(file string, s Secret) (*Check, error) {
	c, err := Open(file, s)
	if err != nil {
		return nil, err
	}
	return &Check{File: file, Entries: len(c.Entries), Copy: c}, nil
}
