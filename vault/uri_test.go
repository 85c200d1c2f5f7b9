package vault_test

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"sparekey/vault"
)

// codeFields is what an otpauth:// link carries; a round trip keeps all of it.
type codeFields struct {
	Type      vault.Type
	Issuer    string
	Account   string
	Secret    string
	Algorithm vault.Algorithm
	Digits    int
	Period    int
	Counter   uint64
}

func fieldsOf(e vault.Entry) codeFields {
	return codeFields{e.Type, e.Issuer, e.Account, e.Secret, e.Algorithm, e.Digits, e.Period, e.Counter}
}

var namePieces = []string{
	"ACME", "Example Co", "john@example.com", "a:b", "R&D", "100%", "50% off", "x+y=z", "a/b", "what?", "#1",
	"Zürich Bank", "東京", "Ελληνικά", "🔐 vault", "née", "semi;colon", "tab\there", "~tilde~", "quote\"s", "'apos'",
	"%41", "%zz", "plus+", "back\\slash", "ünïcödé:äccount", "[brackets]", "comma,here", "équipe@société.fr",
}

func randomName(rng *rand.Rand) string {
	var parts []string
	for n := rng.IntN(3); n >= 0; n-- {
		parts = append(parts, namePieces[rng.IntN(len(namePieces))])
	}
	return strings.Join(parts, []string{" ", ":", "", "&", "%"}[rng.IntN(5)])
}

func randomEntry(rng *rand.Rand) vault.Entry {
	raw := make([]byte, 8+rng.IntN(40))
	for i := range raw {
		raw[i] = byte(rng.UintN(256))
	}
	e := vault.Entry{
		Type:      []vault.Type{vault.TOTP, vault.HOTP, vault.Steam}[rng.IntN(3)],
		Secret:    vault.EncodeSecret(raw),
		Algorithm: []vault.Algorithm{vault.SHA1, vault.SHA256, vault.SHA512}[rng.IntN(3)],
		Digits:    6 + rng.IntN(3),
		Period:    []int{30, 60, 15, 1, 86400, 1 + rng.IntN(1000)}[rng.IntN(6)],
		Counter:   []uint64{0, 1, rng.Uint64(), uint64(rng.IntN(1000))}[rng.IntN(4)],
	}
	if rng.IntN(4) > 0 {
		e.Issuer = randomName(rng)
	}
	if rng.IntN(6) > 0 {
		e.Account = randomName(rng)
	}
	return e
}

func TestURIRoundTripOfRandomEntries(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 42))
	for i := 0; i < 3000; i++ {
		e := randomEntry(rng)
		if _, err := e.Normalize(); err != nil {
			t.Fatalf("normalizing %+v: %v", e, err)
		}
		link := e.URI()
		back, _, err := vault.ParseURI(link)
		if err != nil {
			t.Fatalf("ParseURI(%q): %v", link, err)
		}
		if fieldsOf(back) != fieldsOf(e) {
			t.Fatalf("round trip through %q:\n got %+v\nwant %+v", link, fieldsOf(back), fieldsOf(e))
		}
		if back.URI() != link {
			t.Errorf("URI is not stable: %q then %q", link, back.URI())
		}
		if e.Issuer != "" {
			// The issuer only in the label, then only in the parameter.
			i := strings.Index(link, "&issuer=")
			j := strings.IndexByte(link[i+1:], '&')
			labelOnly := link[:i]
			if j >= 0 {
				labelOnly += link[i+1+j:]
			}
			k := strings.Index(link, "/"+escapedLabelIssuer(e.Issuer)+":")
			paramOnly := link[:k+1] + link[k+1+len(escapedLabelIssuer(e.Issuer))+1:]
			variants := []string{labelOnly, paramOnly}
			if strings.HasPrefix(e.Account, e.Issuer+":") {
				// "ACME%3AACME:x" without the label's issuer reads as
				// the escaped-separator convention; that link is
				// ambiguous, and not one Sparekey writes.
				variants = variants[:1]
			}
			for _, variant := range variants {
				got, _, err := vault.ParseURI(variant)
				if err != nil || fieldsOf(got) != fieldsOf(e) {
					t.Fatalf("ParseURI(%q) = %+v, %v; want %+v", variant, fieldsOf(got), err, fieldsOf(e))
				}
			}
		}
		if e.Type == vault.Steam {
			// encoder=steam on a totp link is the same Steam key.
			variant := strings.Replace(link, "otpauth://steam/", "otpauth://totp/", 1) + "&encoder=steam&digits=5"
			got, _, err := vault.ParseURI(variant)
			if err != nil || fieldsOf(got) != fieldsOf(e) {
				t.Fatalf("ParseURI(%q) = %+v, %v; want %+v", variant, fieldsOf(got), err, fieldsOf(e))
			}
		}
		c1, _ := e.CodeAt(time.Unix(1700000000, 0))
		c2, _ := back.CodeAt(time.Unix(1700000000, 0))
		if c1 != c2 || c1 == "" {
			t.Errorf("codes differ after a round trip: %q and %q", c1, c2)
		}
	}
}

