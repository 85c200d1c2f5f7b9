package interop

import (
	"cmp"
	"image"
	"math"
	"slices"
	"sort"

	"github.com/makiuchi-d/gozxing"
	multidetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/makiuchi-d/gozxing/qrcode"
	qrdecoder "github.com/makiuchi-d/gozxing/qrcode/decoder"
	qrdetector "github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Finding many QR codes in one search, with counted work.
//
// gozxing's multi-code reader (ZXing's) looks at every triple of corner
// marks that could be a code and tries to read each one. On a page of
// codes in a grid, the corner marks of neighbouring codes make thousands of
// such triples that are not codes, and reading each costs a grid sampling
// and a failed decoding: a search of a tile with 36 codes took about a
// second of CPU, a 4400×4400 picture of 400 codes several minutes. The
// search below finds the same corner marks and the same triples, but tries
// the smallest triples first and drops every triple that uses a corner mark
// of a code already read (a corner mark belongs to one code). A page of 36
// codes is then 36 readings and a few failures. And every piece of work is
// counted in a work budget before it is done, so that no picture, however
// it is made, costs more than the budget.

// Work units: about one pixel examined (binarized, scanned, copied).
// The other kinds of work are counted in what they cost in such units,
// measured with BenchmarkReadQRCodes400 and the photo benchmark.
const (
	// unitsPerTriple: checking whether three corner marks could be a code.
	unitsPerTriple = 1
	// unitsPerModule: sampling one module of a code's grid (the grid
	// sampler, the decoder, the error correction).
	unitsPerModule = 16
	// zbarUnitsPerPixel: ZBar reading a picture (its scan lines both ways
	// and the decoding of what it finds).
	zbarUnitsPerPixel = 4
	// alignUnits: the search for an alignment pattern, per square module.
	alignUnits = 320
)

// maxCorners is the most corner marks one search looks at: 85 codes' worth
// (a tile of a page of tiny codes). The triples of that many cost 3.6
// million units; a search that finds more keeps those seen most often.
const maxCorners = 256

// maxFailedTriples is how many triples the searches of one step (a tile,
// or the picture whole, with its thresholds and rounds) try and fail to
// read, plus eight for each code they read, before they leave the rest: a
// page of hundreds of codes seen whole and small has ten thousand triples
// that are not codes (neighbouring codes' corner marks), each read in vain.
const maxFailedTriples = 512

// maxSingleCorners is the most corner marks with which the single-code
// reader is tried as well (its choice of a triple is not bounded).
const maxSingleCorners = 60

// budget counts the work of reading one picture and stops it when it is
// spent or when the person cancels.
type budget struct {
	used, limit int64
	// done says whether the reading must stop (ctx cancelled); it is
	// asked every checkEvery units, and before any charge of as many.
	done func() bool
	// spent is set when the limit was reached; cancelled when done said
	// so.
	spent, cancelled bool
	// gaveUp is set when a search left triples untried: failed triples
	// and codes read by the step's searches (maxFailedTriples).
	gaveUp       bool
	failed, read int
	// moved is called every checkEvery units too (progress).
	moved func()
	check int64 // when done and moved are next called
}

// checkEvery is how often a reading looks whether it was cancelled: a
// hundredth of a second's work or so.
const checkEvery = 1 << 20

// charge counts n units of work about to be done and reports whether it
// may be done: not when the budget would be overspent or the reading was
// cancelled. Once it says no, it always does.
func (b *budget) charge(n int64) bool {
	if b.spent || b.cancelled {
		return false
	}
	if b.used+n >= b.check || n >= checkEvery {
		b.check = b.used + n + checkEvery
		if b.done != nil && b.done() {
			b.cancelled = true
			return false
		}
		if b.moved != nil {
			b.moved()
		}
	}
	if b.used+n > b.limit {
		b.spent = true
		return false
	}
	b.used += n
	return true
}

// stopped reports whether the reading must stop.
func (b *budget) stopped() bool { return b.spent || b.cancelled }

// gridCost is what reading a code from three corner marks costs: measuring
// the modules along its sides, looking for its alignment pattern in squares
// 8 and 16 modules wide around where it should be, and sampling a grid of
// about dim×dim modules.
func gridCost(tl, tr, bl gozxing.ResultPoint, module float64) int64 {
	module = max(module, 1)
	side := (gozxing.ResultPoint_Distance(tl, tr) + gozxing.ResultPoint_Distance(tl, bl)) / 2
	return moduleCost(min(side/module+8, 200), module) + int64(4*side)
}

// moduleCost is what sampling and decoding a code of dim×dim modules of
// module pixels costs, with the search for its alignment pattern.
func moduleCost(dim, module float64) int64 {
	return int64(unitsPerModule*dim*dim + min(alignUnits*module*module, 4_000_000))
}

// cornerMarks finds the finder patterns (the three big squares of a code)
// in a binarized picture, as ZXing's multi-code finder does (every third
// row; TRY_HARDER), keeping at most maxCorners.
func cornerMarks(matrix *gozxing.BitMatrix) []*qrdetector.FinderPattern {
	finder := qrdetector.NewFinderPatternFinder(matrix, nil)
	maxI, maxJ := matrix.GetHeight(), matrix.GetWidth()
	iSkip := qrdetector.FinderPatternFinder_MIN_SKIP
	stateCount := make([]int, 5)
	for i := iSkip - 1; i < maxI; i += iSkip {
		qrdetector.FinderPatternFinder_doClearCounts(stateCount)
		currentState := 0
		for j := 0; j < maxJ; j++ {
			if matrix.Get(j, i) {
				if currentState&1 == 1 {
					currentState++
				}
				stateCount[currentState]++
				continue
			}
			if currentState&1 == 1 {
				stateCount[currentState]++
				continue
			}
			if currentState != 4 {
				currentState++
				stateCount[currentState]++
				continue
			}
			if qrdetector.FinderPatternFinder_foundPatternCross(stateCount) && finder.HandlePossibleCenter(stateCount, i, j) {
				currentState = 0
				qrdetector.FinderPatternFinder_doClearCounts(stateCount)
			} else {
				qrdetector.FinderPatternFinder_doShiftCounts2(stateCount)
				currentState = 3
			}
		}
		if qrdetector.FinderPatternFinder_foundPatternCross(stateCount) {
			finder.HandlePossibleCenter(stateCount, i, maxJ)
		}
		if len(finder.GetPossibleCenters()) > 4*maxCorners {
			break // a picture of noise: enough to choose from
		}
	}
	centers := slices.Clone(finder.GetPossibleCenters())
	if len(centers) > maxCorners {
		slices.SortStableFunc(centers, func(a, b *qrdetector.FinderPattern) int { return b.GetCount() - a.GetCount() })
		centers = centers[:maxCorners]
	}
	return centers
}

// cornerTriples lists the triples of corner marks that could be a code, by
// ZXing's tests (similar module sizes, a size within what QR codes have,
// two sides of about the same length at about a right angle), in ZXing's
// order. ZXing looks at every triple; here, for each pair of corner marks
// taken as a code's top-left and top-right (or bottom-left), the third is
// looked for only where it would be, a quarter turn away: a square grid of
// cells finds the marks near there. Every triple that passes ZXing's tests
// has its third mark within a third of a side of that spot (the tests
// allow sides 10 % apart and an angle about 12° from square), so the same
// triples come out, for a cost that grows with the pairs, not the triples.
// The pairs and the marks looked at are charged; it returns nil when the
// budget says no.
func cornerTriples(centers []*qrdetector.FinderPattern, b *budget) []*qrdetector.FinderPatternInfo {
	n := len(centers)
	if n < 3 {
		return nil
	}
	if n == 3 {
		if !b.charge(unitsPerTriple) {
			return nil
		}
		bl, tl, tr := gozxing.ResultPoint_OrderBestPatterns(centers[0], centers[1], centers[2])
		return []*qrdetector.FinderPatternInfo{qrdetector.NewFinderPatternInfo(bl.(*qrdetector.FinderPattern), tl.(*qrdetector.FinderPattern), tr.(*qrdetector.FinderPattern))}
	}
	// ZXing's order: by module size, largest first.
	sorted := slices.Clone(centers)
	sort.Slice(sorted, multidetector.ModuleSizeComparator(sorted))
	type mark struct{ x, y, m float64 }
	marks := make([]mark, n)
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, c := range sorted {
		marks[i] = mark{c.GetX(), c.GetY(), c.GetEstimatedModuleSize()}
		minX, maxX = min(minX, c.GetX()), max(maxX, c.GetX())
		minY, maxY = min(minY, c.GetY()), max(maxY, c.GetY())
	}
	similar := func(i, j int) bool { // i before j in sorted
		mi, mj := marks[i].m, marks[j].m
		return math.Abs(mi-mj) <= multidetector.DIFF_MODSIZE_CUTOFF || (mi-mj)/math.Min(mi, mj) < multidetector.DIFF_MODSIZE_CUTOFF_PERCENT
	}
	// The grid: about as many cells as marks.
	cell := max((maxX-minX+1)*(maxY-minY+1)/float64(n), 1)
	cell = math.Sqrt(cell)
	cols := int((maxX-minX)/cell) + 1
	rows := int((maxY-minY)/cell) + 1
	grid := make([][]int, cols*rows)
	for i, m := range marks {
		c := int((m.x-minX)/cell) + cols*int((m.y-minY)/cell)
		grid[c] = append(grid[c], i)
	}
	dist := func(i, j int) float64 {
		dx, dy := marks[i].x-marks[j].x, marks[i].y-marks[j].y
		return math.Sqrt(dx*dx + dy*dy)
	}
	// order is gozxing.ResultPoint_OrderBestPatterns on marks i < j < k:
	// the bottom-left, top-left and top-right.
	order := func(i, j, k int) (bl, tl, tr int) {
		d01, d12, d02 := dist(i, j), dist(j, k), dist(i, k)
		switch {
		case d12 >= d01 && d12 >= d02:
			tl, bl, tr = i, j, k
		case d02 >= d12 && d02 >= d01:
			tl, bl, tr = j, i, k
		default:
			tl, bl, tr = k, i, j
		}
		a, b, c := marks[bl], marks[tl], marks[tr]
		if (c.x-b.x)*(a.y-b.y)-(c.y-b.y)*(a.x-b.x) < 0 {
			bl, tr = tr, bl
		}
		return bl, tl, tr
	}
	// test is ZXing's test of the triple i < j < k, ordered.
	test := func(i, j, k, bl, tl, tr int) bool {
		if !similar(i, j) || !similar(j, k) {
			return false
		}
		dA, dB, dC := dist(tl, bl), dist(tl, tr), dist(tr, bl)
		modules := (dA + dB) / (marks[i].m * 2)
		if modules > multidetector.MAX_MODULE_COUNT_PER_EDGE || modules < multidetector.MIN_MODULE_COUNT_PER_EDGE {
			return false
		}
		if math.Abs((dA-dB)/math.Min(dA, dB)) >= 0.1 {
			return false
		}
		dCpy := math.Sqrt(dA*dA + dB*dB)
		return math.Abs((dC-dCpy)/math.Min(dC, dCpy)) < 0.1
	}
	if !b.charge(unitsPerTriple * int64(n) * int64(n)) {
		return nil
	}
	type triple struct{ i, j, k int }
	var keys []triple
	for p := range marks {
		for q := range marks {
			if p == q || !similar(min(p, q), max(p, q)) {
				continue
			}
			dx, dy := marks[q].x-marks[p].x, marks[q].y-marks[p].y
			side := math.Sqrt(dx*dx + dy*dy)
			// A side is about 180 modules at most and 9 at least, of the
			// triple's largest mark (at most 10 % and a pixel larger than
			// these two); with slack for the 10 % tests.
			mx := 1.1*max(marks[p].m, marks[q].m) + 1
			if side > 1.2*float64(multidetector.MAX_MODULE_COUNT_PER_EDGE)*mx ||
				side < 0.8*float64(multidetector.MIN_MODULE_COUNT_PER_EDGE)*min(marks[p].m, marks[q].m) {
				continue
			}
			radius := side / 3
			looked := int64(0)
			for _, turn := range [2]float64{1, -1} {
				ex, ey := marks[p].x-turn*dy, marks[p].y+turn*dx
				c0, c1 := int(math.Floor((ex-radius-minX)/cell)), int(math.Floor((ex+radius-minX)/cell))
				r0, r1 := int(math.Floor((ey-radius-minY)/cell)), int(math.Floor((ey+radius-minY)/cell))
				for row := max(r0, 0); row <= min(r1, rows-1); row++ {
					for col := max(c0, 0); col <= min(c1, cols-1); col++ {
						looked++
						for _, r := range grid[col+cols*row] {
							looked++
							if r == p || r == q {
								continue
							}
							if ddx, ddy := marks[r].x-ex, marks[r].y-ey; ddx*ddx+ddy*ddy > radius*radius {
								continue
							}
							t := [3]int{p, q, r}
							slices.Sort(t[:])
							bl, tl, tr := order(t[0], t[1], t[2])
							// Each triple once: found from its top-left
							// and top-right (it is found from its top-left
							// and bottom-left too).
							if tl != p || tr != q {
								continue
							}
							if test(t[0], t[1], t[2], bl, tl, tr) {
								keys = append(keys, triple{t[0], t[1], t[2]})
							}
						}
					}
				}
			}
			if !b.charge(unitsPerTriple * looked) {
				return nil
			}
		}
	}
	slices.SortFunc(keys, func(a, b triple) int {
		return cmp.Or(cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j), cmp.Compare(a.k, b.k))
	})
	keys = slices.Compact(keys)
	out := make([]*qrdetector.FinderPatternInfo, 0, len(keys))
	for _, k := range keys {
		bl, tl, tr := gozxing.ResultPoint_OrderBestPatterns(sorted[k.i], sorted[k.j], sorted[k.k])
		out = append(out, qrdetector.NewFinderPatternInfo(bl.(*qrdetector.FinderPattern), tl.(*qrdetector.FinderPattern), tr.(*qrdetector.FinderPattern)))
	}
	return out
}

