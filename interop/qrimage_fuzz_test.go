package interop

import (
	"image"
	"testing"
)

// FuzzImageImport feeds the picture reader anything: it must not panic.
func FuzzImageImport(f *testing.F) {
	small, err := encodePNG(qrImage(f, "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP", 120))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	jpg, err := encodeJPEG(qrImage(f, "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP", 120), 80)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(jpg)
	blank, _ := encodePNG(image.NewGray(image.Rect(0, 0, 8, 8)))
	f.Add(blank)
	f.Fuzz(func(t *testing.T, data []byte) {
		found, err := Read(data, "image", "")
		if err != nil {
			return
		}
		for _, e := range found.Entries {
			checkImportedEntry(t, e)
		}
	})
}
