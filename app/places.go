package app

// Where copies go: the folder picker of a copy place opens on the places
// that make good ones (USB sticks and other removable drives, folders that
// sync to the cloud), named in full, and refuses the home folder itself and
// the system's folders.

import (
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// place is a folder offered for copies.
type place struct {
	Kind string // "USB stick or drive", or the sync service ("Dropbox")
	Path string
}

// label is how the picker names a place: what it is, its name, its path.
func (p place) label() string {
	return p.Kind + ": " + filepath.Base(p.Path) + "  (" + p.Path + ")"
}

// findPlaces lists the removable drives mounted under root (/media/USER,
// /run/media/USER, /Volumes; the other drive letters on Windows) and the
// synced folders in home.
func findPlaces(goos, root, home, userName string) []place {
	var out []place
	if goos == "windows" {
		for c := 'D'; c <= 'Z'; c++ {
			d := string(c) + `:\`
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				out = append(out, place{"Drive", d})
			}
		}
	} else {
		for _, dir := range []string{
			filepath.Join(root, "media", userName),
			filepath.Join(root, "run", "media", userName),
			filepath.Join(root, "Volumes"),
		} {
			entries, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				p := filepath.Join(dir, e.Name())
				if fi, err := os.Stat(p); err != nil || !fi.IsDir() || strings.HasPrefix(e.Name(), ".") {
					continue
				}
				if dir == filepath.Join(root, "Volumes") && isSystemVolume(p) {
					continue
				}
				out = append(out, place{"USB stick or drive", p})
			}
		}
	}
	var synced []string
	for _, pattern := range []string{"Dropbox*", "OneDrive*", "Google Drive", "Nextcloud", "Sync",
		filepath.Join("Library", "CloudStorage", "*"), filepath.Join("Library", "Mobile Documents", "com~apple~CloudDocs")} {
		names, _ := filepath.Glob(filepath.Join(home, pattern))
		synced = append(synced, names...)
	}
	sort.Strings(synced)
	for _, p := range synced {
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			continue
		}
		if s := syncedService(p); s != "" {
			out = append(out, place{s, p})
		}
	}
	return out
}

// isSystemVolume reports whether a folder of /Volumes is the Mac's own
// disk (a link to /).
func isSystemVolume(p string) bool {
	target, err := filepath.EvalSymlinks(p)
	return err == nil && target == "/"
}

// systemFolders are the system's own folders: never a place for copies,
// nor is anything inside those of systemTrees. (The temporary folders are
// refused only themselves: the tests' folders live in them.)
var (
	systemFolders = []string{"/", "/home", "/Users", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var",
		"/private", "/Volumes", "/run", "/run/media"}
	systemTrees = []string{"/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys",
		"/usr", "/System", "/Library", "/Applications"}
)

// copyPlaceProblem says why dir is no place for copies (nil if it is one):
// the home folder itself (copies lost among everything else, and lost with
// the computer), or a folder of the system.
func copyPlaceProblem(dir, home string) error {
	dir = filepath.Clean(dir)
	if home != "" && dir == filepath.Clean(home) {
		return errors.New("that is your home folder itself. Choose a USB stick or a synced folder (or at least a folder of its own inside your home folder)")
	}
	system := errors.New("that is a folder of the system (" + dir + "). Choose a USB stick or a synced folder")
	if runtime.GOOS == "windows" {
		v := filepath.VolumeName(dir)
		low := strings.ToLower(dir)
		if dir == v+`\` || within(low, strings.ToLower(v+`\Windows`)) || strings.HasPrefix(low, strings.ToLower(v+`\Program Files`)) {
			return system
		}
		return nil
	}
	for _, s := range systemFolders {
		if dir == s {
			return system
		}
	}
	for _, s := range systemTrees {
		if within(dir, s) {
			return system
		}
	}
	// /run holds the system's state; USB sticks (/run/media) and network
	// drives (/run/user/UID/gvfs) are mounted in it too.
	if within(dir, "/run") && !within(dir, "/run/media") && !strings.Contains(dir, "/gvfs/") {
		return system
	}
	return nil
}

// places lists the places of this computer; tests replace it.
var places = func() []place {
	home, _ := os.UserHomeDir()
	name := ""
	if me, err := user.Current(); err == nil {
		name = me.Username
	}
	return findPlaces(runtime.GOOS, "/", home, name)
}

// copyPicker is the "Where should the copies go?" dialog, for tests.
type copyPicker struct {
	choice *widget.RadioGroup
	use    *widget.Button
	found  []place
}

// pickCopyPlace asks where copies should go: the USB sticks and synced
// folders found, or another folder. "Use this place" waits for a choice.
func (u *UI) pickCopyPlace(add func(dir string)) *copyPicker {
	p := &copyPicker{found: places()}
	var labels []string
	for _, pl := range p.found {
		labels = append(labels, pl.label())
	}
	var d dialog.Dialog
	p.use = widget.NewButtonWithIcon("Use this place", theme.ConfirmIcon(), func() {
		for _, pl := range p.found {
			if pl.label() == p.choice.Selected {
				d.Hide()
				add(pl.Path)
				return
			}
		}
	})
	p.use.Importance = widget.HighImportance
	p.use.Disable()
	p.choice = widget.NewRadioGroup(labels, func(s string) {
		if s == "" {
			p.use.Disable()
		} else {
			p.use.Enable()
		}
	})
	intro := "A USB stick or a folder that syncs to the cloud keeps your copies safe when this computer is lost. Choose one:"
	if len(p.found) == 0 {
		intro = "No USB stick or synced folder is plugged in or set up on this computer. Plug in a USB stick and choose Look again, or choose Another folder…"
	}
	other := widget.NewButtonWithIcon("Another folder…", theme.FolderOpenIcon(), func() {
		d.Hide()
		u.otherCopyFolder(p.found, add)
	})
	again := widget.NewButtonWithIcon("Look again", theme.ViewRefreshIcon(), func() {
		d.Hide()
		u.pickCopyPlace(add)
	})
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Where should the copies go?", container.NewVBox(
		container.New(&minWidth{w: narrowWidth}, wrapped(intro)),
		p.choice,
		container.NewHBox(other, again),
		widget.NewSeparator(),
		container.NewHBox(cancel, layoutSpacer(), p.use),
	), u.Window)
	u.ShowDialog(d)
	return p
}

// otherCopyFolder opens the system's folder picker, on the first place
// found (or the home folder), listing whole names.
func (u *UI) otherCopyFolder(found []place, add func(string)) {
	fd := u.folderDialog(add)
	fd.SetView(dialog.ListView)
	fd.SetConfirmText("Use this folder")
	start := privateFolder()
	if len(found) > 0 {
		start = filepath.Dir(found[0].Path)
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
		fd.SetLocation(l)
	}
	fd.Show()
}
