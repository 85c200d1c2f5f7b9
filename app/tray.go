package app

import (
	"net"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"sparekey/resources"
)

// setUpTray adds Show, Lock and Quit to the system tray where the desktop
// has one. On Linux and the BSDs the tray is reached over the D-Bus session
// bus: without one, Fyne's tray logs an error at start and panics at quit
// (it closes a connection it never made), so Sparekey has no tray there.
func (u *UI) setUpTray() {
	d, ok := u.App.(desktop.App)
	if !ok || !hasTray() {
		return
	}
	quit := fyne.NewMenuItem("Quit", u.quit)
	quit.IsQuit = true // Fyne's own Quit would skip the lock and the clean-up
	d.SetSystemTrayMenu(fyne.NewMenu("Sparekey",
		fyne.NewMenuItem("Show Sparekey", func() {
			u.Window.Show()
			u.Window.RequestFocus()
		}),
		fyne.NewMenuItem("Lock", u.Lock),
		fyne.NewMenuItemSeparator(),
		quit,
	))
	d.SetSystemTrayIcon(resources.Icon)
}

// hasTray reports whether this desktop has a system tray; tests replace it.
var hasTray = func() bool { return trayReachable(runtime.GOOS, os.Getenv, dialUnix) }

// trayReachable reports whether a system tray can be reached: always on
// macOS and Windows; elsewhere only when the D-Bus session bus answers (at
// DBUS_SESSION_BUS_ADDRESS, or at the usual /run/user/UID/bus).
func trayReachable(goos string, getenv func(string) string, dial func(path string) error) bool {
	switch goos {
	case "darwin", "windows":
		return true
	}
	address := getenv("DBUS_SESSION_BUS_ADDRESS")
	if address == "" || address == "autolaunch:" {
		me, err := user.Current()
		if err != nil {
			return false
		}
		address = "unix:path=" + filepath.Join("/run/user", me.Uid, "bus")
	}
	for _, path := range busSockets(address) {
		if dial(path) == nil {
			return true
		}
	}
	return false
}

// busSockets returns the unix sockets named in a D-Bus address
// ("unix:path=/run/user/1000/bus;unix:abstract=/tmp/dbus-x"); an abstract
// socket is returned with a leading "@", as net.Dial wants it.
func busSockets(address string) []string {
	var out []string
	for _, a := range strings.Split(address, ";") {
		kind, params, ok := strings.Cut(a, ":")
		if !ok || kind != "unix" {
			continue
		}
		for _, p := range strings.Split(params, ",") {
			k, v, _ := strings.Cut(p, "=")
			switch k {
			case "path":
				out = append(out, unescapeBus(v))
			case "abstract":
				out = append(out, "@"+unescapeBus(v))
			}
		}
	}
	return out
}

// unescapeBus undoes D-Bus address escaping (%XX).
func unescapeBus(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			var c byte
			ok := true
			for _, h := range s[i+1 : i+3] {
				switch {
				case h >= '0' && h <= '9':
					c = c<<4 | byte(h-'0')
				case h >= 'a' && h <= 'f':
					c = c<<4 | byte(h-'a'+10)
				case h >= 'A' && h <= 'F':
					c = c<<4 | byte(h-'A'+10)
				default:
					ok = false
				}
			}
			if ok {
				b.WriteByte(c)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// dialUnix tries to connect to a unix socket.
func dialUnix(path string) error {
	c, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}
