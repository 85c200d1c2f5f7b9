package app

import (
	"fmt"

	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

func TestPlacesAreUSBSticksAndSyncedFolders(t *testing.T) {
	root, home := t.TempDir(), t.TempDir()
	for _, d := range []string{
		"media/ada/KINGSTON", "media/ada/.hidden", "run/media/ada/My Passport", "media/bob/NOT-MINE",
	} {
		os.MkdirAll(filepath.Join(root, d), 0o700)
	}
	for _, d := range []string{"Dropbox", "Documents", "Sync", "Library/CloudStorage/OneDrive-Personal"} {
		os.MkdirAll(filepath.Join(home, d), 0o700)
	}
	os.WriteFile(filepath.Join(home, "Sync", ".stfolder"), nil, 0o600)
	var got []string
	for _, p := range findPlaces("linux", root, home, "ada") {
		got = append(got, p.Kind+" "+strings.TrimPrefix(strings.TrimPrefix(p.Path, root), home))
	}
	want := []string{
		"USB stick or drive /media/ada/KINGSTON",
		"USB stick or drive /run/media/ada/My Passport",
		"Dropbox /Dropbox",
		"OneDrive /Library/CloudStorage/OneDrive-Personal",
		"Syncthing /Sync",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("places:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTheHomeFolderItselfAndSystemFoldersAreNoPlaceForCopies(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix paths")
	}
	for _, c := range []struct {
		dir string
		ok  bool
	}{
		{"/home/ada", false},
		{"/home/ada/", false},
		{"/home/ada/Sparekey copies", true},
		{"/", false},
		{"/etc", false},
		{"/usr/share/sparekey", false},
		{"/tmp", false},
		{"/media/ada/KINGSTON", true},
		{"/run/media/ada/KINGSTON", true},
		{"/run/user/1000/gvfs/smb-share:server=nas,share=backup", true},
		{"/run/lock", false},
		{"/mnt/nas/backup", true},
	} {
		err := copyPlaceProblem(c.dir, "/home/ada")
		if (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok %v", c.dir, err, c.ok)
		}
	}
}

func TestThePickerOffersThePlacesFoundAndWaitsForAChoice(t *testing.T) {
	h := listHarness(t, linkMail)
	stick := filepath.Join(t.TempDir(), "KINGSTON")
	os.Mkdir(stick, 0o700)
	old := places
	places = func() []place { return []place{{"USB stick or drive", stick}} }
	t.Cleanup(func() { places = old })
	h.u.openCopies()
	test.Tap(h.button("Add a folder…"))
	if !h.shows("Choose one") || !h.button("Use this place").Disabled() {
		t.Fatal("the picker does not wait for a choice before Use this place")
	}
	p := h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.RadioGroup); return ok })
	if len(p) != 1 {
		t.Fatal("no list of places")
	}
	rg := p[0].(*widget.RadioGroup)
	if len(rg.Options) != 1 || !strings.Contains(rg.Options[0], stick) {
		t.Fatalf("the places offered: %q, want the USB stick with its whole path", rg.Options)
	}
	rg.SetSelected(rg.Options[0])
	test.Tap(h.button("Use this place"))
	if len(h.u.v.Copies.Locations) != 1 || h.u.v.Copies.Locations[0].Path != stick {
		t.Errorf("places for copies: %+v", h.u.v.Copies.Locations)
	}
}

func TestAddingTheHomeFolderAsACopyPlaceIsRefused(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	h := listHarness(t, linkMail)
	h.u.addCopyFolder(home)
	if len(h.u.v.Copies.Locations) != 0 || !h.shows("home folder itself") {
		t.Errorf("the home folder was added, or not refused in words: %+v", h.u.v.Copies.Locations)
	}
}

