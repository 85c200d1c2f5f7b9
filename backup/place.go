package backup

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
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
