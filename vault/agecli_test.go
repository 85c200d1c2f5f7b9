package vault_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sparekey/vault"
)

// readmeProcedure returns the age commands of README's "Getting your keys out
// with age alone", in order: every line starting with "age " inside a ```sh
// block between the age-procedure markers.
func readmeProcedure(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "<!-- age-procedure:start -->")
	j := strings.Index(s, "<!-- age-procedure:end -->")
	if i < 0 || j < i {
		t.Fatal("README has no age-procedure region")
	}
	region := s[i:j]
	if !strings.Contains(region, "## Getting your keys out with age alone") {
		t.Fatal(`README's region lacks "## Getting your keys out with age alone"`)
	}
	var cmds []string
	inSh := false
	for _, line := range strings.Split(region, "\n") {
		l := strings.TrimSpace(line)
		switch {
		case l == "```sh":
			inSh = true
		case strings.HasPrefix(l, "```"):
			inSh = false
		case inSh && strings.HasPrefix(l, "age "):
			cmds = append(cmds, l)
		}
	}
	if len(cmds) < 2 {
		t.Fatalf("README's procedure has %d age commands", len(cmds))
	}
	return cmds
}

// copyOutLines does what README tells a person to do in a text editor: take
// the quoted lines after `"age": [` of the slot of that kind (or after
// `"payload": [` when kind is ""), and remove indentation, quotes and commas.
func copyOutLines(t *testing.T, vaultText, kind string) string {
	t.Helper()
	lines := strings.Split(vaultText, "\n")
	k := 0
	if kind != "" {
		for k < len(lines) && !strings.Contains(lines[k], `"kind": "`+kind+`"`) {
			k++
		}
	}
	opener := `"age": [`
	if kind == "" {
		opener = `"payload": [`
	}
	for k < len(lines) && !strings.Contains(lines[k], opener) {
		k++
	}
	if k == len(lines) {
		t.Fatalf("no %s for %q in the vault file", opener, kind)
	}
	var out []string
	for _, l := range lines[k+1:] {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "]") {
			break
		}
		l = strings.TrimSuffix(l, ",")
		l = strings.TrimPrefix(strings.TrimSuffix(l, `"`), `"`)
		out = append(out, l)
	}
	if len(out) < 3 || out[0] != "-----BEGIN AGE ENCRYPTED FILE-----" || out[len(out)-1] != "-----END AGE ENCRYPTED FILE-----" {
		t.Fatalf("copied lines do not look like an age file: %q", out)
	}
	return strings.Join(out, "\n") + "\n"
}

