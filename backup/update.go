package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"sparekey/vault"
)

// DefaultKeep is how many dated copies a location keeps unless the vault
// says otherwise (vault.CopySettings.Keep).
const DefaultKeep = 10

// Options changes how an update runs. The zero value is right for the app.
type Options struct {
	// Secret opens copies in a folder that another vault wrote (the
	// password they were made with, or the recovery key), for the guard to
	// see what they hold. Without it such a copy stops the update there,
	// unless its keys were added to this vault before (Absorbed).
	Secret Secret
	// Force names the locations where the guard is overruled ("write
	// anyway"); ForceAll overrules it everywhere.
	Force    []string
	ForceAll bool
	// FS is the file system; nil means OSFS.
	FS FS
	// Now is the clock that names new copies; nil means time.Now.
	Now func() time.Time
	// Progress, when set, is called after each location, on the goroutine
	// that runs Write.
	Progress func(done, total int, r Result)
}

func (o *Options) fs() FS {
	if o.FS == nil {
		return OSFS{}
	}
	return o.FS
}

func (o *Options) now() time.Time {
	if o.Now == nil {
		return time.Now().UTC()
	}
	return o.Now().UTC()
}

func (o *Options) forced(path string) bool {
	return o.ForceAll || slices.Contains(o.Force, path)
}

// Snapshot is what one round of "update all copies" writes: the vault's file
// as last saved (a copy is exactly those bytes), with what the round needs
// to know about the vault. Take it on the goroutine that owns the vault;
// Write may then run anywhere.
type Snapshot struct {
	data        []byte
	hash        string
	fingerprint string
	keysID      string
	keys        map[keyID]bool
	entries     int
	locations   []vault.CopyLocation
	keep        int
	rec         *vault.Recognizer
}

// keyID is what makes two entries the same key (vault.SameKey).
type keyID struct {
	secret string
	typ    vault.Type
}

func idOf(e *vault.Entry) keyID { return keyID{e.Secret, e.Type} }

// Take snapshots the vault for an update. It saves the vault first (a copy
// is the vault's file, which must hold every change).
func Take(v *vault.Vault) (*Snapshot, error) {
	if v.ReadOnly() == nil {
		if err := v.Save(); err != nil {
			return nil, err
		}
	}
	data := v.FileBytes()
	if data == nil {
		return nil, errors.New("there is no Sparekey file to copy (is this the demo?)")
	}
	fp, err := Fingerprint(&v.Payload)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{
		data:        data,
		hash:        hashOf(data),
		fingerprint: fp,
		keysID:      v.KeysID(),
		keys:        make(map[keyID]bool, len(v.Entries)),
		entries:     len(v.Entries),
		locations:   slices.Clone(v.Copies.Locations),
		keep:        v.Copies.Keep,
		rec:         v.Recognizer(),
	}
	if s.keep <= 0 {
		s.keep = DefaultKeep
	}
	for i := range v.Entries {
		s.keys[idOf(&v.Entries[i])] = true
	}
	return s, nil
}

// Only narrows the snapshot to the locations with these paths (a round for
// some places only); the others are left out of the round.
func (s *Snapshot) Only(paths []string) *Snapshot {
	t := *s
	t.locations = nil
	for _, l := range s.locations {
		if slices.Contains(paths, l.Path) {
			t.locations = append(t.locations, l)
		}
	}
	return &t
}

// Fingerprint identifies the keys a payload holds, leaving out what changes
// without the keys changing (when it was last saved, what was last written
// where, when each key was last touched), so that an update after no real
// change writes nothing.
func Fingerprint(p *vault.Payload) (string, error) {
	entries := slices.Clone(p.Entries)
	for i := range entries {
		entries[i].Created, entries[i].Updated, entries[i].Link = time.Time{}, time.Time{}, ""
	}
	b, err := json.Marshal(struct {
		Created time.Time
		Entries []vault.Entry
	}{p.Created, entries})
	if err != nil {
		return "", fmt.Errorf("reading the list of keys: %w", err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16]), nil
}

// Outcome is what happened at one location.
type Outcome int

