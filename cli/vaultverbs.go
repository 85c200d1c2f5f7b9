package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"sparekey/vault"
)

func runInit(env *Env, args []string) error {
	if len(args) > 0 {
		return Usagef("init takes no arguments")
	}
	pw, err := env.NewPassword()
	if err != nil {
		return err
	}
	v, recovery, err := vault.Create(env.VaultPath, pw, env.Options()...)
	if err != nil {
		return err
	}
	defer v.Close()
	fmt.Fprintf(env.Stdout, "Created your Sparekey file %s\n", env.VaultPath)
	fmt.Fprintln(env.Stdout, "Your recovery key (shown only this once; print it or write it down and keep it safe):")
	fmt.Fprintln(env.Stdout, recovery)
	return nil
}

func runAdd(env *Env, args []string) error {
	if len(args) == 0 {
		return Usagef(`add needs "-": then give the otpauth:// links on stdin, one a line (pasted, ending with Ctrl+D, or piped in)`)
	}
	var uris []string
	for _, a := range args {
		if a != "-" {
			uris = append(uris, a)
			continue
		}
		for {
			line, err := env.ReadLine()
			if err != nil {
				break
			}
			if s := strings.TrimSpace(line); s != "" {
				uris = append(uris, s)
			}
		}
	}
	// Read every link before touching the vault: one bad link changes nothing.
	entries := make([]vault.Entry, 0, len(uris))
	var warnings []string
	for i, u := range uris {
		e, warning, err := vault.ParseURI(u)
		if err != nil {
			return fmt.Errorf("link %d: %w; nothing was added", i+1, err)
		}
		if warning != "" {
			warnings = append(warnings, e.Name()+": "+warning)
		}
		entries = append(entries, e)
	}
	v, err := env.OpenVaultForChange()
	if err != nil {
		return err
	}
	defer v.Close()
	// Warnings only once the vault is open: a failure says one line.
	for _, w := range warnings {
		fmt.Fprintln(env.Stderr, printable(w))
	}
	// Each key is said added only once the vault holding it is saved.
	var lines []string
	for _, e := range entries {
		stored, _, err := v.Add(e)
		if errors.Is(err, vault.ErrDuplicate) {
			fmt.Fprintf(env.Stderr, "skipped %s: %v\n", printable(e.Name()), err)
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w; nothing was added", printable(e.Name()), err)
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\n", stored.ID, printable(stored.Name())))
	}
	if len(lines) > 0 {
		if err := v.Save(); err != nil {
			return fmt.Errorf("nothing was added: %w", err)
		}
	}
	for _, l := range lines {
		fmt.Fprint(env.Stdout, l)
	}
	if slices.ContainsFunc(args, func(a string) bool { return a != "-" }) {
		fmt.Fprintln(env.Stderr, secretInArgsWarning)
	}
	return nil
}

// secretInArgsWarning is said after an add whose links were arguments. It
// comes once the add is done, so that a failure stays one line.
const secretInArgsWarning = `Warning: a link given after "add" shows its secret key to every user of this computer while the command runs (in ps), and your shell may keep it in its history. Next time use "sparekey add -", paste the links, one a line, and end with Ctrl+D; or pipe them in.`

func runList(env *Env, args []string) error {
	if len(args) > 0 {
		return Usagef("list takes no arguments")
	}
	v, err := env.OpenVault()
	if err != nil {
		return err
	}
	defer v.Close()
	for _, e := range v.Entries {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\n", e.ID, e.Type, printable(e.Issuer), printable(e.Account))
	}
	return nil
}

func runCode(env *Env, args []string) error {
	fs := NewFlagSet("code")
	at := fs.String("at", "", "Unix time to make codes for")
	// --at may come before or after the QUERY.
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
	if len(queries) > 1 {
		return Usagef("code takes at most one QUERY")
	}
	query := ""
	if len(queries) == 1 {
		query = queries[0]
	}
	t := env.Now()
	if *at != "" {
		n, err := strconv.ParseInt(*at, 10, 64)
		if err != nil || n < 0 {
			return Usagef("--at needs a Unix time in seconds (0 or more), not %q", *at)
		}
		t = time.Unix(n, 0)
	}
	v, err := env.OpenVault()
	if err != nil {
		return err
	}
	defer v.Close()
	matches := v.Find(query)
	if len(matches) == 0 && query != "" {
		return fmt.Errorf("no key matches %q", query)
	}
	moved := false
	for _, e := range matches {
		if e.Type == vault.HOTP && v.ReadOnly() != nil {
			return fmt.Errorf("%s is counter-based and its counter cannot be saved now: %w", e.Name(), v.ReadOnly())
		}
	}
	// A counter-based code is shown only once its counter's move is saved:
	// a code shown twice would be refused by the website the second time.
	var out strings.Builder
	for _, e := range matches {
		code, err := v.NextCode(e.ID, t)
		if err != nil {
			return err
		}
		moved = moved || e.Type == vault.HOTP
		fmt.Fprintf(&out, "%s\t%s\t%s\n", printable(e.Issuer), printable(e.Account), code)
	}
	if moved {
		if err := v.Save(); err != nil {
			return err
		}
	}
	_, err = io.WriteString(env.Stdout, out.String())
	return err
}

// findOne returns the entry with that id or the only one matching it.
func findOne(v *vault.Vault, q string) (*vault.Entry, error) {
	if e := v.Get(q); e != nil {
		return e, nil
	}
	m := v.Find(q)
	switch len(m) {
	case 0:
		return nil, fmt.Errorf("no key matches %q", q)
	case 1:
		return m[0], nil
	}
	var ids []string
	for _, e := range m {
		ids = append(ids, e.ID+" "+e.Name())
	}
	return nil, fmt.Errorf("%d keys match %q, name one by its id: %s", len(m), q, strings.Join(ids, "; "))
}

func runShow(env *Env, args []string) error {
	if len(args) != 1 {
		return Usagef("show needs one ID or QUERY")
	}
	v, err := env.OpenVault()
	if err != nil {
		return err
	}
	defer v.Close()
	e, err := findOne(v, args[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, e.URI())
	return nil
}

func runRemove(env *Env, args []string) error {
	if len(args) != 1 {
		return Usagef("remove needs one ID (see sparekey list)")
	}
	v, err := env.OpenVaultForChange()
	if err != nil {
		return err
	}
	defer v.Close()
	e := v.Get(args[0])
	if e == nil {
		return fmt.Errorf("no key has the id %q (see sparekey list)", args[0])
	}
	name := e.Name()
	if err := v.Remove(args[0]); err != nil {
		return err
	}
	if err := v.Save(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Removed %s\n", printable(name))
	return nil
}

func runPasswd(env *Env, args []string) error {
	if len(args) > 0 {
		return Usagef("passwd takes no arguments")
	}
	v, err := env.OpenVaultForChange()
	if err != nil {
		return err
	}
	defer v.Close()
	pw, err := env.NewPassword()
	if err != nil {
		return err
	}
	if err := v.ChangePassword(pw); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "The master password is changed. Your encrypted copies open only with the old one until they are updated: run sparekey copy.")
	return nil
}

func runRecover(env *Env, args []string) error {
	if len(args) > 0 {
		return Usagef("recover takes no arguments")
	}
	key, err := env.RecoveryKey()
	if err != nil {
		return err
	}
	v, err := vault.OpenWithRecoveryKey(env.VaultPath, key, env.Options()...)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.ReadOnly(); err != nil {
		return err
	}
	pw, err := env.NewPassword()
	if err != nil {
		return err
	}
	if err := v.ChangePassword(pw); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Your Sparekey file opens with your new password now (%s). Your printed recovery key still works. Update your encrypted copies (sparekey copy) so that they open with the new password.\n", vault.Count(len(v.Entries), "key", "keys"))
	return nil
}

func runNewRecoveryKey(env *Env, args []string) error {
	if len(args) > 0 {
		return Usagef("new-recovery-key takes no arguments")
	}
	v, err := env.OpenVaultForChange()
	if err != nil {
		return err
	}
	defer v.Close()
	pw, err := env.Password()
	if err != nil {
		return err
	}
	key, err := v.NewRecoveryKey(pw)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "Your new recovery key (shown only this once; print it or write it down and keep it safe):")
	fmt.Fprintln(env.Stdout, key)
	fmt.Fprintln(env.Stdout, "The old recovery key no longer opens your Sparekey file (copies written before keep opening with it). Your printed emergency kit is out of date: print a new one (sparekey print --kit), then update your copies (sparekey copy).")
	return nil
}
