package interop

import (
	"errors"
	"testing"

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

func TestAuthProEncryptedBackupIsExplained(t *testing.T) {
	for _, header := range []string{"AUTHENTICATORPRO", "AuthenticatorPro"} {
		data := append([]byte(header), 0x8f, 0x01, 0xee, 0x42, 0x00, 0x13)
		if _, err := Read(data, "auto", ""); !errors.Is(err, errAuthProEncrypted) {
			t.Errorf("%s: got %v, want the encrypted-backup explanation", header, err)
		}
	}
}

func FuzzAuthPro(f *testing.F) {
	f.Add(readFixture(f, "authpro", "stratum_aegis.json"))
	f.Add(readFixture(f, "authpro", "sparekey.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFuzzResult(t, func() (*Found, error) { return readAuthPro(data) })
	})
}
