package backup

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"sparekey/vault"
)

// AddLocation adds a folder to the vault's copy locations. The folder must
// exist now (a mistyped path would otherwise be remembered for ever); a
// folder already in the list is refused. The caller saves the vault.
func AddLocation(v *vault.Vault, dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("the folder %s: %w", dir, err)
	}
	if findLocation(v, abs) != nil {
		return abs, fmt.Errorf("%s is already one of the places for copies", abs)
	}
	info, err := OSFS{}.Stat(abs)
	if err != nil {
		return abs, fmt.Errorf("the folder %s: %w", abs, classify(err))
	}
	if !info.IsDir() {
		return abs, fmt.Errorf("%s is a file, not a folder", abs)
	}
	v.Copies.Locations = append(v.Copies.Locations, vault.CopyLocation{Path: abs, Mount: mountOf(abs)})
	return abs, nil
}

// RemoveLocation forgets a location. The copies already in the folder are
// left where they are. It reports whether the location was in the list.
func RemoveLocation(v *vault.Vault, dir string) bool {
	for i := range v.Copies.Locations {
		if v.Copies.Locations[i].Path == dir {
			v.Copies.Locations = append(v.Copies.Locations[:i], v.Copies.Locations[i+1:]...)
			return true
		}
	}
	return false
}

// Status is the state of one location, for the Copies screen and `sparekey
// copies`.
type Status struct {
	Path string
	// Reachable is false when the folder is not there now.
	Reachable bool
	// LastWritten, Verified and Entries describe the copy this vault last
	// wrote there (zero when it never did).
	LastWritten time.Time
	Verified    bool
	Entries     int
	// OutOfDate is true when the vault has changed since, when there is no
	// copy yet, or when the newest copy in the folder is not the one this
	// vault wrote (someone else wrote or deleted copies there).
	OutOfDate bool
	// Copies is how many copies the folder holds; Newest is the newest one's
	// name.
	Copies int
	Newest string
	// Problem says what went wrong last time, or what is wrong now.
	Problem string
}

// Statuses looks at every location: the vault's records plus a quick look
// in each folder (a list and one file read each, no decryption). fsys may
// be nil for the real file system. A folder on a network drive can be slow
// to answer: the app calls Snapshot.Statuses off the UI goroutine instead.
func Statuses(v *vault.Vault, fsys FS) []Status {
	fp, _ := Fingerprint(&v.Payload)
	return statuses(v.Copies.Locations, fp, v.KeysID(), v.Recognizer(), fsys)
}

// Statuses is Statuses for the vault as it was when the snapshot was taken;
// it touches only the disk, so it may run on any goroutine.
func (s *Snapshot) Statuses(fsys FS) []Status {
	return statuses(s.locations, s.fingerprint, s.keysID, s.rec, fsys)
}

// Looker captures what Statuses needs from the vault, on the vault's
// goroutine and without saving it (Take saves first), and returns the look
// itself, which touches only the disk and may run on any goroutine: the app
// looks at the places when a vault is opened, and a network drive can be
// slow to answer.
func Looker(v *vault.Vault) func() []Status {
	fp, _ := Fingerprint(&v.Payload)
	locs := slices.Clone(v.Copies.Locations)
	keysID, rec := v.KeysID(), v.Recognizer()
	return func() []Status { return statuses(locs, fp, keysID, rec, nil) }
}

func statuses(locs []vault.CopyLocation, fp, keysID string, rec *vault.Recognizer, fsys FS) []Status {
	if fsys == nil {
		fsys = OSFS{}
	}
	out := make([]Status, 0, len(locs))
	for _, loc := range locs {
		st := Status{Path: loc.Path, LastWritten: loc.LastWritten, Verified: loc.Verified,
			Entries: loc.Entries, Problem: loc.Problem}
		st.OutOfDate = loc.FileHash == "" || loc.Fingerprint != fp || loc.KeysID != keysID
		var copies []copyFile
		err := checkFolder(fsys, loc)
		if err == nil {
			copies, err = listCopies(fsys, loc.Path)
		}
		if err != nil {
			err = classify(err)
			if errors.Is(err, ErrNotPluggedIn) {
				st.Problem = "The USB stick or drive that holds this folder is not plugged in."
			} else if errors.Is(err, ErrMissingFolder) {
				st.Problem = "The folder is not there now (a USB stick or network drive that is not connected?)."
			} else {
				st.Problem = "The folder cannot be read: " + errText(err) + "."
			}
			out = append(out, st)
			continue
		}
		st.Reachable = true
		st.Copies = len(copies)
		if len(copies) == 0 {
			st.OutOfDate = true
			if loc.FileHash != "" {
				st.Problem = "The copies that were written here are gone."
			}
			out = append(out, st)
			continue
		}
		st.Newest = copies[len(copies)-1].Name
		data, err := readCopy(fsys, filepath.Join(loc.Path, st.Newest))
		if err == nil && hashOf(data) == loc.FileHash {
			out = append(out, st)
			continue
		}
		// Not the copy this vault's records name: what does it hold? A
		// copy of this vault (after a restore, or from another computer)
		// with the same keys and password counts as up to date.
		st.OutOfDate = true
		if err == nil && rec != nil {
			if o, oerr := rec.OpenOwn(data); oerr == nil {
				ofp, _ := Fingerprint(&o.Payload)
				st.LastWritten, st.Entries, st.Verified = o.Info.Saved, len(o.Entries), true
				st.OutOfDate = ofp != fp || o.Info.KeysID != keysID
				st.Problem = ""
				out = append(out, st)
				continue
			}
		}
		if loc.FileHash != "" {
			st.Problem = "The newest copy here (" + st.Newest + ") was not written from this Sparekey file; updating will check what it holds first."
		}
		out = append(out, st)
	}
	return out
}

