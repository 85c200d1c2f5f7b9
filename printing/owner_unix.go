//go:build unix

package printing

import (
	"os"
	"syscall"
)

// ownedByMe reports whether the file belongs to this process's user: the
// temporary folder is shared, and another user's file is not ours to judge.
func ownedByMe(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
