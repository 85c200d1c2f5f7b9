// Command makeicon draws Sparekey's app icon (resources/icon.png): two keys
// on a rounded square, the front one white and the spare one behind it in
// light teal. Run it from the repository's root:
//
//	go run ./resources/makeicon
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const size = 512

var (
	background = color.NRGBA{0x12, 0x6e, 0x82, 0xff} // deep teal
	spare      = color.NRGBA{0x8f, 0xd3, 0xdf, 0xff} // light teal
	front      = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

func main() {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	// Supersample each pixel 4×4 for smooth edges.
	const ss = 4
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					px := float64(x) + (float64(sx)+0.5)/ss
					py := float64(y) + (float64(sy)+0.5)/ss
					c := colourAt(px, py)
					af := float64(c.A) / 255
					r += float64(c.R) * af
					g += float64(c.G) * af
					b += float64(c.B) * af
					a += af
				}
			}
			n := float64(ss * ss)
			if a == 0 {
				continue
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / n)})
		}
	}
	f, err := os.Create("resources/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// colourAt is the icon's colour at a point: the topmost shape wins.
func colourAt(x, y float64) color.NRGBA {
	if !inRoundedSquare(x, y, 16, 16, size-32, 96) {
		return color.NRGBA{}
	}
	// The front key, tilted; the spare key behind it, offset up and right.
	if inKey(x, y, 226, 172, math.Pi/4) {
		return front
	}
	if inKey(x, y, 176, 262, math.Pi/4) {
		return spare
	}
	return background
}

func inRoundedSquare(x, y, left, top, side, radius float64) bool {
	if x < left || y < top || x > left+side || y > top+side {
		return false
	}
	cx := math.Max(left+radius, math.Min(x, left+side-radius))
	cy := math.Max(top+radius, math.Min(y, top+side-radius))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= radius*radius
}

// inKey reports whether (x, y) is on a key whose bow is centred at (cx, cy)
// and whose blade points along angle: a ring for the bow, a blade and two
// teeth.
func inKey(x, y, cx, cy, angle float64) bool {
	// Rotate the point into the key's frame: the blade runs along +u, the
	// teeth stand out on the -v side.
	dx, dy := x-cx, y-cy
	u := dx*math.Cos(angle) + dy*math.Sin(angle)
	v := -dx*math.Sin(angle) + dy*math.Cos(angle)
	d := math.Hypot(u, v)
	if d <= 78 && d >= 34 {
		return true // the bow, with its hole
	}
	if u >= 60 && u <= 250 && math.Abs(v) <= 17 {
		return true // the blade
	}
	if v <= -10 && v >= -58 && ((u >= 200 && u <= 232) || (u >= 152 && u <= 178)) {
		return true // the teeth
	}
	return false
}
