package backup

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

// ageCommand finds the age command and its batchpass plugin (on PATH or in
// Go's bin folder). Where they are missing the test fails under CI=true and
// is skipped otherwise.
func ageCommand(t *testing.T) (agePath string, env []string) {
	t.Helper()
	var dirs []string
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, p := range filepath.SplitList(strings.TrimSpace(string(out))) {
			dirs = append(dirs, filepath.Join(p, "bin"))
		}
	}
	find := func(name string) string {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
		for _, d := range dirs {
			if p := filepath.Join(d, name); isExecutable(p) {
				return p
			}
		}
		return ""
	}
	agePath, plugin := find("age"), find("age-plugin-batchpass")
	if agePath == "" || plugin == "" {
		msg := "the age command and age-plugin-batchpass are needed (go install filippo.io/age/cmd/...@latest)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	path := filepath.Dir(plugin) + string(os.PathListSeparator) + os.Getenv("PATH")
	return agePath, append(os.Environ(), "PATH="+path)
}

func isExecutable(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir() && info.Mode()&0o111 != 0
}

// ageDecrypt runs the real age command: age -d -j batchpass FILE.
func ageDecrypt(t *testing.T, file, passphrase string) ([]byte, error) {
	agePath, env := ageCommand(t)
	cmd := exec.Command(agePath, "-d", "-j", "batchpass", file)
	cmd.Env = append(env, "AGE_PASSPHRASE="+passphrase)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Logf("age: %s", stderr.String())
	}
	return out, err
}

func TestEveryCopyDecryptsWithTheAgeCommand(t *testing.T) {
	v := newTestVault(t, 3)
	for _, u := range []string{
		"otpauth://hotp/Bank:me@example.com?secret=JBSWY3DPEHPK3PXP&counter=42&digits=8&issuer=Bank",
		"otpauth://totp/Steam:gamer?secret=STEAMSTEAMSTEAM2&issuer=Steam&encoder=steam",
		"otpauth://totp/Caf%C3%A9%20%26%20Co:ana?secret=GEZDGNBVGY3TQOJQ&algorithm=SHA256&period=60&issuer=Caf%C3%A9%20%26%20Co",
	} {
		e, _, err := vault.ParseURI(u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if _, _, err := v.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	dirs := tempDirs(t, 2)
	addLocations(t, v, dirs...)
	rep, err := Update(v, testPassphrase, fast())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Scrypts != 1 {
		t.Fatalf("update: ok=%v scrypts=%d %+v", rep.OK(), rep.Scrypts, rep.Results)
	}
	for _, d := range dirs {
		r := resultFor(t, rep, d)
		raw, err := os.ReadFile(r.File)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(raw, []byte("-----BEGIN AGE ENCRYPTED FILE-----\n")) {
			t.Errorf("%s is not an armored age file", r.File)
		}
		plain, err := ageDecrypt(t, r.File, testPassphrase)
		if err != nil {
			t.Fatalf("age -d %s: %v", r.File, err)
		}
		p, err := vault.UnmarshalPayload(plain)
		if err != nil {
			t.Fatalf("what age decrypted is not the payload: %v", err)
		}
		if len(p.Entries) != len(v.Entries) {
			t.Fatalf("the copy holds %d keys, the vault %d", len(p.Entries), len(v.Entries))
		}
		// Read the links as any JSON reader would, without Sparekey's types.
		var doc struct {
			Entries []struct {
				URI string `json:"uri"`
			} `json:"entries"`
		}
		if err := json.Unmarshal(plain, &doc); err != nil {
			t.Fatal(err)
		}
		links := map[string]bool{}
		for _, e := range doc.Entries {
			links[e.URI] = true
		}
		for i := range v.Entries {
			uri := v.Entries[i].URI()
			if !strings.HasPrefix(uri, "otpauth://") || !links[uri] {
				t.Errorf("the copy lacks the link of %s: %s", v.Entries[i].Name(), uri)
			}
		}
		if _, err := ageDecrypt(t, r.File, "not the passphrase"); err == nil {
			t.Error("age decrypted the copy with a wrong passphrase")
		}
	}
}
