package printing

// Spare codes let a paper copy come back with some of its codes unreadable
// (a coffee stain, a tear, a crease through one code). They are a
// Reed-Solomon erasure code over GF(2^8): each spare holds, byte by byte, a
// sum of the data chunks (each padded with zeros to paperCopyChunk bytes)
// weighted by a Cauchy matrix, so that any k of a stripe's k data chunks
// and m spares give the k data chunks back.
//
// The data chunks are dealt out to stripes of at most stripeMax chunks
// (chunk i, from 0, to stripe i mod stripes, at place i div stripes), and so
// are the spares (spare j to stripe j mod stripes, as its row j div
// stripes): the codes of a lost page are spread over the stripes. The
// weight of data place p in spare row r is 1/(r XOR (16+p)), which is never
// 1/0 while r < 16 and p < 240.

const (
	stripeMax   = 240 // data chunks in a stripe at most
	spareRowMax = 16  // spare rows in a stripe at most
)

// gfExp and gfLog are GF(2^8)'s tables for the polynomial x^8+x^4+x^3+x^2+1.
var gfExp, gfLog = gfTables()

func gfTables() (exp [510]byte, log [256]byte) {
	x := 1
	for i := 0; i < 255; i++ {
		exp[i], exp[i+255] = byte(x), byte(x)
		log[x] = byte(i)
		x <<= 1
		if x&0x100 != 0 {
			x ^= 0x11d
		}
	}
	return exp, log
}

func gfMul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[int(gfLog[a])+int(gfLog[b])]
}

func gfInv(a byte) byte { return gfExp[255-int(gfLog[a])] }

// spareWeight is the weight of data place p in spare row r.
func spareWeight(r, p int) byte { return gfInv(byte(r) ^ byte(16+p)) }

// mulAdd adds c times src to dst, byte by byte.
func mulAdd(dst, src []byte, c byte) {
	if c == 0 {
		return
	}
	lc := int(gfLog[c])
	for i, s := range src {
		if s != 0 {
			dst[i] ^= gfExp[int(gfLog[s])+lc]
		}
	}
}

// stripes is how many stripes k data chunks are dealt out to.
func stripes(k int) int { return (k + stripeMax - 1) / stripeMax }

// spareCount is how many spare codes a paper copy of k data chunks gets: a
// page's worth (and at least two for each stripe), and then as many as fill
// the last page of codes. Any one page of codes may then be lost: its codes
// are consecutive, so each stripe loses at most as many as it has spares
// (TestSparesStandInForAnyOnePage).
func spareCount(k int) int {
	n := k + max(paperCopyPerPage, 2*stripes(k))
	return (n+paperCopyPerPage-1)/paperCopyPerPage*paperCopyPerPage - k
}

// padded is a chunk as the spares count it: paperCopyChunk bytes.
func padded(c []byte) []byte {
	p := make([]byte, paperCopyChunk)
	copy(p, c)
	return p
}

// makeSpares computes the spares of the data chunks.
func makeSpares(data [][]byte, spares int) [][]byte {
	n := stripes(len(data))
	out := make([][]byte, spares)
	for j := range out {
		out[j] = make([]byte, paperCopyChunk)
		s, r := j%n, j/n
		for i := s; i < len(data); i += n {
			mulAdd(out[j], padded(data[i]), spareWeight(r, i/n))
		}
	}
	return out
}

// recoverChunks fills in the missing (nil) data chunks from the others and
// the spares read (nil where not read). A chunk filled in is padded to
// paperCopyChunk bytes (the compressed stream's end is found by gzip itself).
// It reports whether every data chunk is there now.
func recoverChunks(data, spares [][]byte) bool {
	n := stripes(len(data))
	whole := true
	for s := 0; s < n; s++ {
		var missing, rows []int // data indexes; spare indexes
		for i := s; i < len(data); i += n {
			if data[i] == nil {
				missing = append(missing, i)
			}
		}
		if len(missing) == 0 {
			continue
		}
		for j := s; j < len(spares) && len(rows) < len(missing); j += n {
			if spares[j] != nil {
				rows = append(rows, j)
			}
		}
		if len(rows) < len(missing) {
			whole = false
			continue
		}
		// m equations: for each spare row, the spare less the data read
		// equals the weighted sum of the missing chunks.
		m := len(missing)
		a := make([][]byte, m)
		b := make([][]byte, m)
		for e, j := range rows {
			r := j / n
			b[e] = padded(spares[j])
			for i := s; i < len(data); i += n {
				if data[i] != nil {
					mulAdd(b[e], padded(data[i]), spareWeight(r, i/n))
				}
			}
			a[e] = make([]byte, m)
			for c, i := range missing {
				a[e][c] = spareWeight(r, i/n)
			}
		}
		// Gauss-Jordan elimination; a Cauchy matrix's square parts are
		// never singular.
		for c := 0; c < m; c++ {
			p := c
			for p < m && a[p][c] == 0 {
				p++
			}
			if p == m {
				return false
			}
			a[c], a[p] = a[p], a[c]
			b[c], b[p] = b[p], b[c]
			inv := gfInv(a[c][c])
			for k := range a[c] {
				a[c][k] = gfMul(a[c][k], inv)
			}
			row := make([]byte, paperCopyChunk)
			mulAdd(row, b[c], inv)
			b[c] = row
			for e := 0; e < m; e++ {
				if e != c && a[e][c] != 0 {
					f := a[e][c]
					for k := range a[e] {
						a[e][k] ^= gfMul(a[c][k], f)
					}
					mulAdd(b[e], b[c], f)
				}
			}
		}
		for c, i := range missing {
			data[i] = b[c]
		}
	}
	return whole
}
