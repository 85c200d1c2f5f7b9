package app

// Plaintext saves: the recovery sheet, the emergency kit, the recovery key
// and the unprotected exports are secrets in the clear. Their save dialog
// starts in a private folder (not the last folder used, which may be a copy
// place or a synced folder), and a folder that syncs to the cloud or holds
// Sparekey's encrypted copies is named before anything is written there.

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// savePlain shows a save dialog for a file that holds secrets in the clear,
// named fileName, starting in a private folder. write gets the file chosen
// (or nil when cancelled), once the person has heard about a folder that is
// not private and chosen to save there anyway.
func (u *UI) savePlain(fileName string, write func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) { u.plainChosen(fileName, w, err, write) }, u.Window)
	d.SetFileName(fileName)
	d.SetView(dialog.ListView) // whole file names
	if dir, err := storage.ListerForURI(storage.NewFileURI(privateFolder())); err == nil {
		d.SetLocation(dir)
	}
	u.track(d)
	d.Show()
}

// plainChosen checks the folder of the file chosen in savePlain's dialog.
func (u *UI) plainChosen(fileName string, w fyne.URIWriteCloser, err error, write func(fyne.URIWriteCloser, error)) {
	if err != nil || w == nil || w.URI().Scheme() != "file" {
		write(w, err)
		return
	}
	uri := w.URI()
	path := uri.Path()
	why := u.notPrivate(filepath.Dir(path))
	if why == "" {
		write(w, nil)
		return
	}
	// The dialog made the file already; nothing is written to it unless
	// the person says so.
	w.Close()
	msg := wrapped(why + " This file is NOT protected by a password: anyone who can open that folder, on any device it syncs to, can read it.\n\nSave it in a folder that stays on this computer (your home folder, say), then print it and delete it.")
	msg.Importance = widget.WarningImportance
	var d dialog.Dialog
	another := newPrimaryButton("Choose another folder…", theme.FolderOpenIcon(), func() {
		d.Hide()
		removeIfEmpty(path)
		u.savePlain(fileName, write)
	})
	anyway := widget.NewButton("Save it there anyway", func() {
		d.Hide()
		write(storage.Writer(uri))
	})
	d = dialog.NewCustomWithoutButtons("This folder is not private", container.NewVBox(
		container.New(&minWidth{w: narrowWidth}, msg),
		container.NewHBox(anyway, layoutSpacer(), another),
	), u.Window)
	u.trackThen(d, nil)
	d.Show()
}

// notPrivate says why a plaintext file should not go in dir ("" when it
// may): it is a place for encrypted copies, or a folder synced to the cloud.
func (u *UI) notPrivate(dir string) string {
	if u.v != nil {
		for _, l := range u.v.Copies.Locations {
			if within(dir, l.Path) {
				return "This folder is where Sparekey keeps an encrypted copy of your keys (" + l.Path + "): a file in the clear beside it gives away what the copy protects."
			}
		}
	}
	if service := syncedService(dir); service != "" {
		return "This folder is synced to " + service + ": what you save there is copied to " + service + "'s computers and to every device linked to it."
	}
	return ""
}

// within reports whether dir is folder or inside it.
func within(dir, folder string) bool {
	rel, err := filepath.Rel(filepath.Clean(folder), filepath.Clean(dir))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// privateFolder is where plaintext saves start: the home folder, which
// sync services do not take whole.
func privateFolder() string {
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return os.TempDir()
}

// removeIfEmpty deletes the empty file a save dialog made.
func removeIfEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		os.Remove(path)
	}
}

// syncNames are folder names that sync services make, by service.
var syncNames = []struct{ prefix, service string }{
	{"Dropbox", "Dropbox"},
	{"OneDrive", "OneDrive"},
	{"Google Drive", "Google Drive"},
	{"GoogleDrive", "Google Drive"},
	{"My Drive", "Google Drive"},
	{"iCloud Drive", "iCloud"},
	{"iCloudDrive", "iCloud"},
	{"com~apple~CloudDocs", "iCloud"},
	{"Mobile Documents", "iCloud"},
	{"Nextcloud", "Nextcloud"},
	{"ownCloud", "ownCloud"},
}

// syncMarkers are files that sync services keep in the folders they sync.
var syncMarkers = []struct{ name, service string }{
	{".dropbox", "Dropbox"},
	{".dropbox.cache", "Dropbox"},
	{".stfolder", "Syncthing"},
	{".tmp.drivedownload", "Google Drive"},
	{".tmp.driveupload", "Google Drive"},
	{".owncloudsync.log", "Nextcloud"},
	{".nextcloudsync.log", "Nextcloud"},
	{".sync_journal.db", "Nextcloud"},
}

// maxSyncDepth bounds how far up syncedService looks.
const maxSyncDepth = 64

// syncedService names the service that syncs dir to the cloud, or returns
// "": dir or a folder above it has a sync service's name (Dropbox, OneDrive,
// Google Drive, iCloud Drive, Nextcloud; macOS puts them all in
// ~/Library/CloudStorage) or holds its marker file (.dropbox, Syncthing's
// .stfolder, the Nextcloud client's .sync_*.db, OneDrive's desktop.ini).
func syncedService(dir string) string {
	dir = filepath.Clean(dir)
	for i := 0; i < maxSyncDepth; i++ {
		base := filepath.Base(dir)
		parent := filepath.Dir(dir)
		if filepath.Base(parent) == "CloudStorage" {
			for _, n := range syncNames {
				if strings.HasPrefix(base, n.prefix) {
					return n.service
				}
			}
			return "a cloud service"
		}
		for _, n := range syncNames {
			if base == n.prefix || strings.HasPrefix(base, n.prefix+" ") || strings.HasPrefix(base, n.prefix+"-") {
				return n.service
			}
		}
		if s := syncMarker(dir); s != "" {
			return s
		}
		if parent == dir {
			return ""
		}
		dir = parent
	}
	return ""
}

// syncMarker names the service whose marker file is in dir, or "".
func syncMarker(dir string) string {
	for _, m := range syncMarkers {
		if _, err := os.Lstat(filepath.Join(dir, m.name)); err == nil {
			return m.service
		}
	}
	if names, err := filepath.Glob(filepath.Join(dir, "._sync_*.db")); err == nil && len(names) > 0 {
		return "Nextcloud"
	}
	if names, err := filepath.Glob(filepath.Join(dir, ".sync_*.db")); err == nil && len(names) > 0 {
		return "Nextcloud"
	}
	if f, err := os.Open(filepath.Join(dir, "desktop.ini")); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(io.LimitReader(f, 64<<10))
		for sc.Scan() {
			if strings.Contains(strings.ToLower(sc.Text()), "onedrive") {
				return "OneDrive"
			}
		}
	}
	return ""
}

// offerDelete offers to delete a plaintext file once it is printed (what
// names what it holds: "your keys", "your recovery key").
func (u *UI) offerDelete(path, what string) {
	u.ConfirmDestructive("Delete the saved file?", fmt.Sprintf("The file %s holds %s unprotected. Once it is on paper, delete it, unless you keep it somewhere safe.", path, what), "Delete this file", func() {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			u.ShowError(fmt.Errorf("the file could not be deleted: %w", err))
			return
		}
		u.toast("Deleted " + filepath.Base(path))
	})
}
