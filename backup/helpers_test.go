package backup

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"sparekey/vault"
)

const testPassphrase = "correct horse battery staple"

// testSecret returns a distinct base32 secret (160 bits) for key i.
func testSecret(i int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("sparekey test key %d", i)))
	return base32.StdEncoding.EncodeToString(h[:20])
}

// newTestVault creates a vault file with n keys, at a low work factor.
func newTestVault(t testing.TB, n int) *vault.Vault {
	t.Helper()
	v, _, err := vault.Create(filepath.Join(t.TempDir(), "vault.sparekey"), testPassphrase, vault.WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	addTestKeys(t, v, 0, n)
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	return v
}

// addTestKeys adds keys from to to-1.
func addTestKeys(t testing.TB, v *vault.Vault, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		e := vault.Entry{Issuer: fmt.Sprintf("Service %d", i), Account: fmt.Sprintf("user%d@example.com", i), Secret: testSecret(i)}
		if _, _, err := v.Add(e); err != nil {
			t.Fatalf("adding key %d: %v", i, err)
		}
	}
}

// addLocations adds fresh folders (or the given ones) as locations.
func addLocations(t testing.TB, v *vault.Vault, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if _, err := AddLocation(v, d); err != nil {
			t.Fatal(err)
		}
	}
}

func tempDirs(t testing.TB, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = t.TempDir()
	}
	return out
}

// fast is the options of most tests: a low work factor and a clock that
// moves a minute on every call.
func fast() Options {
	t := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	return Options{Now: func() time.Time { t = t.Add(time.Minute); return t }}
}

// snapshotDir returns every file in dir (hidden ones too) with its bytes.
func snapshotDir(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[strings.TrimPrefix(p, dir)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameDir(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func copyNames(t testing.TB, dir string) []string {
	t.Helper()
	cs, err := listCopies(OSFS{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	sort.Strings(out)
	return out
}

func resultFor(t testing.TB, rep *Report, dir string) Result {
	t.Helper()
	for _, r := range rep.Results {
		if r.Path == dir {
			return r
		}
	}
	t.Fatalf("no result for %s", dir)
	return Result{}
}

// faultFS is the real file system, except that writing into the folders it
// names fails with the given error (EROFS: read-only, ENOSPC: full), as does
// deleting there.
type faultFS struct {
	OSFS
	faults map[string]syscall.Errno
}

func (f faultFS) WriteNew(dir, name string, data []byte) error {
	if e, ok := f.faults[dir]; ok {
		return &fs.PathError{Op: "write", Path: filepath.Join(dir, name), Err: e}
	}
	return f.OSFS.WriteNew(dir, name, data)
}

func (f faultFS) Remove(name string) error {
	if e, ok := f.faults[filepath.Dir(name)]; ok {
		return &fs.PathError{Op: "remove", Path: name, Err: e}
	}
	return f.OSFS.Remove(name)
}
