package interop

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"sparekey/vault"
)

// The keys of testdata/aegis/plain.json (and of encrypted.json, which holds
// the same db): Aegis carries every setting Sparekey has, and notes and
// groups.
var aegisKeys = func() []foundKey {
	ex := keyExample
	ex.Note = "Work laptop"
	ex.Tags = []string{"Work"}
	return []foundKey{ex, keyUnicode, keySeven, keyCounter, keySteam}
}()

const aegisTestPassword = "correct horse battery staple"

func TestReadAegis(t *testing.T) {
	tests := []struct {
		file     string
		password string
		wantErr  error
	}{
		{"aegis/plain.json", "", nil},
		{"aegis/plain.json", "a password is not needed", nil},
		{"aegis/encrypted.json", aegisTestPassword, nil},
		{"aegis/encrypted.json", "", ErrNeedPassword},
		{"aegis/encrypted.json", "Correct horse battery staple", ErrWrongPassword},
	}
	for _, tc := range tests {
		t.Run(tc.file+" "+tc.password, func(t *testing.T) {
			data := readTestdata(t, tc.file)
			if !detectAegis(data) {
				t.Fatal("not detected as Aegis")
			}
			f, err := Read(data, "auto", tc.password)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "Aegis" {
				t.Errorf("format %q", f.Format)
			}
			checkFoundEntries(t, f.Entries, aegisKeys)
			if len(f.Problems) != 1 || f.Problems[0].Name != "Yandex (ivan)" || !strings.Contains(f.Problems[0].Reason, "Yandex key") {
				t.Errorf("problems %+v, want the Yandex key", f.Problems)
			}
		})
	}
}

func TestReadAegisDamaged(t *testing.T) {
	enc := string(readTestdata(t, "aegis/encrypted.json"))
	var file map[string]any
	if err := json.Unmarshal([]byte(enc), &file); err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(m map[string]any)) []byte {
		var m map[string]any
		json.Unmarshal([]byte(enc), &m)
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	slot := func(m map[string]any) map[string]any {
		return m["header"].(map[string]any)["slots"].([]any)[1].(map[string]any)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"only a fingerprint slot", mutate(func(m map[string]any) {
			h := m["header"].(map[string]any)
			h["slots"] = h["slots"].([]any)[:1]
		}), "fingerprint"},
		{"huge scrypt cost", mutate(func(m map[string]any) { slot(m)["n"] = 1 << 30 }), "unusual password settings"},
		{"entries tampered with", mutate(func(m map[string]any) {
			m["db"] = "AAAA" + m["db"].(string)[4:]
		}), "do not decrypt"},
		{"later version", []byte(`{"version": 2, "header": {}, "db": {}}`), "version 2"},
		{"not JSON", []byte(`{"version": 1, "header": {}, "db": `), "damaged"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAegis(tc.data, aegisTestPassword)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one with %q", err, tc.want)
			}
		})
	}
}

// entriesOf turns expected keys into entries, as a vault would hold them.
func entriesOf(keys []foundKey) []vault.Entry {
	var out []vault.Entry
	for _, k := range keys {
		out = append(out, vault.Entry{Type: k.Type, Issuer: k.Issuer, Account: k.Account, Secret: k.Secret,
			Algorithm: k.Algorithm, Digits: k.Digits, Period: k.Period, Counter: k.Counter, Note: k.Note, Tags: k.Tags})
	}
	return out
}

func TestAegisExportRoundTrip(t *testing.T) {
	for _, password := range []string{"", "Zoë's 😀 export password"} {
		data, err := ExportAegis(entriesOf(aegisKeys), password)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Read(data, "auto", password)
		if err != nil {
			t.Fatalf("password %q: %v", password, err)
		}
		checkFoundEntries(t, f.Entries, aegisKeys)
		if len(f.Problems) != 0 {
			t.Errorf("problems %+v", f.Problems)
		}
		if password != "" {
			if _, err := Read(data, "aegis", "wrong"); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: %v", err)
			}
			if strings.Contains(string(data), "JBSWY3DPEHPK3PXP") || strings.Contains(string(data), "alice") {
				t.Error("the encrypted export shows a secret or a name")
			}
		}
	}
}

// TestAegisExportShape checks the exported file against the fields Aegis's
// docs/vault.md and its importer require.
func TestAegisExportShape(t *testing.T) {
	data, err := writeAegis(entriesOf(aegisKeys), "pw", 10)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version int `json:"version"`
		Header  struct {
			Slots  []map[string]any `json:"slots"`
			Params map[string]any   `json:"params"`
		} `json:"header"`
		DB string `json:"db"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != 1 || len(f.Header.Slots) != 1 || f.DB == "" {
		t.Fatalf("file %s", data)
	}
	s := f.Header.Slots[0]
	for _, k := range []string{"type", "uuid", "key", "key_params", "n", "r", "p", "salt", "repaired"} {
		if _, ok := s[k]; !ok {
			t.Errorf("slot lacks %q", k)
		}
	}
	if s["type"] != float64(1) || s["r"] != float64(8) || s["p"] != float64(1) || len(s["salt"].(string)) != 64 || len(s["key"].(string)) != 64 {
		t.Errorf("slot %v", s)
	}
	if len(f.Header.Params["nonce"].(string)) != 24 || len(f.Header.Params["tag"].(string)) != 32 {
		t.Errorf("params %v", f.Header.Params)
	}
	plain, err := ExportAegis(entriesOf(aegisKeys), "")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Header map[string]any `json:"header"`
		DB     struct {
			Version int              `json:"version"`
			Entries []map[string]any `json:"entries"`
			Groups  []map[string]any `json:"groups"`
		} `json:"db"`
	}
	if err := json.Unmarshal(plain, &p); err != nil {
		t.Fatal(err)
	}
	if p.Header["slots"] != nil || p.Header["params"] != nil {
		t.Errorf("plain header %v, want null slots and params", p.Header)
	}
	if p.DB.Version != 3 || len(p.DB.Entries) != 5 || len(p.DB.Groups) != 1 || p.DB.Groups[0]["name"] != "Work" {
		t.Fatalf("db %+v", p.DB)
	}
	for _, e := range p.DB.Entries {
		for _, k := range []string{"type", "uuid", "name", "issuer", "note", "favorite", "icon", "info", "groups"} {
			if _, ok := e[k]; !ok {
				t.Errorf("entry %v lacks %q", e["name"], k)
			}
		}
	}
	hotp := p.DB.Entries[3]["info"].(map[string]any)
	if p.DB.Entries[3]["type"] != "hotp" || hotp["counter"] != float64(42) || hotp["algo"] != "SHA512" {
		t.Errorf("hotp entry %v", p.DB.Entries[3])
	}
	if steam := p.DB.Entries[4]; steam["type"] != "steam" || steam["info"].(map[string]any)["digits"] != float64(5) {
		t.Errorf("steam entry %v", steam)
	}
}

func TestReadAegisVersion1Group(t *testing.T) {
	// Before groups had uuids (db version 1 and 2), an entry named its
	// group; an entry without "note" or "groups" is fine too.
	data := []byte(`{"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 1, "entries": [
		{"type": "totp", "uuid": "x", "name": "me", "issuer": "Old", "icon": null, "group": "Family",
		 "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 6, "period": 30}}]}}`)
	f, err := Read(data, "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	checkFoundEntries(t, f.Entries, []foundKey{{Type: vault.TOTP, Issuer: "Old", Account: "me", Secret: "JBSWY3DPEHPK3PXP",
		Algorithm: vault.SHA1, Digits: 6, Period: 30, Tags: []string{"Family"}}})
}
