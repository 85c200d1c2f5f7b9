package interop

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"testing"

	"sparekey/vault"
)

// andOTPEncrypt writes an encrypted andOTP backup as andOTP's
// BackupHelper.backupToFile does: rounds (4 bytes, big-endian), a 12-byte
// salt, then EncryptionHelper.encrypt's output (a 12-byte IV and the
// AES-GCM ciphertext with its tag), the key being the first half of a
// 512-bit PBKDF2-HMAC-SHA1 of the password.
func andOTPEncrypt(t testing.TB, plain, password string, rounds uint32) []byte {
	t.Helper()
	salt := make([]byte, 12)
	rand.Read(salt)
	full, err := pbkdf2.Key(sha1.New, password, salt, int(rounds), 64)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(full[:32])
	aead, _ := cipher.NewGCM(block)
	iv := make([]byte, 12)
	rand.Read(iv)
	out := binary.BigEndian.AppendUint32(nil, rounds)
	out = append(out, salt...)
	out = append(out, iv...)
	return aead.Seal(out, iv, []byte(plain), nil)
}

var andOTPUnicode = []want{
	{vault.TOTP, "Bücherei München", "jörg@example.de", "JBSWY3DPEHPK3PXP", vault.SHA256, 8, 60, 0, ""},
	{vault.HOTP, "日本郵便", "山田", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA512, 7, 0, 42, ""},
	{vault.Steam, "Steam", "gamer", "MFRGGZDFMZTWQ2LK", vault.SHA1, 5, 30, 0, ""},
	{vault.TOTP, "Old Shop", "kunde", "ONSWG4TFOQYTEMZU", vault.SHA1, 6, 15, 0, ""},
}

func TestAndOTPReadsExports(t *testing.T) {
	tests := []struct {
		name, file string
		want       []want
	}{
		// A real andOTP export, from Aegis's importer tests.
		{"andOTP export of the Aegis vectors", "aegis_plain.json", allAegis},
		{"unicode, tags, 15 s, old labels", "sparekey_unicode.json", andOTPUnicode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(readFixture(t, "andotp", tt.file), "auto", "")
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "andOTP" {
				t.Errorf("format %q", f.Format)
			}
			checkEntries(t, f, tt.want)
		})
	}
}

func TestAndOTPKeepsTagsAndNamesUnsupportedKeys(t *testing.T) {
	f, err := readAndOTP(readFixture(t, "andotp", "sparekey_unicode.json"), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Entries[0].Tags; len(got) != 2 || got[0] != "Arbeit" || got[1] != "Bücher" {
		t.Errorf("tags %q, want [Arbeit Bücher]", got)
	}
	checkProblems(t, f, map[string]string{
		"Motp Site (pin user)": "mOTP",
		"Hash Site (md5 user)": "MD5",
	})
}

func TestAndOTPEncrypted(t *testing.T) {
	plain := string(readFixture(t, "andotp", "aegis_plain.json"))
	committed := readFixture(t, "andotp", "sparekey_encrypted_pw_sparekey-test.json.aes")
	// Written by make_encrypted_current.py (Python's cryptography package)
	// with a round count as andOTP picks it today, 140,000 to 160,000.
	current := readFixture(t, "andotp", "sparekey_encrypted_current_pw_sparekey-test.json.aes")
	tests := []struct {
		name     string
		data     []byte
		password string
		wantErr  error
	}{
		{"committed fixture, right password", committed, "sparekey-test", nil},
		{"committed fixture, wrong password", committed, "sparekey-Test", ErrWrongPassword},
		{"committed fixture, no password", committed, "", ErrNeedPassword},
		{"current andOTP's rounds, right password", current, "sparekey-test", nil},
		{"current andOTP's rounds, wrong password", current, "sparekey-tes", ErrWrongPassword},
		{"fewest rounds andOTP ever wrote", andOTPEncrypt(t, plain, "pässwörd", 1000), "pässwörd", nil},
		{"most rounds the first andOTPs wrote", andOTPEncrypt(t, plain, "pässwörd", 5000), "pässwörd", nil},
		{"most rounds andOTP writes today", andOTPEncrypt(t, plain, "pässwörd", 160000), "pässwörd", nil},
		{"most rounds Sparekey accepts", andOTPEncrypt(t, plain, "pässwörd", 1_000_000), "pässwörd", nil},
		{"wrong password", andOTPEncrypt(t, plain, "pässwörd", 1234), "passwörd", ErrWrongPassword},
	}
	for _, tt := range tests {
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
			checkEntries(t, f, allAegis)
		})
	}
}

// A file with an absurd round count is not taken for andOTP, and Sparekey
// does not spend minutes deriving a key for it.
func TestAndOTPRefusesAbsurdRounds(t *testing.T) {
	for _, rounds := range []uint32{1_000_001, 2_000_000_000} {
		data := andOTPEncrypt(t, "[]", "pw", 1000)
		binary.BigEndian.PutUint32(data, rounds)
		if detectAndOTPEncrypted(data) {
			t.Errorf("%d rounds: detected as andOTP", rounds)
		}
		if _, err := readAndOTP(data, "pw"); err == nil || errors.Is(err, ErrWrongPassword) {
			t.Errorf("%d rounds: got %v, want a not-andOTP error", rounds, err)
		}
	}
}

// Photos and other binary files that start with a small length are not
// taken for encrypted andOTP backups.
func TestAndOTPDoesNotTakePhotosForBackups(t *testing.T) {
	heic := append([]byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'}, bytes.Repeat([]byte{0xff, 0x00, 0x81}, 40)...)
	ico := append([]byte{0, 0, 1, 0, 1, 0, 16, 16}, bytes.Repeat([]byte{0xfe, 0x80}, 40)...)
	for name, data := range map[string][]byte{"HEIC photo": heic, "icon": ico} {
		if detectAndOTPEncrypted(data) {
			t.Errorf("%s detected as an andOTP backup", name)
		}
	}
}

func FuzzAndOTP(f *testing.F) {
	old := andOTPMaxRounds
	andOTPMaxRounds = 50 // keep each run fast; the layout is what is fuzzed
	f.Cleanup(func() { andOTPMaxRounds = old })
	f.Add(readFixture(f, "andotp", "aegis_plain.json"), "")
	f.Add(readFixture(f, "andotp", "sparekey_unicode.json"), "")
	f.Add(andOTPEncrypt(f, `[{"secret":"JBSWY3DPEHPK3PXP","label":"a","type":"HOTP","counter":3}]`, "pw", 7), "pw")
	f.Fuzz(func(t *testing.T, data []byte, password string) {
		detectAndOTPPlain(data) // must not panic either
		detectAndOTPEncrypted(data)
		found, err := readAndOTP(data, password)
		if err != nil {
			return
		}
		for _, e := range found.Entries {
			if _, err := e.Normalize(); err != nil {
				t.Fatalf("entry %q does not work: %v", e.Name(), err)
			}
		}
	})
}
