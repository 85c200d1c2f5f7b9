package interop

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"sparekey/vault"
)

// Test vectors shared by the importer tests. aegisVectors are the seven keys
// of Aegis's importer tests (app/src/test/resources/.../importers/plain.txt
// in beemdevelopment/Aegis): the Aegis developers scanned them into each app
// and exported, and several fixtures in testdata are those exports.
var (
	vDeno    = want{vault.TOTP, "Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", vault.SHA1, 6, 30, 0, ""}
	vSPDX    = want{vault.TOTP, "SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", vault.SHA256, 7, 20, 0, ""}
	vAirbnb  = want{vault.TOTP, "Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA", vault.SHA512, 8, 50, 0, ""}
	vIssuu   = want{vault.HOTP, "Issuu", "James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", vault.SHA1, 6, 0, 1, ""}
	vAirCan  = want{vault.HOTP, "Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII", vault.SHA256, 7, 0, 50, ""}
	vWWE     = want{vault.HOTP, "WWE", "Mason", "5VAML3X35THCEBVRLV24CGBKOY", vault.SHA512, 8, 0, 10300, ""}
	vBoeing  = want{vault.Steam, "Boeing", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", vault.SHA1, 5, 30, 0, ""}
	allAegis = []want{vDeno, vSPDX, vAirbnb, vIssuu, vAirCan, vWWE, vBoeing}
)

// want is an expected entry: what a person would see of it.
type want struct {
	Type      vault.Type
	Issuer    string
	Account   string
	Secret    string
	Algorithm vault.Algorithm
	Digits    int
	Period    int
	Counter   uint64
	Note      string
}

func wantOf(e vault.Entry) want {
	return want{e.Type, e.Issuer, e.Account, e.Secret, e.Algorithm, e.Digits, e.Period, e.Counter, e.Note}
}

// with returns w changed by fn, for vectors an app stores differently.
func (w want) with(fn func(*want)) want {
	fn(&w)
	return w
}

// checkEntries asserts that f holds exactly the wanted entries, in order.
func checkEntries(t *testing.T, f *Found, wants []want) {
	t.Helper()
	if len(f.Entries) != len(wants) {
		for _, e := range f.Entries {
			t.Logf("got %+v", wantOf(e))
		}
		for _, p := range f.Problems {
			t.Logf("problem %s: %s", p.Name, p.Reason)
		}
		t.Fatalf("got %d entries, want %d", len(f.Entries), len(wants))
	}
	for i, e := range f.Entries {
		if got := wantOf(e); got != wants[i] {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got, wants[i])
		}
		if e.ID != "" {
			t.Errorf("entry %d has an id (%q); imports must leave ids to the vault", i, e.ID)
		}
		if _, err := e.Normalize(); err != nil {
			t.Errorf("entry %d is not a working entry: %v", i, err)
		}
	}
}

// checkProblems asserts that f has problems for exactly these names, each
// with a reason containing the given words.
func checkProblems(t *testing.T, f *Found, want map[string]string) {
	t.Helper()
	if len(f.Problems) != len(want) {
		for _, p := range f.Problems {
			t.Logf("problem %s: %s", p.Name, p.Reason)
		}
		t.Fatalf("got %d problems, want %d", len(f.Problems), len(want))
	}
	for _, p := range f.Problems {
		words, ok := want[p.Name]
		if !ok {
			t.Errorf("unexpected problem for %q: %s", p.Name, p.Reason)
			continue
		}
		if !strings.Contains(p.Reason, words) {
			t.Errorf("problem for %q is %q; want it to mention %q", p.Name, p.Reason, words)
		}
	}
}

func readFixture(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkFuzzResult runs an importer on fuzzed input: it must not panic, must
// not return both a result and an error, and every entry it returns must
// work.
func checkFuzzResult(t *testing.T, read func() (*Found, error)) {
	t.Helper()
	found, err := read()
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
		if e.ID != "" {
			t.Fatalf("entry %q has an id", e.Name())
		}
	}
}

// myFormats are the formats of this group of importers; the others (uris,
// google, aegis, images) have their own tests.
var myFormats = map[string]string{
	"twofas": "2fas", "andotp": "andotp", "bitwarden": "bitwarden", "ente": "ente",
	"freeotp": "freeotp", "authpro": "authpro", "proton": "proton", "freeotp2": "freeotp2",
}

