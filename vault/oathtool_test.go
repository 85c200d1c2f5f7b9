package vault_test

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
	"time"

	"sparekey/internal/tooltest"
	"sparekey/vault"
)

// TestCodesMatchOathtool compares a few hundred random keys and settings with
// the OATH Toolkit's oathtool, an independent implementation.
func TestCodesMatchOathtool(t *testing.T) {
	oathtool := tooltest.Find(t, "oathtool")
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0x5ba2e))
	randomKey := func() string {
		raw := make([]byte, 10+rng.IntN(55))
		for i := range raw {
			raw[i] = byte(rng.UintN(256))
		}
		return vault.EncodeSecret(raw)
	}
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(oathtool, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("oathtool %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	periods := []int{30, 30, 60, 15, 90, 1, 86400}
	for i := 0; i < 300; i++ {
		e := vault.Entry{
			Type:      vault.TOTP,
			Secret:    randomKey(),
			Algorithm: []vault.Algorithm{vault.SHA1, vault.SHA256, vault.SHA512}[rng.IntN(3)],
			Digits:    6 + rng.IntN(3),
			Period:    periods[rng.IntN(len(periods))],
		}
		if rng.IntN(3) == 0 {
			e.Period = 1 + rng.IntN(600)
		}
		if _, err := e.Normalize(); err != nil {
			t.Fatal(err)
		}
		unix := rng.Int64N(1 << 34)
		got, err := e.CodeAt(time.Unix(unix, 0))
		if err != nil {
			t.Fatal(err)
		}
		mode := strings.ToLower(string(e.Algorithm))
		want := run("--totp="+mode, "-d", fmt.Sprint(e.Digits), "-s", fmt.Sprintf("%ds", e.Period), "-N", fmt.Sprintf("@%d", unix), "-b", e.Secret)
		if got != want {
			t.Errorf("TOTP %s %d digits every %d s at %d, key %s: Sparekey %s, oathtool %s", e.Algorithm, e.Digits, e.Period, unix, e.Secret, got, want)
		}
	}
	// oathtool's HOTP is SHA1 only.
	for i := 0; i < 150; i++ {
		e := vault.Entry{Type: vault.HOTP, Secret: randomKey(), Digits: 6 + rng.IntN(3), Counter: rng.Uint64N(1 << 40)}
		if i%5 == 0 {
			e.Counter = rng.Uint64N(20)
		}
		if _, err := e.Normalize(); err != nil {
			t.Fatal(err)
		}
		got, err := e.CodeAt(time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want := run("--hotp", "-c", fmt.Sprint(e.Counter), "-d", fmt.Sprint(e.Digits), "-b", e.Secret)
		if got != want {
			t.Errorf("HOTP %d digits at counter %d, key %s: Sparekey %s, oathtool %s", e.Digits, e.Counter, e.Secret, got, want)
		}
	}
}
