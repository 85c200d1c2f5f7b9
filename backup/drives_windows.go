//go:build windows

package backup

import "golang.org/x/sys/windows"

// RemovableDrives lists the removable drives plugged in now (USB sticks,
// memory cards), by drive letter, as folders a copy can go to: "E:\\".
func RemovableDrives() []string {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	var drives []string
	for i := range 26 {
		if mask&(1<<i) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		p, err := windows.UTF16PtrFromString(root)
		if err != nil {
			continue
		}
		if windows.GetDriveType(p) == windows.DRIVE_REMOVABLE {
			drives = append(drives, root)
		}
	}
	return drives
}
