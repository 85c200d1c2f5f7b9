package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sparekey/backup"
	"sparekey/printing"
	"sparekey/vault"
)

// dirList is a repeatable --to flag.
type dirList []string

func (d *dirList) String() string     { return strings.Join(*d, ",") }
func (d *dirList) Set(s string) error { *d = append(*d, s); return nil }

var _ flag.Value = (*dirList)(nil)

// openWithPassword opens the vault and returns the master password too, for
// copies that use it.
func openWithPassword(env *Env, forChange bool) (*vault.Vault, string, error) {
	if _, err := os.Stat(env.VaultPath); errors.Is(err, os.ErrNotExist) {
		return nil, "", fmt.Errorf("there is no Sparekey file at %s yet: run sparekey init first", env.VaultPath)
	}
	pw, err := env.Password()
	if err != nil {
		return nil, "", err
	}
	v, err := vault.Open(env.VaultPath, pw, env.Options()...)
	if err != nil {
		return nil, "", err
	}
	if forChange && v.ReadOnly() != nil {
		err := v.ReadOnly()
		v.Close()
		return nil, "", err
	}
	return v, pw, nil
}

// given reports whether a secret was given without asking for it.
func given(env *Env, file, envVar string) bool { return file != "" || env.Getenv(envVar) != "" }

// copySecret is what opens a copy that this vault did not write (or, with
// no vault, any copy): the recovery key when one is given, the copy's own
// password when one is given, else the master password (asked for when
// ask is set).
func copySecret(env *Env, ask bool) (backup.Secret, error) {
	s := backup.Secret{Options: env.Options()}
	var err error
	if given(env, env.RecoveryKeyFile, "SPAREKEY_RECOVERY_KEY") {
		if s.RecoveryKey, err = env.RecoveryKey(); err != nil {
			return s, err
		}
	}
	if given(env, env.CopyPasswordFile, "SPAREKEY_COPY_PASSWORD") {
		s.Password, err = env.CopyPassword()
	} else if s.RecoveryKey == "" && (ask || given(env, env.PasswordFile, "SPAREKEY_PASSWORD")) {
		s.Password, err = env.Password()
	}
	return s, err
}

// backupOptions are the backup options of this environment: its clock, and
// what opens other vaults' copies (only when given: the guard never asks).
func backupOptions(env *Env) (backup.Options, error) {
	o := backup.Options{Now: env.Now}
	if given(env, env.RecoveryKeyFile, "SPAREKEY_RECOVERY_KEY") || given(env, env.CopyPasswordFile, "SPAREKEY_COPY_PASSWORD") {
		s, err := copySecret(env, false)
		if err != nil {
			return o, err
		}
		o.Secret = s
	}
	return o, nil
}

func runCopy(env *Env, args []string) error {
	fs := NewFlagSet("copy")
	var to dirList
	fs.Var(&to, "to", "a folder for copies (repeatable; remembered)")
	force := fs.Bool("force", false, "save a copy even where the copy there holds keys you do not have here")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return Usagef("copy takes no arguments besides its options (a folder goes after --to)")
	}
	v, _, err := openWithPassword(env, true)
	if err != nil {
		return err
	}
	defer v.Close()
	// Every new folder is checked before any is added: one mistyped folder
	// changes nothing.
	var targets, added []string
	for _, d := range to {
		abs, err := filepath.Abs(d)
		if err != nil {
			return fmt.Errorf("the folder %s: %w", d, err)
		}
		if !hasLocation(v, abs) {
			if _, err := backup.AddLocation(v, abs); err != nil {
				return fmt.Errorf("%w; nothing was written", err)
			}
			added = append(added, abs)
		}
		targets = append(targets, abs)
	}
	if len(v.Copies.Locations) == 0 {
		return errors.New("there is no place for copies yet: name a folder with --to DIR (a USB stick, a synced folder)")
	}
	// Said only now: a round stopped before this point saves nothing, so
	// no folder was added.
	for _, d := range added {
		fmt.Fprintf(env.Stdout, "Added %s to the places for copies.\n", d)
	}
	snap, err := backup.Take(v)
	if err != nil {
		return err
	}
	if len(targets) > 0 {
		snap = snap.Only(targets)
	}
	o, err := backupOptions(env)
	if err != nil {
		return err
	}
	o.ForceAll = *force
	o.Progress = func(done, total int, r backup.Result) {
		fmt.Fprintf(env.Stdout, "%s: %s\n", printable(r.Path), printable(r.Message()))
	}
	rep := snap.Write(o)
	backup.Apply(v, rep)
	if err := v.Save(); err != nil {
		return fmt.Errorf("the copies were written, but your Sparekey file could not record it: %w", err)
	}
	var refusals, others []string
	for _, r := range rep.Results {
		switch {
		case r.Outcome == backup.Refused && len(r.Missing) > 0:
			refusals = append(refusals, fmt.Sprintf("the copy %s holds %d keys you do not have here (%s); add them with \"sparekey restore %s\", or save yours there anyway with --force",
				r.File, len(r.Missing), backup.Names(r.Missing), r.File))
		case r.Outcome == backup.Refused:
			refusals = append(refusals, fmt.Sprintf("%s: %s; give that copy's password (SPAREKEY_COPY_PASSWORD) or its recovery key (SPAREKEY_RECOVERY_KEY) so that Sparekey can see what it holds, or save yours there anyway with --force",
				r.Path, strings.TrimPrefix(r.Err.Error(), backup.ErrGuard.Error()+": ")))
		case !r.OK():
			others = append(others, r.Path)
		}
	}
	if len(refusals) > 0 {
		return errors.New(strings.Join(refusals, "; "))
	}
	if len(others) > 0 {
		return fmt.Errorf("%d of %d places were not written (see above); the others were", len(others), len(rep.Results))
	}
	return nil
}