// The outcomes of one location in an update.
const (
	Written  Outcome = iota // a new copy was written and read back
	UpToDate                // nothing had changed: nothing was written
	Refused                 // the guard stopped: see Result.Missing and Result.Err
	Missing                 // the folder is not there
	ReadOnly                // the folder cannot be written to
	Full                    // the disk is full
	Failed                  // anything else; see Result.Err
)

// Result is what happened at one location.
type Result struct {
	Path    string
	Outcome Outcome
	// File is the copy written (Written) or the one that stopped the guard
	// (Refused), as a full path.
	File string
	// Missing lists the keys that the copy at File holds and the vault
	// lacks (Refused). Adding them (AddMissing) lets the update go ahead.
	Missing []vault.Entry
	// Damaged lists copies the guard found damaged and passed over.
	Damaged []string
	// Removed lists old copies deleted to keep the last few.
	Removed []string
	// Err is why the location was not written (nil when Written or
	// UpToDate); errors.Is finds ErrGuard, ErrMissingFolder, ErrReadOnly,
	// ErrFull...
	Err error
	// Note is a problem that did not stop the copy (an old copy that could
	// not be deleted).
	Note string

	hash     string
	written  []vault.WrittenCopy // this vault's copies there after the round
	absorbed []string            // other vaults' copies whose keys the vault holds
	copyHash string              // the hash of the copy that holds Missing
}

// OK reports whether the location now holds an up-to-date, checked copy.
func (r *Result) OK() bool { return r.Outcome == Written || r.Outcome == UpToDate }

// Message says what happened, in words for the person.
func (r *Result) Message() string {
	var s string
	switch r.Outcome {
	case Written:
		s = "A new copy was written and checked: " + filepath.Base(r.File) + "."
	case UpToDate:
		s = "Already up to date; nothing new was written."
	case Refused:
		if len(r.Missing) > 0 {
			s = fmt.Sprintf("Not written: the copy there (%s) holds %s that you do not have here: %s.",
				filepath.Base(r.File), vault.Count(len(r.Missing), "key", "keys"), Names(r.Missing))
		} else {
			s = "Not written: " + strings.TrimPrefix(errText(r.Err), ErrGuard.Error()+": ") + "."
		}
	case Missing:
		if errors.Is(r.Err, ErrNotPluggedIn) {
			s = "Not written: the USB stick or drive that holds this folder is not plugged in. Plug it in, then update again."
			break
		}
		s = "Not written: the folder is not there. If it is on a USB stick or a network drive, connect it and try again."
	case ReadOnly:
		s = "Not written: the folder cannot be written to (it is read-only or locked)."
	case Full:
		s = "Not written: the disk is full. Free some space there and try again."
	default:
		s = "Not written: " + errText(r.Err) + "."
	}
	if len(r.Damaged) > 0 {
		s += " Damaged copies there: " + strings.Join(r.Damaged, ", ") + "."
	}
	if r.Note != "" {
		s += " " + r.Note
	}
	return s
}

func errText(err error) string {
	if err == nil {
		return "unknown problem"
	}
	return strings.TrimSuffix(err.Error(), ".")
}

// Names lists entries by name, for messages.
func Names(es []vault.Entry) string {
	names := make([]string, len(es))
	for i := range es {
		names[i] = es[i].Name()
	}
	return strings.Join(names, ", ")
}

// Report is the outcome of one round of "update all copies".
type Report struct {
	Time        time.Time
	Fingerprint string
	KeysID      string
	Entries     int
	Results     []Result
	// Scrypts counts the scrypt derivations the round cost: none to write
	// (a copy is the vault's own file), one for each copy of another vault
	// the guard had to open with Options.Secret.
	Scrypts int
}

// OK reports whether every location holds an up-to-date, checked copy.
func (r *Report) OK() bool {
	for i := range r.Results {
		if !r.Results[i].OK() {
			return false
		}
	}
	return true
}

// Refused returns the results where the guard stopped.
func (r *Report) Refused() []Result {
	var out []Result
	for _, x := range r.Results {
		if x.Outcome == Refused {
			out = append(out, x)
		}
	}
	return out
}

// round is the state of one Write: a copy met in several locations (a
// synced folder) is opened once.
type round struct {
	s      *Snapshot
	o      *Options
	rep    *Report
	opened map[string]openResult
}

type openResult struct {
	c   *Copy
	err error
}

