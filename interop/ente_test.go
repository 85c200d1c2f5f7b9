package interop

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"sparekey/vault"
)

func TestEnteReadsExports(t *testing.T) {
	tests := []struct {
		name, file string
		want       []want
		problems   map[string]string
	}{
		// A real Ente Auth export, from Aegis's importer tests. Ente writes
		// a period on counter links too, and lower-case algorithms.
		{"Ente export of the Aegis vectors", "aegis.txt", []want{vAirCan, vAirbnb, vBoeing, vDeno, vIssuu, vSPDX, vWWE}, nil},
		// Written from Ente's code.dart and code_display.dart.
		{"notes, tags, trash, unicode and Ente's quirks", "sparekey.txt", []want{
			{vault.TOTP, "Bücherei München", "jörg@example.de", "JBSWY3DPEHPK3PXP", vault.SHA256, 8, 60, 0, "Ersatzcodes im Tresor"},
			{vault.HOTP, "日本郵便", "山田", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA512, 7, 0, 42, ""},
			{vault.Steam, "Steam", "gamer", "MFRGGZDFMZTWQ2LK", vault.SHA1, 5, 30, 0, ""},
			{vault.TOTP, "Team #1", "me", "ONSWG4TFOQYTEMZV", vault.SHA1, 6, 30, 0, ""},
			{vault.TOTP, "Shop", "me", "ONSWG4TFOQYTEMZW", vault.SHA1, 6, 30, 0, ""},
		}, map[string]string{"Old (me)": "trash"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(readFixture(t, "ente", tt.file), "auto", "")
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "Ente Auth" {
				t.Errorf("format %q", f.Format)
			}
			checkEntries(t, f, tt.want)
			checkProblems(t, f, tt.problems)
		})
	}
}

func TestEnteKeepsTags(t *testing.T) {
	f := readEnte(readFixture(t, "ente", "sparekey.txt"))
	if got := f.Entries[0].Tags; len(got) != 1 || got[0] != "Arbeit" {
		t.Errorf("tags %q, want [Arbeit]", got)
	}
}

// Lines written as JSON strings (as some Ente versions did), blank lines and
// Windows line ends are all read; a line that is not a link is named.
func TestEnteLineForms(t *testing.T) {
	data := []byte("\ufeff\"otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&codeDisplay=%7B%7D\"\r\n\r\nhello\r\n")
	f := readEnte(data)
	checkEntries(t, f, []want{vDeno})
	checkProblems(t, f, map[string]string{"Line 3": "not a key link"})
}

// sparekey_encrypted_pw_sparekey-test.json was made by libsodium itself
// (make_encrypted.py), as Ente Auth makes an encrypted export.
func TestEnteEncryptedExport(t *testing.T) {
	data := readFixture(t, "ente", "sparekey_encrypted_pw_sparekey-test.json")
	plain, err := Read(readFixture(t, "ente", "sparekey.txt"), "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	var wants []want
	for _, e := range plain.Entries {
		wants = append(wants, wantOf(e))
	}

	f, err := Read(data, "auto", "sparekey-test")
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != "Ente Auth" {
		t.Errorf("format %q", f.Format)
	}
	checkEntries(t, f, wants)
	checkProblems(t, f, map[string]string{"Old (me)": "trash"})

	if _, err := Read(data, "auto", "sparekey-Test"); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: got %v", err)
	}
	if _, err := Read(data, "auto", ""); !errors.Is(err, ErrNeedPassword) {
		t.Errorf("no password: got %v", err)
	}
}

// A changed byte anywhere in the encrypted data fails the check.
func TestEnteSecretstreamRejectsChanges(t *testing.T) {
	var x enteEncryptedExport
	if err := json.Unmarshal(readFixture(t, "ente", "sparekey_encrypted_pw_sparekey-test.json"), &x); err != nil {
		t.Fatal(err)
	}
	salt, _ := base64.StdEncoding.DecodeString(x.KDFParams.Salt)
	header, _ := base64.StdEncoding.DecodeString(x.EncryptionNonce)
	sealed, _ := base64.StdEncoding.DecodeString(x.EncryptedData)
	key := argon2.IDKey([]byte("sparekey-test"), salt, uint32(x.KDFParams.OpsLimit), uint32(x.KDFParams.MemLimit/1024), 1, 32)
	if _, err := secretstreamOpen(key, header, sealed); err != nil {
		t.Fatalf("the unchanged export does not open: %v", err)
	}
	for _, i := range []int{0, 1, len(sealed) / 2, len(sealed) - 1} {
		changed := append([]byte{}, sealed...)
		changed[i] ^= 0x20
		if _, err := secretstreamOpen(key, header, changed); err == nil {
			t.Errorf("a change at byte %d was not noticed", i)
		}
	}
	if _, err := secretstreamOpen(key, header, sealed[:10]); err == nil {
		t.Error("a cut-short message was accepted")
	}
}

// Settings no Ente export has are refused before any key is derived.
func TestEnteRefusesAbsurdKeySettings(t *testing.T) {
	for _, kdf := range []string{
		`{"memLimit":9223372036854775807,"opsLimit":1,"salt":"PbnJ7cY1UG3E7EIWVQVXDg=="}`,
		`{"memLimit":1073741824,"opsLimit":1000,"salt":"PbnJ7cY1UG3E7EIWVQVXDg=="}`,
		`{"memLimit":0,"opsLimit":1,"salt":"PbnJ7cY1UG3E7EIWVQVXDg=="}`,
	} {
		data := []byte(`{"version":1,"kdfParams":` + kdf + `,"encryptedData":"AAAAAAAAAAAAAAAAAAAAAAA=","encryptionNonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`)
		_, err := Read(data, "auto", "pw")
		if err == nil || errors.Is(err, ErrWrongPassword) || !strings.Contains(err.Error(), "damaged") {
			t.Errorf("%s: got %v, want a damaged-file error", kdf, err)
		}
	}
}

func FuzzEnte(f *testing.F) {
	f.Add(readFixture(f, "ente", "aegis.txt"))
	f.Add(readFixture(f, "ente", "sparekey.txt"))
	f.Add(readFixture(f, "ente", "sparekey_encrypted_pw_sparekey-test.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		detectEnte(data) // must not panic either
		// No password: the key derivation is Argon2; its parsing is fuzzed.
		checkFuzzResult(t, func() (*Found, error) { return readEnteExport(data, "") })
	})
}
