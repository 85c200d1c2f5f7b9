package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"sparekey/internal/tooltest"
	"sparekey/vault"
)

// The cross-process test runs this test binary again as a child that holds a
// vault open.
const cliChildRole = "SPAREKEY_CLI_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(cliChildRole) {
	case "":
		code := m.Run()
		if built.dir != "" {
			os.RemoveAll(built.dir) // the program buildSparekey built
		}
		os.Exit(code)
	case "holder":
		v, err := vault.Open(os.Getenv("SPAREKEY_VAULT"), os.Getenv("SPAREKEY_PASSWORD"))
		if err != nil || v.ReadOnly() != nil {
			fmt.Fprintln(os.Stderr, "holder:", err, v.ReadOnly())
			os.Exit(1)
		}
		fmt.Printf("ready %d\n", os.Getpid())
		io.Copy(io.Discard, os.Stdin)
		v.Close()
		os.Exit(0)
	}
	os.Exit(3)
}

const cliPassword = "a long master password"

// vaultCLI runs verbs in-process against one vault, with secrets from
// environment variables and no terminal.
type vaultCLI struct {
	t    *testing.T
	path string
	vars map[string]string
	now  time.Time
}

func newVaultCLI(t *testing.T) *vaultCLI {
	return &vaultCLI{t: t, path: filepath.Join(t.TempDir(), "vault.sparekey"), now: time.Unix(1700000000, 0), vars: map[string]string{
		"SPAREKEY_PASSWORD":     cliPassword,
		"SPAREKEY_NEW_PASSWORD": cliPassword,
		"SPAREKEY_WORK_FACTOR":  "2",
	}}
}

func (c *vaultCLI) env(stdin string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{VaultPath: c.path, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return c.vars[k] }, Now: func() time.Time { return c.now }}, &out, &errb
}

// run runs a verb and returns its exit code, stdout and stderr.
func (c *vaultCLI) run(stdin, verb string, args ...string) (int, string, string) {
	env, out, errb := c.env(stdin)
	code := Run(env, verb, args)
	return code, out.String(), errb.String()
}

// ok runs a verb that must succeed and returns its stdout.
func (c *vaultCLI) ok(stdin, verb string, args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(stdin, verb, args...)
	if code != 0 {
		c.t.Fatalf("sparekey %s %q: exit %d: %s", verb, args, code, errs)
	}
	return out
}

// fails runs a verb that must fail: non-zero exit, nothing on stdout and
// exactly one line on stderr, which it returns.
func (c *vaultCLI) fails(stdin, verb string, args ...string) (int, string) {
	c.t.Helper()
	code, out, errs := c.run(stdin, verb, args...)
	if code == 0 {
		c.t.Fatalf("sparekey %s %q succeeded; stdout %q", verb, args, out)
	}
	checkOneLine(c.t, verb, errs)
	return code, strings.TrimSuffix(errs, "\n")
}

func checkOneLine(t *testing.T, what, errs string) {
	t.Helper()
	if strings.Count(errs, "\n") != 1 || !strings.HasSuffix(errs, "\n") || strings.TrimSpace(errs) == "" {
		t.Fatalf("%s: stderr is not exactly one line: %q", what, errs)
	}
}

func (c *vaultCLI) init() string {
	c.t.Helper()
	return c.ok("", "init")
}

// rfcSeed is the ASCII seed of RFC 6238 Appendix B, n bytes long, in base32.
func rfcSeed(n int) string {
	return vault.EncodeSecret([]byte(strings.Repeat("1234567890", 7)[:n]))
}

// tsv splits output lines into tab-separated fields.
func tsv(out string) [][]string {
	var rows [][]string
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if l != "" {
			rows = append(rows, strings.Split(l, "\t"))
		}
	}
	return rows
}

