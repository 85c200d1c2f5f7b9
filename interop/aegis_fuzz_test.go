package interop

import (
	"errors"
	"testing"
)

// FuzzAegisImport feeds the Aegis reader anything, with the test password:
// it must not panic, and every entry it returns must be valid.
func FuzzAegisImport(f *testing.F) {
	f.Add(readTestdata(f, "aegis/plain.json"))
	// An encrypted seed with a cheap scrypt, so that the fuzzer gets past
	// the password.
	cheap, err := writeAegis(entriesOf(aegisKeys), aegisTestPassword, 4)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(cheap)
	f.Add([]byte(`{"version":1,"header":{"slots":null,"params":null},"db":{"version":1,"entries":[{"type":"totp","name":"a","issuer":"b","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":0}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		found, err := readAegis(data, aegisTestPassword)
		if err != nil {
			if errors.Is(err, ErrNeedPassword) {
				t.Fatal("asked for a password although one was given")
			}
			return
		}
		for _, e := range found.Entries {
			checkImportedEntry(t, e)
		}
	})
}