// decodeTriples reads a code from each triple, smallest first, skipping
// the triples that use a corner mark of a code already read. Each reading
// is charged first; it stops when the budget says no.
func decodeTriples(matrix *gozxing.BitMatrix, infos []*qrdetector.FinderPatternInfo, b *budget) []*gozxing.Result {
	order := slices.Clone(infos)
	size := func(i *qrdetector.FinderPatternInfo) float64 {
		return gozxing.ResultPoint_Distance(i.GetTopLeft(), i.GetTopRight()) + gozxing.ResultPoint_Distance(i.GetTopLeft(), i.GetBottomLeft())
	}
	slices.SortStableFunc(order, func(a, b *qrdetector.FinderPatternInfo) int {
		switch sa, sb := size(a), size(b); {
		case sa < sb:
			return -1
		case sa > sb:
			return 1
		}
		return 0
	})
	used := map[*qrdetector.FinderPattern]bool{}
	det := qrdetector.NewDetector(matrix)
	dec := qrdecoder.NewDecoder()
	var results []*gozxing.Result
	for _, info := range order {
		tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
		if used[tl] || used[tr] || used[bl] {
			continue
		}
		if b.failed >= maxFailedTriples+8*b.read {
			// The rest is left to the other searches (at a finer scale
			// the codes that failed here are larger); said unless one
			// of them searches this part of the picture to its end.
			b.gaveUp = true
			break
		}
		b.failed++
		module := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
		if !b.charge(gridCost(tl, tr, bl, module)) {
			break
		}

		found, err := det.ProcessFinderPatternInfo(info)
		if err != nil {
			continue
		}
		res, err := dec.Decode(found.GetBits(), qrHints)
		if err != nil {
			continue
		}
		points := found.GetPoints()
		if meta, ok := res.GetOther().(*qrdecoder.QRCodeDecoderMetaData); ok {
			meta.ApplyMirroredCorrection(points)
		}
		b.failed--
		b.read++
		used[tl], used[tr], used[bl] = true, true, true
		results = append(results, gozxing.NewResult(res.GetText(), res.GetRawBytes(), points, gozxing.BarcodeFormat_QR_CODE))
	}
	return results
}

