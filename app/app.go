// Package app is Sparekey's desktop app (Fyne): screens, dialogs and wiring
// only. Every rule it follows lives in vault, printing, backup or interop, so
// that the command line follows the same rules.
package app

import (
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// AppID is Sparekey's application id (preferences are kept under it).
const AppID = "org.sparekey.app"

// Run opens the desktop app on the vault at vaultPath; demo opens a throwaway
// vault with sample keys instead.
func Run(vaultPath string, demo bool) {
	a := fyneapp.NewWithID(AppID)
	w := a.NewWindow("Sparekey")
	w.SetContent(widget.NewLabel("Sparekey"))
	w.ShowAndRun()
}
