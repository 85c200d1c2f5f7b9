package interop

import (
	"errors"
	"fmt"
	"runtime"
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

// The missing codes of a transfer are named by the gaps between the codes
// read: a run of three or more as "from to", so that the line is as long as
// the codes read make it, whatever size the transfer claims.
func TestMissingTransferCodesAreNamedByTheirGaps(t *testing.T) {
	tests := []struct {
		size int32
		read []int32
		want string // "" when none is missing
	}{
		{3, []int32{0}, "The transfer has 3 QR codes, and QR codes 2 and 3 of them were not found. Scan or import the missing ones too."},
		{2, []int32{1}, "The transfer has 2 QR codes, and QR code 1 of them was not found. Scan or import the missing one too."},
		{100, []int32{0}, "The transfer has 100 QR codes, and QR codes 2 to 100 of them were not found. Scan or import the missing ones too."},
		{100, []int32{99, 49, 49}, "The transfer has 100 QR codes, and QR codes 1 to 49 and 51 to 99 of them were not found. Scan or import the missing ones too."},
		{7, []int32{1, 3, 4}, "The transfer has 7 QR codes, and QR codes 1, 3, 6 and 7 of them were not found. Scan or import the missing ones too."},
		{12, []int32{0, 2, 3, 4, 5, 6, 7, 8, 10, 11}, "The transfer has 12 QR codes, and QR codes 2 and 10 of them were not found. Scan or import the missing ones too."},
		{4, []int32{3, 1, 0, 2}, ""},
	}
	for _, tc := range tests {
		var codes []transferCode
		for _, i := range tc.read {
			codes = append(codes, transferCode{id: 7, size: tc.size, index: i})
		}
		got := missingTransferCodes(codes)
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("%d codes, read %v: %+v, want no problem", tc.size, tc.read, got)
		case tc.want != "" && (len(got) != 1 || got[0].Reason != tc.want || !got[0].missingCodes):
			t.Errorf("%d codes, read %v: %+v\nwant %q", tc.size, tc.read, got, tc.want)
		}
	}
}

// claimedTransfers is n links, each holding one account and claiming to be
// the first code of its own transfer of claim codes (0: a code of no
// transfer).
func claimedTransfers(n int, claim int32) []byte {
	var b strings.Builder
	for i := range n {
		p := &migrationPayload{Params: accounts(1), BatchSize: claim, BatchID: int32(i + 1)}
		b.WriteString(p.link() + "\n")
	}
	return []byte(b.String())
}

// allocated is the memory f allocates, in allocations and bytes.
func allocated(f func()) (allocs, bytes uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc
}

// Issue 10's last file: 854 KB of transfer codes, each claiming a transfer
// of 100 codes of which it is the only one given, cost 84 MB and 1.2
// million allocations to read, for 9,935 missing-code lines naming 99
// codes each. What a transfer claims must cost no more than the bytes that
// claim it: the same links claiming no transfer are the measure.
func TestTransferClaimsCostWhatTheirBytesCost(t *testing.T) {
	const links = 9935 // 854 KB
	plain := claimedTransfers(links, 0)
	claims := claimedTransfers(links, maxTransferCodes)
	var f *Found
	plainAllocs, plainBytes := allocated(func() { f, _ = Read(plain, "auto", "") })
	if len(f.Entries) != links || len(f.Problems) != 0 {
		t.Fatalf("plain links: %d keys, %d problems, want %d keys", len(f.Entries), len(f.Problems), links)
	}
	claimAllocs, claimBytes := allocated(func() { f, _ = Read(claims, "auto", "") })
	if len(f.Entries) != links || len(f.Problems) != links {
		t.Fatalf("claims: %d keys, %d problems, want %d of each", len(f.Entries), len(f.Problems), links)
	}
	want := "The transfer has 100 QR codes, and QR codes 2 to 100 of them were not found. Scan or import the missing ones too."
	if f.Problems[0].Reason != want {
		t.Errorf("problem %q, want %q", f.Problems[0].Reason, want)
	}
	t.Logf("%d links (%d KB): %d allocations, %d bytes; claiming transfers of 100: %d allocations, %d bytes", links, len(claims)>>10, plainAllocs, plainBytes, claimAllocs, claimBytes)
	// A missing-code line is one problem more a link: a few allocations
	// and some 200 bytes, not 99 names (which cost 11 times the
	// allocations and 4 times the bytes).
	if claimAllocs > plainAllocs*2 || claimBytes > plainBytes*2 {
		t.Errorf("claims cost %d allocations and %d bytes, more than twice what the same links claiming nothing cost (%d, %d)",
			claimAllocs, claimBytes, plainAllocs, plainBytes)
	}
	// Put together with another file (as the app and the command line do),
	// the missing codes are named again, at the same cost.
	mergeAllocs, mergeBytes := allocated(func() { f = Merge(f, ReadLinks(nil)) })
	if len(f.Problems) != links || mergeAllocs > plainAllocs/2 || mergeBytes > plainBytes/2 {
		t.Errorf("merged: %d problems, %d allocations, %d bytes (reading the plain links: %d, %d)",
			len(f.Problems), mergeAllocs, mergeBytes, plainAllocs, plainBytes)
	}
}

func BenchmarkReadTransfersClaimingHundredCodes(b *testing.B) {
	data := claimedTransfers(9935, maxTransferCodes)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Read(data, "auto", "")
		if err != nil {
			b.Fatal(err)
		}
		Merge(f)
	}
}
