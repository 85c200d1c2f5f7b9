package interop

import (
	"reflect"
	"strings"
	"testing"

	"sparekey/vault"
)

// FuzzMigrationDecode feeds the protobuf decoder anything: it must not
// panic, and what it decodes must survive encoding and decoding again.
func FuzzMigrationDecode(f *testing.F) {
	for _, p := range []*migrationPayload{
		{},
		{Params: []migrationParams{{Secret: []byte("12345678901234567890"), Name: "a:b", Issuer: "a", Algorithm: 2, Digits: 2, Type: 1, Counter: 7}}, Version: 1, BatchSize: 2, BatchIndex: 1, BatchID: -5},
	} {
		f.Add(p.encode())
	}
	f.Add([]byte{0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Add([]byte{0x0a, 0x05, 0x48, 0x01, 0x5a, 0x01, 'x', 0x65, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodeMigrationPayload(data)
		if err != nil {
			return
		}
		again, err := decodeMigrationPayload(p.encode())
		if err != nil {
			t.Fatalf("re-encoded payload does not decode: %v", err)
		}
		// Empty secrets and names are not written; compare what is.
		for i := range p.Params {
			if len(p.Params[i].Secret) == 0 {
				p.Params[i].Secret = nil
			}
		}
		if !reflect.DeepEqual(p, again) {
			t.Fatalf("round trip changed the payload:\n%+v\n%+v", p, again)
		}
		for _, op := range p.Params {
			e, err := op.entry()
			if err != nil {
				continue
			}
			checkImportedEntry(t, e)
		}
	})
}

// FuzzLinksImport feeds the list reader any text: it must not panic, every
// entry it returns must be valid, and no problem may show a secret.
func FuzzLinksImport(f *testing.F) {
	for _, name := range []string{"uris/list.txt", "google/batches.txt", "google/missing.txt", "google/real_export.txt"} {
		f.Add(string(readTestdata(f, name)))
	}
	f.Add("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551615\notpauth-migration://offline?data=%")
	f.Fuzz(func(t *testing.T, text string) {
		found := readLinks(text)
		for _, e := range found.Entries {
			checkImportedEntry(t, e)
		}
		// The secrets of the links (their query's secret= values), when
		// they appear nowhere else in the text (a message may quote a name
		// or a kind that happens to contain them).
		var secrets []string
		for _, line := range strings.Split(text, "\n") {
			_, query, _ := strings.Cut(line, "?")
			for _, part := range strings.Split(query, "&") {
				if k, v, ok := strings.Cut(part, "="); ok && strings.EqualFold(k, "secret") && len(v) >= 4 &&
					!strings.Contains(strings.Replace(text, part, "", 1), v) {
					secrets = append(secrets, v)
				}
			}
		}
		for _, p := range found.Problems {
			if p.Reason == "" {
				t.Fatalf("problem without a reason: %+v", p)
			}
			for _, s := range secrets {
				if strings.Contains(p.Reason, s) {
					t.Fatalf("a problem shows the secret %q: %+v", s, p)
				}
			}
		}
	})
}

// checkImportedEntry checks that an imported entry is one the vault takes
// as it is and that its link reads back the same.
func checkImportedEntry(t *testing.T, e vault.Entry) {
	t.Helper()
	n := e
	if _, err := n.Normalize(); err != nil {
		t.Fatalf("imported entry does not normalize: %v (%+v)", err, e)
	}
	if !reflect.DeepEqual(keyOf(n), keyOf(e)) {
		t.Fatalf("imported entry was not normalized:\n%+v\n%+v", keyOf(e), keyOf(n))
	}
	back, _, err := vault.ParseURI(e.URI())
	if err != nil {
		t.Fatalf("the link of an imported entry does not read back: %v (%s)", err, e.URI())
	}
	if back.Secret != e.Secret || back.Type != e.Type || back.Digits != e.Digits || back.Period != e.Period ||
		back.Counter != e.Counter || back.Algorithm != e.Algorithm || back.Issuer != strings.TrimSpace(e.Issuer) {
		t.Fatalf("link round trip changed the entry:\n%+v\n%+v", keyOf(e), keyOf(back))
	}
}
