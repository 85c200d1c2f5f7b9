package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// copyEnv is a command-line environment with its own vault path and
// secrets from variables (no terminal).
type copyEnv struct {
	t    *testing.T
	vars map[string]string
	path string
}

func newCopyEnv(t *testing.T) *copyEnv {
	return &copyEnv{t: t, path: filepath.Join(t.TempDir(), "vault.sparekey"), vars: map[string]string{
		"SPAREKEY_PASSWORD":     "the master password",
		"SPAREKEY_NEW_PASSWORD": "the master password",
		"SPAREKEY_WORK_FACTOR":  "1",
	}}
}

// run runs a verb and returns its exit code, stdout and stderr.
func (c *copyEnv) run(stdin string, verb string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	env := &Env{VaultPath: c.path, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return c.vars[k] }, Now: time.Now}
	code := Run(env, verb, args)
	return code, out.String(), errb.String()
}

func (c *copyEnv) must(stdin, verb string, args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(stdin, verb, args...)
	if code != 0 {
		c.t.Fatalf("sparekey %s %v: exit %d: %s", verb, args, code, errs)
	}
	return out
}

// withKeys makes the vault with n keys.
func (c *copyEnv) withKeys(n int) *copyEnv {
	c.must("", "init")
	var links []string
	for i := 0; i < n; i++ {
		h := sha256.Sum256([]byte(fmt.Sprintf("key %d", i)))
		links = append(links, fmt.Sprintf("otpauth://totp/Site%d:me?secret=%s&issuer=Site%d", i, base32.StdEncoding.EncodeToString(h[:20]), i))
	}
	if n > 0 {
		c.must(strings.Join(links, "\n")+"\n", "add", "-")
	}
	return c
}

func filesIn(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	items, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		b, _ := os.ReadFile(filepath.Join(dir, it.Name()))
		out[it.Name()] = string(b)
	}
	return out
}

func TestCopyWritesEveryPlaceAndRemembersThem(t *testing.T) {
	c := newCopyEnv(t).withKeys(3)
	d1, d2 := t.TempDir(), t.TempDir()
	out := c.must("", "copy", "--to", d1, "--to", d2)
	for _, d := range []string{d1, d2} {
		if !strings.Contains(out, "Added "+d) || !strings.Contains(out, d+": A new copy was written and checked") {
			t.Errorf("copy output lacks %s:\n%s", d, out)
		}
		if n := len(filesIn(t, d)); n != 1 {
			t.Errorf("%s holds %d files", d, n)
		}
	}
	out = c.must("", "copies")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], d1+"\tUp to date: written ") || !strings.Contains(lines[0], "with 3 keys, checked.") {
		t.Errorf("copies:\n%s", out)
	}
	// No --to: every known place; nothing changed, nothing written.
	out = c.must("", "copy")
	if strings.Count(out, "Already up to date") != 2 {
		t.Errorf("second copy:\n%s", out)
	}
	c.must("otpauth://totp/New:me?secret=JBSWY3DPEHPK3PXP&issuer=New\n", "add", "-")
	if out := c.must("", "copies"); strings.Count(out, "Out of date") != 2 {
		t.Errorf("copies after a change:\n%s", out)
	}
	c.must("", "copy")
	for _, d := range []string{d1, d2} {
		if n := len(filesIn(t, d)); n != 2 {
			t.Errorf("%s holds %d files after a change", d, n)
		}
	}
}