// Every fixture is found to be its own format, by Read's own order of
// detection, and by exactly one of these importers' Detect functions.
func TestAutoDetectionPicksEachFormat(t *testing.T) {
	for dir, wantName := range myFormats {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no fixtures in %s", dir)
		}
		for _, file := range files {
			switch filepath.Ext(file) {
			case ".py", ".sh", ".java", ".md":
				continue // the program that made a fixture, or its notes
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var detected []string
			for _, f := range Formats() {
				if f.Detect(data) {
					detected = append(detected, f.Name)
				}
			}
			if len(detected) == 0 || detected[0] != wantName {
				t.Errorf("%s: detected as %q, want %q first", file, detected, wantName)
			}
			mine := 0
			for _, name := range detected {
				if _, ok := myFormatNames()[name]; ok {
					mine++
				}
			}
			if mine != 1 {
				t.Errorf("%s: detected by %q; want exactly one of %v", file, detected, myFormatNames())
			}
		}
	}
}

// The other importers' fixtures are not taken for any of these formats.
func TestOtherFormatsAreNotMistakenForThese(t *testing.T) {
	var files []string
	for _, dir := range []string{"aegis", "google", "uris", "qr"} {
		fs, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		files = append(files, fs...)
	}
	if len(files) == 0 {
		t.Skip("the other importers' fixtures are not there yet")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range Formats() {
			if _, ok := myFormatNames()[f.Name]; ok && f.Detect(data) {
				t.Errorf("%s is detected as %s", file, f.Name)
			}
		}
	}
}

func myFormatNames() map[string]bool {
	m := map[string]bool{}
	for _, name := range myFormats {
		m[name] = true
	}
	return m
}