// decodeSingle is ZXing's single-code reader, tried when the multi-code
// search read nothing and there are few corner marks (its choice of a
// triple looks at all of them, and it finds its own, up to as many).
func decodeSingle(bmp *gozxing.BinaryBitmap, corners int, b *budget) *gozxing.Result {
	if corners > maxSingleCorners {
		return nil
	}
	c := int64(corners)
	if !b.charge(int64(bmp.GetWidth()*bmp.GetHeight()) + unitsPerTriple*c*c*c/6 + int64(unitsPerModule*200*200)) {
		return nil
	}
	r, err := qrcode.NewQRCodeReader().Decode(bmp, qrHints)
	if err != nil {
		return nil
	}
	return r
}

// zbarCode is a code ZBar read: its text and its outline (the corners ZBar
// located, in the picture's coordinates; none when it gave none).
type zbarCode struct {
	text    string
	outline []image.Point
}

// outlinePoint is a corner of the part of a picture a code takes.
type outlinePoint struct{ x, y float64 }

// zbarOutline is the part of the picture a code ZBar located takes: its
// corners pushed out by a twelfth of their distance from its centre and a
// pixel (some of the code's blur; less than its quiet zone).
func zbarOutline(corners []image.Point) []outlinePoint {
	q := make([]outlinePoint, len(corners))
	for i, p := range corners {
		q[i] = outlinePoint{float64(p.X), float64(p.Y)}
	}
	return grow(q, func(d float64) float64 { return d/12 + 1 })
}

