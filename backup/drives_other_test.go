//go:build !windows

package backup

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestMountedUnderFindsTheDesktopsMountFolders: the folders Linux desktops
// and macOS mount USB sticks in are listed, files and other users' sticks
// are not, and neither is macOS's link to the start-up disk.
func TestMountedUnderFindsTheDesktopsMountFolders(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{
		"media/ada/USB STICK", "media/ada/SD card", "media/bob/Bob's stick",
		"run/media/ada/BACKUP", "Volumes/Untitled",
	} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "media/ada/not-a-drive.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(root, "Volumes/Macintosh HD")); err != nil {
		t.Fatal(err)
	}
	got := mountedUnder(root, "ada")
	want := []string{
		filepath.Join(root, "Volumes/Untitled"),
		filepath.Join(root, "media/ada/SD card"),
		filepath.Join(root, "media/ada/USB STICK"),
		filepath.Join(root, "run/media/ada/BACKUP"),
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("mountedUnder = %q\nwant %q", got, want)
	}
	if got := mountedUnder(filepath.Join(root, "nothing"), "ada"); len(got) != 0 {
		t.Errorf("with no mount folders: %q", got)
	}
}
