package backup

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"sparekey/vault"
)

// Found is one copy in a place, as its name and its file say, before it is
// opened.
type Found struct {
	File string
	// Time is when it was written, from its name.
	Time time.Time
	// Info is what the file says of itself; nil for a copy of Sparekey's
	// first version, or one that cannot be read (Problem says why).
	Info    *vault.FileInfo
	Legacy  bool
	Problem error
}

// Name is the copy's file name.
func (f *Found) Name() string { return filepath.Base(f.File) }

// newer orders copies: by the time in their names, then, for copies of the
// same vault, by the save they hold.
func (f *Found) newer(g *Found) bool {
	if !f.Time.Equal(g.Time) {
		return f.Time.After(g.Time)
	}
	if f.Info != nil && g.Info != nil && f.Info.Vault == g.Info.Vault {
		return f.Info.Generation > g.Info.Generation
	}
	return filepath.Base(f.File) > filepath.Base(g.File)
}

// CopiesIn lists the copies in a place, newest first, each with what its
// file says of itself (no password needed, no scrypt). The person and the
// app choose from this; restoring takes the first that opens.
func CopiesIn(dir string) ([]Found, error) {
	return copiesIn(OSFS{}, dir)
}

func copiesIn(fsys FS, dir string) ([]Found, error) {
	copies, err := listCopies(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("the folder %s: %w", dir, classify(err))
	}
	out := make([]Found, 0, len(copies))
	for _, c := range copies {
		f := Found{File: filepath.Join(dir, c.Name), Time: c.Time, Legacy: c.legacy}
		if !c.legacy {
			data, err := readCopy(fsys, f.File)
			if err == nil {
				f.Info, err = vault.Inspect(data)
				err = copyError(err)
			}
			f.Problem = err
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].newer(&out[j]) })
	return out, nil
}

// NewestCopy returns the newest copy in dir that is not damaged, for
// restoring or checking a place.
func NewestCopy(dir string) (string, error) {
	all, err := CopiesIn(dir)
	if err != nil {
		return "", err
	}
	for _, f := range all {
		if f.Problem == nil {
			return f.File, nil
		}
	}
	if len(all) > 0 {
		return "", fmt.Errorf("every copy in %s is damaged: %w", dir, ErrDamaged)
	}
	return "", fmt.Errorf("there is no Sparekey copy in %s", dir)
}

// NewerBeside lists the copies in file's folder that are newer than file
// and of the same vault (for a first-version copy, any newer copy): picking
// an older copy when a newer one lies beside it is never silent.
func NewerBeside(file string) ([]Found, error) {
	all, err := CopiesIn(filepath.Dir(file))
	if err != nil {
		return nil, err
	}
	var me *Found
	for i := range all {
		if filepath.Base(all[i].File) == filepath.Base(file) {
			me = &all[i]
		}
	}
	if me == nil {
		return nil, nil // not a copy's name: nothing to compare with
	}
	var out []Found
	for i := range all {
		f := &all[i]
		if f == me || f.Problem != nil || !f.newer(me) {
			continue
		}
		if me.Info != nil && f.Info != nil && f.Info.Vault != me.Info.Vault {
			continue
		}
		out = append(out, *f)
	}
	return out, nil
}

// OpenPlace opens the newest copy in dir that opens with the secret,
// passing over damaged ones (named in skipped).
func OpenPlace(dir string, s Secret) (c *Copy, skipped []Found, err error) {
	all, err := CopiesIn(dir)
	if err != nil {
		return nil, nil, err
	}
	if len(all) == 0 {
		return nil, nil, fmt.Errorf("there is no Sparekey copy in %s", dir)
	}
	for _, f := range all {
		if f.Problem != nil {
			skipped = append(skipped, f)
			continue
		}
		c, err := Open(f.File, s)
		if err != nil {
			if errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotCopy) {
				f.Problem = err
				skipped = append(skipped, f)
				continue
			}
			return nil, skipped, err
		}
		return c, skipped, nil
	}
	return nil, skipped, fmt.Errorf("every copy in %s is damaged: %w", dir, ErrDamaged)
}

// Choice is one copy of a place, as a restore offers it.
type Choice struct {
	Found
	// Keys is how many keys the copy holds, or -1 when it was not opened:
	// made by another vault, or under another password than the one typed,
	// or damaged (Problem says so).
	Keys int
	// Copy is the copy opened with the secret, ready for Restore; nil for a
	// copy only counted (open it with the secret to restore it).
	Copy *Copy
}

