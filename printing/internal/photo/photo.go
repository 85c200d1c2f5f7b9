// Package photo makes pictures of printed pages that look like what a person
// gets when they take a phone photo of the paper: the page tilted 10 to 25
// degrees and seen at an angle, lit unevenly, a little out of focus, saved as
// a JPEG of quality 60, at 12 or 2 megapixels. The paper itself may be plain,
// folded in three, crumpled, coffee-stained, faded (a printer low on toner)
// or photocopied twice before it was photographed.
//
// Everything is drawn from a seed, so the same seed makes the same photo on
// every machine. It exists for the photo benchmark (printing/photobench) and
// the tests that read printed pages back.
package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"

	xdraw "golang.org/x/image/draw"
)

// Damage is what happened to the paper before it was photographed.
type Damage string

// The kinds of damage.
const (
	Plain       Damage = "plain"
	Folded      Damage = "folded"      // folded in three, not flattened
	Crumpled    Damage = "crumpled"    // crumpled and smoothed out again
	Coffee      Damage = "coffee"      // two coffee rings
	Faded       Damage = "faded"       // printed with little toner, streaked
	Photocopied Damage = "photocopied" // photocopied, and the copy copied
)

// Damages lists every kind, plain first.
var Damages = []Damage{Plain, Folded, Crumpled, Coffee, Faded, Photocopied}

// Options say what photo to make.
type Options struct {
	Megapixels float64 // 12 or 2, say
	Damage     Damage
	Seed       uint64
	// Quality is the JPEG quality; 0 means 60.
	Quality int
}

// Photo is the result: the JPEG file and where the page went in it.
type Photo struct {
	JPEG []byte
	// Map takes a point on the page (in millimetres from its top-left
	// corner) to the photo's pixels, as a flat page would go (folds and
	// crumples move things a little off it). A phone's scanning app finds
	// the page's corners and flattens the photo; Flatten does the same with
	// this.
	Map func(xmm, ymm float64) (float64, float64)
}

// Take photographs page, a picture of one printed page rendered at dpi dots
// per inch (pdftoppm's output, say).
func Take(page image.Image, dpi float64, o Options) (*Photo, error) {
	r := rand.New(rand.NewPCG(o.Seed, 0x5ba4e))
	g := toGray(page)
	pxPerMM := dpi / 25.4
	pw, ph := float64(g.Rect.Dx())/pxPerMM, float64(g.Rect.Dy())/pxPerMM

	// Damage that the paper carries (in its own pixels).
	switch o.Damage {
	case Coffee:
		coffee(g, pxPerMM, r)
	case Faded:
		fade(g, r)
	case Photocopied:
		for range 2 {
			g = photocopy(g, pxPerMM, r)
		}
	}

	// The frame: portrait, 3:4.
	fw := int(math.Sqrt(o.Megapixels * 1e6 * 3 / 4))
	fh := fw * 4 / 3
	// Tilt 10 to 25 degrees either way; the page fills most of the frame.
	tilt := (10 + 15*r.Float64()) * math.Pi / 180
	if r.IntN(2) == 0 {
		tilt = -tilt
	}
	c, s := math.Cos(tilt), math.Sin(tilt)
	bw, bh := pw*math.Abs(c)+ph*math.Abs(s), pw*math.Abs(s)+ph*math.Abs(c)
	fill := 0.86 + 0.08*r.Float64()
	scale := fill * min(float64(fw)/bw, float64(fh)/bh) // photo px per mm
	cx := float64(fw)/2 + (r.Float64()-0.5)*0.04*float64(fw)
	cy := float64(fh)/2 + (r.Float64()-0.5)*0.04*float64(fh)
	corners := [4][2]float64{{0, 0}, {pw, 0}, {pw, ph}, {0, ph}}
	var dst [4][2]float64
	for i, p := range corners {
		x, y := (p[0]-pw/2)*scale, (p[1]-ph/2)*scale
		dst[i] = [2]float64{cx + x*c - y*s, cy + x*s + y*c}
	}
	// Seen at an angle: one edge of the page nearer the lens than the
	// other (keystone), and a little jitter on each corner.
	keystone := 0.04 + 0.06*r.Float64()
	side := r.IntN(4)
	for i := range dst {
		k := 0.0
		if i == side || i == (side+1)%4 {
			k = keystone
		} else {
			k = -keystone
		}
		dst[i][0] += (dst[i][0] - cx) * k
		dst[i][1] += (dst[i][1] - cy) * k
		dst[i][0] += (r.Float64() - 0.5) * 0.02 * float64(fw)
		dst[i][1] += (r.Float64() - 0.5) * 0.02 * float64(fw)
	}
	H := homography(corners, dst)
	Hinv := invert3(H)

	// Shrink the page first to about the photo's resolution, so that
	// sampling it does not alias.
	target := scale / pxPerMM * 1.15
	if target < 1 {
		sw, sh := int(float64(g.Rect.Dx())*target), int(float64(g.Rect.Dy())*target)
		small := image.NewGray(image.Rect(0, 0, sw, sh))
		xdraw.CatmullRom.Scale(small, small.Rect, g, g.Rect, xdraw.Src, nil)
		g = small
		pxPerMM *= target
	}

	paper := paperShape(o.Damage, pw, ph, r)
	light := lighting(fw, fh, r)
	out := image.NewGray(image.Rect(0, 0, fw, fh))
	bgBase := 55 + r.Float64()*40
	for y := 0; y < fh; y++ {
		for x := 0; x < fw; x++ {
			u, v := apply(Hinv, float64(x)+0.5, float64(y)+0.5)
			val := bgBase + 8*math.Sin(float64(x)*0.013+float64(y)*0.007)
			if u >= 0 && v >= 0 && u < pw && v < ph {
				pu, pv, shade, ok := paper(u, v)
				if ok {
					val = sample(g, pu*pxPerMM, pv*pxPerMM) * shade
				}
			}
			out.Pix[y*out.Stride+x] = clamp(val * light(x, y))
		}
	}
	// Out of focus a little (more in a 12-megapixel photo, where a pixel is
	// smaller), then the sensor's noise.
	sigma := 0.6 + 0.4*r.Float64()
	if o.Megapixels >= 6 {
		sigma = 1.1 + 0.8*r.Float64()
	}
	out = blur(out, sigma)
	for i := range out.Pix {
		out.Pix[i] = clamp(float64(out.Pix[i]) + r.NormFloat64()*3.5)
	}
	q := o.Quality
	if q == 0 {
		q = 60
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("encoding the photo: %w", err)
	}
	return &Photo{JPEG: buf.Bytes(), Map: func(x, y float64) (float64, float64) { return apply(H, x, y) }}, nil
}

