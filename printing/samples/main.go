// Command samples writes the sample recovery sheet and emergency kit shown in
// the README, made from made-up keys, as PDFs and, where pdftoppm is
// installed, as PNG pictures of their first pages:
//
//	go run ./printing/samples docs
package main

import (
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
	sheet, err := printing.Sheet(entries, printing.Options{Now: now})
	if err != nil {
		return err
	}
	// A made-up recovery key with a valid check group.
	key := vault.NewRecoveryKey()
	kit, err := printing.Kit(printing.KitInfo{
		RecoveryKey: key, VaultPath: "/home/ada/.config/Sparekey/vault.sparekey", Keys: 6,
		Copies: vault.CopySettings{Locations: []vault.CopyLocation{
			{Path: "/media/ada/BACKUP STICK/Sparekey", LastWritten: now.AddDate(0, 0, -2), Entries: 6},
			{Path: "/home/ada/Nextcloud/Sparekey", LastWritten: now.AddDate(0, 0, -1), Entries: 6},
		}},
	}, printing.Options{Now: now})
	if err != nil {
		return err
	}
	for name, pdf := range map[string][]byte{"sample-sheet": sheet, "sample-kit": kit} {
		path := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(path, pdf, 0o644); err != nil {
			return err
		}
		if tool, err := exec.LookPath("pdftoppm"); err == nil {
			out := filepath.Join(dir, name)
			cmd := exec.Command(tool, "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", path, out)
			if b, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("pdftoppm: %v: %s", err, strings.TrimSpace(string(b)))
			}
		}
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	return nil
}
