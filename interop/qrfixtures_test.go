//go:build writefixtures

package interop

import (
	"image"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteQRFixtures writes the sharp pictures that testdata/qr/make.sh
// turns into photos. It is not part of the test suite: run it with
// go test -tags writefixtures -run TestWriteQRFixtures ./interop
func TestWriteQRFixtures(t *testing.T) {
	batches, _ := qrTestBatches(t)
	var three []string
	for _, b := range batches {
		three = append(three, b.Link)
	}
	for name, img := range map[string]image.Image{
		"single.png": screenshot(t, []string{qrTestLink}, false),
		"three.png":  screenshot(t, three, false),
	} {
		b, err := encodePNG(img)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "qr", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
