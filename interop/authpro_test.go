package interop

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"errors"
	"testing"

	"golang.org/x/crypto/argon2"

	"sparekey/vault"
)

func TestAuthProReadsBackups(t *testing.T) {
	tests := []struct {
		name, file string
		want       []want
		problems   map[string]string
	}{
		// A real Stratum (Authenticator Pro) backup, from Aegis's importer
		// tests.
		{"Stratum backup of the Aegis vectors", "stratum_aegis.json", allAegis, nil},
		// Written from AuthenticatorPro.Core's AuthenticatorType and
		// HashAlgorithm enums.
		{"unicode, mOTP, Yandex, unknown algorithm", "sparekey.json", []want{
			{vault.TOTP, "Bücherei München", "jörg@example.de", "JBSWY3DPEHPK3PXP", vault.SHA256, 8, 60, 0, ""},
			{vault.HOTP, "日本郵便", "山田", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA512, 7, 0, 42, ""},
			{vault.Steam, "Steam", "gamer", "MFRGGZDFMZTWQ2LK", vault.SHA1, 5, 30, 0, ""},
			{vault.TOTP, "No Name", "", "ONSWG4TFOQYTEMZU", vault.SHA1, 6, 10, 0, ""},
		}, map[string]string{
			"Motp Site (pin user)": "mOTP",
			"Yandex (ivan)":        "Yandex",
			"Future (x)":           "algorithm",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(readFixture(t, "authpro", tt.file), "auto", "")
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "Authenticator Pro" {
				t.Errorf("format %q", f.Format)
			}
			checkEntries(t, f, tt.want)
			checkProblems(t, f, tt.problems)
		})
	}
}

// authProEncrypt writes a password-protected backup as Authenticator Pro's
// doc/BACKUP_FORMAT.md describes it: the current format (Argon2id, AES-GCM)
// or the legacy one (PBKDF2-SHA1, AES-CBC) with the given salt size and
// round count.
func authProEncrypt(t testing.TB, plain []byte, password string, legacy bool, saltLen, rounds int) []byte {
	t.Helper()
	if !legacy {
		salt, iv := make([]byte, 16), make([]byte, 12)
		rand.Read(salt)
		rand.Read(iv)
		block, _ := aes.NewCipher(argon2.IDKey([]byte(password), salt, 3, 64*1024, 4, 32))
		aead, _ := cipher.NewGCM(block)
		out := append([]byte("AUTHENTICATORPRO"), salt...)
		out = append(out, iv...)
		return aead.Seal(out, iv, plain, nil)
	}
	salt, iv := make([]byte, saltLen), make([]byte, 16)
	rand.Read(salt)
	rand.Read(iv)
	key, err := pbkdf2.Key(sha1.New, password, salt, rounds, 32)
	if err != nil {
		t.Fatal(err)
	}
	n := aes.BlockSize - len(plain)%aes.BlockSize
	padded := append(append([]byte{}, plain...), bytes.Repeat([]byte{byte(n)}, n)...)
	block, _ := aes.NewCipher(key)
	sealed := make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(sealed, padded)
	out := append([]byte("AuthenticatorPro"), salt...)
	out = append(out, iv...)
	return append(out, sealed...)
}

func TestAuthProEncryptedBackups(t *testing.T) {
	plain := readFixture(t, "authpro", "stratum_aegis.json")
	current := authProEncrypt(t, plain, "pässwort", false, 0, 0)
	legacy := authProEncrypt(t, plain, "pässwort", true, 20, 64000)
	oldest := authProEncrypt(t, plain, "pässwort", true, 8, 100000)
	tests := []struct {
		name     string
		data     []byte
		password string
		wantErr  error
	}{
		{"current format, right password", current, "pässwort", nil},
		{"current format, wrong password", current, "passwort", ErrWrongPassword},
		{"current format, no password", current, "", ErrNeedPassword},
		{"legacy format, right password", legacy, "pässwort", nil},
		{"legacy format, wrong password", legacy, "passwort", ErrWrongPassword},
		{"legacy format, no password", legacy, "", ErrNeedPassword},
		{"oldest format, right password", oldest, "pässwort", nil},
		{"cut short", current[:40], "pässwort", nil},
		{"committed fixture, right password", readFixture(t, "authpro", "sparekey_encrypted_pw_sparekey-test.bin"), "sparekey-test", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(tt.data, "auto", tt.password)
			if tt.name == "cut short" {
				if err == nil || errors.Is(err, ErrWrongPassword) {
					t.Fatalf("got %v, want a cut-short error", err)
				}
				return
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "committed fixture, right password" {
				if len(f.Entries) != 4 || len(f.Problems) != 3 {
					t.Fatalf("got %d entries and %d problems, want 4 and 3 (as sparekey.json)", len(f.Entries), len(f.Problems))
				}
				return
			}
			checkEntries(t, f, allAegis)
		})
	}
}

func FuzzAuthPro(f *testing.F) {
	f.Add(readFixture(f, "authpro", "stratum_aegis.json"))
	f.Add(readFixture(f, "authpro", "sparekey.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// No password: deriving a 64 MiB Argon2 key on every run would
		// leave little time for the rest; the decryption has its own tests.
		detectAuthPro(data) // must not panic either
		checkFuzzResult(t, func() (*Found, error) { return readAuthPro(data, "") })
	})
}
