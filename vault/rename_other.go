//go:build !windows

package vault

import "os"

// replaceFile renames from over to, atomically where the system allows.
func replaceFile(from, to string) error { return os.Rename(from, to) }