func TestCopyRefusesToWriteOverAFullerCopy(t *testing.T) {
	dir := t.TempDir()
	full := newCopyEnv(t).withKeys(20)
	full.must("", "copy", "--to", dir)
	before := filesIn(t, dir)
	var file string
	for name := range before {
		file = filepath.Join(dir, name)
	}

	empty := newCopyEnv(t)
	empty.vars["SPAREKEY_PASSWORD"] = "another master password"
	empty.vars["SPAREKEY_NEW_PASSWORD"] = "another master password"
	empty.withKeys(0)
	code, _, errs := empty.run("", "copy", "--to", dir)
	if code == 0 {
		t.Fatal("the empty vault wrote beside a copy it cannot see into")
	}
	if !strings.Contains(errs, "made from another Sparekey file") || !strings.Contains(errs, "SPAREKEY_COPY_PASSWORD") {
		t.Errorf("the refusal does not say how to go on: %q", errs)
	}
	// With that copy's own password, the guard sees what it holds.
	empty.vars["SPAREKEY_COPY_PASSWORD"] = "the master password"
	code, _, errs = empty.run("", "copy")
	if code == 0 {
		t.Fatal("the empty vault wrote beside the fuller copy")
	}
	line := strings.TrimSuffix(errs, "\n")
	if strings.Contains(line, "\n") {
		t.Errorf("more than one line: %q", errs)
	}
	for _, want := range []string{"holds 20 keys you do not have here", "Site0 (me)", "Site19 (me)", `"sparekey restore ` + file + `"`, "--force"} {
		if !strings.Contains(line, want) {
			t.Errorf("the refusal %q lacks %q", line, want)
		}
	}
	after := filesIn(t, dir)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatal("the folder changed")
	}

	out := empty.must("", "restore", file)
	if !strings.Contains(out, "Added 20 keys") {
		t.Errorf("restore: %s", out)
	}
	if n := strings.Count(empty.must("", "list"), "\n"); n != 20 {
		t.Errorf("the vault lists %d keys after restore", n)
	}
	// The keys are in: the next copy writes, with no password for the
	// other copy and no --force (the guard does not loop).
	delete(empty.vars, "SPAREKEY_COPY_PASSWORD")
	empty.must("", "copy")
	if n := len(filesIn(t, dir)); n != 2 {
		t.Errorf("after restoring, the folder holds %d files, want 2", n)
	}
	empty.must("", "copy")
}

func TestCopyForceWritesAnyway(t *testing.T) {
	dir := t.TempDir()
	newCopyEnv(t).withKeys(2).must("", "copy", "--to", dir)
	empty := newCopyEnv(t).withKeys(0)
	empty.must("", "copy", "--to", dir, "--force")
	if n := len(filesIn(t, dir)); n != 2 {
		t.Errorf("the folder holds %d files, want both copies", n)
	}
}

func TestVerifyReportsAGoodAndADamagedCopy(t *testing.T) {
	c := newCopyEnv(t).withKeys(4)
	dir := t.TempDir()
	c.must("", "copy", "--to", dir)
	var file string
	for name := range filesIn(t, dir) {
		file = filepath.Join(dir, name)
	}
	if out := c.must("", "verify", file); !strings.Contains(out, "good, 4 keys") {
		t.Errorf("verify: %s", out)
	}
	if out := c.must("", "verify", dir); !strings.Contains(out, file+": good, 4 keys") {
		t.Errorf("verify DIR: %s", out)
	}
	data, _ := os.ReadFile(file)
	damaged := filepath.Join(t.TempDir(), "damaged.age")
	os.WriteFile(damaged, data[:len(data)/2], 0o600)
	code, _, errs := c.run("", "verify", damaged)
	if code != 1 || !strings.Contains(errs, "damaged") {
		t.Errorf("verify of a damaged copy: exit %d, %q", code, errs)
	}
}

func TestACopyOpensWithTheRecoveryKey(t *testing.T) {
	c := newCopyEnv(t)
	out := c.must("", "init")
	recovery := recoveryKeyIn(t, out)
	c.must("otpauth://totp/New:me?secret=JBSWY3DPEHPK3PXP&issuer=New\n", "add", "-")
	dir := t.TempDir()
	c.must("", "copy", "--to", dir)
	other := newCopyEnv(t)
	other.vars = map[string]string{"SPAREKEY_RECOVERY_KEY": recovery, "SPAREKEY_WORK_FACTOR": "1"}
	if out := other.must("", "verify", dir); !strings.Contains(out, "good, 1 key") {
		t.Errorf("verify with the recovery key: %s", out)
	}
	other.vars["SPAREKEY_RECOVERY_KEY"] = strings.Replace(recovery, recovery[:4], "AAAA", 1)
	if code, _, errs := other.run("", "verify", dir); code == 0 || strings.Contains(errs, "Caps Lock") {
		t.Errorf("a wrong recovery key: exit %d %q", code, errs)
	}
}

