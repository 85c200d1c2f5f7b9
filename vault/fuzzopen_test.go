package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// FuzzOpen feeds Open damaged and edited vault files. With reseal set, the
// fuzz input gets a correct checksum first (as anyone editing the file on
// purpose could give it), so that the mutations reach the JSON and the age
// texts behind the checksum. Whatever the input: no panic, one of the
// documented errors, the file left as it was and nothing else written.
func FuzzOpen(f *testing.F) {
	base := f.TempDir()
	seedPath := filepath.Join(base, "seed.sparekey")
	v, _, err := Create(seedPath, "fuzz password", WithWorkFactor(1))
	if err != nil {
		f.Fatal(err)
	}
	if _, _, err := v.Add(Entry{Issuer: "ACME", Account: "me", Secret: "JBSWY3DPEHPK3PXP"}); err != nil {
		f.Fatal(err)
	}
	if err := v.Save(); err != nil {
		f.Fatal(err)
	}
	v.Close()
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed, false)
	f.Add(seed, true)
	f.Add(seed[:len(seed)/2], false)
	f.Add([]byte(`{"format": "sparekey-vault", "version": 1}`), true)
	f.Add([]byte{}, false)

	// No slot may cost more than a fast scrypt, whatever the input says.
	cheap := func(o *options) { o.maxLogN = 4 }
	n := 0
	f.Fuzz(func(t *testing.T, data []byte, reseal bool) {
		if reseal {
			data = resealForFuzz(data)
		}
		n++
		dir := filepath.Join(base, "run"+strconv.Itoa(n))
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "vault.sparekey")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := Open(path, "fuzz password", cheap, WithWorkFactor(1), WithSeenDir("-"))
		if err == nil {
			if v.identity == nil {
				t.Fatal("Open succeeded without the vault's key")
			}
			v.Close()
			return
		}
		known := errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotVault) || errors.Is(err, ErrTooNew) || errors.Is(err, ErrTampered)
		if reseal && errors.Is(err, ErrWrongPassword) {
			// A changed scrypt salt or work factor behind a correct
			// checksum is indistinguishable from another password.
			known = true
		}
		if !known {
			t.Fatalf("Open gave an error outside the documented ones: %v", err)
		}
		after, rerr := os.ReadFile(path)
		if rerr != nil || !bytes.Equal(after, data) {
			t.Fatal("a failed open changed the file")
		}
		ents, _ := os.ReadDir(dir)
		var left []string
		for _, e := range ents {
			// On Windows the lock file stays (lock_windows.go, discard):
			// it cannot be deleted while another process may have it open.
			if e.Name() != "vault.sparekey" && !(runtime.GOOS == "windows" && e.Name() == "vault.sparekey"+LockSuffix) {
				left = append(left, e.Name())
			}
		}
		if len(left) != 0 {
			t.Fatalf("a failed open left %v", left)
		}
	})
}

func resealForFuzz(data []byte) []byte {
	i := bytes.LastIndex(data, []byte(checksumMarker))
	if i < 0 {
		return data
	}
	sum := sha256.Sum256(data[:i+1]) // the MAC's closing quote is covered
	out := append([]byte{}, data[:i+len(checksumMarker)]...)
	out = append(out, hex.EncodeToString(sum[:])...)
	return append(out, checksumEnd...)
}
