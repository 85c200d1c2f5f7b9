package printing

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sort"
	"strconv"
	"strings"
)

// A paper copy is the vault file itself on paper: the same encrypted bytes
// as an encrypted copy, so it opens only with the master password or the
// recovery key, and is safe to leave with a friend or in a bank box.
//
// The file is compressed (gzip) and cut into chunks; each chunk is one QR
// code, and spare codes follow (see spares.go), which let the file come back
// with some codes unreadable. A code's text is, all in the QR code's
// alphanumeric alphabet (upper-case letters, digits and " $%*+-./:", which
// packs 5.5 bits a character):
//
//	SKPC2:SET:PAGE/PAGES:CODE/CODES:CHUNKS:LEN:CRC:DATA
//
// SET is 8 base32 letters of the SHA-256 of the vault file, naming the set
// (the codes of two different paper copies never mix); PAGE/PAGES is the
// page the code is printed on; CODE/CODES its place among the codes (from
// 1); CHUNKS how many of them are the file's chunks (the rest are spares);
// LEN the code's length in bytes; CRC the CRC-32 of its bytes, in hex; DATA
// its bytes in base45 (RFC 9285). After the chunks are joined and
// uncompressed, the file's SHA-256 must match SET. Paper copies printed
// before the spares have codes without CHUNKS, SKPC1:SET:PAGE/PAGES:
// CODE/CODES:LEN:CRC:DATA, all of them chunks; they still read.
//
// After the codes come the file's text, line by line with a check code on
// each line, for the age command when Sparekey is gone (see AgeSteps).

const (
	paperCopyMagic  = "SKPC2"
	paperCopyMagic1 = "SKPC1" // before the spares
	// paperCopyChunk is the bytes of one code: version 13 at level M (69
	// modules), 59 mm wide at 0.85 mm a module, so that six fit on a page
	// of A4 or Letter and each reads from a phone photo of the page.
	paperCopyChunk = 280
	// paperCopyMaxFile bounds what a paper copy holds and what reading one
	// may unpack: 4 MB is far more than any vault.
	paperCopyMaxFile = 4 << 20
)

// paperCopyCode is one parsed code of a paper copy.
type paperCopyCode struct {
	set                 string
	page, pages         int
	chunk, chunks, size int // chunks counts the spares too
	dataChunks          int // the file's chunks: codes 1 to dataChunks
	crc                 uint32
	data                []byte
}

