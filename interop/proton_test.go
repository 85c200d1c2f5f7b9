package interop

import (
	"errors"
	"testing"

	"sparekey/vault"
)

func TestProtonReadsExports(t *testing.T) {
	tests := []struct {
		name, file string
		want       []want
		problems   map[string]string
	}{
		// A real Proton Authenticator export, from Aegis's importer tests.
		{"Proton export of the Aegis vectors", "aegis.json", []want{vDeno, vSPDX, vAirbnb}, nil},
		// Written from proton-authenticator's exporter and SteamTotp.
		{"unicode, notes, base32 and base64 Steam keys", "sparekey.json", []want{
			{vault.TOTP, "Bücherei München", "jörg@example.de", "JBSWY3DPEHPK3PXP", vault.SHA256, 8, 60, 0, "Ersatzcodes im Tresor"},
			{vault.TOTP, "日本郵便", "山田", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA512, 7, 45, 0, ""},
			{vault.Steam, "Steam", "gamer", "MFRGGZDFMZTWQ2LK", vault.SHA1, 5, 30, 0, "main account"},
			{vault.Steam, "Steam", "alt", "ONSWG4TFOQYTEMZU", vault.SHA1, 5, 30, 0, ""},
			{vault.TOTP, "", "Plain name", "ONSWG4TFOQYTEMZV", vault.SHA1, 6, 30, 0, ""},
		}, map[string]string{"Empty": "missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(readFixture(t, "proton", tt.file), "auto", "")
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "Proton Authenticator" {
				t.Errorf("format %q", f.Format)
			}
			checkEntries(t, f, tt.want)
			checkProblems(t, f, tt.problems)
		})
	}
}

// The shape of proton-authenticator's password_exporter output.
func TestProtonEncryptedExportIsExplained(t *testing.T) {
	data := []byte(`{"version":1,"salt":"c2FsdHNhbHRzYWx0c2FsdA==","content":"AAECAwQFBgcICQoLDA0ODxAREhM="}`)
	if _, err := Read(data, "auto", "pw"); !errors.Is(err, errProtonEncrypted) {
		t.Fatalf("got %v, want the encrypted-export explanation", err)
	}
}

func FuzzProton(f *testing.F) {
	f.Add(readFixture(f, "proton", "aegis.json"))
	f.Add(readFixture(f, "proton", "sparekey.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		detectProton(data) // must not panic either
		checkFuzzResult(t, func() (*Found, error) { return readProton(data) })
	})
}