// escapedLabelIssuer is how Entry.URI writes an issuer in the label.
func escapedLabelIssuer(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

func TestParseURIReadsTheWaysAppsWriteLinks(t *testing.T) {
	const key = "JBSWY3DPEHPK3PXP"
	tests := []struct {
		name, link string
		want       codeFields
	}{
		{"issuer only in the label", "otpauth://totp/ACME%20Co:john@example.com?secret=" + key,
			codeFields{vault.TOTP, "ACME Co", "john@example.com", key, vault.SHA1, 6, 30, 0}},
		{"issuer only in the parameter", "otpauth://totp/john@example.com?secret=" + key + "&issuer=ACME%20Co",
			codeFields{vault.TOTP, "ACME Co", "john@example.com", key, vault.SHA1, 6, 30, 0}},
		{"parameter wins over label", "otpauth://totp/Old:john?secret=" + key + "&issuer=New",
			codeFields{vault.TOTP, "New", "john", key, vault.SHA1, 6, 30, 0}},
		{"escaped separator", "otpauth://totp/ACME%3Ajohn?secret=" + key + "&issuer=ACME",
			codeFields{vault.TOTP, "ACME", "john", key, vault.SHA1, 6, 30, 0}},
		{"escaped colon in the account stays", "otpauth://totp/ACME:a%3Ab?secret=" + key,
			codeFields{vault.TOTP, "ACME", "a:b", key, vault.SHA1, 6, 30, 0}},
		{"spaces after the colon", "otpauth://totp/ACME:%20%20john?secret=" + key,
			codeFields{vault.TOTP, "ACME", "john", key, vault.SHA1, 6, 30, 0}},
		{"plus in the issuer parameter is a space", "otpauth://totp/x?secret=" + key + "&issuer=Big+Bank",
			codeFields{vault.TOTP, "Big Bank", "x", key, vault.SHA1, 6, 30, 0}},
		{"unicode, escaped", "otpauth://totp/%E6%9D%B1%E4%BA%AC:%C3%A9@x?secret=" + key,
			codeFields{vault.TOTP, "東京", "é@x", key, vault.SHA1, 6, 30, 0}},
		{"lower-case key with padding", "otpauth://totp/x?secret=jbswy3dpehpk3pxp====",
			codeFields{vault.TOTP, "", "x", key, vault.SHA1, 6, 30, 0}},
		{"all settings", "otpauth://totp/x?secret=" + key + "&algorithm=SHA512&digits=8&period=60",
			codeFields{vault.TOTP, "", "x", key, vault.SHA512, 8, 60, 0}},
		{"hotp with counter", "otpauth://hotp/Bank:me?secret=" + key + "&counter=42&algorithm=sha256&digits=7",
			codeFields{vault.HOTP, "Bank", "me", key, vault.SHA256, 7, 0, 42}},
		{"hotp without counter starts at 0", "otpauth://hotp/me?secret=" + key,
			codeFields{vault.HOTP, "", "me", key, vault.SHA1, 6, 0, 0}},
		{"steam", "otpauth://steam/Steam:gamer?secret=" + key,
			codeFields{vault.Steam, "Steam", "gamer", key, vault.SHA1, 5, 30, 0}},
		{"encoder=steam", "otpauth://totp/Steam:gamer?secret=" + key + "&issuer=Steam&encoder=steam&digits=5",
			codeFields{vault.Steam, "Steam", "gamer", key, vault.SHA1, 5, 30, 0}},
		{"upper-case scheme and kind", "OTPAUTH://TOTP/x?secret=" + key,
			codeFields{vault.TOTP, "", "x", key, vault.SHA1, 6, 30, 0}},
		{"no label", "otpauth://totp/?secret=" + key + "&issuer=ACME",
			codeFields{vault.TOTP, "ACME", "", key, vault.SHA1, 6, 30, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, err := vault.ParseURI(tt.link)
			if err != nil {
				t.Fatalf("ParseURI(%q): %v", tt.link, err)
			}
			if fieldsOf(e) != tt.want {
				t.Errorf("ParseURI(%q)\n got %+v\nwant %+v", tt.link, fieldsOf(e), tt.want)
			}
			back, _, err := vault.ParseURI(e.URI())
			if err != nil || fieldsOf(back) != tt.want {
				t.Errorf("round trip through %q: %+v, %v", e.URI(), fieldsOf(back), err)
			}
		})
	}
}

func TestParseURIRefusesBrokenLinksInPlainWords(t *testing.T) {
	for link, mustSay := range map[string]string{
		"https://example.com/?secret=JBSWY3DPEHPK3PXP":           "otpauth://",
		"otpauth://yotp/x?secret=JBSWY3DPEHPK3PXP":               "totp, hotp and steam",
		"otpauth://totp/x":                                       "no key",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PX0":               "digit '0'",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5": "algorithm",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six":    "digits",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9":      "6, 7 or 8 digits",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=-5":     "seconds",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=soon":   "period",
		"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=-1":    "counter",
		"otpauth://totp/x%zz?secret=JBSWY3DPEHPK3PXP":            "key link",
	} {
		_, _, err := vault.ParseURI(link)
		if err == nil {
			t.Errorf("ParseURI(%q) accepted a broken link", link)
			continue
		}
		if !strings.Contains(err.Error(), mustSay) {
			t.Errorf("ParseURI(%q) = %q, want it to mention %q", link, err, mustSay)
		}
	}
}

// FuzzParseURI: no input panics; whatever ParseURI accepts is a normalized
// entry whose own link reads back to the same entry.
func FuzzParseURI(f *testing.F) {
	for _, s := range []string{
		"otpauth://totp/ACME%20Co:john@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co",
		"otpauth://hotp/Bank:me?secret=JBSWY3DPEHPK3PXP&counter=42&algorithm=SHA256&digits=7",
		"otpauth://steam/Steam:gamer?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK",
		"otpauth://totp/Steam:gamer?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK&encoder=steam",
		"otpauth://totp/ACME%3Ajohn?secret=jbsw-y3dp-ehpk-3pxp&issuer=ACME&period=60&digits=8&algorithm=SHA512",
		"otpauth://totp/%E6%9D%B1%E4%BA%AC?secret=JBSWY3DPEHPK3PXP",
		"otpauth://totp/?secret=GEZDGNBV",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, _, err := vault.ParseURI(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			// The key never shows up in a message (messages reach the
			// screen, the terminal and logs).
			_, query, _ := strings.Cut(s, "?")
			if i := strings.Index("&"+query, "&secret="); i >= 0 {
				key, _, _ := strings.Cut(query[i+len("secret="):], "&")
				if len(key) >= 6 && strings.Count(s, key) == 1 && strings.Contains(err.Error(), key) {
					t.Fatalf("ParseURI(%q): the error %q holds the key", s, err)
				}
			}
			return
		}
		again := e
		if w, err := again.Normalize(); err != nil || fieldsOf(again) != fieldsOf(e) {
			t.Fatalf("ParseURI(%q) gave an entry that is not normalized: %+v -> %+v (%q, %v)", s, e, again, w, err)
		}
		if !utf8.ValidString(e.Issuer) || !utf8.ValidString(e.Account) {
			t.Fatalf("ParseURI(%q) gave names that are not UTF-8: %q %q", s, e.Issuer, e.Account)
		}
		link := e.URI()
		back, _, err := vault.ParseURI(link)
		if err != nil {
			t.Fatalf("ParseURI(%q) = %+v, whose link %q does not read back: %v", s, fieldsOf(e), link, err)
		}
		if fieldsOf(back) != fieldsOf(e) {
			t.Fatalf("ParseURI(%q) = %+v, but its link %q reads back as %+v", s, fieldsOf(e), link, fieldsOf(back))
		}
		if _, err := e.CodeAt(time.Unix(1700000000, 0)); err != nil {
			t.Fatalf("ParseURI(%q) accepted an entry that makes no code: %v", s, err)
		}
	})
}

