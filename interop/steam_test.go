package interop

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sparekey/vault"
)

// The Steam Guard keys of the Steam fixtures. aegis_steam*.json are real
// samples of the Steam app's file from Aegis's importer tests
// (beemdevelopment/Aegis, GPL-3.0); the sda_* folders are written by
// make_sda.py as Steam Desktop Authenticator writes them.
var (
	steamSophia = want{vault.Steam, "Steam", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", vault.SHA1, 5, 30, 0, ""}
	steamGamer  = want{vault.Steam, "Steam", "gamer_one", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", vault.SHA1, 5, 30, 0, "Steam revocation code: R12345"}
	steamZoe    = want{vault.Steam, "Steam", "zoë_ünïcode", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA1, 5, 30, 0, "Steam revocation code: R34567"}
)

func steamFixture(parts ...string) string {
	return filepath.Join(append([]string{"testdata", "steam"}, parts...)...)
}

// readSteamFile reads a fixture as the command line and the app do: with
// the files beside it that it needs.
func readSteamFile(t *testing.T, password string, parts ...string) (*Found, error) {
	t.Helper()
	path := steamFixture(parts...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = WithFilesBeside(path, data)
	if !detectSteam(data) {
		t.Errorf("%s is not detected as Steam", path)
	}
	for _, f := range Formats() {
		if f.Detect(data) && f.Name != "steam" {
			t.Errorf("%s is detected as %s too", path, f.Name)
		}
	}
	return Read(data, "auto", password)
}

func TestSteamFiles(t *testing.T) {
	tests := []struct {
		name     string
		file     []string
		password string
		format   string
		want     []want
	}{
		{"Steam app, accounts", []string{"aegis_steam.json"}, "", "Steam app",
			[]want{steamSophia.with(func(w *want) { w.Note = "Steam revocation code: R1234" })}},
		{"Steam app, one account", []string{"aegis_steam_old.json"}, "", "Steam app",
			[]want{steamSophia.with(func(w *want) { w.Note = "Steam revocation code: R1234" })}},
		{"SDA .maFile", []string{"sda_plain", "76561198000000001.maFile"}, "", "Steam Desktop Authenticator", []want{steamGamer}},
		{"SDA manifest, no passkey", []string{"sda_plain", "manifest.json"}, "", "Steam Desktop Authenticator", []want{steamGamer}},
		{"SDA manifest with passkey", []string{"sda_encrypted", "manifest.json"}, "sparekey-test", "Steam Desktop Authenticator",
			[]want{steamSophia.with(func(w *want) { w.Note = "Steam revocation code: R23456" }), steamZoe}},
		{"SDA encrypted .maFile, manifest beside it", []string{"sda_encrypted", "76561198000000003.maFile"}, "sparekey-test",
			"Steam Desktop Authenticator", []want{steamZoe}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := readSteamFile(t, tt.password, tt.file...)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != tt.format {
				t.Errorf("format %q, want %q", f.Format, tt.format)
			}
			checkEntries(t, f, tt.want)
			checkProblems(t, f, map[string]string{})
		})
	}
}

func TestSDAPasskey(t *testing.T) {
	for _, file := range []string{"manifest.json", "76561198000000002.maFile"} {
		if _, err := readSteamFile(t, "", "sda_encrypted", file); !errors.Is(err, ErrNeedPassword) {
			t.Errorf("%s, no passkey: %v", file, err)
		}
		if _, err := readSteamFile(t, "sparekey-Test", "sda_encrypted", file); !errors.Is(err, ErrWrongPassword) {
			t.Errorf("%s, wrong passkey: %v", file, err)
		}
	}
}

// A manifest read without its folder (from standard input, say) says where
// the keys are; an account file missing from the folder is named.
func TestSDAManifestWithoutItsFiles(t *testing.T) {
	data, err := os.ReadFile(steamFixture("sda_encrypted", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read(data, "auto", "sparekey-test"); err == nil || !strings.Contains(err.Error(), "import manifest.json from its maFiles folder") {
		t.Errorf("manifest alone: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	one, err := os.ReadFile(steamFixture("sda_encrypted", "76561198000000003.maFile"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "76561198000000003.maFile"), one, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Read(WithFilesBeside(filepath.Join(dir, "manifest.json"), data), "auto", "sparekey-test")
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, f, []want{steamZoe})
	checkProblems(t, f, map[string]string{"Steam account file “76561198000000002.maFile”": "not beside manifest.json"})
}

// A manifest naming files outside its folder, links or large files gets
// none of them.
func TestSDAManifestReadsOnlyItsFolder(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte(`{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"stolen"}`), 0o600)
	sub := filepath.Join(dir, "maFiles")
	os.Mkdir(sub, 0o700)
	os.Symlink(secret, filepath.Join(sub, "link.maFile"))
	big := `{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"big","pad":"` + strings.Repeat("x", 70<<10) + `"}`
	os.WriteFile(filepath.Join(sub, "big.maFile"), []byte(big), 0o600)
	manifest := `{"encrypted":false,"entries":[{"filename":"../secret.txt"},{"filename":"` + secret + `"},{"filename":"link.maFile"},{"filename":"big.maFile"}]}`
	f, err := Read(WithFilesBeside(filepath.Join(sub, "manifest.json"), []byte(manifest)), "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 0 || len(f.Problems) != 4 {
		t.Errorf("%d entries, problems %+v; want none read", len(f.Entries), f.Problems)
	}
}

func FuzzSteam(f *testing.F) {
	old := sdaRounds
	sdaRounds = 2 // keep each run fast; the layout is what is fuzzed
	f.Cleanup(func() { sdaRounds = old })
	for _, file := range []string{"aegis_steam.json", "aegis_steam_old.json", filepath.Join("sda_plain", "76561198000000001.maFile")} {
		data, err := os.ReadFile(steamFixture(file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	manifest, err := os.ReadFile(steamFixture("sda_encrypted", "manifest.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(WithFilesBeside(steamFixture("sda_encrypted", "manifest.json"), manifest))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFuzzResult(t, func() (*Found, error) { return readSteam(data, "sparekey-test") })
	})
}