// Flatten does what a phone's scanning app does with a photo of a page:
// it cuts the page out and straightens it, at dpi dots per inch. m is the
// photo's Map; pw and ph are the page's size in millimetres.
func Flatten(photo image.Image, m func(x, y float64) (float64, float64), pw, ph, dpi float64) *image.Gray {
	g := toGray(photo)
	pxPerMM := dpi / 25.4
	w, h := int(pw*pxPerMM), int(ph*pxPerMM)
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			px, py := m((float64(x)+0.5)/pxPerMM, (float64(y)+0.5)/pxPerMM)
			out.Pix[y*out.Stride+x] = clamp(sample(g, px, py))
		}
	}
	return out
}

// paperShape returns, for a point of the photographed page (in mm, as if it
// lay flat), the point of the paper seen there and how much lighter or darker
// the paper looks there (folds and creases catch the light differently).
func paperShape(d Damage, pw, ph float64, r *rand.Rand) func(u, v float64) (float64, float64, float64, bool) {
	switch d {
	case Folded:
		// Folded in three like a letter and opened again: the outer panels
		// stand up a little, so they look shorter and lit differently; a
		// dark crease along each fold.
		f1, f2 := ph/3, 2*ph/3
		a1, a2 := (8+10*r.Float64())*math.Pi/180, (8+10*r.Float64())*math.Pi/180
		s1, s2 := 0.86+0.1*r.Float64(), 1.0+0.08*r.Float64()
		return func(u, v float64) (float64, float64, float64, bool) {
			shade := 1.0
			switch {
			case v < f1:
				v = f1 - (f1-v)/math.Cos(a1)
				shade = s1
			case v > f2:
				v = f2 + (v-f2)/math.Cos(a2)
				shade = s2
			}
			for _, f := range []float64{f1, f2} {
				dd := (v - f) / 0.6
				shade *= 1 - 0.35*math.Exp(-dd*dd)
			}
			return u, v, shade, v >= 0 && v < ph
		}
	case Crumpled:
		// A height field of random waves and a dozen sharp creases; the
		// paper seen at a point is moved along the slope there, and the
		// slope facing the light or away from it shades the paper.
		type wave struct{ kx, ky, a, ph float64 }
		var waves []wave
		for range 7 {
			l := 25 + 50*r.Float64()
			t := r.Float64() * 2 * math.Pi
			waves = append(waves, wave{math.Cos(t) * 2 * math.Pi / l, math.Sin(t) * 2 * math.Pi / l, 0.8 + 1.2*r.Float64(), r.Float64() * 2 * math.Pi})
		}
		type crease struct{ nx, ny, d, k float64 }
		var creases []crease
		for range 12 {
			t := r.Float64() * math.Pi
			creases = append(creases, crease{math.Cos(t), math.Sin(t), r.Float64()*(pw*math.Abs(math.Cos(t))+ph*math.Abs(math.Sin(t))) - 20, (r.Float64() - 0.5) * 0.16})
		}
		lx, ly := math.Cos(r.Float64()*2*math.Pi), math.Sin(r.Float64()*2*math.Pi)
		return func(u, v float64) (float64, float64, float64, bool) {
			gx, gy := 0.0, 0.0
			for _, w := range waves {
				c := w.a * math.Cos(w.kx*u+w.ky*v+w.ph)
				gx += c * w.kx
				gy += c * w.ky
			}
			for _, c := range creases {
				s := 1.0
				if c.nx*u+c.ny*v < c.d {
					s = -1
				}
				gx += s * c.k * c.nx
				gy += s * c.k * c.ny
			}
			shade := 1 + 0.5*(gx*lx+gy*ly)
			return u + 0.9*gx, v + 0.9*gy, min(max(shade, 0.7), 1.1), true
		}
	}
	return func(u, v float64) (float64, float64, float64, bool) { return u, v, 1, true }
}