func TestInitCreatesTheVaultAndShowsTheRecoveryKeyOnce(t *testing.T) {
	c := newVaultCLI(t)
	out := c.init()
	var key string
	for _, l := range strings.Split(out, "\n") {
		if k, err := vault.ParseRecoveryKey(l); err == nil {
			key = k
		}
	}
	if key == "" {
		t.Fatalf("init printed no recovery key: %q", out)
	}
	if !strings.Contains(out, c.path) || !strings.Contains(out, "only this once") {
		t.Errorf("init output %q should name the vault and say the key is shown once", out)
	}
	v, err := vault.OpenWithRecoveryKey(c.path, key)
	if err != nil {
		t.Fatalf("the printed recovery key does not open the vault: %v", err)
	}
	v.Close()
	if got := c.ok("", "list"); got != "" {
		t.Errorf("a new vault lists %q", got)
	}
	// A second init refuses and leaves the vault as it was.
	before, _ := os.ReadFile(c.path)
	_, msg := c.fails("", "init")
	if !strings.Contains(msg, "will not overwrite") {
		t.Errorf("second init: %q", msg)
	}
	if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
		t.Error("a refused init changed the vault")
	}
	if strings.Contains(c.ok("", "list"), key) {
		t.Error("the recovery key shows up again")
	}
}

func TestInitRefusesAWeakPassword(t *testing.T) {
	c := newVaultCLI(t)
	c.vars["SPAREKEY_NEW_PASSWORD"] = "password"
	_, msg := c.fails("", "init")
	if !strings.Contains(msg, "too easy to guess") {
		t.Errorf("weak password: %q", msg)
	}
	if _, err := os.Stat(c.path); err == nil {
		t.Error("init made a vault with a weak password")
	}
}

func TestAddListShowRemove(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	a := "otpauth://totp/ACME%20Co:john@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"
	b := "otpauth://hotp/Old%20VPN:me?secret=" + rfcSeed(20) + "&counter=5&digits=7"
	out := c.ok("", "add", a, b)
	added := tsv(out)
	if len(added) != 2 {
		t.Fatalf("add printed %q", out)
	}
	rows := tsv(c.ok("", "list"))
	if len(rows) != 2 {
		t.Fatalf("list: %v", rows)
	}
	want := [][]string{{added[0][0], "totp", "ACME Co", "john@example.com"}, {added[1][0], "hotp", "Old VPN", "me"}}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("list row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	// show by id and by query (case-insensitive substring of issuer or account).
	for _, q := range []string{added[0][0], "acme", "JOHN@"} {
		link := strings.TrimSpace(c.ok("", "show", q))
		e, _, err := vault.ParseURI(link)
		if err != nil || e.Issuer != "ACME Co" || e.Account != "john@example.com" || e.Secret != "JBSWY3DPEHPK3PXP" {
			t.Errorf("show %s = %q (%v)", q, link, err)
		}
	}
	if link := strings.TrimSpace(c.ok("", "show", "vpn")); !strings.Contains(link, "counter=5") || !strings.Contains(link, "digits=7") {
		t.Errorf("show vpn = %q", link)
	}
	if _, msg := c.fails("", "show", "nothing-like-this"); !strings.Contains(msg, "no key matches") {
		t.Errorf("show of an unknown key: %q", msg)
	}
	c.ok("", "add", "otpauth://totp/ACME%20Co:jane@example.com?secret=KRSXG5CTMVRXEZLU")
	if _, msg := c.fails("", "show", "acme"); !strings.Contains(msg, "2 keys match") {
		t.Errorf("show of an ambiguous query: %q", msg)
	}
	// remove
	out = c.ok("", "remove", added[0][0])
	if !strings.Contains(out, "ACME Co (john@example.com)") {
		t.Errorf("remove printed %q", out)
	}
	if strings.Contains(c.ok("", "list"), "john@example.com") {
		t.Error("the removed key is still listed")
	}
	before, _ := os.ReadFile(c.path)
	if _, msg := c.fails("", "remove", added[0][0]); !strings.Contains(msg, "no key has the id") {
		t.Errorf("removing it again: %q", msg)
	}
	if code, _ := c.fails("", "remove"); code != 2 {
		t.Errorf("remove without an id: exit %d, want 2", code)
	}
	if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
		t.Error("a failed remove changed the vault")
	}
}

func TestAddReadsLinksFromStdin(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	stdin := "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP\r\n\n   otpauth://totp/Two:b?secret=KRSXG5CTMVRXEZLU  \notpauth://steam/Steam:gamer?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK"
	out := c.ok(stdin, "add", "-")
	if n := len(tsv(out)); n != 3 {
		t.Fatalf("add - added %d keys: %q", n, out)
	}
	rows := tsv(c.ok("", "list"))
	if len(rows) != 3 || rows[2][1] != "steam" || rows[1][2] != "Two" {
		t.Errorf("list after add -: %q", rows)
	}
	// Links from stdin and arguments together.
	c.ok("otpauth://totp/Four:d?secret=MZXW6YTBOI", "add", "otpauth://totp/Three:c?secret=MFRGGZDFMZTWQ2LK", "-")
	if rows := tsv(c.ok("", "list")); len(rows) != 5 {
		t.Errorf("%d keys after adding from arguments and stdin", len(rows))
	}
}

