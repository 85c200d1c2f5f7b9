package backup

import (
	"errors"
	"os"
	"testing"

	"sparekey/vault"
)

// FuzzOpenCopy: whatever bytes a file holds, opening it as a copy either
// gives the keys or one of the errors a person can act on; it never panics.
func FuzzOpenCopy(f *testing.F) {
	v := newTestVault(f, 2)
	dir := f.TempDir()
	addLocations(f, v, dir)
	rep, _ := Update(v, fast())
	good, err := os.ReadFile(rep.Results[0].File)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n"))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAA 1\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := openBytes(data, nil, Secret{Password: testPassphrase}, 2)
		if err == nil {
			if p == nil {
				t.Fatal("no error and no keys")
			}
			return
		}
		for _, known := range []error{ErrWrongPassphrase, ErrDamaged, ErrNotCopy, ErrTooCostly, ErrNeedSecret, vault.ErrTooNew} {
			if errors.Is(err, known) {
				return
			}
		}
		t.Fatalf("an error a person cannot act on: %v", err)
	})
}
