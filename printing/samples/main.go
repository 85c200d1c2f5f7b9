// Command samples writes the sample printouts shown in the README and in
// docs/, made from made-up keys: the recovery sheet (with the Google
// Authenticator transfer page), the emergency kit and a paper copy, as PNG
// pictures of their pages (pdftoppm must be installed):
//
//	go run ./printing/samples docs
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"sparekey/printing"
	"sparekey/vault"
)

// sampleLinks are made-up accounts with made-up keys.
var sampleLinks = []string{
	"otpauth://totp/Example%20Mail:ada@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example%20Mail",
	"otpauth://totp/Example%20Bank:ada.lovelace?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Bank&digits=8",
	"otpauth://totp/%C3%89lectricit%C3%A9%20Exemple:ren%C3%A9e?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=%C3%89lectricit%C3%A9%20Exemple",
	"otpauth://steam/Steam:ada_plays?secret=K5ZG4Z3SMVZXI2LOM5UWK3TU&issuer=Steam",
	"otpauth://totp/Cloud%20Storage:ada@example.com?secret=ONSWG4TFOQQGC5DUMFRWWIDBORQXI2LB&issuer=Cloud%20Storage",
	"otpauth://hotp/Old%20VPN:ada?secret=NBSWY3DPFQQHO33SNRSCCZDBORQXG5DF&issuer=Old%20VPN&counter=42",
	"otpauth://totp/Tax%20Office:AB-123-456?secret=KRUGKIDROVUWG2ZAMJZG653OEBTG66BA&issuer=Tax%20Office",
	"otpauth://totp/Code%20Forge:ada?secret=MFZWIZTHNBVGWYLTMRTGO2DKNNQXGZDG&issuer=Code%20Forge&period=60&algorithm=SHA256",
}

func main() {
	dir := "docs"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(dir); err != nil {
		fmt.Fprintln(os.Stderr, "samples:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	var entries []*vault.Entry
	for _, l := range sampleLinks {
		e, _, err := vault.ParseURI(l)
		if err != nil {
			return err
		}
		entries = append(entries, &e)
	}
	entries[0].RecoveryCodes = []vault.RecoveryCode{{Code: "4821-7730"}, {Code: "9184-2206", Used: true}, {Code: "5562-0917"}, {Code: "3307-1148"}}
	sheet, err := printing.Sheet(entries, printing.Options{Now: now, Transfer: true})
	if err != nil {
		return err
	}
	key := vault.NewRecoveryKey()
	kit, err := printing.Kit(printing.KitInfo{
		RecoveryKey: key, VaultPath: "/home/ada/.config/Sparekey/vault.sparekey", Keys: len(entries),
		Copies: vault.CopySettings{Locations: []vault.CopyLocation{
			{Path: "/media/ada/BACKUP STICK/Sparekey", LastWritten: now.AddDate(0, 0, -2), Entries: len(entries)},
			{Path: "/home/ada/Nextcloud/Sparekey", LastWritten: now.AddDate(0, 0, -1), Entries: len(entries)},
		}},
	}, printing.Options{Now: now})
	if err != nil {
		return err
	}
	// A real vault file of the sample keys, for the paper copy.
	tmp, err := os.MkdirTemp("", "sparekey-samples-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	v, _, err := vault.Create(filepath.Join(tmp, "vault.sparekey"), "a sample password", vault.WithWorkFactor(12))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if _, _, err := v.Add(*e); err != nil {
			return err
		}
	}
	v.Close()
	file, err := os.ReadFile(filepath.Join(tmp, "vault.sparekey"))
	if err != nil {
		return err
	}
	var copyPDF bytes.Buffer
	if err := printing.PaperCopy(&copyPDF, file, printing.Options{Now: now}); err != nil {
		return err
	}
	for _, doc := range []struct {
		name string
		pdf  []byte
	}{{"sample-sheet", sheet}, {"sample-kit", kit}, {"sample-paper-copy", copyPDF.Bytes()}} {
		path := filepath.Join(tmp, doc.name+".pdf")
		if err := os.WriteFile(path, doc.pdf, 0o600); err != nil {
			return err
		}
		old, _ := filepath.Glob(filepath.Join(dir, doc.name+"-*.png"))
		for _, o := range old {
			os.Remove(o)
		}
		cmd := exec.Command("pdftoppm", "-r", "80", "-png", path, filepath.Join(dir, doc.name))
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("pdftoppm: %v: %s", err, strings.TrimSpace(string(b)))
		}
		// The first page keeps the plain name the README shows.
		if err := os.Rename(filepath.Join(dir, doc.name+"-1.png"), filepath.Join(dir, doc.name+".png")); err != nil {
			return err
		}
	}
	return nil
}
