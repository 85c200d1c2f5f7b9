package interop

import (
	"testing"

	"sparekey/vault"
)

func TestFreeOTPReadsExports(t *testing.T) {
	tests := []struct {
		name, file string
		want       []want
		problems   map[string]string
	}{
		// A real FreeOTP+ export, from Aegis's importer tests: FreeOTP+
		// had no Steam key then, and it stores each HOTP counter one below
		// the link's (10299 for counter=10300), which Sparekey undoes.
		{"FreeOTP+ export of the Aegis vectors", "aegis.json", []want{vWWE, vAirCan, vIssuu, vAirbnb, vSPDX, vDeno}, nil},
		// Written from FreeOTP+'s Token class: signed bytes, the names the
		// person chose (issuerAlt, labelAlt), Steam by issuer.
		{"unicode, renamed keys, Steam, 45 s", "sparekey.json", []want{
			{vault.TOTP, "Bücherei München", "jörg@example.de", "JBSWY3DPEHPK3PXP", vault.SHA256, 8, 60, 0, ""},
			{vault.HOTP, "日本郵便", "山田", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA512, 7, 0, 42, ""},
			{vault.Steam, "Steam", "gamer", "MFRGGZDFMZTWQ2LK", vault.SHA1, 5, 30, 0, ""},
			{vault.TOTP, "Meine Bank", "Girokonto", "ONSWG4TFOQYTEMZU", vault.SHA1, 6, 45, 0, ""},
		}, map[string]string{"Hash Site (md5 user)": "MD5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(readFixture(t, "freeotp", tt.file), "auto", "")
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "FreeOTP+" {
				t.Errorf("format %q", f.Format)
			}
			checkEntries(t, f, tt.want)
			checkProblems(t, f, tt.problems)
		})
	}
}

func TestFreeOTPDamagedSecretIsAProblem(t *testing.T) {
	f, err := readFreeOTP([]byte(`{"tokenOrder":[],"tokens":[{"type":"TOTP","issuerExt":"X","label":"y","secret":[1,2,300]},{"type":"TOTP","issuerExt":"Z","label":"w","secret":[]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, f, map[string]string{"X (y)": "damaged", "Z (w)": "missing"})
}

func FuzzFreeOTP(f *testing.F) {
	f.Add(readFixture(f, "freeotp", "aegis.json"))
	f.Add(readFixture(f, "freeotp", "sparekey.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		detectFreeOTP(data) // must not panic either
		checkFuzzResult(t, func() (*Found, error) { return readFreeOTP(data) })
	})
}