func TestAddWithOneBadLinkAddsNothing(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	before, _ := os.ReadFile(c.path)
	stdin := "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP\nhttps://example.com/not-a-setup-link\n"
	_, msg := c.fails(stdin, "add", "-")
	if !strings.Contains(msg, "link 2") || !strings.Contains(msg, "nothing was added") {
		t.Errorf("bad link: %q", msg)
	}
	if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
		t.Error("the vault changed although nothing was to be added")
	}
	if code, _ := c.fails("", "add"); code != 2 {
		t.Errorf("add without links: exit %d, want 2", code)
	}
}

func TestAddSkipsAKeyAlreadyThere(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add", "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP")
	code, out, errs := c.run("", "add", "otpauth://totp/Again:b?secret=jbsw-y3dp-ehpk-3pxp")
	if code != 0 || out != "" || !strings.Contains(errs, "skipped") || !strings.Contains(errs, "already have") {
		t.Errorf("duplicate: exit %d, out %q, err %q", code, out, errs)
	}
	if rows := tsv(c.ok("", "list")); len(rows) != 1 {
		t.Errorf("%d keys after adding a duplicate", len(rows))
	}
}

func TestAddAcceptsKeysTheWayPeopleTypeThem(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	for i, typed := range []string{"jbsw%20y3dp%20ehpk%203pxp", "JBSW-Y3DP-EHPK-3PXQ", "jbswy3dpehpk3pxr", "JBSWY3DPEHPK3PXS%3D%3D%3D%3D", "JBSWY3DPEHPK3PXT===="} {
		out := c.ok("", "add", fmt.Sprintf("otpauth://totp/Typed%d:me?secret=%s", i, typed))
		id := tsv(out)[0][0]
		link := c.ok("", "show", id)
		if !strings.Contains(link, "secret=JBSWY3DPEHPK3PX") || strings.Contains(link, "=&") || strings.Contains(link, "%") {
			t.Errorf("key typed %q shows as %q", typed, link)
		}
	}
	// Not base32: a plain message, nothing added.
	_, msg := c.fails("", "add", "otpauth://totp/Bad:me?secret=JBSWY3DPEHPK3P0P")
	if !strings.Contains(msg, "digit '0'") || !strings.Contains(msg, "letters A to Z and the digits 2 to 7") {
		t.Errorf("non-base32 key: %q", msg)
	}
	// Short (under 80 bits): added, with a warning.
	code, out, errs := c.run("", "add", "otpauth://totp/Short:me?secret="+vault.EncodeSecret([]byte("123456789")))
	if code != 0 || len(tsv(out)) != 1 || !strings.Contains(errs, "short") {
		t.Errorf("short key: exit %d, out %q, err %q", code, out, errs)
	}
}