// paperCopyChunks compresses file and cuts it into chunks.
func paperCopyChunks(file []byte) (set string, chunks [][]byte, err error) {
	if len(file) == 0 {
		return "", nil, errors.New("the Sparekey file is empty")
	}
	if len(file) > paperCopyMaxFile {
		return "", nil, fmt.Errorf("the Sparekey file is too large for paper (%d bytes; at most %d)", len(file), paperCopyMaxFile)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(file)
	if err := zw.Close(); err != nil {
		return "", nil, fmt.Errorf("compressing the Sparekey file: %w", err)
	}
	z := buf.Bytes()
	for len(z) > 0 {
		n := min(len(z), paperCopyChunk)
		chunks = append(chunks, z[:n])
		z = z[n:]
	}
	return paperCopySet(file), chunks, nil
}

// paperCopyCodes makes a paper copy's codes: the file's chunks, then the
// spares that stand in for unreadable ones, each with the page it is printed
// on. textPages is how many pages of text follow the codes' pages.
func paperCopyCodes(file []byte, textPages int) (set string, codes []paperCopyCode, err error) {
	set, data, err := paperCopyChunks(file)
	if err != nil {
		return "", nil, err
	}
	all := append(data, makeSpares(data, spareCount(len(data)))...)
	pages := paperCopyPageOf(len(all), len(all)) + textPages
	for i, c := range all {
		codes = append(codes, paperCopyCode{set: set, page: paperCopyPageOf(i+1, len(all)), pages: pages,
			chunk: i + 1, chunks: len(all), dataChunks: len(data), data: c})
	}
	return set, codes, nil
}

func paperCopySet(file []byte) string {
	sum := sha256.Sum256(file)
	return base32.StdEncoding.EncodeToString(sum[:5])
}

// text is the code's text.
func (c paperCopyCode) text() string {
	return fmt.Sprintf("%s:%s:%d/%d:%d/%d:%d:%d:%08X:%s", paperCopyMagic, c.set, c.page, c.pages, c.chunk, c.chunks,
		c.dataChunks, len(c.data), crc32.ChecksumIEEE(c.data), base45Encode(c.data))
}

// IsPaperCopyCode reports whether a QR code's text is a code of a paper copy.
func IsPaperCopyCode(text string) bool {
	return strings.HasPrefix(text, paperCopyMagic+":") || strings.HasPrefix(text, paperCopyMagic1+":")
}

// parsePaperCopyCode reads one code's text.
func parsePaperCopyCode(text string) (paperCopyCode, error) {
	var c paperCopyCode
	var f []string
	var errK error
	switch {
	case strings.HasPrefix(text, paperCopyMagic+":"):
		if f = strings.SplitN(text, ":", 8); len(f) == 8 {
			c.dataChunks, errK = strconv.Atoi(f[4])
			f = append(f[:4], f[5:]...)
		}
	case strings.HasPrefix(text, paperCopyMagic1+":"):
		f = strings.SplitN(text, ":", 7)
	}
	if len(f) != 7 {
		return c, errors.New("this is not a code of a Sparekey paper copy")
	}
	c.set = f[1]
	var err1, err2 error
	c.page, c.pages, err1 = fraction(f[2])
	c.chunk, c.chunks, err2 = fraction(f[3])
	if f[0] == paperCopyMagic1 {
		c.dataChunks = c.chunks
	}
	size, err3 := strconv.Atoi(f[4])
	crc, err4 := strconv.ParseUint(f[5], 16, 32)
	if err := errors.Join(errK, err1, err2, err3, err4); err != nil || len(c.set) != 8 || size < 1 || size > paperCopyChunk ||
		c.chunks > paperCopyMaxFile/paperCopyChunk*2 || c.dataChunks < 1 || c.dataChunks > c.chunks ||
		c.chunks-c.dataChunks > spareRowMax*stripes(c.dataChunks) {
		return c, errors.New("this paper copy code is damaged (its header does not read)")
	}
	c.size, c.crc = size, uint32(crc)
	// A reader may have trimmed spaces at the end of the text; base45 has
	// a fixed length for a given size, so put them back.
	want := size/2*3 + size%2*2
	data := f[6]
	if len(data) < want {
		data += strings.Repeat(" ", want-len(data))
	}
	b, err := base45Decode(data)
	if err != nil || len(b) != size || crc32.ChecksumIEEE(b) != c.crc {
		return c, fmt.Errorf("code %d of this paper copy is damaged (its check does not match)", c.chunk)
	}
	c.data = b
	return c, nil
}

func fraction(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, errors.New("no /")
	}
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || i < 1 || i > n || n > 100000 {
		return 0, 0, errors.New("bad fraction")
	}
	return i, n, nil
}

// ErrPagesMissing is wrapped by the error DecodePaperCopy returns when some
// pages of a paper copy were not among the pictures.
var ErrPagesMissing = errors.New("pages of the paper copy are missing")

// DecodePaperCopy puts a vault file back together from the texts of a paper
// copy's QR codes, in any order, with repeats (the same page photographed
// twice) and other QR codes mixed in (they are ignored). The spare codes
// stand in for missing ones while there are enough of them (any one page's
// worth); beyond that, the error names the pages whose codes are missing
// ("page 3 of 5 is missing" or "pages 2 and 4 of 5 are missing") and wraps
// ErrPagesMissing.
// It refuses codes of two different paper copies in one set.
func DecodePaperCopy(texts []string) ([]byte, error) {
	file, _, err := decodePaperCopy(texts)
	return file, err
}

