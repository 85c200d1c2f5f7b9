//go:build unix

package backup

import (
	"path/filepath"
	"syscall"
)

// mountOf returns the folder where the file system holding dir is mounted,
// or "" when that is the file system of the computer's root (or it cannot
// be told).
func mountOf(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	dev := func(p string) (uint64, bool) {
		var st syscall.Stat_t
		if syscall.Stat(p, &st) != nil {
			return 0, false
		}
		return uint64(st.Dev), true
	}
	rootDev, ok1 := dev("/")
	d, ok2 := dev(dir)
	if !ok1 || !ok2 || d == rootDev {
		return ""
	}
	for {
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		if p, ok := dev(parent); !ok || p != d {
			return dir
		}
		dir = parent
	}
}