// recoveryKeyIn finds the recovery key in init's output.
func recoveryKeyIn(t *testing.T, out string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); strings.Count(l, "-") == 9 && len(l) == 49 {
			return l
		}
	}
	t.Fatalf("no recovery key in %q", out)
	return ""
}

func TestRestoreTakesThePlacesNewestCopy(t *testing.T) {
	src := newCopyEnv(t).withKeys(6)
	dir := t.TempDir()
	src.must("", "copy", "--to", dir)
	olderFile := ""
	for name := range filesIn(t, dir) {
		olderFile = filepath.Join(dir, name)
	}
	for i := 0; i < 3; i++ {
		src.must(fmt.Sprintf("otpauth://totp/More%d:me?secret=%s&issuer=More%d\n", i, strings.Repeat("A", 30)+string(rune('A'+i))+"Q", i), "add", "-")
	}
	src.must("", "copy")

	c := newCopyEnv(t)
	code, _, errs := c.run("", "restore", olderFile)
	if code == 0 || !strings.Contains(errs, "a newer copy lies beside") || !strings.Contains(errs, "--older") {
		t.Fatalf("restoring the older file: exit %d %q", code, errs)
	}
	if _, err := os.Stat(c.path); err == nil {
		t.Fatal("a vault was made although restore stopped")
	}
	out := c.must("", "restore", dir)
	if !strings.Contains(out, "Brought back 9 keys") {
		t.Errorf("restore DIR: %s", out)
	}
	// The places are this vault's own: copies are up to date, and the next
	// copy needs no password for them.
	if out := c.must("", "copies"); strings.Contains(out, "No copy written here yet") {
		t.Errorf("copies after restore:\n%s", out)
	}
	c.must("", "copy")

	d := newCopyEnv(t)
	if out := d.must("", "restore", "--older", olderFile); !strings.Contains(out, "Brought back 6 keys") {
		t.Errorf("restore --older: %s", out)
	}
}

func TestAfterPasswdCopiesAreOutOfDate(t *testing.T) {
	c := newCopyEnv(t).withKeys(2)
	dir := t.TempDir()
	c.must("", "copy", "--to", dir)
	c.vars["SPAREKEY_NEW_PASSWORD"] = "a different long password"
	c.must("", "passwd")
	c.vars["SPAREKEY_PASSWORD"] = "a different long password"
	if out := c.must("", "copies"); !strings.Contains(out, "Out of date") {
		t.Errorf("copies after passwd:\n%s", out)
	}
	if out := c.must("", "copy"); !strings.Contains(out, "A new copy was written") {
		t.Errorf("copy after passwd: %s", out)
	}
	other := newCopyEnv(t)
	other.vars = map[string]string{"SPAREKEY_PASSWORD": "a different long password"}
	if out := other.must("", "verify", dir); !strings.Contains(out, "good, 2 keys") {
		t.Errorf("the new copy with the new password: %s", out)
	}
}

// TestAfterRecoverCopiesAreOutOfDate: the master password forgotten, the
// recovery key sets a new one; every place is then out of date until a
// copy that opens with the new password is written there.
func TestAfterRecoverCopiesAreOutOfDate(t *testing.T) {
	c := newCopyEnv(t)
	recovery := recoveryKeyIn(t, c.must("", "init"))
	c.must("otpauth://totp/New:me?secret=JBSWY3DPEHPK3PXP&issuer=New\n", "add", "-")
	dir := t.TempDir()
	c.must("", "copy", "--to", dir)
	const newPW = "marble kettle orchard 71"
	c.vars = map[string]string{"SPAREKEY_RECOVERY_KEY": recovery, "SPAREKEY_NEW_PASSWORD": newPW, "SPAREKEY_WORK_FACTOR": "1"}
	c.must("", "recover")
	c.vars = map[string]string{"SPAREKEY_PASSWORD": newPW, "SPAREKEY_WORK_FACTOR": "1"}
	if out := c.must("", "copies"); !strings.Contains(out, "Out of date") {
		t.Errorf("copies after recover:\n%s", out)
	}
	if out := c.must("", "copy"); !strings.Contains(out, "A new copy was written") {
		t.Errorf("copy after recover: %s", out)
	}
	if out := c.must("", "copies"); !strings.Contains(out, "Up to date") {
		t.Errorf("copies after the new copy:\n%s", out)
	}
	other := newCopyEnv(t)
	other.vars = map[string]string{"SPAREKEY_PASSWORD": newPW, "SPAREKEY_WORK_FACTOR": "1"}
	if out := other.must("", "verify", dir); !strings.Contains(out, "good, 1 key") {
		t.Errorf("the new copy with the new password: %s", out)
	}
}

