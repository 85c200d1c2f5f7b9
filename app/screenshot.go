package app

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"sparekey/interop"
	"sparekey/vault"
)

// The hooks below exist only for scripts/screenshot.sh and
// scripts/measure-app.sh; a person never sets them.
//
//	SPAREKEY_SCREEN=password|recovery|add|key|settings|qr|paper|save-warning|paper-photos  (with --demo)
//	SPAREKEY_SCREEN=print|copies-update|import  (a real vault: once unlocked)
//	SPAREKEY_SCREEN_FILES=a:b  the files "import" reads (as if dropped), the
//	                       photos "paper-photos" reads on the from-paper screen
//	SPAREKEY_DEMO_KEYS=N   the demo holds N generated keys (measurements)
//	SPAREKEY_TRACE=1       print timings to stderr

// startedAt is when Run began, for SPAREKEY_TRACE.
var startedAt = time.Now()

func trace(format string, args ...any) {
	if os.Getenv("SPAREKEY_TRACE") != "" {
		log.Printf("trace: %.0f ms since start: "+format, append([]any{float64(time.Since(startedAt).Microseconds()) / 1000}, args...)...)
	}
}

// demoKeys adds n generated keys to the demo vault (SPAREKEY_DEMO_KEYS).
func demoKeys(v *vault.Vault, n int) {
	issuers := []string{"Mail", "Bank", "Cloud", "Shop", "Forum", "Games", "News", "Travel"}
	for i := 0; i < n; i++ {
		raw := []byte(fmt.Sprintf("demo-key-%06d-xyz", i))
		e := vault.Entry{
			Issuer:  fmt.Sprintf("Example %s %d", issuers[i%len(issuers)], i),
			Account: fmt.Sprintf("user%d@example.com", i),
			Secret:  vault.EncodeSecret(raw),
		}
		if _, _, err := v.Add(e); err != nil {
			panic("sparekey: demo key: " + err.Error())
		}
	}
}

// showScreenAfterUnlock shows u.afterUnlock (the SPAREKEY_SCREEN to show
// once a real vault is unlocked), once.
func (u *UI) showScreenAfterUnlock() {
	if name := u.afterUnlock; name != "" {
		u.afterUnlock = ""
		u.showNamedScreen(name)
	}
}

// showNamedScreen opens one screen in the demo (or, for the last three, in
// a real vault just unlocked) for a screenshot.
func (u *UI) showNamedScreen(name string) {
	switch name {
	case "print":
		u.showPrint(nil)
	case "copies-update":
		u.openCopies()
		u.updateCopies(nil) // asks for the password; the script types it
	case "import":
		var files []importFile
		for _, p := range filepath.SplitList(os.Getenv("SPAREKEY_SCREEN_FILES")) {
			data, err := os.ReadFile(p)
			if err != nil {
				log.Printf("SPAREKEY_SCREEN_FILES: %v", err)
				continue
			}
			files = append(files, importFile{filepath.Base(p), data})
		}
		u.importFiles(files)
	case "password":
		u.showWelcome()
		u.showNewPassword()
		u.first.chooser.first.SetText("violin tram sunny cactus")
		u.first.chooser.second.SetText("violin tram sunny cac")
		u.Window.Canvas().Focus(u.first.chooser.second)
	case "recovery":
		u.showRecoveryKey(vault.NewRecoveryKey(), u.ShowMain)
	case "add":
		u.showAdd()
		u.add.issuer.SetText("Example Shop")
		u.add.account.SetText("ada@example.com")
		u.add.secret.SetText("MFZW 63LF OQQH EZLD N5ZG S3TH")
		u.Window.Canvas().Focus(u.add.secret)
	case "key":
		u.showKey(u.v.Find("Example Mail")[0].ID)
		u.toggleSecret()
	case "qr":
		u.showKey(u.v.Find("Example Mail")[0].ID)
		u.showQR()
	case "settings":
		u.showSettings()
	case "paper":
		u.showPaperRestore()
	case "paper-photos":
		u.showPaperWelcome()
		var pics []interop.Picture
		for _, p := range filepath.SplitList(os.Getenv("SPAREKEY_SCREEN_FILES")) {
			pics = append(pics, pictureFile(p))
		}
		u.readPaperPhotos(pics)
	case "save-warning":
		// The save dialog's answer for a folder synced to Dropbox
		// (SPAREKEY_SCREEN_FILES names it).
		path := filepath.Join(os.Getenv("SPAREKEY_SCREEN_FILES"), "Sparekey emergency kit.pdf")
		w, err := storage.Writer(storage.NewFileURI(path))
		if err != nil {
			log.Printf("save-warning: %v", err)
			return
		}
		u.plainChosen("Sparekey emergency kit.pdf", w, nil, func(w fyne.URIWriteCloser, _ error) {
			if w != nil {
				w.Close()
			}
		})
	}
}
