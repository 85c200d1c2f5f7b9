package interop

import (
	"errors"
	"testing"

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
	checkProblems(t, f, map[string]string{"Line 3": "not a setup link"})
}

// The shape of Ente Auth's encrypted export (its export_widget.dart).
func TestEnteEncryptedExportIsExplained(t *testing.T) {
	data := []byte(`{"version":1,"kdfParams":{"memLimit":268435456,"opsLimit":4,"salt":"c2FsdHNhbHRzYWx0c2FsdA=="},"encryptedData":"AAECAwQ=","encryptionNonce":"BQYHCAk="}`)
	if _, err := Read(data, "auto", "pw"); !errors.Is(err, errEnteEncrypted) {
		t.Fatalf("got %v, want the encrypted-export explanation", err)
	}
}

func FuzzEnte(f *testing.F) {
	f.Add(readFixture(f, "ente", "aegis.txt"))
	f.Add(readFixture(f, "ente", "sparekey.txt"))
	f.Fuzz(func(t *testing.T, data []byte) {
		detectEnte(data) // must not panic either
		checkFuzzResult(t, func() (*Found, error) { return readEnte(data), nil })
	})
}
