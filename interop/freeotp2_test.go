package interop

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"sparekey/vault"
)

// The keys of testdata/freeotp2/sparekey_externals_pw_sparekey-test.xml, a
// backup written with Java's ObjectOutputStream, Gson and JCA as FreeOTP
// writes it (see the folder's README), in Sparekey's order (by name: the
// backup keeps none).
var freeOTP2Keys = []want{
	vAirCan,
	vAirbnb,
	{vault.TOTP, "", "bare@example.com", "JBSWY3DPEHPK3PXP", vault.SHA1, 6, 30, 0, ""},
	{vault.TOTP, "Bücherei München 📚", "Zoë <&> 😀", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", vault.SHA1, 6, 30, 0, ""},
	vDeno,
	vIssuu,
	vSPDX,
	vBoeing.with(func(w *want) { w.Issuer = "Steam" }),
	vWWE,
}

func TestFreeOTP2Backups(t *testing.T) {
	full := readFixture(t, "freeotp2", "sparekey_externals_pw_sparekey-test.xml")
	sha1 := readFixture(t, "freeotp2", "sparekey_externals_sha1_unicode_password.xml")
	tests := []struct {
		name     string
		data     []byte
		password string
		want     []want
		problems map[string]string
		wantErr  error
	}{
		{"PBKDF2-SHA512, right password", full, "sparekey-test", freeOTP2Keys, map[string]string{"Odd (sha384)": "SHA384"}, nil},
		{"wrong password", full, "sparekey-Test", nil, nil, ErrWrongPassword},
		{"no password", full, "", nil, nil, ErrNeedPassword},
		{"PBKDF2-SHA1, password beyond ASCII", sha1, "Zoë 🔑 sparekey", []want{vDeno}, map[string]string{}, nil},
		{"PBKDF2-SHA1, the password in another normal form", sha1, "Zoe\u0308 🔑 sparekey", nil, nil, ErrWrongPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(tt.data, "auto", tt.password)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "FreeOTP" {
				t.Errorf("format %q", f.Format)
			}
			checkEntries(t, f, tt.want)
			checkProblems(t, f, tt.problems)
		})
	}
}

// One key whose ciphertext was changed is reported; the others come in.
func TestFreeOTP2DamagedKeyIsAProblem(t *testing.T) {
	data := bytes.Clone(readFixture(t, "freeotp2", "sparekey_externals_pw_sparekey-test.xml"))
	// The first token key's ciphertext: change one digit of its first
	// byte, which keeps every length in the stream.
	i := bytes.Index(data, []byte(`{"key":"{\"mCipherText\":[`))
	if i < 0 {
		t.Fatal("no token key in the fixture")
	}
	i += len(`{"key":"{\"mCipherText\":[`)
	if data[i] == '-' {
		i++
	}
	if data[i] == '2' {
		data[i] = '1'
	} else {
		data[i] = '2'
	}
	f, err := Read(data, "freeotp2", "sparekey-test")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != len(freeOTP2Keys)-1 || len(f.Problems) != 2 {
		t.Fatalf("%d entries, problems %+v; want one key fewer and its problem", len(f.Entries), f.Problems)
	}
	found := false
	for _, p := range f.Problems {
		found = found || strings.Contains(p.Reason, "its key in the backup is damaged")
	}
	if !found {
		t.Errorf("problems %+v do not name the damaged key", f.Problems)
	}
}

// A cut-short or damaged stream is said to be a damaged FreeOTP backup,
// never taken for a wrong password.
func TestFreeOTP2CutShort(t *testing.T) {
	data := readFixture(t, "freeotp2", "sparekey_externals_pw_sparekey-test.xml")
	for _, n := range []int{len(freeOTP2Magic), 100, len(data) / 2, len(data) - 1} {
		_, err := Read(data[:n], "auto", "sparekey-test")
		if err == nil || errors.Is(err, ErrWrongPassword) || !strings.Contains(err.Error(), "FreeOTP backup is damaged") {
			t.Errorf("cut at %d: %v", n, err)
		}
	}
}

// The Java serialisation reader takes the strings out of the map, leaves
// other values out, and decodes Java's modified UTF-8 (emoji as surrogate
// pairs, NUL as two bytes).
func TestJavaStringMap(t *testing.T) {
	m, keys, err := readJavaStringMap(readFixture(t, "freeotp2", "sparekey_externals_pw_sparekey-test.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// 10 tokens of two entries each, and the master key; not the Boolean.
	if len(m) != 21 || len(keys) != 21 {
		t.Errorf("%d strings, %d keys; want 21", len(m), len(keys))
	}
	if _, ok := m["restoreComplete"]; ok {
		t.Error("the Boolean flag was taken for a string")
	}
	s, err := decodeModifiedUTF8([]byte("a\xc0\x80\xed\xa0\xbd\xed\xb8\x80\xc3\xa9"))
	if err != nil || s != "a\x00😀é" {
		t.Errorf("decoded %q, %v", s, err)
	}
	for _, bad := range []string{"\x00", "\xc3", "\xe2\x82", "\xff"} {
		if _, err := decodeModifiedUTF8([]byte(bad)); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

func FuzzFreeOTP2(f *testing.F) {
	old := freeOTP2MaxRounds
	freeOTP2MaxRounds = 10 // keep each run fast; the layout is what is fuzzed
	f.Cleanup(func() { freeOTP2MaxRounds = old })
	f.Add(readFixture(f, "freeotp2", "fuzzseed_3_rounds_pw_sparekey-test.bin"))
	f.Add(readFixture(f, "freeotp2", "sparekey_externals_sha1_unicode_password.xml"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFuzzResult(t, func() (*Found, error) { return readFreeOTP2(data, "sparekey-test") })
	})
}