func hasLocation(v *vault.Vault, path string) bool {
	for _, l := range v.Copies.Locations {
		if l.Path == path {
			return true
		}
	}
	return false
}

func runCopies(env *Env, args []string) error {
	if len(args) > 0 {
		return Usagef("copies takes no arguments")
	}
	v, _, err := openWithPassword(env, false)
	if err != nil {
		return err
	}
	defer v.Close()
	if len(v.Copies.Locations) == 0 {
		fmt.Fprintln(env.Stdout, "No places for copies yet: add one with sparekey copy --to DIR.")
		return nil
	}
	for _, st := range backup.Statuses(v, nil) {
		fmt.Fprintf(env.Stdout, "%s\t%s\n", printable(st.Path), printable(st.Summary()))
	}
	return nil
}

func runVerify(env *Env, args []string) error {
	if len(args) != 1 {
		return Usagef("verify needs one FILE (an encrypted copy) or a folder of copies")
	}
	file := args[0]
	if info, err := os.Stat(file); err == nil && info.IsDir() {
		// The USB stick itself will do: its copies' folder is found.
		place, err := backup.PlaceIn(file)
		if err != nil {
			return err
		}
		if file, err = backup.NewestCopy(place); err != nil {
			return err
		}
	}
	secret, err := copySecret(env, true)
	if err != nil {
		return err
	}
	c, err := backup.Verify(file, secret)
	if err != nil {
		return err
	}
	saved := c.Copy.Updated
	if c.Copy.Info != nil && !c.Copy.Info.Saved.IsZero() {
		saved = c.Copy.Info.Saved
	}
	fmt.Fprintf(env.Stdout, "%s: good, %s, saved %s\n", file, vault.Count(c.Entries, "key", "keys"), saved.Local().Format("2 Jan 2006 15:04"))
	return nil
}