// lighting is uneven light over the frame: brighter on one side, darker in
// the corners, and the soft shadow of the phone over part of it.
func lighting(w, h int, r *rand.Rand) func(x, y int) float64 {
	t := r.Float64() * 2 * math.Pi
	dx, dy := math.Cos(t), math.Sin(t)
	span := math.Hypot(float64(w), float64(h)) / 2
	low := 0.55 + 0.15*r.Float64()
	sx := r.Float64() * float64(w)
	sr := (0.25 + 0.2*r.Float64()) * float64(w)
	return func(x, y int) float64 {
		fx, fy := float64(x)-float64(w)/2, float64(y)-float64(h)/2
		g := (fx*dx + fy*dy) / span // -1..1
		l := low + (1.05-low)*(g+1)/2
		vig := 1 - 0.12*(fx*fx+fy*fy)/(span*span)
		sd := math.Hypot(float64(x)-sx, float64(y)-float64(h)) / sr
		shadow := 1 - 0.18*math.Exp(-sd*sd)
		return l * vig * shadow
	}
}

// coffee leaves two coffee rings, one of them over the left half of the
// page, where the square codes are.
func coffee(g *image.Gray, pxPerMM float64, r *rand.Rand) {
	w, h := float64(g.Rect.Dx()), float64(g.Rect.Dy())
	for i := range 2 {
		cx := r.Float64() * w
		if i == 0 {
			cx = (0.1 + 0.3*r.Float64()) * w
		}
		cy := (0.15 + 0.7*r.Float64()) * h
		rad := (28 + 12*r.Float64()) * pxPerMM
		fill := 0.78 + 0.1*r.Float64()
		for y := max(0, int(cy-rad-10)); y < min(int(h), int(cy+rad+10)); y++ {
			for x := max(0, int(cx-rad-10)); x < min(int(w), int(cx+rad+10)); x++ {
				// A wobbly ring: the edge is darker than the middle.
				a := math.Atan2(float64(y)-cy, float64(x)-cx)
				rr := rad * (1 + 0.06*math.Sin(3*a+float64(i)) + 0.03*math.Sin(7*a))
				d := math.Hypot(float64(x)-cx, float64(y)-cy)
				if d > rr+2*pxPerMM {
					continue
				}
				f := fill
				if d > rr-1.5*pxPerMM {
					f = 0.6
				}
				if d > rr {
					f = 0.6 + 0.4*(d-rr)/(2*pxPerMM)
				}
				p := &g.Pix[y*g.Stride+x]
				*p = clamp(float64(*p) * f)
			}
		}
	}
}

// fade prints with little toner: black comes out as mid grey, in streaks.
func fade(g *image.Gray, r *rand.Rand) {
	w := g.Rect.Dx()
	strength := 0.3 + 0.12*r.Float64()
	cols := make([]float64, w)
	phase := r.Float64() * 10
	for x := range cols {
		cols[x] = strength * (1 + 0.25*math.Sin(float64(x)*0.011+phase) + 0.15*math.Sin(float64(x)*0.047))
	}
	for y := 0; y < g.Rect.Dy(); y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for x, v := range row {
			row[x] = clamp(255 - (255-float64(v))*cols[x])
		}
	}
}

