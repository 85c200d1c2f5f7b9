package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sparekey/interop"
	"sparekey/vault"
)

// The password of an encrypted export comes from --export-password-file,
// then SPAREKEY_EXPORT_PASSWORD, then the terminal (asked twice).

func runExport(env *Env, args []string) error {
	fs := NewFlagSet("export")
	format := fs.String("format", "", "uris, aegis, aegis-encrypted or migration-qr")
	out := fs.String("out", "", "the file to write (migration-qr: a folder for the PNG pictures, or a .pdf page to print)")
	pwFile := fs.String("export-password-file", "", "file whose first line is the password for aegis-encrypted")
	force := fs.Bool("force", false, "replace files that already exist")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return Usagef("export takes no arguments besides its options (got %q)", fs.Arg(0))
	}
	if *out == "" {
		return Usagef("export needs --out PATH")
	}
	switch *format {
	case "uris", "aegis", "aegis-encrypted", "migration-qr":
	case "":
		return Usagef("export needs --format uris, aegis, aegis-encrypted or migration-qr")
	default:
		return Usagef("unknown export format %q (uris, aegis, aegis-encrypted or migration-qr)", *format)
	}
	// Ask for the export password before the master password, so that a
	// refused password costs nothing.
	var exportPassword string
	if *format == "aegis-encrypted" {
		pw, err := env.exportPassword(*pwFile)
		if err != nil {
			return err
		}
		exportPassword = pw
	}
	v, err := env.OpenVault()
	if err != nil {
		return err
	}
	defer v.Close()
	var entries []vault.Entry
	for _, e := range v.Sorted() {
		entries = append(entries, *e)
	}
	switch *format {
	case "uris":
		if err := writeNew(*out, interop.ExportURIs(entries), *force); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Wrote %s to %s\n", vault.Count(len(entries), "key", "keys"), *out)
		fmt.Fprintln(env.Stderr, "Warning: "+interop.URIsWarning)
	case "aegis", "aegis-encrypted":
		data, err := interop.ExportAegis(entries, exportPassword)
		if err != nil {
			return err
		}
		if err := writeNew(*out, data, *force); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Wrote %s to %s; in Aegis: Settings, Import & export, Import from file, Aegis.\n", vault.Count(len(entries), "key", "keys"), *out)
		if exportPassword == "" {
			fmt.Fprintln(env.Stderr, "Warning: "+interop.URIsWarning)
		}
	case "migration-qr":
		if err := writeMigration(env, entries, *out, *force); err != nil {
			return err
		}
	}
	return nil
}

// exportPassword returns the password for an encrypted export.
func (env *Env) exportPassword(file string) (string, error) {
	pw, err := env.secret(file, "SPAREKEY_EXPORT_PASSWORD", "password for the export")
	if err != nil {
		return "", err
	}
	if file == "" && env.Getenv("SPAREKEY_EXPORT_PASSWORD") == "" {
		again, err := env.secret("", "", "the same password again")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", errors.New("the two passwords are not the same; nothing was written")
		}
	}
	if err := vault.CheckNewPassword(pw); err != nil {
		return "", fmt.Errorf("%w (this protects the export; nothing was written)", err)
	}
	return pw, nil
}

// writeMigration writes the Google Authenticator transfer codes: a
// printable page when out ends in .pdf, else one PNG a code in the folder
// out.
func writeMigration(env *Env, entries []vault.Entry, out string, force bool) error {
	var problems []interop.Problem
	if strings.EqualFold(filepath.Ext(out), ".pdf") {
		pdf, left, err := interop.MigrationSheet(entries)
		if err != nil {
			return err
		}
		problems = left
		if err := writeNew(out, pdf, force); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Wrote %s in a page to print, %s\n", vault.Count(len(entries)-len(problems), "key", "keys"), out)
	} else {
		pngs, left, err := interop.MigrationQRCodes(entries)
		if err != nil {
			return err
		}
		problems = left
		if err := os.MkdirAll(out, 0o700); err != nil {
			return fmt.Errorf("making the folder %s: %w", out, err)
		}
		for i, png := range pngs {
			name := filepath.Join(out, fmt.Sprintf("google-authenticator-%d-of-%d.png", i+1, len(pngs)))
			if err := writeNew(name, png, force); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, name)
		}
		fmt.Fprintf(env.Stdout, "Wrote %s in %d QR code picture(s); in Google Authenticator: Transfer accounts, Import accounts, then scan them in order.\n",
			vault.Count(len(entries)-len(problems), "key", "keys"), len(pngs))
	}
	for _, p := range problems {
		fmt.Fprintf(env.Stdout, "left out\t%s\t%s\n", printable(p.Name), printable(p.Reason))
	}
	fmt.Fprintln(env.Stderr, "Warning: these QR codes are not encrypted; anyone who scans them can make your login codes. Delete them when you are done.")
	return nil
}

// writeNew writes a file only readable by its owner, refusing to replace
// an existing one unless force is set. It writes a temporary file first so
// that an error leaves no half-written export.
func writeNew(path string, data []byte, force bool) error {
	if !force {
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("%s already exists; choose another name, or add --force to replace it", path)
		}
	}
	if err := vault.WritePrivateFile(path, data); err != nil {
		return folderError(path, err)
	}
	return nil
}
