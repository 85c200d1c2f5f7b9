package vault_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"

	"sparekey/vault"
)

// vaultFile is the part of the container this test reads and edits.
type vaultFile struct {
	Recipient string `json:"recipient"`
	Slots     []struct {
		Kind string   `json:"kind"`
		Age  []string `json:"age"`
	} `json:"slots"`
	Payload []string `json:"payload"`
}

func readVaultFile(t *testing.T, path string) (vaultFile, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f vaultFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f, b
}

// vaultIdentity decrypts the password slot with the age library itself, not
// with Sparekey's code.
func vaultIdentity(t *testing.T, f vaultFile) *age.X25519Identity {
	t.Helper()
	sid, err := age.NewScryptIdentity(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range f.Slots {
		if s.Kind != "password" {
			continue
		}
		plain, err := ageDecrypt(strings.Join(s.Age, "\n")+"\n", sid)
		if err != nil {
			t.Fatal(err)
		}
		id, err := age.ParseX25519Identity(strings.TrimSpace(string(plain)))
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	t.Fatal("no password slot")
	return nil
}

func ageDecrypt(armored string, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(armored)), ids...)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func ageEncrypt(t *testing.T, plain []byte, rs ...age.Recipient) []string {
	t.Helper()
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, rs...)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	w.Close()
	aw.Close()
	return strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
}

// stanzas lists the recipient stanza types of an armored age file's header.
func stanzas(t *testing.T, armored string) []string {
	t.Helper()
	r := bufio.NewReader(armor.NewReader(strings.NewReader(armored)))
	first, err := r.ReadString('\n')
	if err != nil || first != "age-encryption.org/v1\n" {
		t.Fatalf("not an age file: %q %v", first, err)
	}
	var types []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("age header cut short: %v", err)
		}
		if strings.HasPrefix(line, "---") {
			return types
		}
		if strings.HasPrefix(line, "-> ") {
			types = append(types, strings.Fields(line)[1])
		}
	}
}

// TestSaveEncryptsOnlyToTheVaultsOwnKey: someone who can write the vault file
// puts their own public key in it (in place of the recipient, beside it, or as
// a second recipient of the payload). The next open and save encrypt the
// payload to the vault's own key only.
func TestSaveEncryptsOnlyToTheVaultsOwnKey(t *testing.T) {
	attacker, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	evil := attacker.Recipient().String()
	edits := map[string]func(t *testing.T, text string, f vaultFile, own *age.X25519Identity) string{
		"recipient replaced": func(t *testing.T, text string, f vaultFile, own *age.X25519Identity) string {
			return strings.Replace(text, `"recipient": "`+f.Recipient+`"`, `"recipient": "`+evil+`"`, 1)
		},
		"second recipient added": func(t *testing.T, text string, f vaultFile, own *age.X25519Identity) string {
			return strings.Replace(text, `"recipient": "`+f.Recipient+`",`,
				`"recipient": "`+f.Recipient+`", "recipients": ["`+f.Recipient+`", "`+evil+`"], "recipient2": "`+evil+`",`, 1)
		},
		"payload encrypted to both": func(t *testing.T, text string, f vaultFile, own *age.X25519Identity) string {
			plain, err := ageDecrypt(strings.Join(f.Payload, "\n")+"\n", own)
			if err != nil {
				t.Fatal(err)
			}
			both := ageEncrypt(t, plain, own.Recipient(), attacker.Recipient())
			q, _ := json.Marshal(both)
			i := strings.Index(text, `"payload": [`)
			j := i + strings.Index(text[i:], "]") + 1
			return strings.Replace(text[:i]+`"payload": `+string(q)+text[j:], `"recipient": "`+f.Recipient+`"`, `"recipient": "`+evil+`"`, 1)
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			path, _ := newTestVault(t)
			f, text := readVaultFile(t, path)
			own := vaultIdentity(t, f)
			if f.Recipient != own.Recipient().String() {
				t.Fatalf("the file's recipient %s is not the vault's own %s", f.Recipient, own.Recipient())
			}
			edited := edit(t, string(text), f, own)
			if edited == string(text) {
				t.Fatal("the edit changed nothing")
			}
			if err := os.WriteFile(path, reseal(t, []byte(edited)), 0o600); err != nil {
				t.Fatal(err)
			}
			v, err := vault.Open(path, testPassword, fast)
			if err != nil {
				t.Fatalf("the edited vault does not open: %v", err)
			}
			if _, _, err := v.Add(vault.Entry{Issuer: "New Bank", Secret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF"}); err != nil {
				t.Fatal(err)
			}
			if err := v.Save(); err != nil {
				t.Fatal(err)
			}
			v.Close()

			after, _ := readVaultFile(t, path)
			payload := strings.Join(after.Payload, "\n") + "\n"
			if got := stanzas(t, payload); len(got) != 1 || got[0] != "X25519" {
				t.Errorf("the saved payload has recipient stanzas %v, want exactly one X25519", got)
			}
			if _, err := ageDecrypt(payload, attacker); err == nil {
				t.Error("the attacker's key decrypts the saved payload")
			} else {
				var nm *age.NoIdentityMatchError
				if !errors.As(err, &nm) {
					t.Errorf("the attacker's key fails with %v, want no identity match", err)
				}
			}
			plain, err := ageDecrypt(payload, own)
			if err != nil {
				t.Fatalf("the vault's own key does not decrypt the saved payload: %v", err)
			}
			if !bytes.Contains(plain, []byte("New Bank")) {
				t.Error("the saved payload lacks the new entry")
			}
			if after.Recipient != own.Recipient().String() {
				t.Errorf("the saved file names recipient %s, want the vault's own %s", after.Recipient, own.Recipient())
			}
			if strings.Contains(mustRead(t, path), evil) {
				t.Error("the attacker's key is still in the saved file")
			}
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
