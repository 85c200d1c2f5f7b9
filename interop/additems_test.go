package interop

import (
	"encoding/json"
	"testing"
)

// One damaged key in a JSON export becomes a problem named by its place;
// the keys around it are still imported.
func TestAddItemsKeepsGoingPastADamagedKey(t *testing.T) {
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(`[{"n":"first"}, "not a key", {"n":"third"}]`), &items); err != nil {
		t.Fatal(err)
	}
	type item struct{ N string }
	f := &Found{}
	var got []string
	addItems(f, items, "backup", func(_ *Found, it item) { got = append(got, it.N) })
	if len(got) != 2 || got[0] != "first" || got[1] != "third" {
		t.Errorf("added %q, want first and third", got)
	}
	if len(f.Problems) != 1 || f.Problems[0].Name != "Key number 2" ||
		f.Problems[0].Reason != "Not imported because its details in the backup cannot be read." {
		t.Errorf("problems %+v", f.Problems)
	}
}

// Through a real importer: a FreeOTP+ export with one token that is not an
// object.
func TestFreeOTPExportWithADamagedToken(t *testing.T) {
	data := []byte(`{"tokenOrder":[],"tokens":[42,{"algo":"SHA1","counter":0,"digits":6,"issuerExt":"Site","label":"me","period":30,"secret":[72,101,108,108,111,33,-34,-83,-66,-17],"type":"TOTP"}]}`)
	f, err := Read(data, "freeotp", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 1 || f.Entries[0].Issuer != "Site" || len(f.Problems) != 1 || f.Problems[0].Name != "Key number 1" {
		t.Errorf("entries %+v, problems %+v", f.Entries, f.Problems)
	}
}
