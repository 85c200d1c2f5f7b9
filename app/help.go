package app

// Help: a short guide of what to do when something happens, and About with
// the version.

import (
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// guide is the built-in guide: a situation, and what to do, in order.
var guide = []struct{ when, what string }{
	{"You have a new phone",
		"Your keys are all here. For each website, open Sparekey, choose the key, and choose Show as QR code: scan it with the authenticator app on the new phone. To move many at once to Google Authenticator, choose File, Export…, then Google Authenticator."},
	{"Your phone is lost, stolen or broken",
		"Nothing is lost: Sparekey shows the same login codes as your phone did. Log in with the code from Sparekey, and then, on each website, remove the old phone from your two-step login settings and add the new one."},
	{"You have a new computer",
		"Install Sparekey on it and choose Restore from an encrypted copy… on its first screen. Pick the USB stick or synced folder that holds your copies, and type your master password (or your recovery key). Your keys come back as they were."},
	{"You forgot your master password",
		"On the unlock screen, choose Forgot your password? and type your recovery key, from your emergency kit or the paper you wrote it on. Then choose a new master password."},
	{"The computer is gone (fire, flood, theft)",
		"Take your emergency kit and a copy: a USB stick, or your synced folder on any other computer. Install Sparekey there and restore from the copy with your recovery key. No copy at all? Your recovery sheets hold every key: in Sparekey, choose Keys, Restore a key from paper…, or scan each sheet's QR codes with a phone."},
	{"A website shows you a QR code to turn on two-step login",
		"Leave the QR code on the screen and choose Scan my screen in Sparekey (or press Ctrl+Shift+S): Sparekey steps aside, reads the code and shows the key before adding it. A QR code or key link you copied comes in with Ctrl+V. Photos of your recovery sheets come in all at once: drop them on Sparekey's window."},
}

// showGuide shows the guide.
func (u *UI) showGuide() {
	items := []fyne.CanvasObject{wrapped("What to do when something happens. Keep your emergency kit and your recovery sheets somewhere safe: they are what makes each of these easy.")}
	for _, g := range guide {
		title := widget.NewLabelWithStyle(g.when, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.Wrapping = fyne.TextWrapWord
		items = append(items, widget.NewSeparator(), title, wrapped(g.what))
	}
	back := u.ShowMain
	if u.v == nil {
		back = u.showStart
	}
	u.showScreenBack("What to do when…", back, container.New(&minWidth{w: narrowWidth}, container.NewVBox(items...)))
}

// showStart shows the first screen for the vault's state: the list, the
// unlock screen, or the welcome.
func (u *UI) showStart() {
	switch {
	case u.v != nil:
		u.showList()
	case fileExists(u.cfg.VaultPath):
		u.showUnlock()
	default:
		u.showWelcome()
	}
}

// version is Sparekey's version: the app's metadata when packaged, else the
// build's own record (the commit it was built from).
func (u *UI) version() string {
	if v := u.App.Metadata().Version; v != "" && v != "0.0.1" {
		return v
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			if v == "" || v == "(devel)" {
				v = "development build"
			}
			v += " " + s.Value[:12]
		}
	}
	if v == "" || v == "(devel)" {
		v = "development build"
	}
	return v
}
