package printing

import (
	"fmt"
	"strings"

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

// recoveryLineGroups is how many groups of the recovery key go on one line.
const recoveryLineGroups = 5

// Kit makes the emergency kit: the vault's recovery key as text (with a
// check code on each line) and as a QR code, the date, where the encrypted
// copies are (or that there are none yet, and what to do), which password
// opens them, and the steps to get every key back with Sparekey and without
// it (the recovery sheets, or the age command on a copy).
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
	d.f.AddPage()
	x, w := margin, d.w-2*margin
	out := d.writer(true)
	y := margin
	d.font(sans, "B", 20)
	out.text(x, y, "Sparekey emergency kit")
	y += d.lineH()
	d.font(sans, "", 10)
	y = out.para(x, y, w, "Printed on "+date+". This page lets you, or someone you trust, get back every two-step login key kept in Sparekey, even if your computer is lost and you forget your master password. Keep it safe and private, with your recovery sheets.")
	y += 4

	// The recovery key.
	boxTop := y
	side := 36.0
	d.drawQR(qr, x+w-side-5, y+5, side)
	tw := w - side - 18
	y += 4
	d.font(sans, "B", 13)
	out.text(x+5, y, "Your recovery key")
	y += d.lineH() + 1
	groups := strings.Split(key, "-")
	d.font(mono, keyStyle, keySize+2)
	for n := 0; n*recoveryLineGroups < len(groups); n++ {
		end := min((n+1)*recoveryLineGroups, len(groups))
		part := groups[n*recoveryLineGroups : end]
		d.font(sans, "", 10)
		d.f.SetTextColor(80, 80, 80)
		out.text(x+5, y+1.4, fmt.Sprintf("%d", n+1))
		d.f.SetTextColor(0, 0, 0)
		d.font(mono, keyStyle, keySize+2)
		kx := x + 5 + numberW
		kw := out.spaced(kx, y, strings.Join(part, "-"))
		check := vault.LineCheck(n+1, strings.Join(part, ""))
		d.font(mono, "", 12)
		cx := kx + kw + 6
		out.text(cx+1.2, y+1.2, check)
		d.f.SetLineWidth(0.25)
		d.f.Rect(cx, y+0.3, d.f.GetStringWidth(check)+2.4, keyLineH-0.6, "D")
		y += keyLineH + 1
	}
	d.font(sans, "", 7)
	d.f.SetTextColor(80, 80, 80)
	out.text(x+5+numberW, y-0.5, "line number, the key, and its check number (Sparekey uses it to catch typing mistakes)")
	d.f.SetTextColor(0, 0, 0)
	y += 3.5
	d.font(sans, "", 9.5)
	y = out.para(x+5, y, tw, "It opens your Sparekey vault when the master password is forgotten. Sparekey does not keep it anywhere and cannot show it again: this paper is the only copy. Anyone holding it together with your vault file or an encrypted copy can read all your keys.")
	bottom := max(y+3, boxTop+side+10)
	d.f.SetLineWidth(0.6)
	d.f.Rect(x, boxTop, w, bottom-boxTop, "D")
	y = bottom + 6

	// Where the keys are.
	d.font(sans, "B", 13)
	out.text(x, y, "Where your keys are kept")
	y += d.lineH() + 0.5
	d.font(sans, "", 10)
	if info.VaultPath != "" {
		y = d.labelPara(x, y, w, "Your vault: ", fmt.Sprintf("%s (on the computer where you use Sparekey; it holds %s).", info.VaultPath, vault.Count(info.Keys, "key", "keys")))
	}
	y += 1
	if len(info.Copies.Locations) == 0 {
		y = d.labelPara(x, y, w, "Encrypted copies: ", "none yet. Until you make copies, losing this computer means relying on your recovery sheets alone. In Sparekey, choose Copies and add a USB stick, a synced folder or a network drive; then print this kit again so that it lists them.")
	} else {
		y = d.labelPara(x, y, w, "Encrypted copies ", "(each one holds all your keys, locked):")
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
	y = d.labelPara(x, y, w, "The copies open with ", "the master password you had when each was written, or with the recovery key above.")
	y += 2
	d.font(sans, "", 10)
	out.text(x, y, "Other places I keep copies or recovery sheets:")
	y += d.lineH() + 4
	d.f.SetLineWidth(0.25)
	d.f.Line(x, y, x+w, y)
	y += 7
	d.f.Line(x, y, x+w, y)
	y += 6

	// How to get the keys back.
	d.font(sans, "B", 13)
	out.text(x, y, "How to get every key back")
	y += d.lineH() + 0.5
	d.font(sans, "B", 10.5)
	out.text(x, y, "With Sparekey")
	y += d.lineH()
	d.font(sans, "", 10)
	y = d.steps(x, y, w, []string{
		"Install Sparekey on any computer. On its first screen choose \u201cBring your keys back from a copy\u201d, choose the USB stick or synced folder listed above, and type your master password, or the recovery key above (then choose a new password).",
		"Forgot the master password on the computer that has your vault? Choose \u201cForgot your password? Use your recovery key\u201d (on the command line: sparekey recover) and type the recovery key above.",
		"No copy, but your recovery sheets? Choose \u201cBring your keys back from paper\u201d: photos of the sheets, or type each key line by line (each line is checked against its check number).",
	})
	y += 1.5
	d.font(sans, "B", 10.5)
	out.text(x, y, "Without Sparekey")
	y += d.lineH()
	d.font(sans, "", 10)
	y = d.steps(x, y, w, []string{
		"Recovery sheets: open any authenticator app, add an account, and scan the key's square code, or choose \u201cEnter a setup key\u201d and type the key.",
		"An encrypted copy (sparekey-copy-\u2026.sparekey) or the vault file is plain text. Install the free program age (age-encryption.org). In a text editor, copy the lines of the \"recovery-key\" slot, from -----BEGIN AGE ENCRYPTED FILE----- to -----END AGE ENCRYPTED FILE-----, into a file slot.age (without the quote marks and commas), and the long line after \"payload\": into payload.txt (without quote marks). Then, in a terminal:",
	})
	d.font(mono, "", 9.5)
	for _, cmd := range []string{
		"age -d -o identity.txt slot.age        (type the recovery key)",
		"base64 -d payload.txt > payload.age",
		"age -d -i identity.txt payload.age | gunzip > keys.json",
	} {
		out.text(x+10, y, cmd)
		y += d.lineH()
	}
	y += 0.5
	d.font(sans, "", 10)
	y = out.para(x+6, y, w-6, "keys.json lists every key: each \"uri\": \"otpauth://\u2026\" is a setup link that authenticator apps understand, and its \"secret\" is the key to type in an app. Sparekey's README explains each step (\u201cGetting your keys out with age alone\u201d). Delete identity.txt, payload.age and keys.json when you are done.")
	_ = y
	d.footer(1, 1, date, "Sparekey emergency kit: with your vault or a copy, it opens all your keys. Keep it safe.")
	return d.bytes()
}

// labelPara writes a paragraph that starts with a bold label, in the
// current font size.
func (d *doc) labelPara(x, y, w float64, label, body string) float64 {
	return d.writer(true).labelled(x, y, w, label, body)
}

// steps writes a numbered list.
func (d *doc) steps(x, y, w float64, items []string) float64 {
	out := d.writer(true)
	for i, s := range items {
		out.text(x+1, y, fmt.Sprintf("%d.", i+1))
		y = out.para(x+6, y, w-6, s)
		y += 0.8
	}
	return y
}
