package interop

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sparekey/vault"
)

// foundKey is what a test expects of one imported entry.
type foundKey struct {
	Type      vault.Type
	Issuer    string
	Account   string
	Secret    string
	Algorithm vault.Algorithm
	Digits    int
	Period    int
	Counter   uint64
	Note      string
	Tags      []string
}

func keyOf(e vault.Entry) foundKey {
	return foundKey{e.Type, e.Issuer, e.Account, e.Secret, e.Algorithm, e.Digits, e.Period, e.Counter, e.Note, e.Tags}
}

// checkFoundEntries compares what an import found with what the file holds.
func checkFoundEntries(t *testing.T, got []vault.Entry, want []foundKey) {
	t.Helper()
	if len(got) != len(want) {
		for _, e := range got {
			t.Logf("got %+v", keyOf(e))
		}
		t.Fatalf("got %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		if g := keyOf(got[i]); !reflect.DeepEqual(g, want[i]) {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, g, want[i])
		}
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The keys of testdata/uris/list.txt and testdata/aegis/plain.json: every
// setting a format may carry.
var (
	keyExample = foundKey{Type: vault.TOTP, Issuer: "Example", Account: "alice@example.com", Secret: "JBSWY3DPEHPK3PXP", Algorithm: vault.SHA1, Digits: 6, Period: 30}
	keyUnicode = foundKey{Type: vault.TOTP, Issuer: "Ünïcödé Bank", Account: "Zoë 😀", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: vault.SHA256, Digits: 8, Period: 60}
	keySeven   = foundKey{Type: vault.TOTP, Issuer: "Seven", Account: "dave", Secret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF", Algorithm: vault.SHA512, Digits: 7, Period: 20}
	keyCounter = foundKey{Type: vault.HOTP, Issuer: "Counter Co", Account: "bob", Secret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF", Algorithm: vault.SHA512, Digits: 6, Counter: 42}
	keySteam   = foundKey{Type: vault.Steam, Issuer: "Steam", Account: "gamer", Secret: "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", Algorithm: vault.SHA1, Digits: 5, Period: 30}
)

func TestReadLinksList(t *testing.T) {
	f, err := Read(readTestdata(t, "uris/list.txt"), "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	steam2 := foundKey{Type: vault.Steam, Issuer: "Valve", Account: "player2", Secret: "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43V", Algorithm: vault.SHA1, Digits: 5, Period: 30}
	checkFoundEntries(t, f.Entries, []foundKey{keyExample, keyUnicode, keySeven, keyCounter, keySteam, steam2})
	if len(f.Problems) != 1 || f.Problems[0].Name != "Broken (eve)" || !strings.Contains(f.Problems[0].Reason, `digit '1'`) {
		t.Errorf("problems = %+v, want the broken link named with its wrong character", f.Problems)
	}
	if strings.Contains(fmt.Sprint(f.Problems), "THIS1IS0") {
		t.Error("a problem shows the secret")
	}
}

// A line starting with "#" is a comment: the links commented out in it are
// not keys, and not problems either.
func TestReadLinksSkipsComments(t *testing.T) {
	f, err := Read(readTestdata(t, "uris/commented.txt"), "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	checkFoundEntries(t, f.Entries, []foundKey{keySeven, keySteam})
	if len(f.Problems) != 0 {
		t.Errorf("problems = %+v, want none", f.Problems)
	}
}

func TestReadGoogleBatches(t *testing.T) {
	f, err := Read(readTestdata(t, "google/batches.txt"), "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != "Google Authenticator" {
		t.Errorf("format %q", f.Format)
	}
	checkFoundEntries(t, f.Entries, []foundKey{
		keyExample,
		{Type: vault.TOTP, Issuer: "Ünïcödé Bank", Account: "Zoë 😀", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: vault.SHA256, Digits: 8, Period: 30},
		keyCounter,
	})
	if len(f.Problems) != 1 || f.Problems[0].Name != "Legacy (old@example.com)" || !strings.Contains(f.Problems[0].Reason, "MD5") {
		t.Errorf("problems = %+v, want the MD5 key", f.Problems)
	}
}

func TestReadGoogleRealExport(t *testing.T) {
	f, err := Read(readTestdata(t, "google/real_export.txt"), "google", "")
	if err != nil {
		t.Fatal(err)
	}
	const secret = "7KSQL2JTUDIS5EF65KLMRQIIGY"
	checkFoundEntries(t, f.Entries, []foundKey{
		{Type: vault.TOTP, Issuer: "raspberrypi", Account: "pi@raspberrypi", Secret: secret, Algorithm: vault.SHA1, Digits: 6, Period: 30},
		{Type: vault.HOTP, Account: "hotp demo", Secret: secret, Algorithm: vault.SHA1, Digits: 6, Counter: 4},
		{Type: vault.TOTP, Account: "encoding: ¿äÄéÉ? (demo)", Secret: secret, Algorithm: vault.SHA1, Digits: 6, Period: 30},
	})
	if len(f.Problems) != 0 {
		t.Errorf("problems: %+v", f.Problems)
	}
}

func TestReadGoogleMissingBatch(t *testing.T) {
	f, err := Read(readTestdata(t, "google/missing.txt"), "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	checkFoundEntries(t, f.Entries, []foundKey{{Type: vault.TOTP, Issuer: "Solo", Account: "carol", Secret: "JBSWY3DPEHPK3PXP", Algorithm: vault.SHA1, Digits: 6, Period: 30}})
	want := "The transfer has 3 QR codes, and QR codes 2 and 3 of them were not found. Scan or import the missing ones too."
	if len(f.Problems) != 1 || f.Problems[0].Reason != want {
		t.Errorf("problems = %+v, want %q", f.Problems, want)
	}
}

func TestMigrationPayloadDecoding(t *testing.T) {
	// Hand-made protobuf: each case is the bytes of a MigrationPayload.
	op := []byte{0x0a, 0x03, 'a', 'b', 'c', 0x12, 0x01, 'n', 0x20, 0x02, 0x28, 0x02, 0x30, 0x02}
	withOp := append([]byte{0x0a, byte(len(op))}, op...)
	tests := []struct {
		name    string
		data    []byte
		want    *migrationPayload
		wantErr bool
	}{
		{"empty payload", nil, &migrationPayload{}, false},
		{"one key", withOp, &migrationPayload{Params: []migrationParams{{Secret: []byte("abc"), Name: "n", Algorithm: 2, Digits: 2, Type: 2}}}, false},
		{"negative batch id as a 10-byte varint", []byte{0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, &migrationPayload{BatchID: -1}, false},
		{"batch fields", []byte{0x10, 0x01, 0x18, 0x03, 0x20, 0x02, 0x28, 0x05}, &migrationPayload{Version: 1, BatchSize: 3, BatchIndex: 2, BatchID: 5}, false},
		{"unknown fields of every wire type are skipped", []byte{0x48, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5a, 0x01, 'x', 0x65, 1, 2, 3, 4, 0x10, 0x01}, &migrationPayload{Version: 1}, false},
		{"truncated varint", []byte{0x28, 0xff}, nil, true},
		{"varint over 64 bits", []byte{0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, nil, true},
		{"length past the end", []byte{0x0a, 0x05, 0x01}, nil, true},
		{"field number zero", []byte{0x00, 0x01}, nil, true},
		{"group wire type", []byte{0x0b, 0x0c}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeMigrationPayload(tc.data)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("decoded %+v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestMigrationPayloadEncodeDecode(t *testing.T) {
	p := &migrationPayload{
		Params: []migrationParams{
			{Secret: []byte{1, 2, 3, 4, 5}, Name: "Zoë", Issuer: "Bank", Algorithm: migAlgSHA512, Digits: migDigitsEight, Type: migTypeHOTP, Counter: 1 << 40},
			{Secret: []byte("0123456789"), Name: "x", Algorithm: migAlgSHA1, Digits: migDigitsSix, Type: migTypeTOTP},
		},
		Version: 1, BatchSize: 4, BatchIndex: 3, BatchID: -2147483648,
	}
	enc := p.encode()
	got, err := decodeMigrationPayload(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Errorf("got %+v, want %+v", got, p)
	}
	// The negative batch id is the 10 bytes protobuf writes for int32.
	if tail := enc[len(enc)-11:]; tail[0] != 0x28 || tail[10] != 0x01 {
		t.Errorf("batch id encoded as % x", tail)
	}
	back, err := parseMigrationLink(p.link())
	if err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("link round trip: %+v, %v", back, err)
	}
}

func TestMigrationLinkForms(t *testing.T) {
	p := &migrationPayload{Params: []migrationParams{{Secret: []byte{0xfb, 0xff, 0xfe}, Name: "n", Type: migTypeTOTP}}, Version: 1}
	b64 := base64.StdEncoding.EncodeToString(p.encode())
	if !strings.ContainsAny(b64, "+/") {
		t.Fatalf("test payload %q should need escaping", b64)
	}
	for _, link := range []string{
		p.link(),
		"otpauth-migration://offline?data=" + b64,                                      // copied without escaping
		"OTPAUTH-MIGRATION://offline?data=" + strings.TrimRight(b64, "=") + "&extra=1", // no padding, other parameters
	} {
		got, err := parseMigrationLink(link)
		if err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("%s: %+v, %v", link, got, err)
		}
	}
	for _, bad := range []string{"otpauth-migration://offline", "otpauth-migration://offline?data=%%%", "otpauth://totp/x?secret=A"} {
		if _, err := parseMigrationLink(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestMigrationCannotCarry(t *testing.T) {
	tests := []struct {
		key  foundKey
		want string // part of the reason; "" when it can go
	}{
		{keyExample, ""},
		{keyCounter, ""},
		{foundKey{Type: vault.TOTP, Secret: "JBSWY3DPEHPK3PXP", Algorithm: vault.SHA256, Digits: 8, Period: 30}, ""},
		{keySeven, "every 20 seconds"},
		{foundKey{Type: vault.TOTP, Secret: "JBSWY3DPEHPK3PXP", Algorithm: vault.SHA1, Digits: 7, Period: 30}, "7 digits"},
		{keySteam, "Steam"},
	}
	for _, tc := range tests {
		k := tc.key
		e := vault.Entry{Type: k.Type, Secret: k.Secret, Algorithm: k.Algorithm, Digits: k.Digits, Period: k.Period, Counter: k.Counter}
		_, err := migrationParamsOf(e)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", k, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%+v: error %v, want one with %q", k, err, tc.want)
		}
	}
}

func TestReadUnknownContent(t *testing.T) {
	for _, data := range []string{"", "hello", "{}", "\x89PNG\r\n\x1a\nbroken"} {
		_, err := Read([]byte(data), "auto", "")
		if err == nil {
			t.Errorf("%q: no error", data)
		}
	}
	if _, err := Read([]byte("hello"), "auto", ""); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("plain text: %v, want ErrUnknownFormat", err)
	}
}

func TestImportPlanSkipsDuplicates(t *testing.T) {
	v := vault.NewInMemory()
	if _, _, err := v.Add(vault.Entry{Issuer: "Example", Account: "alice@example.com", Secret: "JBSWY3DPEHPK3PXP"}); err != nil {
		t.Fatal(err)
	}
	f, err := Read(readTestdata(t, "uris/list.txt"), "uris", "")
	if err != nil {
		t.Fatal(err)
	}
	// The list twice: every key of the second copy is a repeat, except the
	// one the vault has, which is a duplicate both times.
	f.Entries = append(f.Entries, f.Entries...)
	plan := PlanImport(v, f)
	if len(plan.New) != 5 || len(plan.Duplicates) != 2 || len(plan.Repeats) != 5 || len(plan.Problems) != 1 {
		t.Fatalf("plan: %d new, %d duplicates, %d repeats, %d problems", len(plan.New), len(plan.Duplicates), len(plan.Repeats), len(plan.Problems))
	}
	if len(v.Sorted()) != 1 {
		t.Fatal("planning changed the vault")
	}
	added, err := plan.Apply(v)
	if err != nil || len(added) != 5 || len(v.Sorted()) != 6 {
		t.Fatalf("apply: %d added, %v; vault has %d", len(added), err, len(v.Sorted()))
	}
}

// A key that a file holds twice is skipped the second time, and said to
// appear twice in the file (not to be in the vault, which may be empty),
// naming the one kept; over several files, "in these files".
func TestImportPlanNamesKeysTwiceInTheFile(t *testing.T) {
	data := []byte("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub\n" +
		"otpauth://totp/Example:bob?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF&issuer=Example\n" +
		"otpauth://totp/GitHub%20old:alice?secret=jbsw%20y3dp%20ehpk%203pxp\n")
	f, err := Read(data, "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	plan := PlanImport(vault.NewInMemory(), f)
	if len(plan.New) != 2 || len(plan.Duplicates) != 0 || len(plan.Repeats) != 1 {
		t.Fatalf("plan: %d new, %d duplicates, %d repeats", len(plan.New), len(plan.Duplicates), len(plan.Repeats))
	}
	want := "GitHub old (alice): the same key appears twice in this file; the one kept is “GitHub (alice)”"
	if got := plan.Repeats[0].String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}

	other, err := Read([]byte("otpauth://totp/Example:bob?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF&issuer=Example\n"), "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	// The app merges each file into what it read before, from nothing.
	if got := PlanImport(vault.NewInMemory(), Merge(&Found{}, f)).Repeats[0].Reason(); !strings.Contains(got, "this file") {
		t.Errorf("one file merged into nothing: %q", got)
	}
	plan = PlanImport(vault.NewInMemory(), Merge(Merge(&Found{}, f), other))
	if len(plan.Repeats) != 2 {
		t.Fatalf("%d repeats over two files, want 2", len(plan.Repeats))
	}
	want = "Example (bob): the same key appears twice in these files; the one kept is “Example (bob)”"
	if got := plan.Repeats[1].String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func BenchmarkImport10000Links(b *testing.B) {
	var sb strings.Builder
	for i := range 10000 {
		e := vault.Entry{Type: vault.TOTP, Issuer: fmt.Sprintf("Site %d", i), Account: fmt.Sprintf("user%d@example.com", i),
			Secret: vault.EncodeSecret([]byte(fmt.Sprintf("secret-number-%06d", i))), Algorithm: vault.SHA1, Digits: 6, Period: 30}
		sb.WriteString(e.URI() + "\n")
	}
	data := []byte(sb.String())
	b.ResetTimer()
	for b.Loop() {
		// Read the file, plan against an empty vault, add every key.
		v := vault.NewInMemory()
		f, err := Read(data, "auto", "")
		if err != nil || len(f.Entries) != 10000 {
			b.Fatalf("%v, %d entries", err, len(f.Entries))
		}
		plan := PlanImport(v, f)
		if len(plan.New) != 10000 {
			b.Fatalf("%d new", len(plan.New))
		}
		if added, err := plan.Apply(v); err != nil || len(added) != 10000 {
			b.Fatalf("%d added, %v", len(added), err)
		}
	}
}

func TestProblemsNeverShowTheSecret(t *testing.T) {
	// url.Parse quotes the whole link in its error for a bad host.
	f := ReadLinks([]string{"otpauth://to tp/Bank:me?secret=JBSWY3DPEHPK3PXP&issuer=Bank"})
	if len(f.Problems) != 1 || strings.Contains(f.Problems[0].Reason, "JBSWY3DPEHPK3PXP") {
		t.Fatalf("problems %+v", f.Problems)
	}
	if f.Problems[0].Reason != "this is not a key link that Sparekey can read: it has characters a link cannot have" {
		t.Errorf("reason %q", f.Problems[0].Reason)
	}
}