// photocopy copies a page: turned and shifted a little, blurred, with the
// contrast pushed (greys go to black or white), some toner specks and a
// grey edge.
func photocopy(g *image.Gray, pxPerMM float64, r *rand.Rand) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	t := (r.Float64() - 0.5) * 2.4 * math.Pi / 180
	c, s := math.Cos(t), math.Sin(t)
	sc := 0.985 + 0.015*r.Float64()
	ox, oy := (r.Float64()-0.5)*3*pxPerMM, (r.Float64()-0.5)*3*pxPerMM
	out := image.NewGray(g.Rect)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)-float64(w)/2-ox, float64(y)-float64(h)/2-oy
			u := (fx*c+fy*s)/sc + float64(w)/2
			v := (-fx*s+fy*c)/sc + float64(h)/2
			val := 255.0
			if u >= 0 && v >= 0 && u < float64(w) && v < float64(h) {
				val = sample(g, u, v)
			}
			out.Pix[y*out.Stride+x] = clamp(val)
		}
	}
	out = blur(out, 0.45*pxPerMM/11.8*2)
	for i, v := range out.Pix {
		f := (float64(v)-128)*1.5 + 150 + r.NormFloat64()*9
		out.Pix[i] = clamp(f)
	}
	for range int(float64(w*h) / 4000) {
		x, y := r.IntN(w), r.IntN(h)
		out.Pix[y*out.Stride+x] = clamp(float64(r.IntN(90)))
	}
	return out
}

func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return &image.Gray{Pix: append([]byte(nil), g.Pix...), Stride: g.Stride, Rect: g.Rect}
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	xdraw.Draw(g, g.Rect, img, b.Min, xdraw.Src)
	return g
}

// sample reads g at a point, bilinearly; outside it is white.
func sample(g *image.Gray, x, y float64) float64 {
	x -= 0.5
	y -= 0.5
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= g.Rect.Dx() || y >= g.Rect.Dy() {
			return 255
		}
		return float64(g.Pix[y*g.Stride+x])
	}
	return (at(x0, y0)*(1-fx)+at(x0+1, y0)*fx)*(1-fy) + (at(x0, y0+1)*(1-fx)+at(x0+1, y0+1)*fx)*fy
}

func clamp(v float64) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}

// blur is a separable Gaussian blur.
func blur(g *image.Gray, sigma float64) *image.Gray {
	if sigma <= 0.05 {
		return g
	}
	rad := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*rad+1)
	sum := 0.0
	for i := range k {
		d := float64(i - rad)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	tmp := make([]float64, w*h)
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride:]
		for x := 0; x < w; x++ {
			acc := 0.0
			for i, kv := range k {
				xx := min(max(x+i-rad, 0), w-1)
				acc += kv * float64(row[xx])
			}
			tmp[y*w+x] = acc
		}
	}
	out := image.NewGray(g.Rect)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			acc := 0.0
			for i, kv := range k {
				yy := min(max(y+i-rad, 0), h-1)
				acc += kv * tmp[yy*w+x]
			}
			out.Pix[y*out.Stride+x] = clamp(acc)
		}
	}
	return out
}

// homography finds the projective map taking the four points src to dst.
func homography(src, dst [4][2]float64) [9]float64 {
	// Solve the 8x8 system A h = b for h = (h0..h7), h8 = 1.
	var a [8][9]float64
	for i := range 4 {
		x, y, u, v := src[i][0], src[i][1], dst[i][0], dst[i][1]
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for col := range 8 {
		p := col
		for r := col + 1; r < 8; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[p][col]) {
				p = r
			}
		}
		a[col], a[p] = a[p], a[col]
		for r := range 8 {
			if r == col {
				continue
			}
			f := a[r][col] / a[col][col]
			for k := col; k < 9; k++ {
				a[r][k] -= f * a[col][k]
			}
		}
	}
	var h [9]float64
	for i := range 8 {
		h[i] = a[i][8] / a[i][i]
	}
	h[8] = 1
	return h
}

func apply(h [9]float64, x, y float64) (float64, float64) {
	w := h[6]*x + h[7]*y + h[8]
	return (h[0]*x + h[1]*y + h[2]) / w, (h[3]*x + h[4]*y + h[5]) / w
}

func invert3(m [9]float64) [9]float64 {
	a, b, c, d, e, f, g, h, i := m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]
	det := a*(e*i-f*h) - b*(d*i-f*g) + c*(d*h-e*g)
	return [9]float64{
		(e*i - f*h) / det, (c*h - b*i) / det, (b*f - c*e) / det,
		(f*g - d*i) / det, (a*i - c*g) / det, (c*d - a*f) / det,
		(d*h - e*g) / det, (b*g - a*h) / det, (a*e - b*d) / det,
	}
}
