package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"sparekey/capture"
	"sparekey/interop"
	"sparekey/vault"
)

// The password of an encrypted export (Aegis, 2FAS, andOTP, ...) is not the
// master password, so it has its own sources: --password-file written after
// the verb (or its longer name --import-password-file), then
// SPAREKEY_IMPORT_PASSWORD, then the terminal. The master password comes, as
// for every verb, from SPAREKEY_PASSWORD, --password-file written before the
// verb, or the terminal.

func runImport(env *Env, args []string) error {
	fs := NewFlagSet("import")
	format := fs.String("format", "auto", "the app the files come from; auto finds it from the content")
	pwFile := fs.String("import-password-file", "", "file whose first line is the password of an encrypted export")
	fs.StringVar(pwFile, "password-file", "", "the same as --import-password-file (after the verb)")
	dryRun := fs.Bool("dry-run", false, "show what would be imported, add nothing")
	screen := fs.Bool("screen", false, "read the QR codes on the screen (every screen)")
	clip := fs.Bool("clipboard", false, "read the clipboard: a picture of QR codes, or key links (otpauth://)")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	var names []string
	for _, f := range interop.Formats() {
		names = append(names, f.Name)
	}
	if fs.NArg() == 0 && !*screen && !*clip {
		return Usagef("import needs one or more files, --screen or --clipboard (formats: auto, %s)", strings.Join(names, ", "))
	}
	if *format != "auto" && !knownFormat(*format) {
		return Usagef("unknown format %q (formats: auto, %s)", *format, strings.Join(names, ", "))
	}
	// Read every file before touching the vault: a file that cannot be read
	// changes nothing.
	var parts []*interop.Found
	password := ""
	for _, name := range fs.Args() {
		data, err := readInput(env, name)
		if err != nil {
			return fmt.Errorf("%w; nothing was added", err)
		}
		if name != "-" {
			data = interop.WithFilesBeside(name, data)
		}
		found, err := interop.Read(data, *format, password)
		if errors.Is(err, interop.ErrNeedPassword) {
			if password, err = env.secret(*pwFile, "SPAREKEY_IMPORT_PASSWORD", "password of the export "+name); err != nil {
				return err
			}
			found, err = interop.Read(data, *format, password)
		}
		if errors.Is(err, interop.ErrWrongPassword) {
			return fmt.Errorf("%s: the password for this export is not right (it is the password chosen when exporting from the other app, not your Sparekey password); nothing was added", name)
		}
		if err != nil {
			return fmt.Errorf("%s: %w; nothing was added", name, err)
		}
		fmt.Fprintf(env.Stdout, "%s: %s, %s\n", name, found.Format, vault.Count(len(found.Entries), "key", "keys"))
		if len(found.Entries) == 0 {
			return nothingIn(env, name, found)
		}
		parts = append(parts, found)
	}
	if *screen {
		found, err := importScreen(env)
		if err != nil {
			return err
		}
		parts = append(parts, found)
	}
	if *clip {
		found, err := importClipboard(env)
		if err != nil {
			return err
		}
		parts = append(parts, found)
	}
	// One import: a transfer's QR codes may be in several pictures.
	all := interop.Merge(parts...)
	v, err := env.OpenVaultForChange()
	if err != nil {
		return err
	}
	defer v.Close()
	plan := interop.PlanImport(v, all)
	for _, e := range plan.Duplicates {
		fmt.Fprintf(env.Stdout, "skipped\t%s\t(already here)\n", printable(e.Name()))
	}
	for _, r := range plan.Repeats {
		fmt.Fprintf(env.Stdout, "skipped\t%s\t(%s)\n", printable(r.Entry.Name()), printable(r.Reason()))
	}
	repeats := ""
	if len(plan.Repeats) > 0 {
		repeats = fmt.Sprintf("; %d twice in what was read", len(plan.Repeats))
	}
	for _, p := range plan.Problems {
		fmt.Fprintf(env.Stdout, "not imported\t%s\t%s\n", printable(p.Name), printable(p.Reason))
	}
	if *dryRun {
		for _, e := range plan.New {
			fmt.Fprintf(env.Stdout, "would add\t%s\n", printable(e.Name()))
		}
		fmt.Fprintf(env.Stdout, "Nothing was added (--dry-run): %d new, %d already here%s, %d cannot be imported.\n",
			len(plan.New), len(plan.Duplicates), strings.ReplaceAll(repeats, ";", ","), len(plan.Problems))
		return nil
	}
	added, err := plan.Apply(v)
	if err != nil {
		return fmt.Errorf("%w; nothing was saved", err)
	}
	if len(added) > 0 {
		if err := v.Save(); err != nil {
			return err
		}
	}
	for _, e := range added {
		fmt.Fprintf(env.Stdout, "added\t%s\t%s\n", e.ID, printable(e.Name()))
	}
	fmt.Fprintf(env.Stdout, "Added %s; skipped %d already here%s; %d could not be imported.\n",
		vault.Count(len(added), "key", "keys"), len(plan.Duplicates), repeats, len(plan.Problems))
	return nil
}

