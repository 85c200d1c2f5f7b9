package printing

import (
	"fmt"

	"sparekey/vault"
)

// KitInfo is what the emergency kit tells.
type KitInfo struct {
	// RecoveryKey is the vault's recovery key, as vault.Create returned it or
	// as typed (it is checked with vault.ParseRecoveryKey).
	RecoveryKey string
	// VaultPath is where the vault file is; empty leaves it out.
	VaultPath string
	// Copies are the vault's encrypted copies: where they are, and whether
	// they use the master password or a passphrase of their own.
	Copies vault.CopySettings
	// Keys is how many keys the vault holds.
	Keys int
}

// Kit makes the emergency kit: the vault's recovery key on one line (typed
// exactly as printed, it works in Sparekey and in age) and as a QR code, the
// date, where the vault and its encrypted copies are (or that there are none
// yet, and what to do), which password opens the copies, advice to keep a
// second set in another building, and every way to get the keys back: with
// Sparekey first, in the app's own words, then without it (the recovery
// sheets in any authenticator app, or the age steps in full, AgeCommands).
func Kit(info KitInfo, o Options) ([]byte, error) {
	key, err := vault.ParseRecoveryKey(info.RecoveryKey)
	if err != nil {
		return nil, fmt.Errorf("the recovery key for the emergency kit: %w", err)
	}
	d, err := newDoc(o, "Sparekey emergency kit")
	if err != nil {
		return nil, err
	}
	qr, err := qrBitmap(key)
	if err != nil {
		return nil, err
	}
	date := PrintedDate(o.now())
	x, w := margin, d.w-2*margin
	bottom := d.h - margin - footerH
	out := d.writer(true)
	page := 0
	newPage := func() float64 {
		page++
		d.f.AddPage()
		return margin
	}
	// need starts a new page when h more millimetres do not fit.
	need := func(y, h float64) float64 {
		if y+h > bottom {
			return newPage()
		}
		return y
	}
	y := newPage()
	d.font(sans, "B", 19)
	out.text(x, y, "Sparekey emergency kit")
	y += d.lineH()
	d.font(sans, "", 10)
	y = out.para(x, y, w, "Printed on "+date+". With this kit you, or someone you trust, can get back every two-step login key kept in Sparekey, even if your computer is lost and your master password forgotten. Keep it as safe as your passport.")
	y += 3

	// The recovery key, on one line.
	boxTop := y
	side := float64(len(qr)) * 0.85
	d.drawQR(qr, x+w-side-4, y+4, side)
	tw := w - side - 14
	y += 3.5
	d.font(sans, "B", 13)
	out.text(x+4, y, "Your recovery key")
	y += d.lineH() + 1
	size := 13.0
	d.font(keyFont, "", size)
	for d.f.GetStringWidth(key) > tw && size > 9 {
		size -= 0.5
		d.font(keyFont, "", size)
	}
	out.text(x+4, y, key)
	y += d.lineH() + 1.5
	d.font(sans, "", 9.5)
	y = out.para(x+4, y, tw, "Type it exactly as printed: capital letters and dashes, all on one line. (Sparekey also takes it in small letters, with spaces or without; its last group is a check that catches a typing mistake.)")
	y += 1
	y = out.para(x+4, y, tw, "It opens your Sparekey file and its copies when the master password is forgotten. Sparekey keeps no copy of it and cannot show it again: this paper is the only one. Anyone holding it together with your Sparekey file or a copy can read all your keys.")
	bottomBox := max(y+3, boxTop+side+8)
	d.f.SetLineWidth(0.6)
	d.f.Rect(x, boxTop, w, bottomBox-boxTop, "D")
	y = bottomBox + 5

	// Where the keys are.
	d.font(sans, "B", 13)
	out.text(x, y, "Where your keys are kept")
	y += d.lineH() + 0.5
	d.font(sans, "", 10)
	if info.VaultPath != "" {
		y = d.labelPara(x, y, w, "Your Sparekey file: ", fmt.Sprintf("%s (on the computer where you use Sparekey; it holds %s).", info.VaultPath, vault.Count(info.Keys, "key", "keys")))
	}
	y += 1
	if len(info.Copies.Locations) == 0 {
		y = d.labelPara(x, y, w, "Encrypted copies: ", "none yet. Until you make copies, losing this computer means relying on your recovery sheets alone. In Sparekey, choose File \u203a Copies\u2026 and add a USB stick, a synced folder or a network drive; then print this kit again so that it lists them.")
	} else {
		y = d.labelPara(x, y, w, "Encrypted copies ", "(each holds all your keys, locked; the newest is named sparekey-copy-\u2026 with its date):")
		for _, l := range info.Copies.Locations {
			line := "\u2022 " + l.Path
			if !l.LastWritten.IsZero() {
				line += fmt.Sprintf(" (last written on %s, %s)", PrintedDate(l.LastWritten.Local()), vault.Count(l.Entries, "key", "keys"))
			}
			d.font(sans, "", 10)
			y = out.para(x+4, y, w-4, line)
		}
	}
	y += 1
	y = d.labelPara(x, y, w, "The copies are locked with ", "your master password as it was when each copy was written, and with the recovery key above.")
	y += 1
	y = d.labelPara(x, y, w, "Keep a second set in another building. ", "A fire, a flood or a burglary takes everything kept in one place: leave a copy of this kit and of your recovery sheets with someone you trust or in a bank box.")
	y += 2
	d.font(sans, "", 10)
	out.text(x, y, "Other places I keep copies, recovery sheets or this kit:")
	y += d.lineH() + 4.5
	d.f.SetLineWidth(0.25)
	d.f.Line(x, y, x+w, y)
	y += 6
	d.f.Line(x, y, x+w, y)
	y += 5

	// How to get the keys back.
	y = need(y, 40)
	d.font(sans, "B", 13)
	out.text(x, y, "How to get every key back")
	y += d.lineH() + 0.5
	d.font(sans, "B", 10.5)
	out.text(x, y, "With Sparekey")
	y += d.lineH()
	d.font(sans, "", 10)
	withSparekey := []string{
		"Forgot the master password? On Sparekey\u2019s unlock screen choose \u201c" + kitAppWords[0] + "\u201d, type the recovery key above, then choose a new password.",
		"Lost this computer? Install Sparekey on another one (download it from " + Website + ") and choose \u201c" + kitAppWords[1] + "\u201d (on its first screen, or in the File menu). Choose the USB stick or synced folder that holds your copies, and type the master password you had then, or the recovery key above.",
		"Only the recovery sheets are left? Scan each key\u2019s square code with any authenticator app, or in Sparekey choose Keys \u203a \u201c" + kitAppWords[2] + "\u201d and type the key line by line: Sparekey checks each line against the number in the box at its end.",
		"Only a paper copy is left? Photograph every page of it into one folder, and in Sparekey choose File \u203a \u201c" + kitAppWords[3] + "\u201d (on a new computer: From paper, then From a paper copy); type the master password you had then, or the recovery key above.",
	}
	for i, s := range withSparekey {
		y = need(y, 12)
		y = d.step(x, y, w, i+1, s)
	}
	y += 1.5
	before, after := ageSteps("your master password")
	y = need(y, 30)
	d.font(sans, "B", 10.5)
	out.text(x, y, "Without Sparekey, for someone technical: with the free program age")
	y += d.lineH()
	d.font(sans, "", 10)
	n := 1
	for i, s := range before {
		h := 14.0
		if i == len(before)-1 {
			// The step that introduces the commands stays with them.
			h += float64(len(AgeCommands))*5 + 2
		}
		y = need(y, h)
		y = d.step(x, y, w, n, s)
		n++
	}
	d.font(mono, "B", 10)
	for _, c := range AgeCommands {
		out.text(x+10, y, c)
		y += d.lineH()
	}
	y += 1
	d.font(sans, "", 10)
	for _, s := range after {
		y = need(y, 14)
		y = d.step(x, y, w, n, s)
		n++
	}
	_ = y
	for p := 1; p <= page; p++ {
		d.f.SetPage(p)
		d.footer(p, page, date, "Sparekey emergency kit")
	}
	return d.bytes()
}

// Website is where Sparekey can be downloaded, as the kit prints it.
const Website = "github.com/sparekey/sparekey/releases"

// kitAppWords are the app's buttons and menu items the kit names, word for
// word (TestKitNamesTheAppsOwnWords finds each in the app).
var kitAppWords = []string{
	"Forgot your password? Use your recovery key",
	"Restore from an encrypted copy\u2026",
	"Restore a key from paper\u2026",
	"Restore from a paper copy\u2026",
}

// labelPara writes a paragraph that starts with a bold label, in the
// current font size.
func (d *doc) labelPara(x, y, w float64, label, body string) float64 {
	return d.writer(true).labelled(x, y, w, label, body)
}

// step writes item n of a numbered list.
func (d *doc) step(x, y, w float64, n int, s string) float64 {
	out := d.writer(true)
	out.text(x+1, y, fmt.Sprintf("%d.", n))
	y = out.para(x+6, y, w-6, s)
	return y + 0.8
}
