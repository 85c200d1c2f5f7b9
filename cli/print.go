package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sparekey/printing"
	"sparekey/vault"
)

func runPrint(env *Env, args []string) error {
	fs := NewFlagSet("print")
	paperName := fs.String("paper", "a4", "a4 or letter")
	kit := fs.Bool("kit", false, "print the emergency kit (needs the recovery key)")
	paperCopy := fs.Bool("paper-copy", false, "print a paper copy: all your keys, locked with the master password and the recovery key")
	out := fs.String("out", "", "the PDF file to write (- for standard output)")
	// Flags may come before or after the queries.
	var queries []string
	for {
		if err := ParseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		queries = append(queries, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if *out == "" {
		return Usagef("print needs --out FILE.pdf: where to write the PDF")
	}
	paper, err := printing.ParsePaper(*paperName)
	if err != nil {
		return Usagef("%v", err)
	}
	opts := printing.Options{Paper: paper, Now: env.Now()}
	if *paperCopy {
		if *kit || len(queries) > 0 {
			return Usagef("print --paper-copy takes no QUERY and no --kit: the paper copy holds all your keys")
		}
		return printPaperCopy(env, opts, *out)
	}
	if *kit {
		if len(queries) > 0 {
			return Usagef("print --kit takes no QUERY: the kit is about all your keys")
		}
		return printKit(env, opts, *out)
	}
	return printSheet(env, opts, *out, queries)
}

func printSheet(env *Env, opts printing.Options, out string, queries []string) error {
	v, err := env.OpenVaultForChange()
	if err != nil {
		return err
	}
	defer v.Close()
	var entries []*vault.Entry
	for _, e := range v.Sorted() {
		if len(queries) == 0 || matchesAny(e, queries) {
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		if len(queries) > 0 {
			return fmt.Errorf("no key matches %q; nothing was printed", strings.Join(queries, " "))
		}
		return fmt.Errorf("there are no keys yet; nothing was printed")
	}
	pdf, err := printing.Sheet(entries, opts)
	if err != nil {
		return err
	}
	if err := writePDF(env, out, pdf); err != nil {
		return err
	}
	printing.MarkPrinted(entries, opts.Now)
	if err := v.Save(); err != nil {
		return fmt.Errorf("the sheet was written, but your Sparekey file could not record that the keys are on paper: %w", err)
	}
	if out != "-" {
		fmt.Fprintf(env.Stdout, "Wrote a recovery sheet of %s to %s.\n", vault.Count(len(entries), "key", "keys"), out)
		fmt.Fprintln(env.Stdout, "Print it, write where you keep it on each page, and delete the PDF file: it holds your keys unprotected.")
	}
	return nil
}

func matchesAny(e *vault.Entry, queries []string) bool {
	for _, q := range queries {
		if e.Matches(q) {
			return true
		}
	}
	return false
}

// printKit needs the recovery key, which Sparekey never keeps: it is asked,
// checked, and proven by unlocking the vault with it (which also gives the
// kit what it tells: the copies and the number of keys).
func printKit(env *Env, opts printing.Options, out string) error {
	if _, err := os.Stat(env.VaultPath); err != nil {
		return fmt.Errorf("there is no Sparekey file at %s yet: run sparekey init first", env.VaultPath)
	}
	typed, err := env.RecoveryKey()
	if err != nil {
		return err
	}
	key, err := vault.ParseRecoveryKey(typed)
	if err != nil {
		return err
	}
	v, err := vault.OpenWithRecoveryKey(env.VaultPath, key, env.Options()...)
	if err != nil {
		return fmt.Errorf("this recovery key does not open the Sparekey file %s: %w", env.VaultPath, err)
	}
	defer v.Close()
	path, err := filepath.Abs(env.VaultPath)
	if err != nil {
		path = env.VaultPath
	}
	pdf, err := printing.Kit(printing.KitInfo{RecoveryKey: key, VaultPath: path, Copies: v.Copies, Keys: len(v.Entries)}, opts)
	if err != nil {
		return err
	}
	if err := writePDF(env, out, pdf); err != nil {
		return err
	}
	if out != "-" {
		fmt.Fprintf(env.Stdout, "Wrote the emergency kit to %s.\n", out)
		fmt.Fprintln(env.Stdout, "Print it, keep it somewhere safe, and delete the PDF file: it holds your recovery key.")
	}
	// The vault remembers what the kit says, so that the app can tell when
	// it is out of date. Opened with the recovery key, the vault cannot be
	// saved without a new password: the master password, when given, saves
	// the record (one more unlock).
	v.Close()
	if !given(env, env.PasswordFile, "SPAREKEY_PASSWORD") {
		fmt.Fprintln(env.Stderr, "Note: give your master password too (SPAREKEY_PASSWORD or --password-file) so that Sparekey remembers this kit was printed.")
		return nil
	}
	w, err := env.OpenVaultForChange()
	if err != nil {
		return fmt.Errorf("the kit was written, but Sparekey could not remember it was printed: %w", err)
	}
	defer w.Close()
	now := time.Now
	if env.Now != nil {
		now = env.Now
	}
	w.Kit = printing.KitRecord(w, now())
	if err := w.Save(); err != nil {
		return fmt.Errorf("the kit was written, but Sparekey could not remember it was printed: %w", err)
	}
	return nil
}

// writePDF writes the PDF private to the user (0600), through a temporary
// file in the same folder so that a failed write leaves nothing half done.
func writePDF(env *Env, out string, pdf []byte) error {
	if out == "-" {
		_, err := env.Stdout.Write(pdf)
		return err
	}
	if err := vault.WritePrivateFile(out, pdf); err != nil {
		return folderError(out, err)
	}
	return nil
}

// folderError says plainly why a file could not be made in its folder.
func folderError(path string, err error) error {
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("writing %s: the folder %s is not there", path, dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("writing %s: you may not write in the folder %s", path, dir)
	}
	return fmt.Errorf("writing %s: %w", path, err)
}