func TestCodeAtMatchesTheRFCsAndSteam(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add",
		"otpauth://totp/RFC:sha1?secret="+rfcSeed(20)+"&digits=8",
		"otpauth://totp/RFC:sha256?secret="+rfcSeed(32)+"&digits=8&algorithm=SHA256",
		"otpauth://totp/RFC:sha512?secret="+rfcSeed(64)+"&digits=8&algorithm=SHA512",
		"otpauth://steam/Steam:gamer?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK",
	)
	vectors := map[string][3]string{
		"59":          {"94287082", "46119246", "90693936"},
		"1111111109":  {"07081804", "68084774", "25091201"},
		"1234567890":  {"89005924", "91819424", "93441116"},
		"20000000000": {"65353130", "77737706", "47863826"},
	}
	for at, want := range vectors {
		rows := tsv(c.ok("", "code", "--at", at, "rfc"))
		if len(rows) != 3 {
			t.Fatalf("code --at %s rfc: %q", at, rows)
		}
		for i, r := range rows {
			if r[0] != "RFC" || r[2] != want[i] {
				t.Errorf("code --at %s: %q, want %s", at, r, want[i])
			}
		}
	}
	for at, want := range map[string]string{"1511200518": "FR8RV", "1511200714": "9P3VP"} {
		rows := tsv(c.ok("", "code", "--at="+at, "GAMER"))
		if len(rows) != 1 || strings.Join(rows[0], "|") != "Steam|gamer|"+want {
			t.Errorf("steam at %s: %q, want %s", at, rows, want)
		}
	}
	// No query: every key; a query that matches nothing is an error.
	if rows := tsv(c.ok("", "code", "--at", "59")); len(rows) != 4 {
		t.Errorf("code with no query: %q", rows)
	}
	if _, msg := c.fails("", "code", "nobody"); !strings.Contains(msg, "no key matches") {
		t.Errorf("code nobody: %q", msg)
	}
	if code, _ := c.fails("", "code", "--at", "yesterday"); code != 2 {
		t.Errorf("code --at yesterday: exit %d, want 2", code)
	}
	// Without --at, codes are for Env.Now.
	c.now = time.Unix(59, 0)
	if rows := tsv(c.ok("", "code", "sha1")); len(rows) != 1 || rows[0][2] != "94287082" {
		t.Errorf("code at the clock's time: %q", rows)
	}
}

func TestCodeAgreesWithOathtool(t *testing.T) {
	oathtool := tooltest.Find(t, "oathtool")
	c := newVaultCLI(t)
	c.init()
	key := vault.EncodeSecret([]byte("a key for the oathtool comparison"))
	c.ok("", "add", "otpauth://totp/Oath:t?secret="+key+"&algorithm=SHA512&digits=7&period=45")
	for _, at := range []int64{0, 44, 45, 1700000000, 4102444800} {
		got := tsv(c.ok("", "code", "--at", strconv.FormatInt(at, 10), "oath"))[0][2]
		want, err := exec.Command(oathtool, "--totp=sha512", "-d", "7", "-s", "45s", "-N", "@"+strconv.FormatInt(at, 10), "-b", key).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got != strings.TrimSpace(string(want)) {
			t.Errorf("at %d: sparekey %s, oathtool %s", at, got, want)
		}
	}
}

func TestHOTPCounterAdvancesAndIsSaved(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add", "otpauth://hotp/Bank:me?secret="+rfcSeed(20)+"&counter=0", "otpauth://totp/Other:x?secret=JBSWY3DPEHPK3PXP")
	// RFC 4226 Appendix D, one code a call.
	for _, want := range []string{"755224", "287082", "359152", "969429"} {
		rows := tsv(c.ok("", "code", "bank"))
		if len(rows) != 1 || rows[0][2] != want {
			t.Fatalf("code bank = %q, want %s", rows, want)
		}
	}
	link := c.ok("", "show", "bank")
	if !strings.Contains(link, "counter=4") {
		t.Errorf("after four codes the saved counter is not 4: %s", link)
	}
	// Codes of time-based keys alone do not write the vault.
	before, _ := os.ReadFile(c.path)
	c.ok("", "code", "other")
	if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
		t.Error("a time-based code changed the vault file")
	}
}

func TestPasswd(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add", "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP")
	c.vars["SPAREKEY_NEW_PASSWORD"] = "an entirely different passphrase"
	if out := c.ok("", "passwd"); !strings.Contains(out, "changed") {
		t.Errorf("passwd printed %q", out)
	}
	_, msg := c.fails("", "list")
	if !strings.Contains(msg, "password is not right") {
		t.Errorf("old password after passwd: %q", msg)
	}
	if strings.Contains(msg, cliPassword) {
		t.Error("the error repeats the password")
	}
	c.vars["SPAREKEY_PASSWORD"] = "an entirely different passphrase"
	if rows := tsv(c.ok("", "list")); len(rows) != 1 {
		t.Errorf("after passwd: %q", rows)
	}
	// A weak new password changes nothing.
	c.vars["SPAREKEY_NEW_PASSWORD"] = "short"
	before, _ := os.ReadFile(c.path)
	c.fails("", "passwd")
	if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
		t.Error("a refused passwd changed the vault")
	}
}