// nothingIn is the error for a file from which no key at all can be
// imported (a damaged transfer code, an empty export): the import stops, as
// for a file that cannot be read, and says why.
func nothingIn(env *Env, name string, found *interop.Found) error {
	switch len(found.Problems) {
	case 0:
		return fmt.Errorf("%s holds no keys; nothing was added", name)
	case 1:
		p := found.Problems[0]
		return fmt.Errorf("%s: nothing in it can be imported (%s: %s); nothing was added",
			name, printable(p.Name), strings.TrimSuffix(printable(p.Reason), "."))
	}
	for _, p := range found.Problems {
		fmt.Fprintf(env.Stdout, "not imported\t%s\t%s\n", printable(p.Name), printable(p.Reason))
	}
	return fmt.Errorf("%s: none of the %d keys in it can be imported (the reasons are above); nothing was added", name, len(found.Problems))
}

// importScreen reads the QR codes on every screen. The terminal stays where
// it is: the person moves it off the code (the message says so when nothing
// is found).
func importScreen(env *Env) (*interop.Found, error) {
	screens, err := capture.Screens(context.Background())
	if err != nil {
		return nil, fmt.Errorf("the screen cannot be read: %s; nothing was added", strings.TrimSuffix(err.Error(), "."))
	}
	var pics []interop.Picture
	for _, s := range screens {
		pics = append(pics, interop.Picture{Name: s.Name, Image: s.Image})
	}
	found, err := readPictures(env, pics)
	if err != nil {
		return nil, err
	}
	switch {
	case len(found.Entries) == 0 && len(found.Problems) == 0:
		return nil, errors.New("no QR code was found on the screen: show the whole code, not covered by this window, and try again; nothing was added")
	case len(found.Entries) == 0:
		return nil, nothingIn(env, "the screen", found)
	}
	return found, nil
}

// importClipboard reads the clipboard: a picture's QR codes, or links.
func importClipboard(env *Env) (*interop.Found, error) {
	c, err := capture.Clipboard(context.Background())
	if err != nil {
		return nil, fmt.Errorf("the clipboard cannot be read: %s; nothing was added", strings.TrimSuffix(err.Error(), "."))
	}
	var found *interop.Found
	switch {
	case len(c.Picture) > 0:
		if found, err = readPictures(env, []interop.Picture{{Name: "the clipboard's picture", Data: c.Picture}}); err != nil {
			return nil, err
		}
		if len(found.Entries) == 0 && len(found.Problems) == 0 {
			return nil, errors.New("no QR code was found in the clipboard's picture: copy a sharper picture with the whole code in it; nothing was added")
		}
	case interop.IsKeyLink(c.Text):
		found = interop.ReadLinks(strings.Split(c.Text, "\n"))
		fmt.Fprintf(env.Stdout, "the clipboard: %s\n", vault.Count(len(found.Entries), "key", "keys"))
	case strings.TrimSpace(c.Text) != "":
		return nil, errors.New("the clipboard holds text that is not a key link (those start with otpauth://); nothing was added")
	default:
		return nil, errors.New("the clipboard is empty: copy the QR code's picture or its key link (it starts with otpauth://) first; nothing was added")
	}
	if len(found.Entries) == 0 {
		return nil, nothingIn(env, "the clipboard", found)
	}
	return found, nil
}

// readPictures reads the QR codes of pictures and says what each gave.
func readPictures(env *Env, pics []interop.Picture) (*interop.Found, error) {
	found, reports, err := interop.ReadPictures(context.Background(), pics, nil)
	if err != nil {
		return nil, fmt.Errorf("reading the pictures: %w; nothing was added", err)
	}
	for _, r := range reports {
		fmt.Fprintln(env.Stdout, printable(r.String()))
	}
	return found, nil
}

func knownFormat(name string) bool {
	for _, f := range interop.Formats() {
		if f.Name == name {
			return true
		}
	}
	return false
}

// readInput reads a file, or standard input for "-", of at most
// interop.MaxFileSize bytes.
func readInput(env *Env, name string) ([]byte, error) {
	r, what := env.Stdin, "standard input"
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		defer f.Close()
		// A file that says its size is refused before a byte is read.
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > interop.MaxFileSize {
			return nil, tooLargeToImport(name)
		}
		r, what = f, name
	}
	// Standard input, a pipe or a device says no size: read one byte past
	// the bound, and no further.
	b, err := io.ReadAll(io.LimitReader(r, interop.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	if len(b) > interop.MaxFileSize {
		return nil, tooLargeToImport(what)
	}
	return b, nil
}

// tooLargeToImport says, in plain words, that what is too large to import.
func tooLargeToImport(what string) error {
	return fmt.Errorf("%s is larger than %d MB, too large to be an export or a picture of a QR code; Sparekey did not read it", what, interop.MaxFileSize>>20)
}
