//go:build !windows

package backup

import (
	"os"
	"path/filepath"
	"sort"
)

// RemovableDrives lists the removable drives mounted now (USB sticks, memory
// cards) as folders a copy can go to: on Linux the folders that desktops
// mount them in, /media/$USER/* and /run/media/$USER/*; on macOS /Volumes/*
// except the start-up disk.
func RemovableDrives() []string {
	return mountedUnder("/", os.Getenv("USER"))
}

// mountedUnder is RemovableDrives with the file system's root at root.
func mountedUnder(root, user string) []string {
	var parents []string
	if user != "" {
		parents = append(parents, filepath.Join(root, "media", user), filepath.Join(root, "run", "media", user))
	}
	parents = append(parents, filepath.Join(root, "Volumes"))
	rootInfo, _ := os.Stat(root)
	var drives []string
	for _, parent := range parents {
		names, err := os.ReadDir(parent)
		if err != nil {
			continue
		}
		for _, n := range names {
			p := filepath.Join(parent, n.Name())
			fi, err := os.Stat(p) // follows the link macOS keeps to the start-up disk
			if err != nil || !fi.IsDir() || (rootInfo != nil && os.SameFile(fi, rootInfo)) {
				continue
			}
			drives = append(drives, p)
		}
	}
	sort.Strings(drives)
	return drives
}
