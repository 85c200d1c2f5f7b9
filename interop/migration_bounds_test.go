package interop

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"sparekey/vault"
)

// oneAccount is the smallest account a transfer code can carry.
var oneAccount = migrationParams{Secret: []byte("12345678901234567890"), Name: "a", Type: migTypeTOTP}

func accounts(n int) []migrationParams {
	ps := make([]migrationParams, n)
	for i := range ps {
		ps[i] = oneAccount
	}
	return ps
}

func TestMigrationLinkBounds(t *testing.T) {
	long := &migrationPayload{Params: accounts(600)} // 600 accounts with long names: allowed, but the link is over 64 KB
	for i := range long.Params {
		long.Params[i].Name = strings.Repeat("n", 100)
	}
	if n := len(long.link()); n <= maxMigrationLink {
		t.Fatalf("the long link is only %d bytes", n)
	}
	tests := []struct {
		name string
		p    *migrationPayload
		want error // nil: read
	}{
		{"1,000 accounts", &migrationPayload{Params: accounts(maxMigrationParams)}, nil},
		{"1,001 accounts", &migrationPayload{Params: accounts(maxMigrationParams + 1)}, errTooManyAccounts},
		{"a link over 64 KB, refused before decoding", long, errLinkTooLong},
		{"a transfer of 100 codes", &migrationPayload{Params: accounts(1), BatchSize: 100, BatchIndex: 99, BatchID: 7}, nil},
		{"a transfer of 101 codes", &migrationPayload{Params: accounts(1), BatchSize: 101, BatchIndex: 0, BatchID: 7}, errTooManyCodes},
		{"a transfer of two billion codes", &migrationPayload{Params: accounts(1), BatchSize: 1<<31 - 1, BatchID: 7}, errTooManyCodes},
		{"an index past the transfer's end", &migrationPayload{Params: accounts(1), BatchSize: 3, BatchIndex: 3, BatchID: 7}, errDamagedMigration},
		{"a negative index", &migrationPayload{Params: accounts(1), BatchSize: 3, BatchIndex: -1, BatchID: 7}, errDamagedMigration},
		{"a transfer's code with no account", &migrationPayload{BatchSize: 3, BatchIndex: 1, BatchID: 7}, errDamagedMigration},
		{"a single code with no account", &migrationPayload{Version: 1}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseMigrationLink(tc.p.link())
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if err == nil && len(got.Params) != len(tc.p.Params) {
				t.Errorf("%d accounts read, want %d", len(got.Params), len(tc.p.Params))
			}
		})
	}
	for _, err := range []error{errLinkTooLong, errTooManyAccounts, errTooManyCodes} {
		if msg := err.Error(); !strings.Contains(msg, "far more") && !strings.Contains(msg, "far longer") || !strings.Contains(msg, "not read") {
			t.Errorf("not in plain words: %q", msg)
		}
	}
}

// The file of issue 10: 854 KB of links, each claiming to be one code of a
// different transfer of 1,000 codes. Each was read as a transfer whose 999
// other codes were named as missing (22 s, 250 MB for the command line);
// now each is one problem, said once, and names nothing.
func TestManyTransfersClaimingThousandsOfCodesAreRefusedOneByOne(t *testing.T) {
	text := plantedTransfers(854_000)
	f, err := Read([]byte(text), "auto", "")
	if err != nil {
		t.Fatal(err)
	}
	links := strings.Count(text, "\n")
	if len(f.Entries) != 0 || len(f.Problems) != links {
		t.Fatalf("%d entries, %d problems; want none and one a link (%d)", len(f.Entries), len(f.Problems), links)
	}
	for _, p := range f.Problems {
		if p.missingCodes || p.Reason != errTooManyCodes.Error() {
			t.Fatalf("problem %+v, want the refusal", p)
		}
	}
}

// plantedTransfers is about size bytes of links, each one code of its own
// transfer of 1,000 codes.
func plantedTransfers(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		p := &migrationPayload{BatchSize: 1000, BatchID: int32(i + 1)}
		b.WriteString(p.link() + "\n")
	}
	return b.String()
}

// Sparekey's own export of 1,000 keys (100 codes of 10) is within the
// bounds and reads back whole.
func TestThousandKeysExportedAsTransferCodesReadBack(t *testing.T) {
	var entries []vault.Entry
	for i := range 1000 {
		entries = append(entries, vault.Entry{Type: vault.TOTP, Issuer: fmt.Sprintf("Site %d", i), Account: "me",
			Secret: vault.EncodeSecret([]byte(fmt.Sprintf("secret-%06d-abcdef", i))), Algorithm: vault.SHA1, Digits: 6, Period: 30})
	}
	batches, problems := MigrationBatches(entries)
	if len(problems) != 0 || len(batches) > maxTransferCodes {
		t.Fatalf("%d codes, problems %v", len(batches), problems)
	}
	var links []string
	for _, b := range batches {
		links = append(links, b.Link)
	}
	f := ReadLinks(links)
	if len(f.Entries) != 1000 || len(f.Problems) != 0 {
		t.Errorf("read back %d keys, problems %v", len(f.Entries), f.Problems)
	}
}

func BenchmarkReadPlantedTransfers(b *testing.B) {
	data := []byte(plantedTransfers(854_000))
	b.ReportAllocs()
	for b.Loop() {
		Read(data, "auto", "")
	}
}
