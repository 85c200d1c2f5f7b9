package interop

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"sparekey/vault"
)

// twofasEncrypt writes an encrypted 2FAS backup the way 2FAS does
// (2fas-android BackupCipher): PBKDF2-HMAC-SHA256, 10,000 rounds, a 256-byte
// salt shared by both parts, AES-256-GCM with a fresh 12-byte IV for the
// services and for the reference text.
func twofasEncrypt(t testing.TB, servicesJSON, password string) []byte {
	t.Helper()
	salt := make([]byte, 256)
	rand.Read(salt)
	key, err := pbkdf2.Key(sha256.New, password, salt, 10000, 32)
	if err != nil {
		t.Fatal(err)
	}
	seal := func(plain string) string {
		block, _ := aes.NewCipher(key)
		aead, _ := cipher.NewGCM(block)
		iv := make([]byte, 12)
		rand.Read(iv)
		b64 := base64.StdEncoding.EncodeToString
		return b64(aead.Seal(nil, iv, []byte(plain), nil)) + ":" + b64(salt) + ":" + b64(iv)
	}
	doc := map[string]any{
		"services":          []any{},
		"groups":            []any{},
		"updatedAt":         1700000000000,
		"schemaVersion":     4,
		"appVersionCode":    5000009,
		"appVersionName":    "5.1.0",
		"appOrigin":         "android",
		"servicesEncrypted": seal(servicesJSON),
		"reference":         seal(twofasReference),
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var twofasUnicode = []want{
	{vault.TOTP, "Bücherei München", "jörg@example.de", "JBSWY3DPEHPK3PXP", vault.SHA256, 8, 60, 0, ""},
	{vault.HOTP, "日本郵便", "山田", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA512, 7, 0, 42, ""},
	{vault.Steam, "Steam", "gamer", "MFRGGZDFMZTWQ2LK", vault.SHA1, 5, 30, 0, ""},
}

var twofasUnicodeProblems = map[string]string{
	"Old Bank (me)": "MD5",
	"Typo (x)":      "digit",
}

func TestTwoFASReadsExports(t *testing.T) {
	tests := []struct {
		name, file, password string
		want                 []want
	}{
		// Real exports of 2FAS for Android, from Aegis's importer tests
		// (password "test").
		{"schema 4 plain", "aegis_plain_v4.2fas", "", []want{vDeno, vIssuu, vAirCan, vWWE, vBoeing}},
		{"schema 4 encrypted", "aegis_encrypted_v4_test.2fas", "test", []want{vDeno, vIssuu, vAirCan, vWWE, vBoeing}},
		{"schema 3 encrypted, escaped slashes", "aegis_encrypted_v3_test.2fas", "test", []want{vDeno, vSPDX, vAirbnb, vIssuu, vAirCan, vWWE}},
		// Schema 1 carried names and keys only: every key is time-based
		// with the usual settings.
		{"schema 1 plain, names and keys only", "aegis_plain_v1.json", "", []want{
			vDeno,
			vSPDX.with(func(w *want) { w.Algorithm, w.Digits, w.Period = vault.SHA1, 6, 30 }),
			vAirbnb.with(func(w *want) { w.Algorithm, w.Digits, w.Period = vault.SHA1, 6, 30 }),
			vIssuu.with(func(w *want) { w.Type, w.Period, w.Counter = vault.TOTP, 30, 0 }),
			vAirCan.with(func(w *want) { w.Type, w.Algorithm, w.Digits, w.Period, w.Counter = vault.TOTP, vault.SHA1, 6, 30, 0 }),
			vWWE.with(func(w *want) { w.Type, w.Algorithm, w.Digits, w.Period, w.Counter = vault.TOTP, vault.SHA1, 6, 30, 0 }),
		}},
		// Schema 2 had time-based keys only: 2FAS showed these counter
		// keys as time-based with the usual 30 seconds, and so does Sparekey.
		{"schema 2 encrypted, time-based only", "aegis_encrypted_v2_test.2fas", "test", []want{
			vDeno, vAirbnb,
			vIssuu.with(func(w *want) { w.Type, w.Period, w.Counter = vault.TOTP, 30, 0 }),
			vWWE.with(func(w *want) { w.Type, w.Period, w.Counter = vault.TOTP, 30, 0 }),
		}},
		// The test backup of elliotwutingfeng/2fas-backup-decryptor
		// (password "example.com"); its plaintext_test.json lists these.
		{"2fas-backup-decryptor sample", "decryptor_encrypted_example.com.2fas", "example.com", []want{
			vDeno,
			vSPDX.with(func(w *want) { w.Period = 30 }),
			vAirbnb.with(func(w *want) { w.Period = 60 }),
			vBoeing,
			vAirCan.with(func(w *want) { w.Digits, w.Counter = 8, 10 }),
		}},
		// A 2FAS for iOS export, from the 2FAS import tests of the Chronos
		// app (its TwoFASTests.testValidImport lists these values). 2FAS
		// shows manual keys without a name as "Unknown".
		{"iOS export", "chronos_ios_v4.2fas", "", []want{
			{vault.TOTP, "Apple", "user1+totp@test.com", "AB6B7FAYHW2G42ZA4FJHLRWWHU", vault.SHA1, 6, 30, 0, ""},
			{vault.TOTP, "AWS", "user2+totp@test.com", "U7WXBPTLK62EC6Y2X4ALCMWWHS", vault.SHA256, 7, 60, 0, ""},
			{vault.TOTP, "PG", "user3+totp@test.com", "V27AJDJS4HZM3CTQNZXLVCHJYE", vault.SHA512, 8, 50, 0, ""},
			{vault.TOTP, "Unknown", "", "MGTMWSHCBRMOBRI2AXNJD4M332", vault.SHA1, 6, 30, 0, ""},
			{vault.HOTP, "Yubi", "user1+hotp@test.com", "KXXYUNPQY2CDRBDFLAIIEQ4H7O", vault.SHA1, 6, 0, 1, ""},
			{vault.HOTP, "Hene", "user2+hotp@test.com", "LI3SJSNME7PSCQCXL2TIFMNH64", vault.SHA256, 7, 0, 16, ""},
			{vault.HOTP, "Nath", "user3+hotp@test.com", "F7E5IPN2KYUXE5WZLMSRVTFK7N", vault.SHA512, 8, 0, 101, ""},
			{vault.HOTP, "Unknown", "", "KQOZTMLOJBSMYWIO4BG4UTXDSR", vault.SHA1, 6, 0, 22, ""},
		}},
		{"unicode names, 7 and 8 digits, 60 s", "sparekey_unicode_v4.2fas", "", twofasUnicode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(readFixture(t, "twofas", tt.file), "auto", tt.password)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "2FAS Authenticator" {
				t.Errorf("format %q", f.Format)
			}
			checkEntries(t, f, tt.want)
		})
	}
}

func TestTwoFASUnsupportedKeysBecomeProblems(t *testing.T) {
	f, err := readTwoFAS(readFixture(t, "twofas", "sparekey_unicode_v4.2fas"), "")
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, f, twofasUnicodeProblems)
}

