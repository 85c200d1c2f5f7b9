package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"sparekey/backup"
)

func TestSyncedFoldersAreRecognised(t *testing.T) {
	root := t.TempDir()
	mk := func(rel string, files ...string) string {
		dir := filepath.Join(root, rel)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			name, content, _ := cutEq(f)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	for _, c := range []struct {
		dir, want string
	}{
		{mk("home/Dropbox/Keys"), "Dropbox"},
		{mk("home/Dropbox (Work)"), "Dropbox"},
		{mk("home/box", ".dropbox=x"), "Dropbox"},
		{mk("home/OneDrive - Contoso/Documents"), "OneDrive"},
		{mk("C/Users/ada/Documents", "desktop.ini=[.ShellClassInfo]\nIconResource=C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe,0"), "OneDrive"},
		{mk("home/Google Drive/My Drive"), "Google Drive"},
		{mk("home/Library/CloudStorage/GoogleDrive-ada@example.com/My Drive"), "Google Drive"},
		{mk("home/Library/CloudStorage/Box-Box"), "a cloud service"},
		{mk("home/Library/Mobile Documents/com~apple~CloudDocs/Papers"), "iCloud"},
		{mk("home/Nextcloud/Documents"), "Nextcloud"},
		{mk("home/cloud", ".sync_3f2a1b.db=x"), "Nextcloud"},
		{filepath.Join(mk("home/Sync", ".stfolder="), mk("home/Sync/phone")[len(root)+len("/home/Sync"):]), "Syncthing"},
		{mk("home/Documents", "desktop.ini=[.ShellClassInfo]\nLocalizedResourceName=@%SystemRoot%"), ""},
		{mk("home/Pictures"), ""},
		{mk("home/Dropboxes"), ""},
	} {
		if got := syncedService(c.dir); got != c.want {
			t.Errorf("%s: synced to %q, want %q", c.dir[len(root):], got, c.want)
		}
	}
}

func cutEq(s string) (string, string, bool) {
	for i := range s {
		if s[i] == '=' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// kitSaveDialog opens the emergency kit's "Save as PDF…" and returns the
// folder its dialog opened in.
func kitSaveDialog(t *testing.T, h *harness) string {
	t.Helper()
	h.u.offerKit([]byte("%PDF-1.4 kit"))
	h.tapButton("Save as PDF…")
	uri, err := storage.ParseURI(h.u.App.Preferences().String("fyne:fileDialogLastFolder"))
	if err != nil {
		t.Fatal(err)
	}
	return uri.Path()
}

func TestPlaintextSavesStartInTheHomeFolderNotTheLastOneUsed(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	h := listHarness(t, linkMail)
	place := filepath.Join(t.TempDir(), "Dropbox")
	os.Mkdir(place, 0o700)
	h.u.App.Preferences().SetString("fyne:fileDialogLastFolder", storage.NewFileURI(place).String())
	if got := kitSaveDialog(t, h); got != home {
		t.Errorf("the kit's save dialog opened in %s, want the home folder %s", got, home)
	}
}

func TestSavingTheKitInASyncedFolderOrACopyPlaceWarnsFirst(t *testing.T) {
	useFakePrinting(t)
	h := listHarness(t, linkMail)
	u := h.u
	copies := t.TempDir()
	if _, err := backup.AddLocation(u.v, copies); err != nil {
		t.Fatal(err)
	}
	dropbox := filepath.Join(t.TempDir(), "Dropbox")
	os.Mkdir(dropbox, 0o700)
	for _, c := range []struct{ dir, says string }{
		{dropbox, "This folder is synced to Dropbox"},
		{copies, "This folder is where Sparekey keeps an encrypted copy of your keys"},
	} {
		path := filepath.Join(c.dir, "Sparekey emergency kit.pdf")
		var got fyne.URIWriteCloser
		choose := func() {
			w, err := storage.Writer(storage.NewFileURI(path)) // as the dialog does
			if err != nil {
				t.Fatal(err)
			}
			u.plainChosen("kit.pdf", w, nil, func(w fyne.URIWriteCloser, err error) {
				if err != nil {
					t.Fatal(err)
				}
				got = w
				writeAll(w, []byte("%PDF-1.4 kit"))
			})
		}
		choose()
		if !h.shows(c.says) || got != nil {
			t.Fatalf("%s: no warning before writing (wrote: %v)", c.dir, got != nil)
		}
		h.tapButton("Choose another folder…")
		if !gone(path) {
			t.Errorf("%s: the empty file the dialog made is left behind", c.dir)
		}
		u.closeDialogs()
		choose()
		h.tapButton("Save it there anyway")
		if b, err := os.ReadFile(path); err != nil || string(b) != "%PDF-1.4 kit" {
			t.Errorf("%s: \u201canyway\u201d did not save the kit: %q, %v", c.dir, b, err)
		}
	}
	// A private folder: no question.
	path := filepath.Join(t.TempDir(), "kit.pdf")
	w, _ := storage.Writer(storage.NewFileURI(path))
	wrote := false
	u.plainChosen("kit.pdf", w, nil, func(w fyne.URIWriteCloser, _ error) { wrote = true; w.Close() })
	if !wrote {
		t.Error("saving in a private folder asked first")
	}
}

func TestASavedSheetIsNotCountedAsPrintedAndIsOfferedForDeletionOncePrinted(t *testing.T) {
	fake := useFakePrinting(t)
	h := listHarness(t, linkMail)
	h.menuItem("Print recovery sheets…").Action()
	ps := h.u.print
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	os.WriteFile(path, []byte("%PDF-1.4 sheet"), 0o600)
	ps.saved(path, h.u.v.Sorted())
	if h.shows("Did it print") || !h.u.v.Entries[0].Printed.IsZero() {
		t.Fatal("saving the sheet asked whether it printed, or counted it as printed")
	}
	test.Tap(h.button("Open it to print…"))
	if len(fake.Opened()) != 1 || fake.Opened()[0] != path {
		t.Fatalf("the saved file was not opened to print: %q", fake.Opened())
	}
	h.awayAndBack()
	test.Tap(h.button("Yes, it printed"))
	if h.u.v.Entries[0].Printed.IsZero() {
		t.Error("the key is not on paper after \u201cYes, it printed\u201d")
	}
	test.Tap(h.button("Delete this file"))
	if !gone(path) {
		t.Error("\u201cDelete this file\u201d left the sheet")
	}
}
