//go:build windows || (darwin && cgo)

package capture

import (
	"context"
	"sync"

	sysclip "golang.design/x/clipboard"
)

var initClipboard = sync.OnceValue(sysclip.Init)

// clipboard reads the system clipboard (Windows, macOS) through
// golang.design/x/clipboard, which hands pictures over as PNG.
func clipboard(ctx context.Context) (Clip, error) {
	if err := initClipboard(); err != nil {
		return Clip{}, &UnavailableError{What: "clipboard", Reason: "Sparekey could not read the clipboard on this computer (" + err.Error() + "). Save the picture to a file and import that file instead."}
	}
	type answer struct{ c Clip }
	done := make(chan answer, 1)
	go func() {
		var c Clip
		if pic := sysclip.Read(sysclip.FmtImage); len(pic) > 0 && len(pic) <= MaxClip {
			c.Picture = pic
		} else if text := sysclip.Read(sysclip.FmtText); len(text) <= MaxClip {
			c.Text = string(text)
		}
		done <- answer{c}
	}()
	select {
	case a := <-done:
		return a.c, nil
	case <-ctx.Done():
		return Clip{}, ctx.Err()
	}
}
