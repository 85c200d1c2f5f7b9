package interop

import (
	"errors"
	"strings"
	"testing"
)

// Other apps' internal data is refused with words that name the app and say
// what to do instead. The Authy, Duo and Battle.net files are real samples
// from Aegis's importer tests (beemdevelopment/Aegis,
// app/src/test/resources/.../importers, GPL-3.0); the two databases are
// made by make_databases.py with SQLite itself.
func TestOtherAppsDataIsNamed(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"aegis_authy_plain.xml", []string{"Authy app's internal list of keys", "Authy has no way to export", "scan the QR code"}},
		{"microsoft_authenticator.sqlite", []string{"Microsoft Authenticator's internal database", "set up two-factor authentication again"}},
		{"google_authenticator.sqlite", []string{"Google Authenticator's internal database", "Transfer accounts, then Export accounts"}},
		{"aegis_duo.json", []string{"Duo Mobile's internal list of accounts", "set up two-factor authentication again"}},
		{"aegis_battle_net_authenticator.xml", []string{"Battle.net Authenticator's internal data", "restore code"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data := readFixture(t, "otherapps", tc.file)
			f, err := Read(data, "auto", "")
			if err == nil {
				t.Fatalf("read %d keys; want a refusal", len(f.Entries))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if errors.Is(err, ErrUnknownFormat) {
				t.Error("the refusal is the generic one")
			}
			if !Recognises(data) {
				t.Error("Recognises is false, so a dropped file would be ignored")
			}
			if strings.Contains(err.Error(), "4SJHB4GSD43FZBAI7C2HLRJGPQ") {
				t.Error("the error shows a key")
			}
		})
	}
}

// Any other SQLite database is said to be an app's database, not an export.
func TestOtherDatabasesAreNamed(t *testing.T) {
	data := append([]byte("SQLite format 3\x00"), make([]byte, 4080)...)
	_, err := Read(data, "auto", "")
	if err == nil || !strings.Contains(err.Error(), "an app's internal database (SQLite), not an export") {
		t.Errorf("got %v", err)
	}
}

// Exports are not taken for other apps' data.
func TestExportsAreNotTakenForOtherAppsData(t *testing.T) {
	for _, file := range []string{"andotp/aegis_plain.json", "aegis/plain.json", "freeotp/aegis.json", "uris/list.txt", "google/batches.txt"} {
		if err := otherAppError(readTestdata(t, file)); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}

// The words for "does not recognise this file" name every format Sparekey
// reads, so that a person knows what to look for in the other app.
func TestUnknownFormatNamesEveryFormat(t *testing.T) {
	named := map[string]string{
		"aegis": "Aegis", "2fas": "2FAS", "andotp": "andOTP", "authpro": "Authenticator Pro",
		"bitwarden": "Bitwarden", "ente": "Ente Auth", "freeotp": "FreeOTP+", "freeotp2": "FreeOTP,",
		"proton": "Proton Authenticator", "steam": "Steam Desktop Authenticator", "google": "Google Authenticator's transfer QR codes",
		"uris": "lists of otpauth:// links", "image": "pictures of QR codes",
	}
	for _, f := range Formats() {
		words, ok := named[f.Name]
		if !ok {
			t.Errorf("format %s (%s) has no words here: name it in ErrUnknownFormat, the README and this test", f.Name, f.Title)
			continue
		}
		if !strings.Contains(ErrUnknownFormat.Error(), words) {
			t.Errorf("ErrUnknownFormat does not name %s (%q)", f.Name, words)
		}
	}
}