// Choices lists the copies in a place for a restore, newest first, each
// with how many keys it holds, so that the person sees what each would
// bring back. It opens the place's newest copy with the secret, as
// OpenPlace does, and the file chosen (if any) too; the other copies of the
// same vault are counted with those copies' keys (vault.Recognizer), at no
// further scrypt cost: at most two scrypt derivations in all.
//
// The error is OpenPlace's when no file was chosen and the newest copy does
// not open; when a file was chosen, it is the chosen file's (its newer
// neighbours may then stay unopened, with Keys -1).
func Choices(dir string, s Secret, chosen string) ([]Choice, error) {
	all, err := CopiesIn(dir)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("there is no Sparekey copy in %s", dir)
	}
	out := make([]Choice, len(all))
	for i := range all {
		out[i] = Choice{Found: all[i], Keys: -1}
	}
	var recs []*vault.Recognizer
	open := func(c *Choice) error {
		cp, err := Open(c.File, s)
		if err != nil {
			return err
		}
		c.Copy, c.Keys = cp, len(cp.Entries)
		if cp.opened != nil {
			if r := cp.opened.Recognizer(); r != nil {
				recs = append(recs, r)
			}
		}
		return nil
	}
	var newestErr error
	for i := range out {
		c := &out[i]
		if c.Problem != nil {
			continue
		}
		err := open(c)
		if err == nil {
			break
		}
		if errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotCopy) {
			c.Problem = err
			continue
		}
		newestErr = err // a wrong password, say: one scrypt is enough to tell
		break
	}
	if chosen != "" {
		var mine *Choice
		for i := range out {
			if filepath.Base(out[i].File) == filepath.Base(chosen) {
				mine = &out[i]
			}
		}
		if mine == nil {
			return nil, fmt.Errorf("%s is not a Sparekey copy in %s", filepath.Base(chosen), dir)
		}
		if mine.Copy == nil {
			if err := open(mine); err != nil {
				return nil, err
			}
		}
	} else if newestErr != nil {
		return nil, newestErr
	}
	opened := false
	for i := range out {
		c := &out[i]
		opened = opened || c.Copy != nil
		if c.Copy != nil || c.Problem != nil || c.Legacy {
			continue
		}
		data, err := readCopy(OSFS{}, c.File)
		if err != nil {
			c.Problem = classify(err)
			continue
		}
		for _, r := range recs {
			if o, err := r.OpenOwn(data); err == nil {
				c.Keys = len(o.Entries)
				break
			}
		}
	}
	if !opened {
		return nil, fmt.Errorf("every copy in %s is damaged: %w", dir, ErrDamaged)
	}
	return out, nil
}

// maxPlaceSearch bounds how many folders PlaceIn looks into.
const maxPlaceSearch = 200

// PlaceIn finds the folder that holds copies in or under dir: dir itself
// when it holds copies, else the one folder one or two levels below it
// that does (a person who picks the USB stick itself, not its "Sparekey"
// folder); the nearest level wins. Several such folders at that level are
// named, never chosen between; hidden
// folders are not looked into, and at most a few hundred folders are.
func PlaceIn(dir string) (string, error) {
	fsys := OSFS{}
	holds := func(d string) bool {
		cs, err := listCopies(fsys, d)
		return err == nil && len(cs) > 0
	}
	if _, err := fsys.Stat(dir); err != nil {
		return "", fmt.Errorf("the folder %s: %w", dir, classify(err))
	}
	if holds(dir) {
		return dir, nil
	}
	var found []string
	looked := 0
	level := []string{dir}
	for depth := 0; depth < 2 && looked < maxPlaceSearch; depth++ {
		var next []string
		for _, d := range level {
			items, err := fsys.ReadDir(d)
			if err != nil {
				continue
			}
			for _, it := range items {
				if !it.IsDir() || strings.HasPrefix(it.Name(), ".") || looked >= maxPlaceSearch {
					continue
				}
				looked++
				sub := filepath.Join(d, it.Name())
				if holds(sub) {
					found = append(found, sub)
				} else {
					next = append(next, sub)
				}
			}
		}
		if len(found) > 0 {
			break
		}
		level = next
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("there is no Sparekey copy in %s: choose the folder that holds the files named sparekey-copy-…", dir)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("several folders in %s hold Sparekey copies (%s): choose the one you want", dir, strings.Join(found, ", "))
}
