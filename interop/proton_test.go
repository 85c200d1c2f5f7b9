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

// sparekey_encrypted_pw_sparekey-test.json was made by libsodium
// (make_encrypted.py) as Proton Authenticator makes a password-protected
// export of sparekey.json.
func TestProtonEncryptedExport(t *testing.T) {
	data := readFixture(t, "proton", "sparekey_encrypted_pw_sparekey-test.json")
	plain, err := Read(readFixture(t, "proton", "sparekey.json"), "auto", "")
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
	if f.Format != "Proton Authenticator" {
		t.Errorf("format %q", f.Format)
	}
	checkEntries(t, f, wants)
	checkProblems(t, f, map[string]string{"Empty": "missing"})

	if _, err := Read(data, "auto", "sparekey-tesT"); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: got %v", err)
	}
	if _, err := Read(data, "auto", ""); !errors.Is(err, ErrNeedPassword) {
		t.Errorf("no password: got %v", err)
	}
	cut := []byte(`{"version":1,"salt":"HwokkU8pDoGHENpJFHuTmA==","content":"AAECAwQFBgcICQoL"}`)
	if _, err := Read(cut, "auto", "sparekey-test"); err == nil || errors.Is(err, ErrWrongPassword) {
		t.Errorf("cut short: got %v, want a damaged-file error", err)
	}
}

func FuzzProton(f *testing.F) {
	f.Add(readFixture(f, "proton", "aegis.json"))
	f.Add(readFixture(f, "proton", "sparekey.json"))
	f.Add(readFixture(f, "proton", "sparekey_encrypted_pw_sparekey-test.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		detectProton(data) // must not panic either
		checkFuzzResult(t, func() (*Found, error) { return readProton(data, "") })
	})
}