// TestRestoreAndVerifyTakeTheUSBStickItself: the person names the stick,
// not its Sparekey folder: the copies' folder under it is found (the rule
// the app follows too, backup.PlaceIn).
func TestRestoreAndVerifyTakeTheUSBStickItself(t *testing.T) {
	src := newCopyEnv(t).withKeys(3)
	stick := t.TempDir()
	place := filepath.Join(stick, "Sparekey")
	if err := os.Mkdir(place, 0o700); err != nil {
		t.Fatal(err)
	}
	src.must("", "copy", "--to", place)
	other := newCopyEnv(t)
	other.vars = map[string]string{"SPAREKEY_PASSWORD": "the master password", "SPAREKEY_WORK_FACTOR": "1"}
	if out := other.must("", "verify", stick); !strings.Contains(out, "good, 3 keys") {
		t.Errorf("verify of the stick: %s", out)
	}
	out := other.must("", "restore", stick)
	if !strings.Contains(out, "The copies are in "+place) || !strings.Contains(out, "Brought back 3 keys from") {
		t.Errorf("restore of the stick: %s", out)
	}
	if n := strings.Count(other.must("", "list"), "\n"); n != 3 {
		t.Errorf("%d keys restored from the stick, want 3", n)
	}
}

func TestRestoreWithoutAVaultMakesOne(t *testing.T) {
	src := newCopyEnv(t).withKeys(3)
	dir := t.TempDir()
	src.must("", "copy", "--to", dir)
	var file string
	for name := range filesIn(t, dir) {
		file = filepath.Join(dir, name)
	}
	c := newCopyEnv(t)
	c.vars["SPAREKEY_NEW_PASSWORD"] = "a brand new password"
	out := c.must("", "restore", file)
	if !strings.Contains(out, "Brought back 3 keys from") {
		t.Errorf("restore: %s", out)
	}
	c.vars["SPAREKEY_PASSWORD"] = "a brand new password"
	lines := strings.Split(strings.TrimSpace(c.must("", "list")), "\n")
	sort.Strings(lines)
	if len(lines) != 3 {
		t.Errorf("the new vault lists %v", lines)
	}
}

func TestCopyWithAMistypedFolderChangesNothing(t *testing.T) {
	c := newCopyEnv(t).withKeys(1)
	good := t.TempDir()
	code, out, errs := c.run("", "copy", "--to", good, "--to", filepath.Join(good, "no-such-folder"))
	if code != 1 || !strings.Contains(errs, "the folder is not there") || !strings.Contains(errs, "nothing was written") || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if n := len(filesIn(t, good)); n != 0 {
		t.Errorf("%d files written", n)
	}
	if out := c.must("", "copies"); !strings.HasPrefix(out, "No places for copies yet") {
		t.Errorf("the vault remembered a folder: %s", out)
	}
}

func TestCopyWritesTheOtherPlacesWhenOneIsMissing(t *testing.T) {
	c := newCopyEnv(t).withKeys(2)
	usb, nas := t.TempDir(), t.TempDir()
	c.must("", "copy", "--to", usb, "--to", nas)
	os.RemoveAll(usb)
	c.must("otpauth://totp/New:me?secret=JBSWY3DPEHPK3PXP&issuer=New\n", "add", "-")
	code, out, errs := c.run("", "copy")
	if code != 1 || !strings.Contains(errs, "1 of 2 places were not written") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, usb+": Not written: the folder is not there") || !strings.Contains(out, nas+": A new copy was written") {
		t.Errorf("stdout:\n%s", out)
	}
	if n := len(filesIn(t, nas)); n != 2 {
		t.Errorf("the reachable place holds %d copies, want 2", n)
	}
	if out := c.must("", "copies"); !strings.Contains(out, "The folder is not there now") {
		t.Errorf("copies:\n%s", out)
	}
}
