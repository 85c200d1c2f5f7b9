//go:build linux

package capture

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/png" // the portal writes PNG
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/rymdport/portal/screenshot"
)

// maxPortalFile bounds the screenshot file read: more than the picture of
// several 8K screens.
const maxPortalFile = 512 << 20

// portalScreens asks the desktop's screenshot portal for a picture of the
// whole desktop. The desktop asks the person first; if they say no, the
// error is ErrCancelled. The file the portal wrote is removed once read:
// it shows a 2FA key.
func portalScreens(ctx context.Context) ([]Screen, error) {
	type answer struct {
		uri string
		err error
	}
	done := make(chan answer, 1)
	go func() {
		uri, err := screenshot.Screenshot("", &screenshot.ScreenshotOptions{NotModal: true})
		done <- answer{uri, err}
	}()
	var a answer
	select {
	case a = <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if a.err != nil {
		return nil, &UnavailableError{What: "screen", Reason: "this desktop (Wayland) lets programs see the screen only through its screenshot service, and Sparekey could not reach it (" + plainPortalError(a.err) + "). Take a screenshot yourself (the Print Screen key), then paste it here with Ctrl+V or open it with \u201cScan a QR image\u2026\u201d."}
	}
	if a.uri == "" {
		return nil, ErrCancelled
	}
	u, err := url.Parse(a.uri)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return nil, fmt.Errorf("the desktop's screenshot service gave a picture Sparekey cannot open (%q)", a.uri)
	}
	data, err := readSmallFile(u.Path, maxPortalFile)
	os.Remove(u.Path) // it shows the key: do not leave it behind
	if err != nil {
		return nil, fmt.Errorf("reading the desktop's screenshot: %w", err)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the desktop's screenshot cannot be opened: %w", err)
	}
	return []Screen{{Name: "the screen", Image: img}}, nil
}

// plainPortalError shortens D-Bus's words for a missing service.
func plainPortalError(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "ServiceUnknown"), strings.Contains(s, "was not provided by any"):
		return "the screenshot service is not installed"
	case strings.Contains(s, "UnknownMethod"), strings.Contains(s, "No such interface"):
		return "this desktop's portal has no screenshot service"
	case strings.Contains(s, "DBUS_SESSION_BUS_ADDRESS"), strings.Contains(s, "dbus"):
		return "the desktop's message bus is not running"
	}
	return s
}

// readSmallFile reads a regular file of at most limit bytes.
func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("it is not a file")
	}
	if fi.Size() > limit {
		return nil, errors.New("it is too large")
	}
	buf := make([]byte, fi.Size())
	_, err = io.ReadFull(f, buf)
	return buf, err
}
