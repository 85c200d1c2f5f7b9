package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"sparekey/backup"
	"sparekey/vault"
)

func init() {
	Register(&Command{Name: "copy", Args: "[--to DIR]... [--force]",
		Summary: "write encrypted copies to every place (a new --to DIR is remembered)", Run: runCopy})
	Register(&Command{Name: "copies", Summary: "the places for copies and how up to date each is, one line a place", Run: runCopies})
	Register(&Command{Name: "verify", Args: "FILE|DIR", Summary: "decrypt an encrypted copy (a folder: its newest) and check every key in it", Run: runVerify})
	Register(&Command{Name: "restore", Args: "FILE", Summary: "add the keys of an encrypted copy to the vault (or make a new vault from it)", Run: runRestore})
}

// dirList is a repeatable --to flag.
type dirList []string

func (d *dirList) String() string     { return strings.Join(*d, ",") }
func (d *dirList) Set(s string) error { *d = append(*d, s); return nil }

var _ flag.Value = (*dirList)(nil)

// openWithPassword opens the vault and returns the master password too, for
// copies that use it.
func openWithPassword(env *Env, forChange bool) (*vault.Vault, string, error) {
	if _, err := os.Stat(env.VaultPath); errors.Is(err, os.ErrNotExist) {
		return nil, "", fmt.Errorf("there is no vault at %s yet: run sparekey init first", env.VaultPath)
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

// copyPassphraseGiven reports whether a copy passphrase was given without
// asking for it.
func copyPassphraseGiven(env *Env) bool {
	return env.CopyPasswordFile != "" || env.Getenv("SPAREKEY_COPY_PASSWORD") != ""
}

// copyPassphrase is the passphrase of the vault's copies: the separate one
// when the vault uses one, else the master password.
func copyPassphrase(env *Env, v *vault.Vault, master string) (string, error) {
	if v.Copies.SeparatePassphrase {
		return env.CopyPassword()
	}
	return master, nil
}

// backupOptions are the backup options of this environment: the same scrypt
// work factor override (SPAREKEY_WORK_FACTOR) and clock as the vault's.
func backupOptions(env *Env) backup.Options {
	var o backup.Options
	if s := env.Getenv("SPAREKEY_WORK_FACTOR"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= vault.MaxWorkFactor {
			o.WorkFactor = n
		}
	}
	o.Now = env.Now
	return o
}

func runCopy(env *Env, args []string) error {
	fs := NewFlagSet("copy")
	var to dirList
	fs.Var(&to, "to", "a folder for copies (repeatable; remembered)")
	force := fs.Bool("force", false, "write even where the copy there holds keys this vault lacks")
	separate := fs.Bool("separate-passphrase", false, "from now on, lock copies with the copy passphrase (SPAREKEY_COPY_PASSWORD or --copy-password-file)")
	master := fs.Bool("master-passphrase", false, "from now on, lock copies with the master password")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return Usagef("copy takes no arguments besides its options (a folder goes after --to)")
	}
	if *separate && *master {
		return Usagef("choose one of --separate-passphrase and --master-passphrase")
	}
	v, pw, err := openWithPassword(env, true)
	if err != nil {
		return err
	}
	defer v.Close()
	if *separate != *master && *separate != v.Copies.SeparatePassphrase {
		backup.UseSeparatePassphrase(v, *separate)
	}
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
	passphrase, err := copyPassphrase(env, v, pw)
	if err != nil {
		return err
	}
	if v.Copies.SeparatePassphrase {
		// A mistyped copy passphrase would lock every new copy with it:
		// it is checked against a copy it locked, or else, when it was
		// typed on the terminal, asked twice like any new password.
		checked := false
		if !*separate {
			if checked, err = backup.CheckPassphrase(v, passphrase, nil); err != nil {
				return err
			}
		}
		if !checked && !copyPassphraseGiven(env) {
			again, err := env.secret("", "", "the same copy passphrase again")
			if err != nil {
				return err
			}
			if again != passphrase {
				return errors.New("the two copy passphrases are not the same; nothing was written")
			}
		}
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
	o := backupOptions(env)
	o.ForceAll = *force
	o.Progress = func(done, total int, r backup.Result) {
		fmt.Fprintf(env.Stdout, "%s: %s\n", printable(r.Path), printable(r.Message()))
	}
	rep := snap.Write(passphrase, o)
	backup.Apply(v, rep)
	if err := v.Save(); err != nil {
		return fmt.Errorf("the copies were written, but the vault could not record it: %w", err)
	}
	var refusals, others []string
	for _, r := range rep.Results {
		switch {
		case r.Outcome == backup.Refused && len(r.Missing) > 0:
			refusals = append(refusals, fmt.Sprintf("the copy %s holds %d keys this vault does not have (%s); add them with \"sparekey restore %s\", or write anyway with --force",
				r.File, len(r.Missing), backup.Names(r.Missing), r.File))
		case r.Outcome == backup.Refused:
			refusals = append(refusals, fmt.Sprintf("%s: %s; write anyway with --force", r.Path, strings.TrimPrefix(r.Err.Error(), backup.ErrGuard.Error()+": ")))
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

// passphraseForFile is the passphrase to open a copy with: the copy
// passphrase when one is given, else the master password.
func passphraseForFile(env *Env) (string, error) {
	if copyPassphraseGiven(env) {
		return env.CopyPassword()
	}
	return env.Password()
}

func runVerify(env *Env, args []string) error {
	if len(args) != 1 {
		return Usagef("verify needs one FILE (an encrypted copy) or a folder of copies")
	}
	file := args[0]
	if info, err := os.Stat(file); err == nil && info.IsDir() {
		if file, err = backup.NewestCopy(file); err != nil {
			return err
		}
	}
	pass, err := passphraseForFile(env)
	if err != nil {
		return err
	}
	c, err := backup.Verify(file, pass)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: good, %s, saved %s\n", printable(file), vault.Count(c.Entries, "key", "keys"), c.Payload.Updated.Local().Format("2 Jan 2006 15:04"))
	return nil
}

func runRestore(env *Env, args []string) error {
	if len(args) != 1 {
		return Usagef("restore needs one FILE (an encrypted copy)")
	}
	file := args[0]
	if _, err := os.Stat(env.VaultPath); errors.Is(err, os.ErrNotExist) {
		return restoreAsNewVault(env, file)
	}
	v, pw, err := openWithPassword(env, true)
	if err != nil {
		return err
	}
	defer v.Close()
	pass := pw
	if copyPassphraseGiven(env) || v.Copies.SeparatePassphrase {
		if pass, err = env.CopyPassword(); err != nil {
			return err
		}
	}
	p, err := backup.Open(file, pass)
	if err != nil {
		return err
	}
	added, skipped, err := backup.AddKeys(v, p.Entries)
	if err != nil {
		return err
	}
	for _, e := range added {
		fmt.Fprintf(env.Stdout, "%s\t%s\n", e.ID, printable(e.Name()))
	}
	if len(added) > 0 {
		if err := v.Save(); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "Added %s from %s; %d were already in the vault.\n", vault.Count(len(added), "key", "keys"), filepath.Base(file), len(skipped))
	return nil
}

// restoreAsNewVault makes a new vault from a copy when there is none yet.
func restoreAsNewVault(env *Env, file string) error {
	pass, err := passphraseForFile(env)
	if err != nil {
		return err
	}
	p, err := backup.Open(file, pass)
	if err != nil {
		return err
	}
	pw, err := env.NewPassword()
	if err != nil {
		return err
	}
	v, recovery, err := backup.NewVault(env.VaultPath, pw, p, env.Options()...)
	if err != nil {
		return err
	}
	defer v.Close()
	fmt.Fprintf(env.Stdout, "Created the vault %s with the %s of %s\n", env.VaultPath, vault.Count(len(v.Entries), "key", "keys"), filepath.Base(file))
	fmt.Fprintln(env.Stdout, "Your recovery key (shown only this once; print it or write it down and keep it safe):")
	fmt.Fprintln(env.Stdout, recovery)
	return nil
}
