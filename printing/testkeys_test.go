package printing

import (
	"fmt"
	"math/rand/v2"
	"time"

	"sparekey/vault"
)

// testNow is the date every test sheet carries.
var testNow = time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)

// testNames mix plain, accented, Cyrillic and Greek names, long ones, and one
// in a script the fonts lack.
var testNames = [][2]string{
	{"GitHub", "ada@example.com"},
	{"Électricité de France", "renée.dupont@example.fr"},
	{"Яндекс", "иван.петров"},
	{"Τράπεζα Πειραιώς", "Αθηνά Παπαδοπούλου"},
	{"Zürcher Kantonalbank", "jürg.müller"},
	{"Łódź Bank Spółdzielczy", "zażółć.gęślą"},
	{"São Paulo Prefeitura", "joão.conceição"},
	{"Госуслуги", "+7 916 000-00-00"},
	{"Steam", "gamer_ñandú"},
	{"", "only-an-account@example.org"},
	{"Bank of Åland", ""},
	{"Κυβέρνηση", "user@gov.gr"},
	{"A very long issuer name that goes on and on to test how names wrap on paper", "someone.with.a.rather.long.address@subdomain.example.co.uk"},
	{"微信", "wechat user"},
}

// testEntries makes n keys of every kind: TOTP, HOTP and Steam; 6, 7 and 8
// digits; SHA1, SHA256 and SHA512; keys from 16 to 128 characters; some with
// recovery codes, some used.
func testEntries(n int, seed uint64) []*vault.Entry {
	r := rand.New(rand.NewPCG(seed, 4))
	lengths := []int{32, 16, 26, 52, 64, 103, 128, 32, 40}
	var out []*vault.Entry
	for i := 0; i < n; i++ {
		raw := make([]byte, lengths[i%len(lengths)]*5/8)
		for j := range raw {
			raw[j] = byte(r.IntN(256))
		}
		name := testNames[i%len(testNames)]
		e := vault.Entry{Issuer: name[0], Account: name[1], Secret: vault.EncodeSecret(raw)}
		if i >= len(testNames) {
			e.Account = fmt.Sprintf("%s #%d", e.Account, i)
		}
		switch i % 5 {
		case 1:
			e.Type = vault.HOTP
			e.Counter = uint64(r.IntN(1000))
		case 3:
			e.Digits, e.Period, e.Algorithm = 8, 60, vault.SHA256
		case 4:
			e.Digits, e.Algorithm = 7, vault.SHA512
		}
		if name[0] == "Steam" {
			e.Type = vault.Steam
		}
		if i%3 == 0 {
			for c := 0; c < 4+i%7; c++ {
				e.RecoveryCodes = append(e.RecoveryCodes, vault.RecoveryCode{
					Code: fmt.Sprintf("%04d-%04d", r.IntN(10000), r.IntN(10000)), Used: c%4 == 1})
			}
		}
		if _, err := e.Normalize(); err != nil {
			panic(err)
		}
		out = append(out, &e)
	}
	return out
}
