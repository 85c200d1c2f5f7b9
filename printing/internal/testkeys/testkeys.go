// Package testkeys makes made-up keys of the mix people really have, for
// the printing tests and the photo benchmark: TOTP, HOTP and Steam; 6 and 8
// digits; keys of 16 to 64 characters; long names and addresses, some
// accented.
package testkeys

import (
	"fmt"
	"math/rand/v2"

	"sparekey/vault"
)

// Mixed makes n keys from seed; the same seed gives the same keys.
func Mixed(n int, seed uint64) []*vault.Entry {
	r := rand.New(rand.NewPCG(seed, 30))
	issuers := []string{"GitHub", "Example Bank", "Électricité de France", "Proton", "Dropbox", "Zürcher Kantonalbank",
		"Steam", "Amazon Web Services", "Nextcloud", "Mastodon", "Tax Office", "Łódź Spółdzielczy"}
	lengths := []int{32, 16, 32, 26, 52, 32, 64, 40}
	var out []*vault.Entry
	for i := range n {
		raw := make([]byte, lengths[i%len(lengths)]*5/8)
		for j := range raw {
			raw[j] = byte(r.IntN(256))
		}
		iss := issuers[i%len(issuers)]
		e := vault.Entry{Issuer: iss, Account: fmt.Sprintf("person%d@example.com", i), Secret: vault.EncodeSecret(raw)}
		switch {
		case iss == "Steam":
			e.Type = vault.Steam
		case i%7 == 3:
			e.Type, e.Counter = vault.HOTP, uint64(r.IntN(100))
		case i%5 == 4:
			e.Digits, e.Period, e.Algorithm = 8, 60, vault.SHA256
		}
		if _, err := e.Normalize(); err != nil {
			panic(err)
		}
		out = append(out, &e)
	}
	return out
}