func TestTheFirstWindowFitsTheScreen(t *testing.T) {
	for _, c := range []struct {
		screen fyne.Size
		scale  float32
		want   fyne.Size
	}{
		{fyne.NewSize(1920, 1080), 1, fyne.NewSize(560, 680)},
		{fyne.NewSize(1280, 800), 2, fyne.NewSize(560, 352)},
		{fyne.NewSize(1366, 768), 1, fyne.NewSize(560, 672)},
		{fyne.NewSize(800, 600), 1.5, fyne.NewSize(506.66666, 336)},
	} {
		got := fitToScreen(fyne.NewSize(560, 680), c.screen, c.scale)
		if d := got.Subtract(c.want); d.Width > 0.01 || d.Width < -0.01 || d.Height > 0.01 || d.Height < -0.01 {
			t.Errorf("%v at scale %v: %v, want %v", c.screen, c.scale, got, c.want)
		}
	}
}

func TestTheMainScreensFitA400By500Window(t *testing.T) {
	var links []string
	for i := 0; i < 60; i++ {
		links = append(links, fmt.Sprintf("otpauth://totp/Example%%20Site%%20%02d:someone.with.a.long.name%%40example.com?secret=%s&issuer=Example%%20Site%%20%02d", i, vault.EncodeSecret([]byte(fmt.Sprintf("site %02d secret", i))), i))
	}
	h := listHarness(t, links...)
	for _, s := range []struct {
		name string
		show func()
	}{
		{"list", h.u.ShowMain},
		{"print", func() { h.u.showPrint(nil) }},
		{"paper", h.u.showPaperRestore},
		{"settings", h.u.showSettings},
		{"add", h.u.showAdd},
		{"export", h.u.showExport},
	} {
		s.show()
		h.flush()
		if min := h.u.Window.Content().MinSize(); min.Width > 400 || min.Height > 500 {
			t.Errorf("the %s screen needs %v, more than 400×500", s.name, min)
		}
	}
}

func TestHelpHasAGuideAndTheVersion(t *testing.T) {
	h := listHarness(t, linkMail)
	h.menuItem("What to do when…").Action()
	for _, s := range []string{"You have a new phone", "Your phone is lost", "You have a new computer", "You forgot your master password", "The computer is gone (fire, flood, theft)"} {
		if !h.shows(s) {
			t.Errorf("the guide does not say what to do when %q", s)
		}
	}
	h.u.escape()
	if h.u.screen != screenList {
		t.Errorf("Esc from the guide shows %q", h.u.screen)
	}
	h.menuItem("About Sparekey").Action()
	if !h.shows("Version: "+h.u.version()) || h.u.version() == "" {
		t.Errorf("About does not give the version %q", h.u.version())
	}
	// The guide is there before any vault exists.
	w := newHarness(t, Config{})
	w.start()
	w.menuItem("What to do when…").Action()
	if !w.shows("You have a new computer") {
		t.Error("the guide is not there on the first start")
	}
	w.u.escape()
	if w.u.screen != screenWelcome {
		t.Errorf("Esc from the guide on first start shows %q", w.u.screen)
	}
}

func TestStrengthBarIsRedWhenWeakAndTheButtonStaysPut(t *testing.T) {
	h := newHarness(t, Config{})
	u := h.start()
	test.Tap(u.first.start)
	p := u.first.chooser
	at := func() fyne.Position {
		u.grew() // lay the screen out again, as drawing the change does
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(p.submit)
	}
	colour := func() fyne.ThemeColorName { return p.colour.Theme.(barTheme).colour }
	test.Type(p.first, "abc")
	if colour() != theme.ColorNameError {
		t.Errorf("at %q the bar is %s, want the error colour", p.verdict.Text, colour())
	}
	before := at()
	p.first.SetText("violin tram sunny cactus")
	if colour() != theme.ColorNameSuccess {
		t.Errorf("at %q the bar is %s, want the success colour", p.verdict.Text, colour())
	}
	p.second.SetText("violin tram sunny cac")
	if after := at(); after != before {
		t.Errorf("the button moved from %v to %v as the advice changed", before, after)
	}
}
