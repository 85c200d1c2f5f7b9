package vault_test

import (
	"strings"
	"testing"
	"time"

	"sparekey/vault"
)

// seed returns the ASCII seed of RFC 6238 Appendix B for an algorithm: the
// RFC repeats "1234567890" up to 20, 32 or 64 bytes.
func seed(n int) string {
	return vault.EncodeSecret([]byte(strings.Repeat("1234567890", 7)[:n]))
}

func TestHOTPMatchesRFC4226AppendixD(t *testing.T) {
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for counter, code := range want {
		got, err := vault.HOTPCode(seed(20), uint64(counter), vault.SHA1, 6)
		if err != nil {
			t.Fatalf("counter %d: %v", counter, err)
		}
		if got != code {
			t.Errorf("counter %d: got %s, RFC 4226 says %s", counter, got, code)
		}
		// The same through an Entry.
		e := vault.Entry{Type: vault.HOTP, Secret: seed(20), Counter: uint64(counter)}
		if _, err := e.Normalize(); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.CodeAt(time.Unix(0, 0)); got != code {
			t.Errorf("entry at counter %d: got %s, want %s", counter, got, code)
		}
	}
}

func TestTOTPMatchesRFC6238AppendixB(t *testing.T) {
	vectors := []struct {
		unix                 int64
		sha1, sha256, sha512 string
	}{
		{59, "94287082", "46119246", "90693936"},
		{1111111109, "07081804", "68084774", "25091201"},
		{1111111111, "14050471", "67062674", "99943326"},
		{1234567890, "89005924", "91819424", "93441116"},
		{2000000000, "69279037", "90698825", "38618901"},
		{20000000000, "65353130", "77737706", "47863826"},
	}
	algs := []struct {
		alg  vault.Algorithm
		seed int
	}{{vault.SHA1, 20}, {vault.SHA256, 32}, {vault.SHA512, 64}}
	for _, v := range vectors {
		for i, a := range algs {
			want := []string{v.sha1, v.sha256, v.sha512}[i]
			e := vault.Entry{Type: vault.TOTP, Secret: seed(a.seed), Algorithm: a.alg, Digits: 8, Period: 30}
			if _, err := e.Normalize(); err != nil {
				t.Fatal(err)
			}
			got, err := e.CodeAt(time.Unix(v.unix, 0))
			if err != nil {
				t.Fatalf("%s at %d: %v", a.alg, v.unix, err)
			}
			if got != want {
				t.Errorf("%s at %d: got %s, RFC 6238 says %s", a.alg, v.unix, got, want)
			}
		}
	}
}

func TestSteamGuardCodes(t *testing.T) {
	e := vault.Entry{Type: vault.Steam, Secret: "63BEDWCQZKTQWPESARIERL5DTTQFCJTK"}
	if _, err := e.Normalize(); err != nil {
		t.Fatal(err)
	}
	if e.Digits != 5 || e.Period != 30 || e.Algorithm != vault.SHA1 {
		t.Errorf("steam entry settings = %d digits, %d s, %s", e.Digits, e.Period, e.Algorithm)
	}
	for unix, want := range map[int64]string{1511200518: "FR8RV", 1511200714: "9P3VP"} {
		got, err := e.CodeAt(time.Unix(unix, 0))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("steam code at %d = %s, want %s", unix, got, want)
		}
	}
}

func TestSecondsLeft(t *testing.T) {
	e := vault.Entry{Type: vault.TOTP, Period: 30}
	for unix, want := range map[int64]int{0: 30, 1: 29, 29: 1, 30: 30, 59: 1} {
		if got := e.SecondsLeft(time.Unix(unix, 0)); got != want {
			t.Errorf("SecondsLeft(%d) = %d, want %d", unix, got, want)
		}
	}
	h := vault.Entry{Type: vault.HOTP}
	if got := h.SecondsLeft(time.Unix(5, 0)); got != 0 {
		t.Errorf("HOTP SecondsLeft = %d, want 0", got)
	}
}