// finderSquares are the parts of the picture that a code ZXing read
// needs to be found again: its three corner marks, from their centres
// (bottom-left, top-left, top-right). Each is the mark's square of 7
// modules, turned as the code is, grown by a module and a pixel on every
// side (the quiet zone is 4 modules: a neighbouring code is not touched).
// Painting these out is enough for the code not to be found again, and
// the rest of the picture is left as it is. It returns nil for fewer than
// three points.
func finderSquares(pts []gozxing.ResultPoint) [][]outlinePoint {
	if len(pts) < 3 {
		return nil
	}
	bl, tl, tr := pts[0], pts[1], pts[2]
	dAcross, dDown := gozxing.ResultPoint_Distance(tl, tr), gozxing.ResultPoint_Distance(tl, bl)
	if dAcross < 1 || dDown < 1 {
		return nil
	}
	module := (dAcross + dDown) / 2 / 14 // the smallest code's
	if f, ok := tl.(*qrdetector.FinderPattern); ok && f.GetEstimatedModuleSize() > 0 {
		module = min(module, f.GetEstimatedModuleSize())
	}
	half := 4.5*module + 1
	ux, uy := (tr.GetX()-tl.GetX())/dAcross*half, (tr.GetY()-tl.GetY())/dAcross*half
	vx, vy := (bl.GetX()-tl.GetX())/dDown*half, (bl.GetY()-tl.GetY())/dDown*half
	var out [][]outlinePoint
	for _, c := range []gozxing.ResultPoint{bl, tl, tr} {
		x, y := c.GetX(), c.GetY()
		out = append(out, []outlinePoint{
			{x - ux - vx, y - uy - vy}, {x + ux - vx, y + uy - vy},
			{x + ux + vx, y + uy + vy}, {x - ux + vx, y - uy + vy},
		})
	}
	return out
}

