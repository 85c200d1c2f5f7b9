//go:build windows

package vault

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// replaceFile renames from over to. On Windows a rename over a file fails
// while another program (an antivirus scanner, a search indexer, a sync
// client, a backup tool) has that file open without sharing deletion; such
// programs let go within moments, so replaceFile tries again for about two
// seconds before it gives up with the last error. MOVEFILE_WRITE_THROUGH
// makes the rename itself reach the disk before it returns, in place of the
// folder fsync that Windows does not offer.
func replaceFile(from, to string) error {
	delay := 10 * time.Millisecond
	var err error
	for waited := time.Duration(0); ; waited += delay {
		err = moveFile(from, to)
		if err == nil || !busy(err) || waited >= 2*time.Second {
			break
		}
		time.Sleep(delay)
		delay = min(2*delay, 200*time.Millisecond)
	}
	return err
}

func moveFile(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	if err := windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}

// busy reports the errors Windows gives while another program holds a file.
func busy(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) ||
		errors.Is(err, windows.ERROR_SHARING_VIOLATION) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