// Write writes the snapshot to every location it knows, one after the
// other, and reports on each. It never stops at a bad location: the others
// are still written. It costs no scrypt (the copy is the vault's own file)
// unless Options.Secret must open another vault's copy. It touches only the
// disk, never the vault: pass the report to Apply on the vault's goroutine.
func (s *Snapshot) Write(o Options) *Report {
	r := &round{s: s, o: &o, opened: map[string]openResult{},
		rep: &Report{Time: o.now(), Fingerprint: s.fingerprint, KeysID: s.keysID, Entries: s.entries}}
	for i, loc := range s.locations {
		res := r.location(loc)
		r.rep.Results = append(r.rep.Results, res)
		if o.Progress != nil {
			o.Progress(i+1, len(s.locations), res)
		}
	}
	return r.rep
}

func outcomeOf(err error) Outcome {
	switch {
	case errors.Is(err, ErrMissingFolder), errors.Is(err, ErrNotPluggedIn):
		return Missing
	case errors.Is(err, ErrReadOnly):
		return ReadOnly
	case errors.Is(err, ErrFull):
		return Full
	case errors.Is(err, ErrGuard):
		return Refused
	}
	return Failed
}

func failed(res Result, err error) Result {
	res.Err = classify(err)
	res.Outcome = outcomeOf(res.Err)
	return res
}

// checkFolder makes sure the location's folder is there, is a folder, and
// is on the disk it was on when it was added (a USB stick's mount folder
// stays behind when the stick is pulled out: writing there would put the
// copy on the computer's own disk).
func checkFolder(fsys FS, loc vault.CopyLocation) error {
	info, err := fsys.Stat(loc.Path)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%w: %s is a file, not a folder", ErrMissingFolder, loc.Path)
	}
	if loc.Mount != "" {
		if _, real := fsys.(OSFS); real && mountOf(loc.Path) != loc.Mount {
			return ErrNotPluggedIn
		}
	}
	return nil
}

func (r *round) location(loc vault.CopyLocation) Result {
	fsys := r.o.fs()
	res := Result{Path: loc.Path}
	if err := checkFolder(fsys, loc); err != nil {
		return failed(res, err)
	}
	copies, err := listCopies(fsys, loc.Path)
	if err != nil {
		return failed(res, err)
	}
	if len(copies) > 0 {
		newest := copies[len(copies)-1]
		data, err := readCopy(fsys, filepath.Join(loc.Path, newest.Name))
		if err == nil && hashOf(data) == r.s.hash {
			res.Outcome, res.File, res.hash = UpToDate, filepath.Join(loc.Path, newest.Name), r.s.hash
			r.rotate(&res, loc, newest.Name)
			return res
		}
		if err == nil && loc.Fingerprint == r.s.fingerprint && loc.KeysID == r.s.keysID && hashOf(data) == loc.FileHash {
			// The copy this vault last wrote here holds the same keys
			// under the same password: nothing worth writing.
			res.Outcome, res.File, res.hash = UpToDate, filepath.Join(loc.Path, newest.Name), loc.FileHash
			return res
		}
		if !r.o.forced(loc.Path) {
			var stop bool
			if res, stop = r.guard(res, loc, copies); stop {
				return res
			}
		}
	}
	return r.write(res, loc, copies)
}

