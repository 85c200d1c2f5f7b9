// Package cli is Sparekey's command line: one verb a job, over the same
// vault, printing, backup and interop calls the desktop app uses.
//
// verbs.go lists every verb (name, arguments, one line of help, the function
// that runs it); each verb's code lives in its own file (vaultverbs.go,
// print.go, copy.go, import.go, export.go).
//
// Passwords never come from a command's arguments: they are asked on the
// terminal without echo, or, without a terminal, read from an environment
// variable or from the first line of a file named by a flag.
package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"sparekey/cli/internal/plainlocale"
	"sparekey/vault"
)

// Command is one verb of the command line.
type Command struct {
	Name    string
	Args    string // e.g. "[--at UNIX] [QUERY]"
	Summary string
	Run     func(env *Env, args []string) error
	// VerbFlags are global flag names that mean something else after this
	// verb (import's --password-file is the export's password); before the
	// verb they stay global.
	VerbFlags []string
}

// Env is what a verb runs with: where the vault is, where input and output
// go, and where secrets come from. Tests build one directly.
type Env struct {
	VaultPath string
	Stdin     io.Reader
	Stdout    io.Writer
	Stderr    io.Writer
	Getenv    func(string) string
	Now       func() time.Time

	PasswordFile     string
	NewPasswordFile  string
	RecoveryKeyFile  string
	CopyPasswordFile string

	// terminal reports whether secrets can be asked on the terminal.
	terminal func() bool
	// stdinLines is the reader of Stdin, shared by every read so that nothing
	// read ahead is lost.
	stdinLines *bufio.Reader
}

// globalFlags are accepted anywhere on the line, before or after the verb.
var globalFlags = map[string]bool{
	"--vault": true, "--password-file": true, "--new-password-file": true,
	"--recovery-key-file": true, "--copy-password-file": true,
}

// Split separates the global flags from the rest of the line and finds the
// verb: the first argument that is not a flag. demo reports --demo.
func Split(args []string) (globals map[string]string, verb string, rest []string, demo bool, err error) {
	globals = map[string]string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(a, "=")
		if c := command(verb); verb != "" && c != nil && slices.Contains(c.VerbFlags, name) {
			rest = append(rest, a)
			continue
		}
		if globalFlags[name] {
			if !hasValue {
				if i+1 >= len(args) {
					return nil, "", nil, false, fmt.Errorf("%s needs a value", name)
				}
				i++
				value = args[i]
			}
			globals[name] = value
			continue
		}
		if a == "--version" && verb == "" {
			verb = "version"
			continue
		}
		if a == "--demo" && verb == "" {
			demo = true
			continue
		}
		if verb == "" && !strings.HasPrefix(a, "-") {
			verb = a
			continue
		}
		if verb == "" {
			return nil, "", nil, false, fmt.Errorf("unknown option %s (see sparekey help)", a)
		}
		rest = append(rest, a)
	}
	return globals, verb, rest, demo, nil
}

// DefaultVaultPath is SPAREKEY_VAULT if set, else
// <user config dir>/Sparekey/vault.sparekey.
func DefaultVaultPath(getenv func(string) string) string {
	if p := getenv("SPAREKEY_VAULT"); p != "" {
		return p
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "Sparekey", "vault.sparekey")
}

// NewEnv returns the Env of the real process for the given global flags.
func NewEnv(globals map[string]string) *Env {
	env := &Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Now: time.Now,
		PasswordFile:     globals["--password-file"],
		NewPasswordFile:  globals["--new-password-file"],
		RecoveryKeyFile:  globals["--recovery-key-file"],
		CopyPasswordFile: globals["--copy-password-file"],
		terminal:         func() bool { return term.IsTerminal(int(os.Stdin.Fd())) },
	}
	env.VaultPath = globals["--vault"]
	if env.VaultPath == "" {
		env.VaultPath = DefaultVaultPath(os.Getenv)
	}
	return env
}

// Main runs a command line that has a verb and returns the exit code: 0 on
// success, otherwise 1 with one line on stderr (2 for a usage mistake).
func Main(args []string) int {
	plainlocale.Restore()
	globals, verb, rest, _, err := Split(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sparekey: "+err.Error())
		return 2
	}
	return Run(NewEnv(globals), verb, rest)
}

