package app

import (
	"fmt"
	"log"
	"os"
	"time"

	"sparekey/vault"
)

// The hooks below exist only for scripts/screenshot.sh and
// scripts/measure-app.sh; a person never sets them.
//
//	SPAREKEY_SCREEN=password|recovery|add|key|settings|qr  (with --demo)
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

// showNamedScreen opens one screen in the demo for a screenshot.
func (u *UI) showNamedScreen(name string) {
	switch name {
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
	}
}
