//go:build !unix

package printing

import "os"

// ownedByMe reports whether the file belongs to this process's user. Outside
// Unix the temporary folder is the user's own (%TEMP% on Windows).
func ownedByMe(os.FileInfo) bool { return true }