// guard reads the copies in the folder, newest first, passing over damaged
// ones, until one it can vouch for: a copy this vault wrote and recorded, or
// a copy whose keys the vault holds. It stops the write when a copy holds
// keys the vault lacks, or cannot be read to find out.
func (r *round) guard(res Result, loc vault.CopyLocation, copies []copyFile) (Result, bool) {
	fsys := r.o.fs()
	for i := len(copies) - 1; i >= 0; i-- {
		name := copies[i].Name
		file := filepath.Join(loc.Path, name)
		data, err := readCopy(fsys, file)
		if err != nil {
			if errors.Is(err, ErrNotCopy) {
				res.Damaged = append(res.Damaged, name)
				continue
			}
			return failed(res, err), true
		}
		h := hashOf(data)
		if recorded(loc, h) {
			return res, false // a copy this vault wrote: nothing unknown beyond it
		}
		got, seen := r.opened[h]
		if !seen {
			got.c, got.err = openBytes(data, r.s.rec, r.o.Secret, guardMaxWorkFactor)
			if got.err == nil && !got.c.Own || errors.Is(got.err, ErrWrongPassphrase) {
				r.rep.Scrypts++
			}
			r.opened[h] = got
		}
		switch {
		case got.err == nil:
		case errors.Is(got.err, ErrDamaged), errors.Is(got.err, ErrNotCopy):
			res.Damaged = append(res.Damaged, name)
			continue
		case errors.Is(got.err, ErrNeedSecret), errors.Is(got.err, ErrWrongPassphrase):
			res.File = file
			res.Err = fmt.Errorf("%w: the copy there (%s) was made from another Sparekey file or with another password, so Sparekey cannot see what it holds", ErrGuard, name)
			res.Outcome = Refused
			return res, true
		default:
			res.File = file
			res.Err = fmt.Errorf("%w: the copy there (%s) cannot be read: %w", ErrGuard, name, got.err)
			res.Outcome = Refused
			return res, true
		}
		for j := range got.c.Entries {
			if !r.s.keys[idOf(&got.c.Entries[j])] {
				res.Missing = append(res.Missing, got.c.Entries[j])
			}
		}
		if len(res.Missing) > 0 {
			res.File, res.copyHash = file, h
			res.Err = fmt.Errorf("%w: %s", ErrGuard, Names(res.Missing))
			res.Outcome = Refused
			return res, true
		}
		if !got.c.Own {
			// Another vault's copy whose keys are all here now: remember
			// it, so that it never needs its password again.
			res.absorbed = append(res.absorbed, h)
		}
		return res, false
	}
	return res, false
}

// recorded reports whether bytes with this hash are a copy this vault wrote
// to the location, or another vault's copy whose keys it took in.
func recorded(loc vault.CopyLocation, hash string) bool {
	if hash == "" {
		return false
	}
	if hash == loc.FileHash || slices.Contains(loc.Absorbed, hash) {
		return true
	}
	for _, w := range loc.Written {
		if w.Hash == hash {
			return true
		}
	}
	return false
}

// write puts the vault's file into the location as a new copy, reads it
// back, and deletes this vault's oldest copies beyond the number to keep.
func (r *round) write(res Result, loc vault.CopyLocation, copies []copyFile) Result {
	fsys := r.o.fs()
	// The new copy must sort after every copy there, even one from a
	// machine whose clock is ahead, so that it is the one read next time.
	t := r.rep.Time.Truncate(time.Second)
	seq := 1
	if n := len(copies); n > 0 && !t.After(copies[n-1].Time) {
		t, seq = copies[n-1].Time, copies[n-1].seq+1
	}
	var name string
	var err error
	for range 5 {
		if seq > maxSeq {
			t, seq = t.Add(time.Second), 1
		}
		name = CopyName(t, seq)
		if err = fsys.WriteNew(loc.Path, name, r.s.data); !errors.Is(err, fs.ErrExist) {
			break
		}
		seq++
	}
	if err != nil {
		return failed(res, fmt.Errorf("writing %s: %w", name, err))
	}
	file := filepath.Join(loc.Path, name)
	back, err := fsys.ReadFile(file)
	if err != nil || !bytes.Equal(back, r.s.data) {
		fsys.Remove(file)
		if err == nil {
			err = errors.New("the copy read back from the disk is not what was written")
		}
		return failed(res, fmt.Errorf("checking %s: %w", name, err))
	}
	res.Outcome, res.File, res.hash = Written, file, r.s.hash
	r.rotate(&res, loc, name)
	return res
}

