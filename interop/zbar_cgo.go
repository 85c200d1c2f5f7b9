//go:build cgo && linux && !nozbar

package interop

/*
#cgo pkg-config: zbar
#include <stdlib.h>
#include <zbar.h>
*/
import "C"

import (
	"image"
	"unsafe"
)

// zbarAvailable says whether this build reads pictures with ZBar too.
const zbarAvailable = true

// zbarScan reads the QR codes of a gray picture with ZBar's image scanner:
// each code's text and outline (its corners, in g's coordinates).
func zbarScan(g *image.Gray) []zbarCode {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w == 0 || h == 0 {
		return nil
	}
	scanner := C.zbar_image_scanner_create()
	defer C.zbar_image_scanner_destroy(scanner)
	C.zbar_image_scanner_set_config(scanner, 0, C.ZBAR_CFG_ENABLE, 0)
	C.zbar_image_scanner_set_config(scanner, C.ZBAR_QRCODE, C.ZBAR_CFG_ENABLE, 1)
	img := C.zbar_image_create()
	defer C.zbar_image_destroy(img)
	C.zbar_image_set_format(img, C.ulong(uint32('Y')|uint32('8')<<8|uint32('0')<<16|uint32('0')<<24))
	C.zbar_image_set_size(img, C.uint(w), C.uint(h))
	buf := C.malloc(C.size_t(w * h))
	defer C.free(buf)
	dst := unsafe.Slice((*byte)(buf), w*h)
	for y := 0; y < h; y++ {
		copy(dst[y*w:(y+1)*w], g.Pix[y*g.Stride:y*g.Stride+w])
	}
	C.zbar_image_set_data(img, buf, C.ulong(w*h), nil)
	if C.zbar_scan_image(scanner, img) <= 0 {
		return nil
	}
	var out []zbarCode
	for sym := C.zbar_image_first_symbol(img); sym != nil; sym = C.zbar_symbol_next(sym) {
		if C.zbar_symbol_get_type(sym) != C.ZBAR_QRCODE {
			continue
		}
		c := zbarCode{text: C.GoStringN(C.zbar_symbol_get_data(sym), C.int(C.zbar_symbol_get_data_length(sym)))}
		for i := C.uint(0); i < C.zbar_symbol_get_loc_size(sym); i++ {
			c.outline = append(c.outline, image.Pt(int(C.zbar_symbol_get_loc_x(sym, i))+g.Rect.Min.X, int(C.zbar_symbol_get_loc_y(sym, i))+g.Rect.Min.Y))
		}
		out = append(out, c)
	}
	return out
}