func TestRecover(t *testing.T) {
	c := newVaultCLI(t)
	out := c.init()
	var key string
	for _, l := range strings.Split(out, "\n") {
		if _, err := vault.ParseRecoveryKey(l); err == nil {
			key = l
		}
	}
	c.ok("", "add", "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP")
	// Wrong key, typo, missing key: one line each, nothing changed.
	before, _ := os.ReadFile(c.path)
	c.vars["SPAREKEY_RECOVERY_KEY"] = vault.NewRecoveryKey()
	if _, msg := c.fails("", "recover"); !strings.Contains(msg, "does not open this Sparekey file") {
		t.Errorf("another vault's recovery key: %q", msg)
	}
	c.vars["SPAREKEY_RECOVERY_KEY"] = strings.Replace(key, key[:1], map[bool]string{true: "B", false: "A"}[key[0] == 'A'], 1)
	if _, msg := c.fails("", "recover"); !strings.Contains(msg, "typo") {
		t.Errorf("recovery key with a typo: %q", msg)
	}
	delete(c.vars, "SPAREKEY_RECOVERY_KEY")
	if _, msg := c.fails("", "recover"); !strings.Contains(msg, "SPAREKEY_RECOVERY_KEY") {
		t.Errorf("no recovery key: %q", msg)
	}
	if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
		t.Error("a failed recover changed the vault")
	}
	// The real key, typed in lower case with spaces, and a new password.
	c.vars["SPAREKEY_RECOVERY_KEY"] = strings.ToLower(strings.ReplaceAll(key, "-", " "))
	delete(c.vars, "SPAREKEY_PASSWORD")
	c.vars["SPAREKEY_NEW_PASSWORD"] = "the password after the recovery"
	if out := c.ok("", "recover"); !strings.Contains(out, "(1 key)") {
		t.Errorf("recover printed %q", out)
	}
	c.vars["SPAREKEY_PASSWORD"] = cliPassword
	if _, msg := c.fails("", "list"); !strings.Contains(msg, "not right") {
		t.Errorf("the forgotten password still works: %q", msg)
	}
	c.vars["SPAREKEY_PASSWORD"] = "the password after the recovery"
	if rows := tsv(c.ok("", "list")); len(rows) != 1 {
		t.Errorf("after recover: %q", rows)
	}
	// Recover without a new password changes nothing.
	delete(c.vars, "SPAREKEY_NEW_PASSWORD")
	c.fails("", "recover")
}

func TestNoPasswordWithoutATerminal(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add", "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP")
	delete(c.vars, "SPAREKEY_PASSWORD")
	before, _ := os.ReadFile(c.path)
	for _, call := range [][]string{
		{"list"}, {"code"}, {"code", "--at", "59", "one"}, {"show", "one"}, {"remove", "abcd"}, {"passwd"},
		{"add", "otpauth://totp/Two:b?secret=KRSXG5CTMVRXEZLU"},
	} {
		_, msg := c.fails("", call[0], call[1:]...)
		if !strings.Contains(msg, "SPAREKEY_PASSWORD") || !strings.Contains(msg, "no terminal") {
			t.Errorf("%v without a password: %q", call, msg)
		}
	}
	delete(c.vars, "SPAREKEY_NEW_PASSWORD")
	c2 := newVaultCLI(t)
	c2.vars = c.vars
	if _, msg := c2.fails("", "init"); !strings.Contains(msg, "SPAREKEY_NEW_PASSWORD") {
		t.Errorf("init without a new password: %q", msg)
	}
	if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
		t.Error("the vault changed")
	}
	// No vault at all: one line that says to run init.
	c3 := newVaultCLI(t)
	if _, msg := c3.fails("", "list"); !strings.Contains(msg, "sparekey init") {
		t.Errorf("no vault: %q", msg)
	}
}