// grow pushes each corner of q away from q's centre by by(its distance).
func grow(q []outlinePoint, by func(d float64) float64) []outlinePoint {
	var cx, cy float64
	for _, p := range q {
		cx += p.x
		cy += p.y
	}
	cx /= float64(len(q))
	cy /= float64(len(q))
	out := make([]outlinePoint, len(q))
	for i, p := range q {
		dx, dy := p.x-cx, p.y-cy
		d := math.Hypot(dx, dy)
		f := 1.0
		if d > 0 {
			f = 1 + by(d)/d
		}
		out[i] = outlinePoint{cx + dx*f, cy + dy*f}
	}
	return out
}

// outlineBox is the box of q scaled by scale, within r.
func outlineBox(q []outlinePoint, scale float64, r image.Rectangle) image.Rectangle {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range q {
		minX, maxX = min(minX, p.x*scale), max(maxX, p.x*scale)
		minY, maxY = min(minY, p.y*scale), max(maxY, p.y*scale)
	}
	if math.IsNaN(minX+minY+maxX+maxY) || math.IsInf(minX+minY+maxX+maxY, 0) {
		return image.Rectangle{}
	}
	return image.Rect(int(max(math.Floor(minX), -1)), int(max(math.Floor(minY), -1)),
		int(min(math.Ceil(maxX), 1<<30))+1, int(min(math.Ceil(maxY), 1<<30))+1).Intersect(r)
}

// paintCost is what painting q out of a picture at scale costs: a unit a
// pixel of its box.
func paintCost(q []outlinePoint, scale float64) int64 {
	b := outlineBox(q, scale, image.Rect(0, 0, 1<<30, 1<<30))
	return int64(b.Dx()) * int64(b.Dy())
}

// paintOutline whitens the convex outline q, scaled by scale, in g, so
// that later searches do not read its code again.
func paintOutline(g *image.Gray, q []outlinePoint, scale float64) {
	if len(q) < 3 {
		return
	}
	var cx, cy float64
	for _, p := range q {
		cx += p.x * scale
		cy += p.y * scale
	}
	cx /= float64(len(q))
	cy /= float64(len(q))
	// The corners around the centre, in order.
	type pt struct{ x, y, a float64 }
	pts := make([]pt, len(q))
	for i, p := range q {
		x, y := p.x*scale, p.y*scale
		pts[i] = pt{x, y, math.Atan2(y-cy, x-cx)}
	}
	slices.SortFunc(pts, func(a, b pt) int { return cmp.Compare(a.a, b.a) })
	box := outlineBox(q, scale, g.Rect)
	// A pixel is inside when it is on the inner side of every edge.
	inside := func(x, y float64) bool {
		for i := range pts {
			a, b := pts[i], pts[(i+1)%len(pts)]
			if (b.x-a.x)*(y-a.y)-(b.y-a.y)*(x-a.x) < 0 {
				return false
			}
		}
		return true
	}
	for y := box.Min.Y; y < box.Max.Y; y++ {
		row := g.Pix[(y-g.Rect.Min.Y)*g.Stride:]
		for x := box.Min.X; x < box.Max.X; x++ {
			if inside(float64(x)+0.5, float64(y)+0.5) {
				row[x-g.Rect.Min.X] = 255
			}
		}
	}
}
