package interop

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"sparekey/vault"
)

// sparekey.json and sparekey.csv are written from Bitwarden's export
// documentation: the same items, once per format.
var bitwardenOurs = []want{
	{vault.TOTP, "Sparkasse Köln", "müller", "JBSWY3DPEHPK3PXP", vault.SHA1, 6, 30, 0, "Ersatzcodes im Tresor\nZeile zwei"},
	{vault.TOTP, "Ελληνικά", "όνομα", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA512, 8, 60, 0, ""},
	{vault.HOTP, "Counter Bank", "c", "ONSWG4TFOQYTEMZU", vault.SHA256, 7, 0, 7, ""},
	{vault.Steam, "Steam", "gamer", "MFRGGZDFMZTWQ2LK", vault.SHA1, 5, 30, 0, "main account"},
}

// Aegis's Bitwarden exports (same items in both): three links and a
// steam:// key, whose item is named "Test Steam" and has no user name.
var bitwardenAegis = []want{vDeno, vSPDX, vAirbnb, vBoeing.with(func(w *want) { w.Issuer, w.Account = "Test Steam", "" })}

func TestBitwardenReadsExports(t *testing.T) {
	tests := []struct {
		name, file string
		want       []want
		problems   map[string]string
	}{
		{"JSON export from Aegis's tests", "aegis.json", bitwardenAegis, nil},
		{"CSV export from Aegis's tests", "aegis.csv", bitwardenAegis[:3], nil},
		{"JSON: bare key, links, steam://, notes, unicode", "sparekey.json", bitwardenOurs, map[string]string{"Broken (b)": "digit"}},
		{"CSV: bare key, links, steam://, notes, unicode", "sparekey.csv", bitwardenOurs, map[string]string{"Broken (b)": "digit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(readFixture(t, "bitwarden", tt.file), "auto", "")
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "Bitwarden" {
				t.Errorf("format %q", f.Format)
			}
			wants := tt.want
			if tt.file == "aegis.csv" {
				// The CSV's steam item is named "Test 4".
				wants = append(wants, vBoeing.with(func(w *want) { w.Issuer, w.Account = "Test 4", "" }))
			}
			checkEntries(t, f, wants)
			checkProblems(t, f, tt.problems)
		})
	}
}

// An export locked to the account (the shape Bitwarden's exporter writes)
// gets a message that says how to export again.
func TestBitwardenAccountEncryptedExportIsExplained(t *testing.T) {
	data := []byte(`{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.AAAA|BBBB|CCCC", "folders": [], "items": [{"type": 1, "name": "2.x|y|z", "login": {"totp": "2.p|q|r"}}]}`)
	_, err := Read(data, "auto", "whatever")
	if !errors.Is(err, errBitwardenEncrypted) {
		t.Fatalf("got %v, want the encrypted-export explanation", err)
	}
}

// bitwardenProtect encrypts a plain export as a password-protected one with
// Argon2id (kdfType 1), as Bitwarden's clients do: the salt text's SHA-256
// as Argon2 salt, memory in MiB, HKDF-Expand to "enc" and "mac" keys.
func bitwardenProtect(t testing.TB, plain []byte, password string) []byte {
	t.Helper()
	saltText := "c29tZSBzYWx0IHRleHQ="
	salt := sha256.Sum256([]byte(saltText))
	key := argon2.IDKey([]byte(password), salt[:], 3, 16*1024, 2, 32)
	encKey, _ := hkdf.Expand(sha256.New, key, "enc", 32)
	macKey, _ := hkdf.Expand(sha256.New, key, "mac", 32)
	encString := func(p []byte) string {
		iv := make([]byte, 16)
		rand.Read(iv)
		n := aes.BlockSize - len(p)%aes.BlockSize
		padded := append(append([]byte{}, p...), bytes.Repeat([]byte{byte(n)}, n)...)
		block, _ := aes.NewCipher(encKey)
		ct := make([]byte, len(padded))
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, padded)
		h := hmac.New(sha256.New, macKey)
		h.Write(iv)
		h.Write(ct)
		b64 := base64.StdEncoding.EncodeToString
		return "2." + b64(iv) + "|" + b64(ct) + "|" + b64(h.Sum(nil))
	}
	doc, _ := json.Marshal(map[string]any{
		"encrypted": true, "passwordProtected": true, "salt": saltText,
		"kdfType": 1, "kdfIterations": 3, "kdfMemory": 16, "kdfParallelism": 2,
		"encKeyValidation_DO_NOT_EDIT": encString([]byte("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")),
		"data":                         encString(plain),
	})
	return doc
}

func TestBitwardenPasswordProtectedExports(t *testing.T) {
	// Made with the openssl command line (make_password_protected.sh).
	pbkdf2 := readFixture(t, "bitwarden", "sparekey_password_protected_pw_sparekey-test.json")
	argon := bitwardenProtect(t, readFixture(t, "bitwarden", "sparekey.json"), "sparekey-test")
	for _, tt := range []struct {
		name     string
		data     []byte
		password string
		wantErr  error
	}{
		{"PBKDF2, right password", pbkdf2, "sparekey-test", nil},
		{"PBKDF2, wrong password", pbkdf2, "sparekey-tesT", ErrWrongPassword},
		{"PBKDF2, no password", pbkdf2, "", ErrNeedPassword},
		{"Argon2id, right password", argon, "sparekey-test", nil},
		{"Argon2id, wrong password", argon, "Sparekey-test", ErrWrongPassword},
		{"Argon2id, no password", argon, "", ErrNeedPassword},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(tt.data, "auto", tt.password)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkEntries(t, f, bitwardenOurs)
			checkProblems(t, f, map[string]string{"Broken (b)": "digit"})
		})
	}
}

// When the password opens the check value but the data was changed, the
// person is told the file is damaged, not that the password is wrong.
func TestBitwardenDamagedDataIsNotWrongPassword(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(readFixture(t, "bitwarden", "sparekey_password_protected_pw_sparekey-test.json"), &doc); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(doc["data"].(string), "|")
	ct, _ := base64.StdEncoding.DecodeString(parts[1])
	ct[3] ^= 1
	parts[1] = base64.StdEncoding.EncodeToString(ct)
	doc["data"] = strings.Join(parts, "|")
	data, _ := json.Marshal(doc)
	_, err := Read(data, "auto", "sparekey-test")
	if err == nil || errors.Is(err, ErrWrongPassword) || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("got %v, want a damaged-file error", err)
	}
}

func FuzzBitwardenJSON(f *testing.F) {
	f.Add(readFixture(f, "bitwarden", "aegis.json"))
	f.Add(readFixture(f, "bitwarden", "sparekey.json"))
	f.Add(readFixture(f, "bitwarden", "sparekey_password_protected_pw_sparekey-test.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		detectBitwardenJSON(data) // must not panic either
		checkFuzzResult(t, func() (*Found, error) { return readBitwardenJSON(data, "") })
	})
}

func FuzzBitwardenCSV(f *testing.F) {
	f.Add(readFixture(f, "bitwarden", "aegis.csv"))
	f.Add(readFixture(f, "bitwarden", "sparekey.csv"))
	f.Fuzz(func(t *testing.T, data []byte) {
		detectBitwardenCSV(data) // must not panic either
		checkFuzzResult(t, func() (*Found, error) { return readBitwardenCSV(data) })
	})
}