func TestTwoFASPasswords(t *testing.T) {
	real := readFixture(t, "twofas", "aegis_encrypted_v4_test.2fas")
	plainServices := `[{"name":"Ünïcödé","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"me","digits":6,"period":30,"algorithm":"SHA1","tokenType":"TOTP"}}]`
	ours := twofasEncrypt(t, plainServices, "correct horse")
	tests := []struct {
		name     string
		data     []byte
		password string
		wantErr  error
	}{
		{"real export, wrong password", real, "tset", ErrWrongPassword},
		{"real export, no password", real, "", ErrNeedPassword},
		{"our encryptor, right password", ours, "correct horse", nil},
		{"our encryptor, wrong password", ours, "correct horsE", ErrWrongPassword},
		{"our encryptor, no password", ours, "", ErrNeedPassword},
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
			checkEntries(t, f, []want{{vault.TOTP, "Ünïcödé", "me", "JBSWY3DPEHPK3PXP", vault.SHA1, 6, 30, 0, ""}})
		})
	}
}

// A backup whose reference opens but whose services were changed is damaged,
// not locked with another password: the person must not be told to retype.
func TestTwoFASDamagedIsNotWrongPassword(t *testing.T) {
	ours := twofasEncrypt(t, `[]`, "pw")
	var doc map[string]any
	if err := json.Unmarshal(ours, &doc); err != nil {
		t.Fatal(err)
	}
	enc := doc["servicesEncrypted"].(string)
	parts := strings.Split(enc, ":")
	sealed, _ := base64.StdEncoding.DecodeString(parts[0])
	sealed[0] ^= 1
	parts[0] = base64.StdEncoding.EncodeToString(sealed)
	doc["servicesEncrypted"] = strings.Join(parts, ":")
	damaged, _ := json.Marshal(doc)

	_, err := readTwoFAS(damaged, "pw")
	if err == nil || errors.Is(err, ErrWrongPassword) {
		t.Fatalf("got %v, want a damaged-file error", err)
	}
	if !strings.Contains(err.Error(), "damaged") {
		t.Errorf("error %q does not say the file is damaged", err)
	}
}

func FuzzTwoFAS(f *testing.F) {
	for _, name := range []string{"aegis_plain_v4.2fas", "aegis_encrypted_v4_test.2fas", "sparekey_unicode_v4.2fas"} {
		f.Add(readFixture(f, "twofas", name), "test")
	}
	f.Add([]byte(`{"schemaVersion":4,"servicesEncrypted":"AAAA:AAAA:AAAA","reference":"::"}`), "x")
	f.Fuzz(func(t *testing.T, data []byte, password string) {
		detectTwoFAS(data) // must not panic either
		found, err := readTwoFAS(data, password)
		if err != nil {
			if found != nil {
				t.Fatal("both a result and an error")
			}
			return
		}
		for _, e := range found.Entries {
			if _, err := e.Normalize(); err != nil {
				t.Fatalf("entry %q does not work: %v", e.Name(), err)
			}
		}
	})
}