// How long opening a password-protected export takes: the key derivation
// each app chose decides it, and the GUI shows progress for anything slow.
func BenchmarkOpenEncryptedExports(b *testing.B) {
	cases := []struct{ name, dir, file, password string }{
		{"2FAS (PBKDF2-SHA256, 10,000 rounds)", "twofas", "aegis_encrypted_v4_test.2fas", "test"},
		{"andOTP (PBKDF2-SHA1, 3,471 rounds)", "andotp", "sparekey_encrypted_pw_sparekey-test.json.aes", "sparekey-test"},
		{"andOTP today (PBKDF2-SHA1, 142,703 rounds)", "andotp", "sparekey_encrypted_current_pw_sparekey-test.json.aes", "sparekey-test"},
		{"Authenticator Pro (Argon2id, 64 MiB)", "authpro", "sparekey_encrypted_pw_sparekey-test.bin", "sparekey-test"},
		{"Bitwarden fixture (PBKDF2-SHA256, 5,000 rounds)", "bitwarden", "sparekey_password_protected_pw_sparekey-test.json", "sparekey-test"},
		{"Ente fixture (Argon2id, 8 MiB, 2 passes)", "ente", "sparekey_encrypted_pw_sparekey-test.json", "sparekey-test"},
		{"Proton (Argon2id, 19 MiB, 2 passes, its only setting)", "proton", "sparekey_encrypted_pw_sparekey-test.json", "sparekey-test"},
		{"FreeOTP 2 (PBKDF2-SHA512, 100,000 rounds, its only setting)", "freeotp2", "sparekey_externals_pw_sparekey-test.xml", "sparekey-test"},
	}
	for _, c := range cases {
		data := readFixture(b, c.dir, c.file)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Read(data, "auto", c.password); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The fixtures above use light settings; the apps' own defaults, and
	// the most Sparekey accepts, cost this much for the key alone.
	b.Run("andOTP's bound (PBKDF2-SHA1, 1,000,000 rounds)", func(b *testing.B) {
		for b.Loop() {
			if _, err := pbkdf2.Key(sha1.New, "password", []byte("salt"), 1_000_000, 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Bitwarden default key (PBKDF2-SHA256, 600,000 rounds)", func(b *testing.B) {
		for b.Loop() {
			if _, err := pbkdf2.Key(sha256.New, "password", []byte("salt"), 600000, 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Ente key at 1 GiB × 4 passes worth of work (Argon2id, 256 MiB, 16 passes)", func(b *testing.B) {
		for b.Loop() {
			argon2.IDKey([]byte("password"), make([]byte, 16), 16, 256*1024, 1, 32)
		}
	})
}

// What an import finds goes into a vault whole: notes and tags stay, every
// key makes codes, its otpauth link gives the same settings back, and a
// second import of the same file only finds duplicates.
func TestImportedEntriesLiveInAVault(t *testing.T) {
	fixtures := []struct{ dir, file, password string }{
		{"twofas", "aegis_encrypted_v4_test.2fas", "test"},
		{"twofas", "sparekey_unicode_v4.2fas", ""},
		{"andotp", "sparekey_unicode.json", ""},
		{"bitwarden", "sparekey.csv", ""},
		{"ente", "sparekey.txt", ""},
		{"freeotp", "aegis.json", ""},
		{"authpro", "stratum_aegis.json", ""},
		{"proton", "sparekey.json", ""},
		{"freeotp2", "sparekey_externals_pw_sparekey-test.xml", "sparekey-test"},
	}
	for _, fx := range fixtures {
		t.Run(fx.dir+"/"+fx.file, func(t *testing.T) {
			data := readFixture(t, fx.dir, fx.file)
			found, err := Read(data, "auto", fx.password)
			if err != nil {
				t.Fatal(err)
			}
			v := vault.NewInMemory()
			plan := PlanImport(v, found)
			if len(plan.New) != len(found.Entries) || len(plan.Duplicates) != 0 {
				t.Fatalf("plan: %d new, %d duplicates; want %d new", len(plan.New), len(plan.Duplicates), len(found.Entries))
			}
			added, err := plan.Apply(v)
			if err != nil {
				t.Fatal(err)
			}
			if len(added) != len(found.Entries) {
				t.Fatalf("added %d of %d", len(added), len(found.Entries))
			}
			for i, e := range added {
				if wantOf(e) != wantOf(found.Entries[i]) || len(e.Tags) != len(found.Entries[i].Tags) {
					t.Errorf("stored %+v (tags %q), found %+v (tags %q)", wantOf(e), e.Tags, wantOf(found.Entries[i]), found.Entries[i].Tags)
				}
				if _, err := e.CodeAt(time.Unix(1700000000, 0)); err != nil {
					t.Errorf("%s makes no code: %v", e.Name(), err)
				}
				back, _, err := vault.ParseURI(e.URI())
				if err != nil {
					t.Fatalf("%s: its link does not read back: %v", e.Name(), err)
				}
				back.Note = e.Note
				if wantOf(back) != wantOf(e) {
					t.Errorf("link of %+v reads back as %+v", wantOf(e), wantOf(back))
				}
			}
			again := PlanImport(v, found)
			if len(again.New) != 0 || len(again.Duplicates) != len(found.Entries) {
				t.Errorf("second import: %d new, %d duplicates", len(again.New), len(again.Duplicates))
			}
		})
	}
}

// A link that cannot be parsed never shows its key in the problem: some
// parse errors quote the whole link.
func TestBrokenLinksDoNotShowTheirKey(t *testing.T) {
	const key = "JBSWY3DPEHPK3PXP"
	link := "otpauth://totp/Bank:me?secret=" + key + "&issuer=Bank\x7f"
	quoted, _ := json.Marshal(link)
	exports := map[string][]byte{
		"ente":      []byte(link + "&codeDisplay=%7B%7D\n"),
		"bitwarden": []byte(`{"encrypted": false, "folders": [], "items": [{"type": 1, "name": "Bank", "login": {"username": "me", "totp": ` + string(quoted) + `}}]}`),
		"proton":    []byte(`{"version": 1, "entries": [{"id": "x", "content": {"uri": ` + string(quoted) + `, "entry_type": "Totp", "name": "me"}, "note": null}]}`),
	}
	for format, data := range exports {
		f, err := Read(data, format, "")
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(f.Problems) != 1 {
			t.Fatalf("%s: %d problems, want 1", format, len(f.Problems))
		}
		if p := f.Problems[0]; strings.Contains(p.Reason, key) || strings.Contains(p.Name, key) {
			t.Errorf("%s: the problem shows the key: %s: %s", format, p.Name, p.Reason)
		}
	}
}