// decodePaperCopy is DecodePaperCopy that also says on which pages codes
// were not read, where the file came back all the same (the spares stood
// in): the person may want to print a new paper copy.
func decodePaperCopy(texts []string) (file []byte, unread []int, err error) {
	var first *paperCopyCode
	got := map[int]paperCopyCode{}
	var damaged []error
	for _, t := range texts {
		if !IsPaperCopyCode(t) {
			continue
		}
		c, err := parsePaperCopyCode(t)
		if err != nil {
			damaged = append(damaged, err)
			continue
		}
		if first == nil {
			first = &c
		} else if c.set != first.set || c.chunks != first.chunks || c.dataChunks != first.dataChunks || c.pages != first.pages {
			return nil, nil, errors.New("these pictures hold two different paper copies; read the pages of one paper copy at a time (each page shows its copy's name at the top)")
		}
		got[c.chunk] = c
	}
	if first == nil {
		if len(damaged) > 0 {
			return nil, nil, fmt.Errorf("the paper copy's codes could not be read: %w", damaged[0])
		}
		return nil, nil, errors.New("none of these pictures shows a page of a Sparekey paper copy")
	}
	data := make([][]byte, first.dataChunks)
	spares := make([][]byte, first.chunks-first.dataChunks)
	for i, c := range got {
		if i <= first.dataChunks {
			data[i-1] = c.data
		} else {
			spares[i-1-first.dataChunks] = c.data
		}
	}
	seen := map[int]bool{}
	var missing []int // pages with codes not read
	for i := 1; i <= first.chunks; i++ {
		if _, ok := got[i]; ok {
			continue
		}
		if p := paperCopyPageOf(i, first.chunks); !seen[p] {
			seen[p] = true
			missing = append(missing, p)
		}
	}
	sort.Ints(missing)
	if !recoverChunks(data, spares) {
		return nil, nil, fmt.Errorf("%s of %d %s: photograph %s and try again: %w",
			pagesWords(missing), first.pages, isAre(len(missing)), itThem(len(missing)), ErrPagesMissing)
	}
	var z []byte
	for _, d := range data {
		z = append(z, d...)
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, nil, fmt.Errorf("the paper copy's codes do not fit together: %w", err)
	}
	// A last chunk given back by the spares ends in zeros: the
	// compressed stream ends before them.
	zr.Multistream(false)
	file, err = io.ReadAll(io.LimitReader(zr, paperCopyMaxFile+1))
	if err != nil || len(file) > paperCopyMaxFile {
		return nil, nil, errors.New("the paper copy's codes do not fit together (the file they make is damaged)")
	}
	if paperCopySet(file) != first.set {
		return nil, nil, errors.New("the paper copy's codes do not fit together (the file they make does not match its name)")
	}
	return file, missing, nil
}

// paperCopyPerPage is how many codes a page holds (two columns of three).
// It is part of the format: a reader works out from it on which page a
// missing code is printed.
const paperCopyPerPage = 6

// paperCopyPageOf is the page (from 1) that chunk i (from 1) of chunks is
// printed on: the chunks are shared out evenly among the fewest pages that
// hold them, in order.
func paperCopyPageOf(i, chunks int) int {
	pages := (chunks + paperCopyPerPage - 1) / paperCopyPerPage
	return (i-1)*pages/chunks + 1
}

func pagesWords(p []int) string {
	s := make([]string, len(p))
	for i, n := range p {
		s[i] = strconv.Itoa(n)
	}
	if len(s) == 1 {
		return "page " + s[0]
	}
	return "pages " + namesWords(s)
}

func isAre(n int) string {
	if n == 1 {
		return "is missing"
	}
	return "are missing"
}

func itThem(n int) string {
	if n == 1 {
		return "that page"
	}
	return "those pages"
}

// base45 is RFC 9285's encoding: two bytes become three characters of the QR
// code's alphanumeric alphabet.
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

func base45Encode(b []byte) string {
	var s strings.Builder
	for i := 0; i+1 < len(b); i += 2 {
		n := int(b[i])*256 + int(b[i+1])
		s.WriteByte(base45Alphabet[n%45])
		s.WriteByte(base45Alphabet[n/45%45])
		s.WriteByte(base45Alphabet[n/2025])
	}
	if len(b)%2 == 1 {
		n := int(b[len(b)-1])
		s.WriteByte(base45Alphabet[n%45])
		s.WriteByte(base45Alphabet[n/45])
	}
	return s.String()
}

func base45Decode(s string) ([]byte, error) {
	var out []byte
	val := func(c byte) (int, error) {
		i := strings.IndexByte(base45Alphabet, c)
		if i < 0 {
			return 0, fmt.Errorf("%q is not a base45 character", c)
		}
		return i, nil
	}
	for i := 0; i < len(s); i += 3 {
		if len(s)-i == 1 {
			return nil, errors.New("base45 text has a stray character at its end")
		}
		c, err1 := val(s[i])
		d, err2 := val(s[i+1])
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		if len(s)-i == 2 {
			n := c + d*45
			if n > 255 {
				return nil, errors.New("base45 text out of range")
			}
			out = append(out, byte(n))
			break
		}
		e, err := val(s[i+2])
		if err != nil {
			return nil, err
		}
		n := c + d*45 + e*2025
		if n > 65535 {
			return nil, errors.New("base45 text out of range")
		}
		out = append(out, byte(n>>8), byte(n))
	}
	return out, nil
}
