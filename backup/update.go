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
	// WorkFactor is the scrypt work factor (log2 N) of new copies; 0 means
	// vault.DefaultWorkFactor. Tests lower it to run fast.
	WorkFactor int
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

// Snapshot is what one round of "update all copies" writes: the vault's
// keys and copy settings as they were when it was taken. Take it on the
// goroutine that owns the vault; Write may then run anywhere.
type Snapshot struct {
	payload     []byte
	fingerprint string
	keys        map[keyID]bool
	entries     int
	locations   []vault.CopyLocation
	keep        int
	separate    bool
}

// keyID is what makes two entries the same key (vault.SameKey).
type keyID struct {
	secret string
	typ    vault.Type
}

func idOf(e *vault.Entry) keyID { return keyID{e.Secret, e.Type} }

// Take snapshots the vault for an update.
func Take(v *vault.Vault) (*Snapshot, error) {
	p := v.Payload
	p.Entries = slices.Clone(v.Entries)
	plain, err := p.MarshalPayload()
	if err != nil {
		return nil, err
	}
	fp, err := Fingerprint(&v.Payload)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{
		payload:     plain,
		fingerprint: fp,
		keys:        make(map[keyID]bool, len(v.Entries)),
		entries:     len(v.Entries),
		locations:   slices.Clone(v.Copies.Locations),
		keep:        v.Copies.Keep,
		separate:    v.Copies.SeparatePassphrase,
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

	hash    string
	written []vault.WrittenCopy // this vault's copies there after the round
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
			s = fmt.Sprintf("Not written: the copy there (%s) holds %s this vault does not have: %s.",
				filepath.Base(r.File), vault.Count(len(r.Missing), "key", "keys"), Names(r.Missing))
		} else {
			s = "Not written: " + strings.TrimPrefix(errText(r.Err), ErrGuard.Error()+": ") + "."
		}
	case Missing:
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
	Entries     int
	// SeparatePassphrase: the copies were locked with the separate copy
	// passphrase, not the master password.
	SeparatePassphrase bool
	Results            []Result
	// Scrypts counts the scrypt derivations the round cost: one to encrypt
	// (none when nothing needed writing), plus one for each copy the guard
	// had to decrypt (a copy this vault did not write).
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

// round is the state of one Write: the copy is encrypted at most once, and a
// copy met in several locations (a synced folder) is decrypted once.
type round struct {
	s          *Snapshot
	passphrase string
	o          *Options
	rep        *Report
	sealed     *sealed
	sealErr    error
	opened     map[string]openResult
}

type openResult struct {
	p   *vault.Payload
	err error
}

// Write writes the snapshot to every location it knows, one after the
// other, and reports on each. It never stops at a bad location: the others
// are still written. The copy is encrypted once (one scrypt) and the same
// bytes go everywhere. It touches only the disk, never the vault: pass the
// report to Apply on the vault's goroutine.
func (s *Snapshot) Write(passphrase string, o Options) *Report {
	r := &round{s: s, passphrase: passphrase, o: &o, opened: map[string]openResult{},
		rep: &Report{Time: o.now(), Fingerprint: s.fingerprint, Entries: s.entries, SeparatePassphrase: s.separate}}
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
	case errors.Is(err, ErrMissingFolder):
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

func (r *round) location(loc vault.CopyLocation) Result {
	fsys := r.o.fs()
	res := Result{Path: loc.Path}
	info, err := fsys.Stat(loc.Path)
	if err != nil {
		return failed(res, err)
	}
	if !info.IsDir() {
		return failed(res, fmt.Errorf("%w: %s is a file, not a folder", ErrMissingFolder, loc.Path))
	}
	copies, err := listCopies(fsys, loc.Path)
	if err != nil {
		return failed(res, err)
	}
	var newest *copyFile
	own := false
	if len(copies) > 0 {
		newest = &copies[len(copies)-1]
		data, err := fsys.ReadFile(filepath.Join(loc.Path, newest.Name))
		if err != nil {
			return failed(res, err)
		}
		h := hashOf(data)
		own = isOwn(loc, h)
		if own && h == loc.FileHash && loc.Fingerprint == r.s.fingerprint {
			res.Outcome = UpToDate
			res.File = filepath.Join(loc.Path, newest.Name)
			return res
		}
		if !own && !r.o.forced(loc.Path) {
			var stop bool
			if res, stop = r.guard(res, loc, copies, data); stop {
				return res
			}
		}
	}
	return r.write(res, loc, newest)
}

// isOwn reports whether bytes with this hash are a copy this vault wrote
// to the location.
func isOwn(loc vault.CopyLocation, hash string) bool {
	if hash == loc.FileHash && hash != "" {
		return true
	}
	for _, w := range loc.Written {
		if w.Hash == hash {
			return true
		}
	}
	return false
}

// guard reads the newest copy that can be read (passing over damaged ones)
// and stops the write when it holds keys the vault lacks, or when it cannot
// be read with this passphrase.
func (r *round) guard(res Result, loc vault.CopyLocation, copies []copyFile, newestData []byte) (Result, bool) {
	fsys := r.o.fs()
	for i := len(copies) - 1; i >= 0; i-- {
		name := copies[i].Name
		file := filepath.Join(loc.Path, name)
		data := newestData
		if i != len(copies)-1 {
			var err error
			if data, err = fsys.ReadFile(file); err != nil {
				return failed(res, err), true
			}
		}
		h := hashOf(data)
		if isOwn(loc, h) {
			return res, false // a copy this vault wrote: nothing unknown beyond it
		}
		got, seen := r.opened[h]
		if !seen {
			got.p, got.err = openBytes(data, r.passphrase, guardMaxWorkFactor)
			if got.err == nil || errors.Is(got.err, ErrWrongPassphrase) || errors.Is(got.err, ErrDamaged) {
				r.rep.Scrypts++
			}
			r.opened[h] = got
		}
		switch {
		case got.err == nil:
		case errors.Is(got.err, ErrDamaged), errors.Is(got.err, ErrNotCopy):
			res.Damaged = append(res.Damaged, name)
			continue
		case errors.Is(got.err, ErrWrongPassphrase):
			res.File = file
			res.Err = fmt.Errorf("%w: the copy there (%s) was made with another passphrase, so Sparekey cannot see what it holds", ErrGuard, name)
			res.Outcome = Refused
			return res, true
		default:
			res.File = file
			res.Err = fmt.Errorf("%w: the copy there (%s) cannot be read: %w", ErrGuard, name, got.err)
			res.Outcome = Refused
			return res, true
		}
		for j := range got.p.Entries {
			if !r.s.keys[idOf(&got.p.Entries[j])] {
				res.Missing = append(res.Missing, got.p.Entries[j])
			}
		}
		if len(res.Missing) > 0 {
			res.File = file
			res.Err = fmt.Errorf("%w: %s", ErrGuard, Names(res.Missing))
			res.Outcome = Refused
			return res, true
		}
		return res, false
	}
	return res, false
}

// write puts the round's copy into the location as a new file, reads it
// back, and deletes the oldest copies beyond the number to keep.
func (r *round) write(res Result, loc vault.CopyLocation, newest *copyFile) Result {
	fsys := r.o.fs()
	if r.sealed == nil && r.sealErr == nil {
		logN := r.o.WorkFactor
		if logN == 0 {
			logN = vault.DefaultWorkFactor
		}
		r.sealed, r.sealErr = seal(r.s.payload, r.passphrase, logN)
		r.rep.Scrypts++
	}
	if r.sealErr != nil {
		return failed(res, r.sealErr)
	}
	// The new copy must sort after every copy there, even one from a
	// machine whose clock is ahead, so that it is the one read next time.
	t := r.rep.Time.Truncate(time.Second)
	seq := 1
	if newest != nil && !t.After(newest.Time) {
		t, seq = newest.Time, newest.seq+1
	}
	var name string
	var err error
	for range 5 {
		name = CopyName(t, seq)
		if err = fsys.WriteNew(loc.Path, name, r.sealed.data); !errors.Is(err, fs.ErrExist) {
			break
		}
		seq++
	}
	if err != nil {
		return failed(res, fmt.Errorf("writing %s: %w", name, err))
	}
	file := filepath.Join(loc.Path, name)
	back, err := fsys.ReadFile(file)
	if err != nil || !bytes.Equal(back, r.sealed.data) {
		fsys.Remove(file)
		if err == nil {
			err = errors.New("the copy read back from the disk is not what was written")
		}
		return failed(res, fmt.Errorf("checking %s: %w", name, err))
	}
	res.Outcome, res.File, res.hash = Written, file, r.sealed.hash
	r.rotate(&res, loc, name)
	return res
}

// rotate deletes this vault's oldest copies beyond the number to keep. It
// deletes only copies this vault wrote (vault.CopyLocation.Written, checked
// by their bytes): a copy that another vault or a person put there is never
// deleted, nor counted. The copy just written and checked is the newest, so
// the newest good copy is never deleted.
func (r *round) rotate(res *Result, loc vault.CopyLocation, written string) {
	fsys := r.o.fs()
	dir := loc.Path
	copies, err := listCopies(fsys, dir)
	if err != nil {
		res.Note = "Old copies were not tidied up: " + errText(classify(err)) + "."
		return
	}
	present := map[string]bool{}
	for _, c := range copies {
		present[c.Name] = true
	}
	// This vault's copies still there, oldest first, then the new one.
	var own []vault.WrittenCopy
	for _, w := range loc.Written {
		if present[w.Name] && w.Name != written {
			own = append(own, w)
		}
	}
	own = append(own, vault.WrittenCopy{Name: written, Hash: r.sealed.hash})
	extra := len(own) - max(r.s.keep, 1)
	var failedNames []string
	kept := own[:0:0]
	for i, w := range own {
		if i >= extra || w.Name == written {
			kept = append(kept, w)
			continue
		}
		file := filepath.Join(dir, w.Name)
		data, err := fsys.ReadFile(file)
		if err != nil || hashOf(data) != w.Hash {
			continue // changed since this vault wrote it: no longer its own, so left alone
		}
		if err := fsys.Remove(file); err != nil {
			failedNames = append(failedNames, w.Name)
			kept = append(kept, w)
			continue
		}
		res.Removed = append(res.Removed, w.Name)
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
		loc.Guarded = res.Outcome == Refused && len(res.Missing) > 0
		switch res.Outcome {
		case Written:
			loc.LastWritten = rep.Time
			loc.Verified = true
			loc.Entries = rep.Entries
			loc.Fingerprint = rep.Fingerprint
			loc.File = filepath.Base(res.File)
			loc.FileHash = res.hash
			loc.Written = res.written
			loc.SeparatePassphrase = rep.SeparatePassphrase
			loc.Problem = ""
		case UpToDate:
			loc.Problem = ""
		default:
			loc.Problem = res.Message()
		}
	}
}

// Update writes the vault to every location (Take, Write, Apply) on the
// calling goroutine and records the outcome in the vault; the caller saves
// the vault. The error is for a vault that cannot be read; problems at
// locations are in the report.
func Update(v *vault.Vault, passphrase string, o Options) (*Report, error) {
	s, err := Take(v)
	if err != nil {
		return nil, err
	}
	rep := s.Write(passphrase, o)
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