// Summary is the status in one line of plain words.
func (s *Status) Summary() string {
	var state string
	switch {
	case s.LastWritten.IsZero():
		state = "No copy written here yet"
	case s.OutOfDate:
		state = fmt.Sprintf("Out of date: last written %s, with %s", s.LastWritten.Local().Format("2 Jan 2006 15:04"), vault.Count(s.Entries, "key", "keys"))
	default:
		state = fmt.Sprintf("Up to date: written %s, with %s", s.LastWritten.Local().Format("2 Jan 2006 15:04"), vault.Count(s.Entries, "key", "keys"))
	}
	if !s.LastWritten.IsZero() {
		if s.Verified {
			state += ", checked"
		} else {
			state += ", not checked"
		}
	}
	state += "."
	if s.Problem != "" {
		state += " " + s.Problem
	}
	return state
}

// Reminder says whether the Copies screen should remind the person about
// copies, and what to say there (its words name that screen's buttons). It
// reads only the vault's records (no disk), so it is cheap enough to call
// whenever the screen is drawn.
func Reminder(v *vault.Vault) (bool, string) {
	locs := v.Copies.Locations
	if len(locs) == 0 {
		return true, "You have no encrypted copies of your keys yet. Add a place for copies (a USB stick, a synced folder) so that losing this computer does not lose your keys."
	}
	fp, _ := Fingerprint(&v.Payload)
	stale, refused, never := 0, 0, 0
	for _, loc := range locs {
		if isStale(&loc, fp, v.KeysID()) {
			stale++
			if loc.Guarded {
				refused++
			} else if loc.FileHash == "" && loc.LastWritten.IsZero() {
				never++
			}
		}
	}
	switch {
	case stale == 0:
		return false, ""
	case refused > 0:
		return true, "A place for copies holds a copy that Sparekey could not check (it may hold keys you do not have here), so nothing was written there. Choose Update all copies to see what it holds and decide."
	case never == stale && stale == 1:
		return true, "One place for copies has no copy yet. Update your copies to write one there."
	case never == stale && stale == len(locs):
		return true, "No encrypted copy has been written yet. Update your copies to write one in each place."
	case never == stale:
		return true, fmt.Sprintf("%d places for copies have no copy yet. Update your copies to write them.", stale)
	case stale == len(locs) && len(locs) == 1:
		return true, "Your encrypted copy is out of date. Update it so that it holds all your keys."
	case stale == len(locs):
		return true, "Your encrypted copies are out of date. Update them so that they hold all your keys."
	case stale == 1:
		return true, fmt.Sprintf("1 of your %d encrypted copies is out of date. Update it so that it holds all your keys.", len(locs))
	}
	return true, fmt.Sprintf("%d of your %d encrypted copies are out of date. Update them so that they hold all your keys.", stale, len(locs))
}

// isStale reports whether the vault's records say a place's copy is out of
// date: never written, written before the keys or the password last
// changed, or not checked.
func isStale(loc *vault.CopyLocation, fp, keysID string) bool {
	return loc.FileHash == "" || loc.Fingerprint != fp || loc.KeysID != keysID || !loc.Verified
}

// Stale returns the paths of the places whose copy is out of date, by the
// vault's records only (no disk), as Reminder counts them: for a short line
// on the main screen.
func Stale(v *vault.Vault) []string {
	fp, _ := Fingerprint(&v.Payload)
	var out []string
	for i := range v.Copies.Locations {
		if loc := &v.Copies.Locations[i]; isStale(loc, fp, v.KeysID()) {
			out = append(out, loc.Path)
		}
	}
	return out
}
