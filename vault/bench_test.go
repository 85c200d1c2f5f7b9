//go:build unix

package vault_test

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/scrypt"

	"sparekey/vault"
)

// benchLogN is the scrypt work factor of the benchmarks' vaults. Unlock is
// reported both in total and "beyond scrypt": minus a bare scrypt at the same
// work factor, which is what the shipped logN 18 makes slow on purpose.
const benchLogN = 12

// thousandEntries makes 1,000 entries of every type and setting.
func thousandEntries() []vault.Entry {
	out := make([]vault.Entry, 0, 1000)
	for i := 0; i < 1000; i++ {
		sum := sha256.Sum256([]byte(fmt.Sprint("bench key ", i)))
		e := vault.Entry{
			Issuer:  fmt.Sprintf("Service %d", i),
			Account: fmt.Sprintf("person%d@example.com", i),
			Secret:  vault.EncodeSecret(sum[:20]),
			Note:    "a note of moderate length for this account",
		}
		switch i % 10 {
		case 0:
			e.Type, e.Counter = vault.HOTP, uint64(i)
		case 1:
			e.Type = vault.Steam
		case 2:
			e.Algorithm, e.Digits, e.Period = vault.SHA256, 8, 60
		case 3:
			e.Algorithm = vault.SHA512
			e.RecoveryCodes = []vault.RecoveryCode{{Code: "1234-5678"}, {Code: "2345-6789", Used: true}}
		}
		out = append(out, e)
	}
	return out
}

func benchVault(b *testing.B) (string, *vault.Vault) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "vault.sparekey")
	v, _, err := vault.Create(path, testPassword, vault.WithWorkFactor(benchLogN))
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range thousandEntries() {
		if _, _, err := v.Add(e); err != nil {
			b.Fatal(err)
		}
	}
	if err := v.Save(); err != nil {
		b.Fatal(err)
	}
	return path, v
}

// cpuTime is the CPU time this process has used (user and system). On a
// shared, busy machine the wall time of a benchmark says more about the
// neighbours than about the code; the CPU time per operation does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU milliseconds per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkUnlock1000 opens (and closes) a vault of 1,000 entries. Each
// iteration also runs a bare scrypt at the same work factor, outside the
// timer, so that "beyond scrypt" compares the two under the same load.
func BenchmarkUnlock1000(b *testing.B) {
	path, v := benchVault(b)
	v.Close()
	var openWall, scryptWall, openCPU, scryptCPU time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, c := time.Now(), cpuTime()
		v, err := vault.Open(path, testPassword, vault.WithWorkFactor(benchLogN))
		if err != nil {
			b.Fatal(err)
		}
		if len(v.Entries) != 1000 {
			b.Fatalf("%d entries", len(v.Entries))
		}
		v.Close()
		openWall, openCPU = openWall+time.Since(w), openCPU+cpuTime()-c
		b.StopTimer()
		w, c = time.Now(), cpuTime()
		if _, err := scrypt.Key([]byte(testPassword), []byte("0123456789abcdef"), 1<<benchLogN, 8, 1, 32); err != nil {
			b.Fatal(err)
		}
		scryptWall, scryptCPU = scryptWall+time.Since(w), scryptCPU+cpuTime()-c
		b.StartTimer()
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(ms(scryptWall), "scrypt-ms")
	b.ReportMetric(ms(openWall-scryptWall), "beyond-scrypt-ms")
	b.ReportMetric(ms(openCPU-scryptCPU), "beyond-scrypt-cpu-ms")
}

// BenchmarkSave1000 saves a vault of 1,000 entries (to disk, with fsync).
func BenchmarkSave1000(b *testing.B) {
	_, v := benchVault(b)
	defer v.Close()
	id := v.Entries[0].ID
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		v.Get(id).Note = fmt.Sprint("change ", i)
		v.Touch(id)
		if err := v.Save(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCodes1000 makes the current code of 1,000 entries.
func BenchmarkCodes1000(b *testing.B) {
	v := vault.NewInMemory()
	for _, e := range thousandEntries() {
		if _, _, err := v.Add(e); err != nil {
			b.Fatal(err)
		}
	}
	t := time.Unix(1700000000, 0)
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		for j := range v.Entries {
			if _, err := v.Entries[j].CodeAt(t); err != nil {
				b.Fatal(err)
			}
		}
	}
}