func TestSheetLinkSaysTheKeyIsOnPaperAndWhen(t *testing.T) {
	e := vault.Entry{Issuer: "Example Bank", Account: "ada", Secret: "JBSWY3DPEHPK3PXP"}
	if _, err := e.Normalize(); err != nil {
		t.Fatal(err)
	}
	paris := time.FixedZone("Paris", 3600)
	link := e.SheetURI(time.Date(2026, 11, 30, 23, 30, 0, 0, paris))
	if want := e.URI() + "&sk=20261130"; link != want {
		t.Fatalf("sheet link %q, want %q", link, want)
	}
	back, _, err := vault.ParseURI(link)
	if err != nil {
		t.Fatal(err)
	}
	if fieldsOf(back) != fieldsOf(e) || back.URI() != e.URI() {
		t.Errorf("the sheet link reads back as %+v, want %+v", fieldsOf(back), fieldsOf(e))
	}
	if want := time.Date(2026, 11, 30, 12, 0, 0, 0, time.Local); !back.Printed.Equal(want) || back.Printed.Location() != time.UTC {
		t.Errorf("Printed %v, want %v in UTC (the sheet's date, noon here)", back.Printed, want)
	}
	for _, other := range []string{e.URI(), e.URI() + "&sk=", e.URI() + "&sk=30112026", e.URI() + "&sk=20260230", e.URI() + "&sk=2026-11-30"} {
		got, _, err := vault.ParseURI(other)
		if err != nil {
			t.Fatalf("%q: %v", other, err)
		}
		if !got.Printed.IsZero() {
			t.Errorf("%q counts as printed on %v, want not on paper", other, got.Printed)
		}
	}
}