// rotate deletes this vault's oldest copies beyond the number to keep. A
// copy is this vault's own when its MAC verifies with one of the vault's
// keys (vault.Recognizer): not because the vault's records, or anything
// the file says, claim it. A copy that another vault or a person put there
// is never deleted, nor counted; nor is an own copy that holds a key the
// vault lacks. The copy just written and checked is the newest, so the
// newest good copy is never deleted.
func (r *round) rotate(res *Result, loc vault.CopyLocation, written string) {
	fsys := r.o.fs()
	dir := loc.Path
	copies, err := listCopies(fsys, dir)
	if err != nil {
		res.Note = "Old copies were not tidied up: " + errText(classify(err)) + "."
		return
	}
	type own struct {
		name, hash string
	}
	var mine []own
	for _, c := range copies {
		if c.legacy {
			continue
		}
		data, err := readCopy(fsys, filepath.Join(dir, c.Name))
		if err != nil {
			continue
		}
		h := hashOf(data)
		if c.Name == written {
			mine = append(mine, own{c.Name, h})
			continue
		}
		o, err := openBytes(data, r.s.rec, Secret{}, 0)
		if err != nil || !o.Own {
			continue
		}
		lacks := false
		for j := range o.Entries {
			if !r.s.keys[idOf(&o.Entries[j])] && !recorded(loc, h) {
				lacks = true
				break
			}
		}
		if !lacks {
			mine = append(mine, own{c.Name, h})
		}
	}
	extra := len(mine) - max(r.s.keep, 1)
	var failedNames []string
	var kept []vault.WrittenCopy
	for i, w := range mine {
		if i >= extra || w.name == written {
			kept = append(kept, vault.WrittenCopy{Name: w.name, Hash: w.hash})
			continue
		}
		if err := fsys.Remove(filepath.Join(dir, w.name)); err != nil {
			failedNames = append(failedNames, w.name)
			kept = append(kept, vault.WrittenCopy{Name: w.name, Hash: w.hash})
			continue
		}
		res.Removed = append(res.Removed, w.name)
	}
	res.written = kept
	r.removeStaleTemps(dir)
	if len(failedNames) > 0 {
		res.Note = "Old copies that could not be deleted: " + strings.Join(failedNames, ", ") + "."
	}
}

// removeStaleTemps deletes the temporary files of writes that a crash or a
// pulled USB stick interrupted, once they are an hour old (so that a write
// by another Sparekey that is still under way is left alone).
func (r *round) removeStaleTemps(dir string) {
	fsys := r.o.fs()
	items, err := fsys.ReadDir(dir)
	if err != nil {
		return
	}
	for _, it := range items {
		name := it.Name()
		if !strings.HasPrefix(name, tempPrefix) || !strings.HasSuffix(name, tempSuffix) || !it.Type().IsRegular() {
			continue
		}
		if info, err := it.Info(); err == nil && r.rep.Time.Sub(info.ModTime()) > time.Hour {
			fsys.Remove(filepath.Join(dir, name))
		}
	}
}

// Apply records a report in the vault's copy settings: when each location
// was last written and checked, with how many keys, and what went wrong
// where. The caller saves the vault. Locations removed since the snapshot
// are left out.
func Apply(v *vault.Vault, rep *Report) {
	for _, res := range rep.Results {
		loc := findLocation(v, res.Path)
		if loc == nil {
			continue
		}
		loc.LastTried = rep.Time
		loc.Guarded = res.Outcome == Refused
		for _, h := range res.absorbed {
			if !slices.Contains(loc.Absorbed, h) {
				loc.Absorbed = append(loc.Absorbed, h)
			}
		}
		switch res.Outcome {
		case Written, UpToDate:
			if res.Outcome == Written || res.hash != loc.FileHash {
				loc.LastWritten = rep.Time
				loc.Entries = rep.Entries
				loc.Fingerprint = rep.Fingerprint
				loc.KeysID = rep.KeysID
				loc.File = filepath.Base(res.File)
				loc.FileHash = res.hash
			}
			loc.Verified = true
			if res.written != nil {
				loc.Written = res.written
			}
			loc.Problem = ""
			if loc.Mount == "" {
				loc.Mount = mountOf(loc.Path)
			}
		default:
			loc.Problem = res.Message()
		}
	}
}

// Update writes the vault to every location (Take, Write, Apply) on the
// calling goroutine and records the outcome in the vault; the caller saves
// the vault. The error is for a vault that cannot be read; problems at
// locations are in the report.
func Update(v *vault.Vault, o Options) (*Report, error) {
	s, err := Take(v)
	if err != nil {
		return nil, err
	}
	rep := s.Write(o)
	Apply(v, rep)
	return rep, nil
}

func findLocation(v *vault.Vault, path string) *vault.CopyLocation {
	for i := range v.Copies.Locations {
		if v.Copies.Locations[i].Path == path {
			return &v.Copies.Locations[i]
		}
	}
	return nil
}
