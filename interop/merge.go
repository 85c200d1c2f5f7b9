package interop

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// transferCode is one QR code of a Google Authenticator transfer: which
// transfer (its batch id), how many codes it has, and which one this is.
type transferCode struct {
	id, size, index int32
}

// missingTransferCodes returns a problem for every transfer of which some
// QR codes were not read, naming the missing ones (numbered from 1), in the
// order the transfers were first met.
//
// The size of a transfer is what its codes claim, so the work here follows
// the codes read, never the size: the codes are sorted, and the missing ones
// are named by the gaps between them, a gap of three or more as "4 to 100".
// One code that claims a transfer of 100 costs one short line, as a code
// of a transfer of 2 does.
func missingTransferCodes(codes []transferCode) []Problem {
	type transfer struct {
		rank int   // its place in the order first met
		size int32 // as its first code met says
	}
	transfers := map[int32]transfer{}
	for _, c := range codes {
		if _, ok := transfers[c.id]; !ok {
			transfers[c.id] = transfer{rank: len(transfers), size: c.size}
		}
	}
	sorted := slices.Clone(codes)
	slices.SortFunc(sorted, func(a, b transferCode) int {
		return cmp.Or(cmp.Compare(transfers[a.id].rank, transfers[b.id].rank), cmp.Compare(a.index, b.index))
	})
	var problems []Problem
	for len(sorted) > 0 {
		n := 1
		for n < len(sorted) && sorted[n].id == sorted[0].id {
			n++
		}
		read := sorted[:n]
		sorted = sorted[n:]
		size := transfers[read[0].id].size
		gaps := transferGaps(read, size)
		missing, names := 0, 0
		gaps(func(first, last int32) {
			missing += int(last - first + 1)
			if last-first == 1 {
				names += 2 // "7 and 8"
			} else {
				names++ // "7", or "7 to 12"
			}
		})
		if missing == 0 {
			continue
		}
		var b strings.Builder
		b.Grow(120 + 12*names)
		b.WriteString("The transfer has ")
		b.WriteString(strconv.Itoa(int(size)))
		b.WriteString(" QR codes, and QR code")
		if missing > 1 {
			b.WriteString("s")
		}
		written := 0
		name := func(s string) {
			switch {
			case written == 0:
				b.WriteString(" ")
			case written == names-1:
				b.WriteString(" and ")
			default:
				b.WriteString(", ")
			}
			b.WriteString(s)
			written++
		}
		gaps(func(first, last int32) {
			switch last - first {
			case 0:
				name(strconv.Itoa(int(first)))
			case 1:
				name(strconv.Itoa(int(first)))
				name(strconv.Itoa(int(last)))
			default:
				name(strconv.Itoa(int(first)))
				b.WriteString(" to ")
				b.WriteString(strconv.Itoa(int(last)))
			}
		})
		if missing == 1 {
			b.WriteString(" of them was not found. Scan or import the missing one too.")
		} else {
			b.WriteString(" of them were not found. Scan or import the missing ones too.")
		}
		problems = append(problems, Problem{Name: "Google Authenticator transfer", Reason: b.String(), missingCodes: true})
	}
	return problems
}

// transferGaps returns a function that calls yield for each run of codes
// of a transfer of size that are not among read (sorted by index), with the
// first and the last code of the run numbered from 1.
func transferGaps(read []transferCode, size int32) func(yield func(first, last int32)) {
	return func(yield func(first, last int32)) {
		next := int32(0) // the first code not yet known to be read or missing
		for _, c := range read {
			if c.index >= size {
				break // outside the transfer (parseMigrationLink refuses these)
			}
			if c.index > next {
				yield(next+1, c.index)
			}
			next = max(next, c.index+1)
		}
		if next < size {
			yield(next+1, size)
		}
	}
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
		out.transferLinks += f.transferLinks
	}
	out.Problems = append(out.Problems, missingTransferCodes(out.transfers)...)
	return out
}
