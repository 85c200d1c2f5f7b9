package interop

import (
	"errors"
	"testing"

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

// An encrypted export (the shape Bitwarden's documentation shows for a
// password-protected one) gets a message that says how to export again.
func TestBitwardenEncryptedExportIsExplained(t *testing.T) {
	data := []byte(`{"encrypted": true, "passwordProtected": true, "salt": "aGVsbG8gd29ybGQ=", "kdfType": 0, "kdfIterations": 600000, "kdfMemory": null, "kdfParallelism": null, "encKeyValidation_DO_NOT_EDIT": "2.AAAA|BBBB|CCCC", "data": "2.DDDD|EEEE|FFFF"}`)
	_, err := Read(data, "auto", "whatever")
	if !errors.Is(err, errBitwardenEncrypted) {
		t.Fatalf("got %v, want the encrypted-export explanation", err)
	}
}

func FuzzBitwardenJSON(f *testing.F) {
	f.Add(readFixture(f, "bitwarden", "aegis.json"))
	f.Add(readFixture(f, "bitwarden", "sparekey.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		detectBitwardenJSON(data) // must not panic either
		checkFuzzResult(t, func() (*Found, error) { return readBitwardenJSON(data) })
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
