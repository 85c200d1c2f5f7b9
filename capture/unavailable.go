//go:build !(linux || freebsd || openbsd || netbsd || windows || (darwin && cgo))

package capture

import "context"

// On macOS a build without cgo (the command-line-only build) has no way to
// reach the screen or the clipboard; other systems have none here.

func screens(ctx context.Context) ([]Screen, error) {
	return nil, &UnavailableError{What: "screen", Reason: "this copy of Sparekey was built without the part that takes pictures of the screen on this system. Take a screenshot yourself, save it to a file and import that file instead."}
}

func clipboard(ctx context.Context) (Clip, error) {
	return Clip{}, &UnavailableError{What: "clipboard", Reason: "this copy of Sparekey was built without the part that reads the clipboard on this system. Save the picture to a file and import that file instead."}
}
