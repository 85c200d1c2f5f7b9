package app

import (
	"os"
	"os/signal"
	"syscall"
	"time"

	"fyne.io/fyne/v2"

	"sparekey/printing"
)

// quitSignals ask Sparekey to end: SIGTERM (a shutdown, or kill), SIGINT
// (Ctrl+C in the terminal that started it) and SIGHUP (that terminal closed,
// or the session ended).
var quitSignals = []os.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP}

// quitWait is how long quitting waits for slow work (a save, copies being
// written) to finish, so that a key just added is not lost to a half-done
// save.
const quitWait = 10 * time.Second

// quitItem is the Quit of the File menu and the tray: Fyne's own Quit would
// stop the app without locking, clearing the clipboard or deleting the
// temporary PDFs.
func (u *UI) quitItem() *fyne.MenuItem {
	it := fyne.NewMenuItem("Quit", u.quit)
	it.IsQuit = true
	return it
}

// quit ends Sparekey however it is asked to (File, Quit; the tray; closing
// the window; a signal from the system): it clears a code it put on the
// clipboard, closes its messages, deletes its temporary PDFs, locks (closing
// the vault), and then stops the app. It runs on the UI goroutine.
func (u *UI) quit() {
	u.quitSince(u.Now())
}

func (u *UI) quitSince(asked time.Time) {
	u.quitting = true
	u.clearClipboardNow()
	u.closeDialogs() // a "Did it print?" message deletes its PDF as it closes
	printing.RemoveTempPDFs()
	u.Lock()
	if u.busy > 0 && u.Now().Sub(asked) < quitWait {
		// Lock waits for the work; quitting waits for both.
		time.AfterFunc(100*time.Millisecond, func() { u.do(func() { u.quitSince(asked) }) })
		return
	}
	u.App.Quit()
}

// handleQuitSignals makes quitSignals end Sparekey through quit. It returns
// a function that stops the handling.
//
// Fyne also stops the app on SIGINT and SIGTERM, without quit's cleaning up,
// and whichever of the two handlers ran first would win. So, once the app
// runs (Fyne's handler is set up as it starts), Sparekey takes the signals
// over: ignored for an instant, then delivered to Sparekey alone. A signal
// in the app's first second still ends it through Run's own locking and
// deleting of the temporary PDFs; nothing can be on the clipboard yet.
func (u *UI) handleQuitSignals() (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, quitSignals...)
	done := make(chan struct{})
	takeOver := time.AfterFunc(time.Second, func() {
		signal.Ignore(syscall.SIGINT, syscall.SIGTERM)
		signal.Notify(sigs, quitSignals...)
	})
	go func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		// What needs no UI is done at once: the UI may be busy.
		printing.RemoveTempPDFs()
		fyne.Do(u.quit)
		select {
		case <-sigs: // asked twice: stop waiting for slow work
		case <-time.After(quitWait + 5*time.Second): // the UI does not answer
		case <-done:
			return
		}
		printing.RemoveTempPDFs()
		os.Exit(0)
	}()
	return func() {
		takeOver.Stop()
		signal.Stop(sigs)
		close(done)
	}
}

// closeAfterRun is the last of Run, once the app has stopped, however it
// stopped (quit, or Fyne's own handling of a signal in the first second): the
// temporary PDFs are deleted and the vault is closed. It touches no widget:
// the windows are gone (showing the unlock screen here was a panic).
func (u *UI) closeAfterRun() {
	printing.RemoveTempPDFs()
	if u.v == nil || u.cfg.Demo || u.busy > 0 {
		return // a save still running ends with the process; the file is replaced whole or not at all
	}
	v := u.v
	u.v = nil
	v.Close()
}

// tempPDF writes pdf to a private temporary file, which quitting (and the
// next start) deletes if nothing has deleted it before; remove deletes it
// now.
func (u *UI) tempPDF(pdf []byte, name string) (path string, remove func(), err error) {
	return printing.TempPDF(pdf, name)
}

// viewPDF writes pdf to a private temporary file (tempPDF) and opens it in
// the system's viewer. It returns what deletes the file once the person is
// done with it, or shows what went wrong and returns nil.
func (u *UI) viewPDF(pdf []byte, name string) (remove func()) {
	path, remove, err := u.tempPDF(pdf, name)
	if err != nil {
		u.ShowError(err)
		return nil
	}
	if err := printSystem.OpenInViewer(path); err != nil {
		remove()
		u.ShowError(err)
		return nil
	}
	return remove
}
