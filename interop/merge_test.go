package interop

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"sparekey/vault"
)

// transferOf makes a Google Authenticator transfer of n keys and returns
// its QR codes' links and the keys.
func transferOf(t *testing.T, n int) ([]string, []vault.Entry) {
	t.Helper()
	var entries []vault.Entry
	for i := 0; i < n; i++ {
		e := vault.Entry{Issuer: fmt.Sprintf("Site %d", i), Account: "me", Secret: vault.EncodeSecret([]byte(fmt.Sprintf("transfer key %04d", i)))}
		if _, err := e.Normalize(); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	batches, problems := MigrationBatches(entries)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	var links []string
	for _, b := range batches {
		links = append(links, b.Link)
	}
	return links, entries
}

// TestMergeFindsATransferSpreadOverSeveralFiles: people save each QR code
// of a transfer as its own picture. Read one file at a time, each misses
// the others' codes; merged, the transfer is complete, and only codes in no
// file are named, in numeric order.
func TestMergeFindsATransferSpreadOverSeveralFiles(t *testing.T) {
	links, entries := transferOf(t, 115) // 12 codes of at most 10 keys
	if len(links) != 12 {
		t.Fatalf("%d codes, want 12", len(links))
	}
	var parts []*Found
	for _, l := range links {
		f := ReadLinks([]string{l})
		if len(f.Problems) != 1 {
			t.Fatalf("one code alone: problems %+v, want the missing ones named", f.Problems)
		}
		parts = append(parts, f)
	}
	all := Merge(parts...)
	if len(all.Problems) != 0 {
		t.Errorf("every code was given, yet: %+v", all.Problems)
	}
	if len(all.Entries) != len(entries) || all.Format != "Google Authenticator" {
		t.Errorf("merged: %d keys, format %q; want %d, Google Authenticator", len(all.Entries), all.Format, len(entries))
	}
	for i := range entries {
		if all.Entries[i].Secret != entries[i].Secret || all.Entries[i].Issuer != entries[i].Issuer {
			t.Fatalf("key %d: %+v, want %+v", i, all.Entries[i], entries[i])
		}
	}

	// Codes 2 and 10 in no file; another file's problem is kept as it is.
	broken := ReadLinks([]string{"otpauth://totp/Bad:x?secret=0000"})
	some := []*Found{broken}
	for i, f := range parts {
		if i != 1 && i != 9 {
			some = append(some, f)
		}
	}
	m := Merge(some...)
	var transfer []string
	for _, p := range m.Problems {
		if p.Name == "Google Authenticator transfer" {
			transfer = append(transfer, p.Reason)
		}
	}
	want := "The transfer has 12 QR codes, and QR codes 2 and 10 of them were not found. Scan or import the missing ones too."
	if len(transfer) != 1 || transfer[0] != want {
		t.Errorf("transfer problems %q, want %q", transfer, want)
	}
	if len(m.Problems) != 2 || !strings.Contains(m.Problems[0].Name, "Bad") {
		t.Errorf("problems %+v, want the bad link's and the transfer's", m.Problems)
	}
	if m.Format != "Several exports" {
		t.Errorf("format %q", m.Format)
	}
	// The same code in two files counts once.
	if m := Merge(parts[0], parts[0]); len(m.Problems) != 1 || !strings.Contains(m.Problems[0].Reason, "QR codes 2 to 12 of them were") {
		t.Errorf("one code twice: %+v", m.Problems)
	}
}

// TestAKeyOnASheetAndOnItsTransferPageCountsAsOnPaper: a sheet's transfer
// pages (Google Authenticator codes, which carry no mark) hold the same keys
// as its own codes; whichever is read first, the key kept counts as printed
// on the sheet's date.
func TestAKeyOnASheetAndOnItsTransferPageCountsAsOnPaper(t *testing.T) {
	links, entries := transferOf(t, 2)
	sheet := entries[1].SheetURI(time.Date(2026, 3, 14, 9, 0, 0, 0, time.Local))
	for _, order := range [][]string{{links[0], sheet}, {sheet, links[0]}} {
		plan := PlanImport(vault.NewInMemory(), ReadLinks(order))
		if len(plan.New) != 2 || len(plan.Repeats) != 1 {
			t.Fatalf("%d new, %d repeats, want 2 and 1", len(plan.New), len(plan.Repeats))
		}
		for _, e := range plan.New {
			onPaper := !e.Printed.IsZero()
			if want := vault.SameKey(&e, &entries[1]); onPaper != want || (onPaper && e.Printed.Local().Day() != 14) {
				t.Errorf("read in the order %.20q…: %s printed %v, want on paper %v (14 March)", order[0], e.Name(), e.Printed, want)
			}
		}
	}
}