// TestREADMEAgeProcedureWithTheRealAgeCommand follows README's procedure with
// the real age binary on a vault Sparekey made, with the master password and
// with the recovery key, and finds every secret in what age decrypts.
func TestREADMEAgeProcedureWithTheRealAgeCommand(t *testing.T) {
	agePath := needTool(t, "age")
	pluginPath := needTool(t, "age-plugin-batchpass")
	cmds := readmeProcedure(t)

	dir := t.TempDir()
	path := filepath.Join(dir, "vault.sparekey")
	v, recovery, err := vault.Create(path, testPassword, vault.WithWorkFactor(10))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sampleEntries() {
		if _, _, err := v.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	want := map[string]vault.Entry{}
	for _, e := range v.Entries {
		want[e.Secret] = e
	}
	v.Close()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PATH="+filepath.Dir(pluginPath)+string(os.PathListSeparator)+filepath.Dir(agePath)+string(os.PathListSeparator)+os.Getenv("PATH"))

	for _, way := range []struct{ kind, passphrase string }{{"password", testPassword}, {"recovery-key", recovery}} {
		for _, c := range cmds {
			t.Run(way.kind+": "+c, func(t *testing.T) {
				work := t.TempDir()
				os.WriteFile(filepath.Join(work, "slot.age"), []byte(copyOutLines(t, string(text), way.kind)), 0o600)
				os.WriteFile(filepath.Join(work, "payload.age"), []byte(copyOutLines(t, string(text), "")), 0o600)
				// Earlier commands of the same procedure (the first writes
				// identity.txt for the second) run first.
				for _, prev := range cmds {
					if prev == c {
						break
					}
					if strings.Contains(prev, "-o identity.txt") {
						runAge(t, work, env, agePath, prev, way.passphrase)
					}
				}
				runAge(t, work, env, agePath, c, way.passphrase)
				out := filepath.Join(work, "keys.json")
				if strings.Contains(c, "-o identity.txt") {
					id, err := os.ReadFile(filepath.Join(work, "identity.txt"))
					if err != nil || !bytes.HasPrefix(id, []byte("AGE-SECRET-KEY-1")) {
						t.Fatalf("identity.txt = %q, %v; want the AGE-SECRET-KEY line", id, err)
					}
					return
				}
				checkKeysJSON(t, out, want)
			})
		}
	}
}

// runAge runs one README command. age asks for a passphrase on a terminal
// only: for the slot itself the test uses age's batchpass plugin
// (AGE_PASSPHRASE), and for a passphrase-protected identity file (-i
// slot.age) it gives age a pseudo-terminal with script(1).
func runAge(t *testing.T, dir string, env []string, agePath, command, passphrase string) {
	t.Helper()
	args := strings.Fields(command)[1:]
	var cmd *exec.Cmd
	switch {
	case !strings.Contains(command, " -i "):
		args = append([]string{"-d", "-j", "batchpass"}, args[1:]...)
		if strings.Fields(command)[1] != "-d" {
			t.Fatalf("README command %q does not start with age -d", command)
		}
		cmd = exec.Command(agePath, args...)
		cmd.Env = append(env, "AGE_PASSPHRASE="+passphrase)
	case strings.Contains(command, "-i slot.age"):
		script := needTool(t, "script")
		cmd = exec.Command(script, "-qec", shellQuote(agePath)+" "+strings.Join(args, " "), "/dev/null")
		cmd.Env = env
		cmd.Stdin = strings.NewReader(passphrase + "\n")
	default:
		cmd = exec.Command(agePath, args...)
		cmd.Env = env
	}
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", command, err, out)
	}
	if bytes.Contains(out, []byte("AGE-SECRET-KEY")) {
		t.Errorf("%s printed the secret key on the terminal", command)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// checkKeysJSON reads the decrypted payload and finds every secret, each with
// an otpauth:// link that gives the same key back.
func checkKeysJSON(t *testing.T, path string, want map[string]vault.Entry) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("age wrote no keys.json: %v", err)
	}
	var p struct {
		Entries []struct {
			Issuer  string `json:"issuer"`
			Account string `json:"account"`
			Secret  string `json:"secret"`
			URI     string `json:"uri"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("keys.json is not JSON: %v", err)
	}
	found := map[string]bool{}
	for _, e := range p.Entries {
		w, ok := want[e.Secret]
		if !ok {
			t.Errorf("keys.json holds an unknown key for %q", e.Issuer)
			continue
		}
		found[e.Secret] = true
		// A person copies the link out of the text between its quotes.
		if !bytes.Contains(b, []byte(`"uri":"`+e.URI+`"`)) {
			t.Errorf("%s: the link is not written as it is in keys.json (escaped characters?): %q", w.Name(), e.URI)
		}
		back, _, err := vault.ParseURI(e.URI)
		if err != nil {
			t.Errorf("%s: uri %q does not read: %v", w.Name(), e.URI, err)
			continue
		}
		if fieldsOf(back) != fieldsOf(w) {
			t.Errorf("%s: uri %q gives %+v, want %+v", w.Name(), e.URI, fieldsOf(back), fieldsOf(w))
		}
		if e.Issuer != w.Issuer || e.Account != w.Account {
			t.Errorf("keys.json names %q/%q, want %q/%q", e.Issuer, e.Account, w.Issuer, w.Account)
		}
	}
	for s, w := range want {
		if !found[s] {
			t.Errorf("keys.json lacks %s", w.Name())
		}
	}
}
