package vault

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// TestSavingErrorsInPlainWords: what the file system says when a save fails
// reaches the person in plain words with what to do, never as the system's
// words with a temporary file's name.
func TestSavingErrorsInPlainWords(t *testing.T) {
	tmp := "/home/me/.config/Sparekey/.vault.sparekey.tmp-123456"
	cases := []struct {
		errno syscall.Errno
		is    error
		says  string
	}{
		{syscall.ENOSPC, ErrDiskFull, "the disk is full: free some space"},
		{syscall.EDQUOT, ErrDiskFull, "the disk is full"},
		{syscall.EROFS, ErrNotWritable, "may not write there"},
		{syscall.EACCES, ErrNotWritable, "may not write there"},
		{syscall.ENOTCONN, ErrDiskGone, "no longer connected"},
		{syscall.EIO, ErrDiskFailing, "could not read or write"},
	}
	for _, c := range cases {
		err := savingError(&fs.PathError{Op: "write", Path: tmp, Err: c.errno}, "/home/me/.config/Sparekey/vault.sparekey")
		msg := err.Error()
		if !errors.Is(err, c.is) || !errors.Is(err, c.errno) {
			t.Errorf("%v: %v does not wrap both the plain error and the system's", c.errno, err)
		}
		if !strings.Contains(msg, c.says) || !strings.Contains(msg, "Nothing was saved: your Sparekey file is as it was before this change") {
			t.Errorf("%v: %q", c.errno, msg)
		}
		if strings.Contains(msg, ".tmp-") || strings.Contains(msg, c.errno.Error()) {
			t.Errorf("%v: the message shows the system's words: %q", c.errno, msg)
		}
	}
}
