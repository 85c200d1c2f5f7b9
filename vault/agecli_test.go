package vault_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sparekey/internal/tooltest"
	"sparekey/vault"
)

// readmeProcedure returns the age commands of README's "Getting your keys out
// with age alone", in order: every line inside a ```sh block between the
// age-procedure markers.
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
		case inSh && l != "":
			cmds = append(cmds, l)
		}
	}
	if len(cmds) < 2 {
		t.Fatalf("README's procedure has %d commands", len(cmds))
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

// copyOutPayload does what README tells a person to do with the payload:
// copy the long line after `"payload": "` without its quotes.
func copyOutPayload(t *testing.T, vaultText string) string {
	t.Helper()
	const opener = `"payload": "`
	i := strings.Index(vaultText, opener)
	if i < 0 {
		t.Fatalf("no %s in the vault file", opener)
	}
	rest := vaultText[i+len(opener):]
	j := strings.IndexByte(rest, '"')
	if j < 0 || strings.Contains(rest[:j], "\n") {
		t.Fatal("the payload is not one line between quotes")
	}
	return rest[:j] + "\n"
}

// TestREADMEAgeProcedureWithTheRealAgeCommand follows README's procedure with
// the real age binary, base64 and gunzip on a vault Sparekey made, with the
// master password and with the recovery key, and finds every secret in what
// comes out. The vault has had its password changed (so its key has been
// replaced) before.
func TestREADMEAgeProcedureWithTheRealAgeCommand(t *testing.T) {
	agePath := tooltest.Find(t, "age")
	pluginPath := tooltest.Find(t, "age-plugin-batchpass")
	tooltest.Find(t, "base64")
	tooltest.Find(t, "gunzip")
	cmds := readmeProcedure(t)

	dir := t.TempDir()
	path := filepath.Join(dir, "vault.sparekey")
	v, recovery, err := vault.Create(path, "an old password", vault.WithWorkFactor(10))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sampleEntries() {
		if _, _, err := v.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.ChangePassword(testPassword); err != nil {
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
		t.Run(way.kind, func(t *testing.T) {
			work := t.TempDir()
			os.WriteFile(filepath.Join(work, "slot.txt"), []byte(copyOutLines(t, string(text), way.kind)), 0o600)
			os.WriteFile(filepath.Join(work, "payload.txt"), []byte(copyOutPayload(t, string(text))), 0o600)
			for _, c := range cmds {
				runCommand(t, work, env, c, way.passphrase)
			}
			id, err := os.ReadFile(filepath.Join(work, "identity.txt"))
			if err != nil || !bytes.HasPrefix(id, []byte("AGE-SECRET-KEY-1")) {
				t.Fatalf("identity.txt = %q, %v; want the AGE-SECRET-KEY line", id, err)
			}
			checkKeysJSON(t, filepath.Join(work, "keys.json"), want)
		})
	}
}

// runCommand runs one README command with sh. age asks for a passphrase on a
// terminal only: for the slot the test adds age's batchpass plugin
// (AGE_PASSPHRASE) to the command, which is otherwise run as written.
func runCommand(t *testing.T, dir string, env []string, command, passphrase string) {
	t.Helper()
	run := command
	if strings.HasPrefix(command, "age -d ") && !strings.Contains(command, " -i ") {
		run = "age -d -j batchpass " + strings.TrimPrefix(command, "age -d ")
	}
	cmd := exec.Command("sh", "-ec", run)
	cmd.Env = append(env, "AGE_PASSPHRASE="+passphrase)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", command, err, out)
	}
	if bytes.Contains(out, []byte("AGE-SECRET-KEY")) {
		t.Errorf("%s printed the secret key on the terminal", command)
	}
}

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