func runRestore(env *Env, args []string) error {
	fs := NewFlagSet("restore")
	older := fs.Bool("older", false, "restore this copy even though a newer one lies beside it")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return Usagef("restore needs one place (a folder of copies: its newest is taken), one copy FILE, or photos of a paper copy's pages (or a folder of them)")
	}
	pics, paper, err := paperCopyPictures(fs.Args())
	if err != nil {
		return err
	}
	if !paper && fs.NArg() != 1 {
		return Usagef("restore needs one place (a folder of copies: its newest is taken), one copy FILE, or photos of a paper copy's pages (or a folder of them)")
	}
	_, statErr := os.Stat(env.VaultPath)
	haveVault := statErr == nil
	var c *backup.Copy
	if paper {
		// The pictures are read before anything is asked: a page missing
		// is said at once.
		data, unread, err := printing.ReadPaperCopy(context.Background(), pics, nil)
		if err != nil {
			return fmt.Errorf("the paper copy could not be read: %w", err)
		}
		if words := printing.UnreadPagesWords(unread); words != "" {
			fmt.Fprintln(env.Stderr, words)
		}
		secret, err := copySecret(env, !haveVault)
		if err != nil {
			return err
		}
		if c, err = backup.OpenData("the paper copy", data, secret); err != nil {
			return err
		}
	} else if c, err = openCopyTarget(env, fs.Arg(0), *older, haveVault); err != nil {
		return err
	}
	when := c.Updated
	if c.Info != nil && !c.Info.Saved.IsZero() {
		when = c.Info.Saved
	}
	fmt.Fprintf(env.Stdout, "Opened %s: %s, saved %s\n", filepath.Base(c.File), vault.Count(len(c.Entries), "key", "keys"), when.Local().Format("2 Jan 2006 15:04"))
	if !haveVault {
		return restoreAsVault(env, c)
	}
	v, _, err := openWithPassword(env, true)
	if err != nil {
		return err
	}
	defer v.Close()
	added, skipped, err := backup.AddCopy(v, c)
	if err != nil {
		return err
	}
	if err := v.Save(); err != nil {
		return err
	}
	for _, e := range added {
		fmt.Fprintf(env.Stdout, "%s\t%s\n", e.ID, printable(e.Name()))
	}
	fmt.Fprintf(env.Stdout, "Added %s from %s; %d were already here.\n", vault.Count(len(added), "key", "keys"), filepath.Base(c.File), len(skipped))
	return nil
}

// openCopyTarget opens a place's newest copy, or a copy file (refusing an
// older one with a newer beside it unless older).
func openCopyTarget(env *Env, target string, older, haveVault bool) (*backup.Copy, error) {
	info, err := os.Stat(target)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", target, backup.PlainError(err))
	}
	secret, err := copySecret(env, !haveVault)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		// The USB stick itself will do: its copies' folder is found.
		place, perr := backup.PlaceIn(target)
		if perr != nil {
			return nil, perr
		}
		if place != filepath.Clean(target) {
			fmt.Fprintf(env.Stdout, "The copies are in %s\n", printable(place))
		}
		c, skipped, err := backup.OpenPlace(place, secret)
		for _, f := range skipped {
			fmt.Fprintf(env.Stderr, "Passed over %s: %v\n", f.Name(), f.Problem)
		}
		return c, err
	}
	newer, nerr := backup.NewerBeside(target)
	if nerr == nil && len(newer) > 0 && !older {
		var names []string
		for _, f := range newer {
			names = append(names, f.Name())
		}
		return nil, fmt.Errorf("a newer copy lies beside %s: %s. Restore the folder to take the newest (sparekey restore %s), or add --older to take this one on purpose",
			filepath.Base(target), strings.Join(names, ", "), filepath.Dir(target))
	}
	return backup.Open(target, secret)
}

// restoreAsVault makes the vault from a copy when there is none yet: the
// same vault, whose copies stay its own. Opened with the recovery key (or a
// copy of Sparekey's first version), it needs a new master password
// (SPAREKEY_NEW_PASSWORD, or asked twice); opened with its password, a new
// one is set only when given.
func restoreAsVault(env *Env, c *backup.Copy) error {
	newPassword := ""
	needNew := c.Info == nil || given(env, env.RecoveryKeyFile, "SPAREKEY_RECOVERY_KEY")
	if needNew || given(env, env.NewPasswordFile, "SPAREKEY_NEW_PASSWORD") {
		pw, err := env.NewPassword()
		if err != nil {
			return err
		}
		newPassword = pw
	}
	v, recovery, err := backup.Restore(env.VaultPath, c, newPassword, env.Options()...)
	if err != nil {
		return err
	}
	defer v.Close()
	fmt.Fprintf(env.Stdout, "Brought back %s from %s into the Sparekey file %s\n", vault.Count(len(v.Entries), "key", "keys"), filepath.Base(c.File), env.VaultPath)
	if recovery != "" {
		fmt.Fprintln(env.Stdout, "Your new recovery key (shown only this once; print it or write it down and keep it safe):")
		fmt.Fprintln(env.Stdout, recovery)
	} else {
		fmt.Fprintln(env.Stdout, "Your printed recovery key still opens it.")
	}
	return nil
}