func TestPasswordsAreNeverTakenFromArguments(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add", "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP")
	delete(c.vars, "SPAREKEY_PASSWORD")
	for _, call := range [][]string{
		{"list", cliPassword},
		{"list", "--password", cliPassword},
		{"list", "--password=" + cliPassword},
		{"code", "--password", cliPassword},
		{"code", cliPassword},
		{"show", cliPassword},
		{"passwd", "--password", cliPassword},
	} {
		code, out, errs := c.run("", call[0], call[1:]...)
		if code == 0 {
			t.Errorf("%q succeeded: the password was taken from the arguments", call)
		}
		if strings.Contains(out+errs, cliPassword) {
			t.Errorf("%q echoes the password: %q %q", call, out, errs)
		}
		checkOneLine(t, strings.Join(call, " "), errs)
	}
	// Global flags: --password is not one of them.
	if _, _, _, _, err := Split([]string{"--password", cliPassword, "list"}); err == nil {
		t.Error("Split accepted --password")
	}
	// Files are fine: the first line, without its line ending.
	file := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(file, []byte(cliPassword+"\r\nsecond line\n"), 0o600)
	env, out, _ := c.env("")
	env.PasswordFile = file
	if Run(env, "list", nil) != 0 || len(tsv(out.String())) != 1 {
		t.Errorf("--password-file: %q", out)
	}
	env, _, errb := c.env("")
	env.PasswordFile = filepath.Join(t.TempDir(), "missing")
	if Run(env, "list", nil) == 0 {
		t.Error("a missing password file was accepted")
	}
	checkOneLine(t, "missing password file", errb.String())
}

func TestUnknownVerbAndHelp(t *testing.T) {
	c := newVaultCLI(t)
	code, _, errs := c.run("", "frobnicate")
	if code != 2 {
		t.Errorf("unknown verb: exit %d", code)
	}
	checkOneLine(t, "unknown verb", errs)
	out := c.ok("", "help")
	for _, verb := range []string{"init", "add", "list", "code", "show", "remove", "passwd", "recover"} {
		if !strings.Contains(out, "\n  "+verb) {
			t.Errorf("help does not list %s:\n%s", verb, out)
		}
	}
}

// TestSecondProcessIsRefused: while another process has the vault open for
// changes, add, remove and the counter of an HOTP key are refused with one
// line naming that process; reading still works; nothing is lost.
func TestSecondProcessIsRefused(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add", "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP", "otpauth://hotp/Counter:c?secret=KRSXG5CTMVRXEZLU")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), cliChildRole+"=holder", "SPAREKEY_VAULT="+c.path, "SPAREKEY_PASSWORD="+cliPassword)
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("holder did not start: %v", err)
	}
	pid := strings.TrimSpace(strings.TrimPrefix(line, "ready"))
	before, _ := os.ReadFile(c.path)
	for _, call := range [][]string{
		{"add", "otpauth://totp/Two:b?secret=MFRGGZDFMZTWQ2LK"},
		{"remove", tsv(c.ok("", "list"))[0][0]},
		{"code", "counter"},
		{"passwd"},
	} {
		_, msg := c.fails("", call[0], call[1:]...)
		if !strings.Contains(msg, "process "+pid) {
			t.Errorf("%v while process %s holds the vault: %q", call, pid, msg)
		}
	}
	if rows := tsv(c.ok("", "code", "--at", "59", "one")); len(rows) != 1 {
		t.Errorf("reading codes while the vault is held: %q", rows)
	}
	if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
		t.Error("the vault changed while another process held it")
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("holder: %v", err)
	}
	c.ok("", "add", "otpauth://totp/Two:b?secret=MFRGGZDFMZTWQ2LK")
	if rows := tsv(c.ok("", "list")); len(rows) != 3 {
		t.Errorf("after the holder left: %q", rows)
	}
}

