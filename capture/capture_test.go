//go:build linux

package capture

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"

	"sparekey/internal/xvfb"
)

func TestScreensTakesTheScreenOfTheDisplay(t *testing.T) {
	x := xvfb.Start(t, 1280, 800)
	x.Setenv(t)
	// A window of another program, filled with one known colour.
	x.Show(t, "red", "display", "-geometry", "+100+100", "-title", "red", x.Picture(t, solid(300, 200, color.RGBA{0xff, 0, 0, 0xff})))
	screens, err := Screens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(screens) != 1 || screens[0].Name != "screen 1" {
		t.Fatalf("screens %v", screens)
	}
	img := screens[0].Image
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 800 {
		t.Errorf("picture %v, want 1280×800", b)
	}
	if r, g, b, _ := img.At(250, 200).RGBA(); r>>8 != 0xff || g>>8 != 0 || b>>8 != 0 {
		t.Errorf("inside the window the picture is %x %x %x, want red", r>>8, g>>8, b>>8)
	}
}

func TestScreensWithoutADisplaySaysWhy(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("XDG_SESSION_TYPE", "")
	_, err := Screens(context.Background())
	if !Unavailable(err) || !strings.Contains(err.Error(), "no display") {
		t.Errorf("err %v", err)
	}
	_, err = Clipboard(context.Background())
	if !Unavailable(err) || !strings.Contains(err.Error(), "no clipboard") {
		t.Errorf("clipboard err %v", err)
	}
}

func TestClipboardGivesWhatXclipHolds(t *testing.T) {
	x := xvfb.Start(t, 640, 480)
	x.Setenv(t)
	if c, err := Clipboard(context.Background()); err != nil || c.Picture != nil || c.Text != "" {
		t.Fatalf("an empty clipboard gave %v, %v", c, err)
	}

	// A picture of noise: its PNG is large (about 3 MB), so xclip hands it
	// over in pieces (INCR).
	noise := image.NewRGBA(image.Rect(0, 0, 1000, 800))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range noise.Pix {
		noise.Pix[i] = byte(r.Uint32())
	}
	var big bytes.Buffer
	if err := png.Encode(&big, noise); err != nil {
		t.Fatal(err)
	}
	x.Copy(t, "image/png", big.Bytes())
	c, err := Clipboard(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.Picture, big.Bytes()) || c.Text != "" {
		t.Errorf("got %d bytes of picture (want %d) and text %q", len(c.Picture), big.Len(), c.Text)
	}

	const link = "otpauth://totp/Shop:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop"
	x.Copy(t, "UTF8_STRING", []byte(link+"\n"))
	c, err = Clipboard(context.Background())
	if err != nil || c.Picture != nil || c.Text != link+"\n" {
		t.Errorf("got %q, %d bytes of picture, %v", c.Text, len(c.Picture), err)
	}
}

func TestClipboardIsCancelled(t *testing.T) {
	x := xvfb.Start(t, 640, 480)
	x.Setenv(t)
	x.Copy(t, "UTF8_STRING", []byte("text"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Clipboard(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
}

func solid(w, h int, c color.Color) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	return img
}
