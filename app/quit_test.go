package app

import (
	"errors"
	"os"
	"testing"
)

func TestQuitLocksClearsTheClipboardAndDeletesTemporaryPDFs(t *testing.T) {
	h := listHarness(t, linkMail)
	h.u.list.copyAt(0)
	cb := h.u.App.Clipboard()
	if cb.Content() == "" {
		t.Fatal("nothing was copied")
	}
	path, _, err := h.u.tempPDF([]byte("%PDF-1.4 keys"), "sheet")
	if err != nil {
		t.Fatal(err)
	}
	var quits []string
	for _, m := range h.u.Window.MainMenu().Items {
		for _, it := range m.Items {
			if it.IsQuit {
				quits = append(quits, m.Label+" › "+it.Label)
			}
		}
	}
	if len(quits) != 1 || quits[0] != "File › Quit" {
		t.Fatalf("Quit items: %q, want Sparekey's own File › Quit only", quits)
	}
	h.menuItem("Quit").Action()
	if h.u.v != nil {
		t.Error("the vault is still open after Quit")
	}
	if got := cb.Content(); got != "" {
		t.Errorf("the clipboard still holds %q", got)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary PDF is still there (%v)", err)
	}
	h.flush() // nothing queued may touch the closed window
}

func TestTrayOnlyWhereASessionBusAnswers(t *testing.T) {
	up := map[string]bool{"/run/user/1000/bus": true, "@/tmp/dbus-abc": true}
	dial := func(path string) error {
		if up[path] {
			return nil
		}
		return errors.New("connection refused")
	}
	env := func(addr string) func(string) string {
		return func(k string) string {
			if k == "DBUS_SESSION_BUS_ADDRESS" {
				return addr
			}
			return ""
		}
	}
	for _, c := range []struct {
		goos, address string
		want          bool
	}{
		{"darwin", "", true},
		{"windows", "", true},
		{"linux", "unix:path=/run/user/1000/bus", true},
		{"linux", "unix:path=/run/user/1000/gone", false},
		{"linux", "unix:abstract=/tmp/dbus-abc,guid=1234", true},
		{"linux", "unix:path=/nowhere;unix:abstract=/tmp/dbus-abc", true},
		{"linux", "unix:path=%2frun%2fuser%2f1000%2fbus", true},
		{"linux", "tcp:host=localhost,port=1", false},
		{"freebsd", "unix:path=/nowhere", false},
	} {
		if got := trayReachable(c.goos, env(c.address), dial); got != c.want {
			t.Errorf("%s with %q: tray %v, want %v", c.goos, c.address, got, c.want)
		}
	}
}
