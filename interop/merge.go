package interop

import (
	"fmt"
	"strings"
)

// transferCode is one QR code of a Google Authenticator transfer: which
// transfer (its batch id), how many codes it has, and which one this is.
type transferCode struct {
	id, size, index int32
}

// missingTransferCodes returns a problem for every transfer of which some
// QR codes were not read, naming the missing ones (numbered from 1).
func missingTransferCodes(codes []transferCode) []Problem {
	type transfer struct {
		size int32
		seen map[int32]bool
	}
	transfers := map[int32]*transfer{}
	var order []int32
	for _, c := range codes {
		t := transfers[c.id]
		if t == nil {
			t = &transfer{size: c.size, seen: map[int32]bool{}}
			transfers[c.id] = t
			order = append(order, c.id)
		}
		t.seen[c.index] = true
	}
	var problems []Problem
	for _, id := range order {
		t := transfers[id]
		var missing []string
		for i := int32(0); i < t.size && i < 1000; i++ {
			if !t.seen[i] {
				missing = append(missing, fmt.Sprint(i+1))
			}
		}
		if len(missing) == 0 {
			continue
		}
		which, ones := "QR code "+missing[0]+" of them was", "one"
		if len(missing) > 1 {
			which = "QR codes " + strings.Join(missing[:len(missing)-1], ", ") + " and " + missing[len(missing)-1] + " of them were"
			ones = "ones"
		}
		problems = append(problems, Problem{
			Name: "Google Authenticator transfer",
			Reason: fmt.Sprintf("The transfer has %d QR codes, and %s not found. Scan or import the missing %s too.",
				t.size, which, ones),
			missingCodes: true,
		})
	}
	return problems
}

// Merge puts together what several files hold as one import. A Google
// Authenticator transfer spread over several pictures or files (one QR code
// each, as people save them) is complete when every one of its codes is in
// one of the files: only codes that are in none of them are reported
// missing.
func Merge(parts ...*Found) *Found {
	out := &Found{}
	for _, f := range parts {
		if f == nil {
			continue
		}
		switch out.Format {
		case "":
			out.Format = f.Format
		case f.Format:
		default:
			out.Format = "Several exports"
		}
		switch {
		case f.files > 0:
			out.files += f.files // merged before
		case f.Format != "":
			out.files++ // one file, as Read returned it
		}
		out.Entries = append(out.Entries, f.Entries...)
		for _, p := range f.Problems {
			if !p.missingCodes {
				out.Problems = append(out.Problems, p)
			}
		}
		out.transfers = append(out.transfers, f.transfers...)
	}
	out.Problems = append(out.Problems, missingTransferCodes(out.transfers)...)
	return out
}