// TestTheBuiltBinary runs the real sparekey program (built without cgo, as
// the headless CI builds it; the command line is the same) as a person's
// script would: secrets from the environment, links on stdin, no terminal.
func TestTheBuiltBinary(t *testing.T) {
	bin := buildSparekey(t)
	dir := t.TempDir()
	vaultPath := filepath.Join(dir, "my vault.sparekey")
	base := []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "PATH=" + os.Getenv("PATH"), "SPAREKEY_WORK_FACTOR=2"}
	run := func(stdin string, env []string, args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(append([]string{}, base...), env...)
		cmd.Stdin = strings.NewReader(stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errb.String()
	}
	pw := []string{"SPAREKEY_PASSWORD=" + cliPassword}
	if code, out, errs := run("", []string{"SPAREKEY_NEW_PASSWORD=" + cliPassword}, "--vault", vaultPath, "init"); code != 0 || !strings.Contains(out, "recovery key") {
		t.Fatalf("init: exit %d, %q %q", code, out, errs)
	}
	links := "otpauth://totp/RFC:sha1?secret=" + rfcSeed(20) + "&digits=8\notpauth://hotp/Bank:me?secret=" + rfcSeed(20) + "\n"
	if code, out, errs := run(links, pw, "add", "-", "--vault", vaultPath); code != 0 || len(tsv(out)) != 2 {
		t.Fatalf("add -: exit %d, %q %q", code, out, errs)
	}
	// SPAREKEY_VAULT instead of --vault.
	env := append([]string{"SPAREKEY_VAULT=" + vaultPath}, pw...)
	if code, out, errs := run("", env, "code", "--at", "59", "rfc"); code != 0 || out != "RFC\tsha1\t94287082\n" {
		t.Errorf("code --at 59 rfc: exit %d, %q %q", code, out, errs)
	}
	for _, want := range []string{"755224", "287082"} {
		if code, out, errs := run("", env, "code", "bank"); code != 0 || out != "Bank\tme\t"+want+"\n" {
			t.Errorf("code bank: exit %d, %q %q, want %s", code, out, errs, want)
		}
	}
	if code, out, _ := run("", env, "show", "bank"); code != 0 || !strings.Contains(out, "counter=2") {
		t.Errorf("show bank after two codes: %q", out)
	}
	// Without a password and without a terminal: exit non-zero, one line.
	code, out, errs := run("", []string{"SPAREKEY_VAULT=" + vaultPath}, "list")
	if code == 0 || out != "" {
		t.Errorf("list without a password: exit %d, stdout %q", code, out)
	}
	checkOneLine(t, "list without a password", errs)
	// --password-file.
	pwFile := filepath.Join(dir, "pw.txt")
	os.WriteFile(pwFile, []byte(cliPassword+"\n"), 0o600)
	if code, out, errs := run("", nil, "list", "--password-file", pwFile, "--vault="+vaultPath); code != 0 || len(tsv(out)) != 2 {
		t.Errorf("list --password-file: exit %d, %q %q", code, out, errs)
	}
	// The default vault lives in the user's configuration folder.
	if code, _, errs := run("", []string{"SPAREKEY_NEW_PASSWORD=" + cliPassword}, "init"); code != 0 {
		t.Errorf("init with the default vault: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "Sparekey", "vault.sparekey")); err != nil && runtime.GOOS == "linux" {
		t.Errorf("the default vault is not in the configuration folder: %v", err)
	}
	// A wrong password: exit 1 and one line.
	code, _, errs = run("", []string{"SPAREKEY_VAULT=" + vaultPath, "SPAREKEY_PASSWORD=not the password"}, "list")
	if code != 1 || !strings.Contains(errs, "not right") {
		t.Errorf("wrong password: exit %d, %q", code, errs)
	}
	checkOneLine(t, "wrong password", errs)
}

// TestSecretsFromFiles: --password-file, --new-password-file and
// --recovery-key-file (first line of each) work without any variable.
func TestSecretsFromFiles(t *testing.T) {
	c := newVaultCLI(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	c.vars = map[string]string{"SPAREKEY_WORK_FACTOR": "2"}
	env, out, errb := c.env("")
	env.NewPasswordFile = write("new", cliPassword+"\n")
	if Run(env, "init", nil) != 0 {
		t.Fatalf("init with --new-password-file: %s", errb)
	}
	var key string
	for _, l := range strings.Split(out.String(), "\n") {
		if _, err := vault.ParseRecoveryKey(l); err == nil {
			key = l
		}
	}
	env, _, errb = c.env("")
	env.RecoveryKeyFile = write("key", key+"\r\n")
	env.NewPasswordFile = write("new2", "the second master password\n")
	if Run(env, "recover", nil) != 0 {
		t.Fatalf("recover with files: %s", errb)
	}
	env, out, errb = c.env("")
	env.PasswordFile = write("pw", "the second master password")
	if Run(env, "list", nil) != 0 {
		t.Fatalf("list with --password-file after recover: %s %s", out, errb)
	}
	// The global flags are accepted before or after the verb.
	globals, verb, rest, _, err := Split([]string{"code", "--password-file", "pw", "--at", "59", "--vault=v", "q"})
	if err != nil || verb != "code" || globals["--password-file"] != "pw" || globals["--vault"] != "v" || strings.Join(rest, " ") != "--at 59 q" {
		t.Errorf("Split: %v %q %q %v", globals, verb, rest, err)
	}
}