// Run runs one verb in env.
func Run(env *Env, verb string, args []string) int {
	if verb == "help" || verb == "" {
		env.usage(env.Stdout)
		return 0
	}
	c := command(verb)
	if c == nil {
		fmt.Fprintf(env.Stderr, "sparekey: unknown command %q (see sparekey help)\n", verb)
		return 2
	}
	if err := c.Run(env, args); err != nil {
		var u usageError
		// Errors may quote names from imported files: escaped, as
		// everywhere a name is printed.
		msg := printable(strings.ReplaceAll(err.Error(), "\n", " "))
		fmt.Fprintln(env.Stderr, "sparekey "+verb+": "+msg)
		if errors.As(err, &u) {
			return 2
		}
		return 1
	}
	return 0
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// Usagef reports a mistake in how a verb was called (exit code 2).
func Usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func (env *Env) usage(w io.Writer) {
	fmt.Fprintln(w, "Sparekey keeps a spare of every 2FA key.")
	fmt.Fprintln(w, "usage: sparekey [--vault PATH] [VERB ...]   (no verb: open the desktop app)")
	fmt.Fprintln(w, "  --vault PATH  your Sparekey file, if not the usual one (SPAREKEY_VAULT, else vault.sparekey in Sparekey's settings folder)")
	cs := verbs()
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	for _, c := range cs {
		line := strings.TrimSpace(c.Name + " " + c.Args)
		if len(line) > 32 {
			fmt.Fprintf(w, "  %s\n  %-32s %s\n", line, "", c.Summary)
			continue
		}
		fmt.Fprintf(w, "  %-32s %s\n", line, c.Summary)
	}
}

// NewFlagSet returns a flag set for a verb whose errors come back as usage
// errors instead of exiting.
func NewFlagSet(verb string) *flag.FlagSet {
	fs := flag.NewFlagSet(verb, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// ParseFlags parses a verb's flags, turning a mistake into a usage error.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return Usagef("%v", err)
	}
	return nil
}

// secret reads a secret: from the file if one is named (first line), else
// from the environment variable, else on the terminal without echo.
func (env *Env) secret(file, envVar, prompt string) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", prompt, err)
		}
		defer f.Close()
		line, err := bufio.NewReader(f).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("reading %s: %w", prompt, err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	if v := env.Getenv(envVar); v != "" {
		return v, nil
	}
	if env.terminal != nil && env.terminal() {
		fmt.Fprintf(env.Stderr, "%s: ", prompt)
		b, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", prompt, err)
		}
		return string(b), nil
	}
	if flag := secretFlags[envVar]; flag != "" {
		return "", fmt.Errorf("no %s: there is no terminal to ask on; set %s or use %s FILE", prompt, envVar, flag)
	}
	return "", fmt.Errorf("no %s: there is no terminal to ask on; set %s", prompt, envVar)
}

// secretFlags names the option that reads each secret from a file, for the
// message that says where a missing secret can come from.
var secretFlags = map[string]string{
	"SPAREKEY_PASSWORD":        "--password-file",
	"SPAREKEY_NEW_PASSWORD":    "--new-password-file",
	"SPAREKEY_RECOVERY_KEY":    "--recovery-key-file",
	"SPAREKEY_COPY_PASSWORD":   "--copy-password-file",
	"SPAREKEY_IMPORT_PASSWORD": "--import-password-file",
	"SPAREKEY_EXPORT_PASSWORD": "--export-password-file",
}

// Password returns the master password.
func (env *Env) Password() (string, error) {
	return env.secret(env.PasswordFile, "SPAREKEY_PASSWORD", "master password")
}

// NewPassword returns a new master password; on a terminal it is asked twice.
func (env *Env) NewPassword() (string, error) {
	pw, err := env.secret(env.NewPasswordFile, "SPAREKEY_NEW_PASSWORD", "new master password")
	if err != nil {
		return "", err
	}
	if env.NewPasswordFile == "" && env.Getenv("SPAREKEY_NEW_PASSWORD") == "" {
		again, err := env.secret("", "", "the same password again")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", errors.New("the two passwords are not the same; nothing was changed")
		}
	}
	if err := vault.CheckNewPassword(pw); err != nil {
		return "", withSuggestion(err)
	}
	return pw, nil
}

// withSuggestion adds to a refused password's error a passphrase of random
// words that would be accepted, for the person to take or to model theirs on.
// It is a suggestion only: nothing is set with it.
func withSuggestion(refused error) error {
	return fmt.Errorf("%w Nothing was changed. A password Sparekey made up for you (write it down before you use it): %s", refused, vault.SuggestPassphrase())
}

// RecoveryKey returns the vault's recovery key as typed.
func (env *Env) RecoveryKey() (string, error) {
	return env.secret(env.RecoveryKeyFile, "SPAREKEY_RECOVERY_KEY", "recovery key")
}

// CopyPassword returns the passphrase of encrypted copies when it differs
// from the master password.
func (env *Env) CopyPassword() (string, error) {
	return env.secret(env.CopyPasswordFile, "SPAREKEY_COPY_PASSWORD", "password of that copy")
}

// Options returns the vault options of this environment. The scrypt work
// factor of new slots can be lowered with SPAREKEY_WORK_FACTOR, for tests.
func (env *Env) Options() []vault.Option {
	var opts []vault.Option
	if s := env.Getenv("SPAREKEY_WORK_FACTOR"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= vault.MaxWorkFactor {
			opts = append(opts, vault.WithWorkFactor(n))
		}
	}
	if env.Now != nil {
		opts = append(opts, vault.WithClock(env.Now))
	}
	if env.Getenv("SPAREKEY_ACCEPT_OLDER") == "1" {
		opts = append(opts, vault.AcceptOlder())
	}
	// Two commands that change the vault one after the other (a script, or
	// two at once) wait for each other rather than lose a change.
	return append(opts, vault.WithLockWait(15*time.Second))
}

// OpenVault asks for the master password and opens the vault.
func (env *Env) OpenVault() (*vault.Vault, error) {
	if _, err := os.Stat(env.VaultPath); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("there is no Sparekey file at %s yet: run sparekey init first", env.VaultPath)
	}
	pw, err := env.Password()
	if err != nil {
		return nil, err
	}
	v, err := vault.Open(env.VaultPath, pw, env.Options()...)
	var older *vault.OlderError
	if errors.As(err, &older) {
		return nil, fmt.Errorf("%w. To open this older file anyway, run the command again with SPAREKEY_ACCEPT_OLDER=1", err)
	}
	return v, err
}

// OpenVaultForChange opens the vault and makes sure it can be saved.
func (env *Env) OpenVaultForChange() (*vault.Vault, error) {
	v, err := env.OpenVault()
	if err != nil {
		return nil, err
	}
	if err := v.ReadOnly(); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// ReadLine reads one line of standard input, without its line ending.
func (env *Env) ReadLine() (string, error) {
	if env.stdinLines == nil {
		env.stdinLines = bufio.NewReader(env.Stdin)
	}
	line, err := env.stdinLines.ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
