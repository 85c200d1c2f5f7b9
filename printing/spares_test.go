package printing

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// GF(2^8) with the polynomial 0x11d: products worked out bit by bit
// (carry-less multiplication reduced by 0x11d, as QR codes and RAID 6 do),
// and every element times its inverse is 1.
func TestGaloisFieldKnownAnswers(t *testing.T) {
	for _, tt := range []struct{ a, b, want byte }{
		{2, 2, 4}, {0x80, 2, 0x1d}, {0x53, 0xca, 0x8f}, {0xff, 0xff, 0xe2}, {7, 0, 0},
	} {
		if got := gfMul(tt.a, tt.b); got != tt.want {
			t.Errorf("%#x * %#x = %#x, want %#x", tt.a, tt.b, got, tt.want)
		}
	}
	for a := 1; a < 256; a++ {
		if gfMul(byte(a), gfInv(byte(a))) != 1 {
			t.Errorf("%#x times its inverse is not 1", a)
		}
	}
}

func testChunks(r *rand.Rand, k int) [][]byte {
	data := make([][]byte, k)
	for i := range data {
		n := paperCopyChunk
		if i == k-1 {
			n = 1 + r.IntN(paperCopyChunk) // the last chunk is shorter
		}
		data[i] = make([]byte, n)
		for j := range data[i] {
			data[i][j] = byte(r.IntN(256))
		}
	}
	return data
}

// check recovers data with the codes in lost (from 0, chunks then spares)
// taken away, and says whether it should have.
func checkRecovery(t *testing.T, data, spares [][]byte, lost []int, want bool) {
	t.Helper()
	d := make([][]byte, len(data))
	copy(d, data)
	s := make([][]byte, len(spares))
	copy(s, spares)
	for _, i := range lost {
		if i < len(d) {
			d[i] = nil
		} else {
			s[i-len(d)] = nil
		}
	}
	if got := recoverChunks(d, s); got != want {
		t.Fatalf("%d chunks, %d spares, lost %v: recovered %v, want %v", len(data), len(spares), lost, got, want)
	}
	if !want {
		return
	}
	for i := range data {
		if !bytes.Equal(d[i][:len(data[i])], data[i]) || len(bytes.Trim(d[i][len(data[i]):], "\x00")) != 0 {
			t.Fatalf("%d chunks, %d spares, lost %v: chunk %d came back wrong", len(data), len(spares), lost, i)
		}
	}
}

// TestSparesStandInForAnyLostCodes: in a copy of one stripe, any set of
// lost codes (chunks and spares) no larger than the spares is made good,
// every such set for a small copy; one more lost chunk is not.
func TestSparesStandInForAnyLostCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{1, 2, 5, 11} {
		data := testChunks(r, k)
		spares := makeSpares(data, spareCount(k))
		n := k + len(spares)
		for set := 0; set < 1<<n; set++ {
			var lost []int
			lostData := 0
			for i := 0; i < n; i++ {
				if set&(1<<i) != 0 {
					lost = append(lost, i)
					if i < k {
						lostData++
					}
				}
			}
			if len(lost) > len(spares) {
				// Too many lost: recovered only when the spares lost
				// leave as many as the chunks lost.
				checkRecovery(t, data, spares, lost, lostData <= len(spares)-(len(lost)-lostData))
				continue
			}
			checkRecovery(t, data, spares, lost, true)
		}
	}
}

// TestSparesStandInForAnyOnePage: for copies of 1 to 700 chunks (up to three
// stripes), losing every code of any one page still gives the file back, and
// the spares fill the last page.
func TestSparesStandInForAnyOnePage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for k := 1; k <= 700; k += 1 + k/20 {
		data := testChunks(r, k)
		spares := makeSpares(data, spareCount(k))
		n := k + len(spares)
		if n%paperCopyPerPage != 0 {
			t.Errorf("%d chunks and %d spares do not fill their pages", k, len(spares))
		}
		for p := 1; p <= paperCopyPageOf(n, n); p++ {
			var lost []int
			for i := 0; i < n; i++ {
				if paperCopyPageOf(i+1, n) == p {
					lost = append(lost, i)
				}
			}
			checkRecovery(t, data, spares, lost, true)
		}
	}
}
