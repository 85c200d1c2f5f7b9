// Package interop reads other authenticator apps' exports into Sparekey
// entries and writes Sparekey entries in formats other apps read, so that
// keys can come in from anywhere and leave again (no lock-in). It also finds
// QR codes in image files.
//
// Each format lives in its own file and registers itself with Register from
// an init function. Read finds the format from the content.
package interop

import (
	"errors"
	"fmt"
	"sort"

	"sparekey/vault"
)

// ErrNeedPassword means the export is encrypted and no password was given.
// MaxFileSize is the most Sparekey reads from one file to import it (the
// app and the command line alike): more than any export, or phone photo
// of a QR code or of a recovery sheet.
const MaxFileSize = 64 << 20

var ErrNeedPassword = errors.New("this export is protected by a password: type the password you chose when you exported it")

// ErrWrongPassword means the password does not decrypt the export.
var ErrWrongPassword = errors.New("the password for this export is not right")

// ErrUnknownFormat means no importer recognises the content. It says what
// Sparekey reads (TestUnknownFormatNamesEveryFormat keeps the list whole).
var ErrUnknownFormat = errors.New("Sparekey does not recognise this file: it is not an export of an app it knows. " +
	"Sparekey reads the exports and backups of Aegis, 2FAS, andOTP, Authenticator Pro, Bitwarden, Ente Auth, FreeOTP, FreeOTP+, " +
	"Proton Authenticator and Steam (the Steam app, Steam Desktop Authenticator), Google Authenticator's transfer QR codes, " +
	"lists of otpauth:// links, and pictures of QR codes")

// Problem is something found in an export that cannot be imported, and why,
// in words a person understands.
type Problem struct {
	Name   string // the account as the export names it, if known
	Reason string

	// missingCodes marks the problem that a transfer's QR codes are not
	// all there (Merge works it out again over every file).
	missingCodes bool
}

// Found is what an export holds: the entries Sparekey can take (normalized,
// without ids), and the problems.
type Found struct {
	Format   string // the Format's Title, e.g. "Aegis"
	Entries  []vault.Entry
	Problems []Problem

	// transfers are the Google Authenticator transfer QR codes read, so
	// that Merge can tell whether codes missing from one file are in
	// another.
	transfers []transferCode
	// files is how many files Merge put together (0 for one file read by
	// Read), so that a key met twice is said to be twice "in this file" or
	// "in these files".
	files int
	// transferLinks is how many transfer codes ReadLinks read.
	transferLinks int
}

// Transfers is how many Google Authenticator transfer QR codes the keys
// found came from (none when they came from otpauth:// links or a file).
func (f *Found) Transfers() int { return f.transferLinks }

// Format is one app's export format.
type Format struct {
	Name  string // short name for the command line: "aegis", "2fas", ...
	Title string // the app's name as people know it
	// Detect reports whether data looks like this format (cheap; no
	// decryption).
	Detect func(data []byte) bool
	// Read decodes the export; password is used only by encrypted exports
	// (ErrNeedPassword when it is empty, ErrWrongPassword when it is wrong).
	Read func(data []byte, password string) (*Found, error)
}

var formats []Format

// Register adds a format. It is called from init functions.
func Register(f Format) {
	for _, g := range formats {
		if g.Name == f.Name {
			panic("interop: format registered twice: " + f.Name)
		}
	}
	formats = append(formats, f)
	sort.SliceStable(formats, func(i, j int) bool { return formats[i].Name < formats[j].Name })
}

// Formats lists the registered formats, by name.
func Formats() []Format { return append([]Format(nil), formats...) }

// Read decodes an export. format is a Format's Name, or "" or "auto" to find
// it from the content. Another app's internal data (Authy's, Microsoft or
// Google Authenticator's database, ...) is refused with an error that names
// the app and says what to do instead.
func Read(data []byte, format, password string) (*Found, error) {
	if format != "" && format != "auto" {
		for _, f := range formats {
			if f.Name == format {
				return f.Read(data, password)
			}
		}
		return nil, fmt.Errorf("unknown format %q", format)
	}
	if err := otherAppError(data); err != nil {
		return nil, err
	}
	for _, f := range formats {
		if f.Detect(data) {
			return f.Read(data, password)
		}
	}
	return nil, ErrUnknownFormat
}

// Recognises reports whether Read knows what data is: an export it reads,
// or another app's data that it names in its refusal. It is cheap (nothing
// is decrypted), for telling which dropped files are meant for import.
func Recognises(data []byte) bool {
	if otherAppError(data) != nil {
		return true
	}
	for _, f := range formats {
		if f.Detect(data) {
			return true
		}
	}
	return false
}

// Plan is what an import would do to a vault: the new entries, the ones
// skipped because the vault already has the key, the ones skipped because an
// earlier entry of the same import has it, and the problems. Nothing is added
// until Apply.
type Plan struct {
	New        []vault.Entry
	Duplicates []vault.Entry
	Repeats    []Repeat
	Problems   []Problem
}

// Repeat is a key that an import holds twice: Entry is skipped because Kept,
// the same key met earlier in the import, is added.
type Repeat struct {
	Entry, Kept vault.Entry
	files       int
}

// Reason says why the repeated entry is skipped, naming the one kept (the
// two may have different names).
func (r Repeat) Reason() string {
	where := "this file"
	if r.files > 1 {
		where = "these files"
	}
	return "the same key appears twice in " + where + "; the one kept is " + quoteName(r.Kept.Name())
}

// String is the skipped entry's name and the reason, for a list.
func (r Repeat) String() string { return r.Entry.Name() + ": " + r.Reason() }

// PlanImport compares what an export holds with the vault.
func PlanImport(v *vault.Vault, f *Found) Plan {
	p := Plan{Problems: f.Problems}
	// Entries of the export are compared with each other through a map on
	// what vault.SameKey compares, so that a 10,000-key export plans in
	// linear time; the map only narrows, SameKey decides.
	seen := map[string][]int{}
	for _, e := range f.Entries {
		e := e
		if v.FindDuplicate(&e) != nil {
			p.Duplicates = append(p.Duplicates, e)
			continue
		}
		k := string(e.Type) + "\x00" + e.Secret
		kept := -1
		for _, i := range seen[k] {
			if vault.SameKey(&p.New[i], &e) {
				kept = i
				break
			}
		}
		if kept >= 0 {
			if p.New[kept].Printed.Before(e.Printed) {
				// The same key read from a recovery sheet too (the
				// transfer pages come after the sheet's own codes).
				p.New[kept].Printed = e.Printed
			}
			p.Repeats = append(p.Repeats, Repeat{Entry: e, Kept: p.New[kept], files: f.files})
			continue
		}
		seen[k] = append(seen[k], len(p.New))
		p.New = append(p.New, e)
	}
	return p
}

// Apply adds the plan's new entries to the vault (the caller saves) and
// returns the entries as stored. A key the vault gained since the plan was
// made is skipped; an entry that cannot be added is reported in the error,
// after the others are added (nothing is saved until the caller saves).
func (p Plan) Apply(v *vault.Vault) ([]vault.Entry, error) {
	added, errs := v.AddAll(p.New)
	for i, err := range errs {
		if err != nil && !errors.Is(err, vault.ErrDuplicate) {
			return added, fmt.Errorf("adding %s: %w", p.New[i].Name(), err)
		}
	}
	return added, nil
}
