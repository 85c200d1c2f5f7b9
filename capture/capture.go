// Package capture takes what is on the person's screens and on the
// clipboard, so that Sparekey can read a QR code where a desktop person
// meets it: on a website's setup page, or in a screenshot just taken.
//
// Screens returns a picture of every screen: on X11, Windows and macOS
// through github.com/kbinani/screenshot; on Wayland through the desktop's
// screenshot portal (github.com/rymdport/portal), which asks the person
// first. Clipboard returns the clipboard's picture or text: on X11 (and
// Wayland's X11 bridge) Sparekey asks the clipboard's owner itself, in
// pure Go; on Windows and macOS through golang.design/x/clipboard.
//
// Where a way is missing (no display, a build without cgo on macOS, a
// desktop without a screenshot portal) the functions return an
// *UnavailableError that says why in plain words. Nothing is written to
// disk: a screenshot the portal saved is read and removed, since it shows
// a secret.
package capture

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
)

// UnavailableError says, in words a person understands, why the screen or
// the clipboard cannot be read on this computer.
type UnavailableError struct {
	What   string // "screen" or "clipboard"
	Reason string // a sentence: why, and what to do instead
}

func (e *UnavailableError) Error() string { return e.Reason }

// Unavailable reports whether err means that the screen or the clipboard
// cannot be read here at all (as opposed to a failure this time).
func Unavailable(err error) bool {
	var u *UnavailableError
	return errors.As(err, &u)
}

// ErrCancelled means the person said no to the desktop's question (the
// screenshot portal on Wayland asks before each screenshot).
var ErrCancelled = errors.New("the screenshot was cancelled, so nothing was read from the screen")

// Screen is the picture of one screen.
type Screen struct {
	Name  string // "screen 1", "screen 2", ... as a person would count them
	Image image.Image
}

// Screens takes a picture of every screen. ctx stops the wait for the
// desktop's answer (the picture itself takes well under a second).
func Screens(ctx context.Context) ([]Screen, error) {
	screens, err := screens(ctx)
	if err != nil {
		return nil, err
	}
	if len(screens) == 0 {
		return nil, &UnavailableError{What: "screen", Reason: "Sparekey found no screen to take a picture of."}
	}
	return screens, nil
}

// Clip is what the clipboard holds: a picture (PNG, JPEG, GIF or WebP
// bytes, as the program that copied it gave them), text, or neither.
type Clip struct {
	Picture []byte
	Text    string
}

// MaxClip bounds what is read from the clipboard: more than any screenshot
// or list of links.
const MaxClip = 64 << 20

// Clipboard reads the clipboard: its picture when it has one, else its
// text. An empty clipboard is an empty Clip and no error.
func Clipboard(ctx context.Context) (Clip, error) {
	return clipboard(ctx)
}

// encodePNG is how a captured picture travels as bytes (a portal's file,
// the clipboard of Windows and macOS).
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("keeping the screen's picture: %w", err)
	}
	return buf.Bytes(), nil
}
