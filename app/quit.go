package app

import "sparekey/printing"

// Quitting: File › Quit, the tray's Quit and the window's close button all
// come here, so that Sparekey always locks the vault, clears a code it
// copied and deletes the plaintext PDFs it made before the window goes.

// quit cleans up, then ends the app.
func (u *UI) quit() {
	u.cleanUp()
	u.App.Quit()
}

// cleanUp locks the vault (even while slow work runs: the process is ending),
// clears the clipboard and deletes the temporary PDFs. It may run twice.
func (u *UI) cleanUp() {
	u.quitting = true
	u.clearClipboardNow()
	for _, remove := range u.temps {
		remove()
	}
	u.temps = nil
	if u.v == nil {
		return
	}
	u.busy, u.lockPending = 0, false
	if u.cfg.Demo {
		u.v = nil
		return
	}
	u.Lock()
}

// tempPDF writes pdf to a private temporary file that quitting deletes, if
// nothing has deleted it before; remove deletes it now.
func (u *UI) tempPDF(pdf []byte, name string) (path string, remove func(), err error) {
	path, rm, err := printing.TempPDF(pdf, name)
	if err != nil {
		return "", nil, err
	}
	if u.temps == nil {
		u.temps = map[string]func(){}
	}
	u.temps[path] = rm
	return path, func() {
		rm()
		delete(u.temps, path)
	}, nil
}