func TestFormatCode(t *testing.T) {
	for in, want := range map[string]string{"123456": "123 456", "1234567": "123 4567", "12345678": "1234 5678", "FR8RV": "FR8RV"} {
		if got := vault.FormatCode(in); got != want {
			t.Errorf("FormatCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeysAreAcceptedTheWayPeopleTypeThem(t *testing.T) {
	const canonical = "JBSWY3DPEHPK3PXP"
	for _, typed := range []string{
		"JBSWY3DPEHPK3PXP",
		"jbsw y3dp ehpk 3pxp",
		"JBSW-Y3DP-EHPK-3PXP",
		"  jbswy3dpehpk3pxp\n",
		"JBSWY3DPEHPK3PXP====",
		"jBsW\ty3Dp EHPK-3pxp=",
	} {
		got, warning, err := vault.CheckSecret(typed)
		if err != nil {
			t.Errorf("CheckSecret(%q): %v", typed, err)
			continue
		}
		if got != canonical {
			t.Errorf("CheckSecret(%q) = %q, want %q", typed, got, canonical)
		}
		if warning != "" {
			t.Errorf("CheckSecret(%q) warned %q for an 80-bit key", typed, warning)
		}
	}
	// Unpadded keys whose length is not a multiple of 8 still work and give
	// the same code as their padded form.
	odd := vault.EncodeSecret([]byte("12345678901234567890123"))
	if strings.Contains(odd, "=") || len(odd)%8 == 0 {
		t.Fatalf("test key %q should be unpadded with a partial block", odd)
	}
	e := vault.Entry{Secret: strings.ToLower(odd) + "==="}
	if _, err := e.Normalize(); err != nil {
		t.Fatalf("unpadded key: %v", err)
	}
	if e.Secret != odd {
		t.Errorf("secret = %q, want %q", e.Secret, odd)
	}
}

func TestKeysThatAreNotBase32GetAPlainMessage(t *testing.T) {
	for typed, mustSay := range map[string]string{
		"JBSWY3DPEHPK3PX0": "digit '0'",
		"JBSWY3DPEHPK3PX1": "digit '1'",
		"JBSWY3DPEHPK3PX8": "digit '8'",
		"JBSWY3DP!HPK3PXP": "character '!'",
		"JBSWY3DPEHPKé":    "character 'é'",
		"JBSWY3DPE":        "9 characters long",
		"JBSWY3DPEHP":      "11 characters long",
		"JBSWY3DPEHPK3P":   "14 characters long",
		"":                 "empty",
		"  - -  ":          "empty",
	} {
		_, _, err := vault.CheckSecret(typed)
		if err == nil {
			t.Errorf("CheckSecret(%q) accepted a key that is not base32", typed)
			continue
		}
		if !strings.Contains(err.Error(), mustSay) {
			t.Errorf("CheckSecret(%q) = %q, want it to mention %q", typed, err, mustSay)
		}
		if strings.Contains(err.Error(), "base32") || strings.Contains(err.Error(), "illegal") {
			t.Errorf("CheckSecret(%q) = %q uses jargon", typed, err)
		}
	}
}

func TestShortKeysAreAcceptedWithAWarning(t *testing.T) {
	short := vault.EncodeSecret([]byte("123456789")) // 72 bits
	got, warning, err := vault.CheckSecret(short)
	if err != nil {
		t.Fatalf("a 72-bit key was refused: %v", err)
	}
	if got != short {
		t.Errorf("got %q, want %q", got, short)
	}
	if !strings.Contains(warning, "short") {
		t.Errorf("a 72-bit key gave warning %q, want one that says it is short", warning)
	}
	// At 80 bits there is no warning.
	if _, warning, _ := vault.CheckSecret(vault.EncodeSecret([]byte("1234567890"))); warning != "" {
		t.Errorf("an 80-bit key warned %q", warning)
	}
	// The warning reaches the person through ParseURI and Vault.Add too.
	_, warning, err = vault.ParseURI("otpauth://totp/Short?secret=" + short)
	if err != nil || warning == "" {
		t.Errorf("ParseURI of a short key: warning %q, err %v", warning, err)
	}
	v := vault.NewInMemory()
	if _, warning, err := v.Add(vault.Entry{Secret: short}); err != nil || warning == "" {
		t.Errorf("Add of a short key: warning %q, err %v", warning, err)
	}
}
