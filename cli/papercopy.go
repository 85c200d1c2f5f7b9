package cli

// The paper copy on the command line: `print --paper-copy` prints the vault
// file itself (locked as it is) as QR codes and text, and `restore` given
// photos or scans of its pages (or a folder of them) reads it back and
// restores from it as from an encrypted copy.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sparekey/backup"
	"sparekey/interop"
	"sparekey/printing"
	"sparekey/vault"
)

// printPaperCopy writes the paper copy of the vault file. It needs no
// password: the file is printed as it is, locked.
func printPaperCopy(env *Env, opts printing.Options, out string) error {
	data, err := os.ReadFile(env.VaultPath)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("there is no Sparekey file at %s yet: run sparekey init first", env.VaultPath)
	}
	if err != nil {
		return fmt.Errorf("reading the Sparekey file %s: %w", env.VaultPath, backup.PlainError(err))
	}
	if _, err := vault.Inspect(data); err != nil {
		return fmt.Errorf("the Sparekey file %s cannot be printed as a paper copy: %w", env.VaultPath, err)
	}
	var pdf bytes.Buffer
	if err := printing.PaperCopy(&pdf, data, opts); err != nil {
		return err
	}
	if err := writePDF(env, out, pdf.Bytes()); err != nil {
		return err
	}
	if out != "-" {
		fmt.Fprintf(env.Stdout, "Wrote a paper copy of your keys to %s.\n", out)
		fmt.Fprintln(env.Stdout, "It is locked like your Sparekey file: it opens only with your master password or your recovery key, so you may keep it away from home.")
		fmt.Fprintln(env.Stdout, "To bring it back: sparekey restore PHOTO... (photos or scans of every page, in any order).")
	}
	return nil
}

// paperCopyPictures tells whether restore's targets are pictures of a paper
// copy's pages: picture files, or one folder that holds pictures and no
// encrypted copy. It returns them, in name order, read when their turn
// comes.
func paperCopyPictures(targets []string) ([]interop.Picture, bool, error) {
	var files []string
	for _, t := range targets {
		fi, err := os.Stat(t)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", t, backup.PlainError(err))
		}
		if fi.IsDir() {
			if len(targets) > 1 {
				return nil, false, Usagef("restore takes one folder, or photos of a paper copy's pages; not both")
			}
			if found, err := backup.CopiesIn(t); err == nil && len(found) > 0 {
				return nil, false, nil // a place of copies
			}
			names, err := picturesOf(t)
			if err != nil || len(names) == 0 {
				return nil, false, err
			}
			files = names
			continue
		}
		if !isPictureFile(t) {
			if len(targets) > 1 {
				return nil, false, Usagef("%s is not a photo (PNG, JPEG, GIF or WebP): restore takes one copy file, one folder, or photos of a paper copy's pages", t)
			}
			return nil, false, nil // a copy file
		}
		files = append(files, t)
	}
	if len(files) > printing.MaxPaperCopyPictures {
		return nil, false, fmt.Errorf("%d pictures is more than a paper copy has pages; give the photos of its pages only (at most %d)", len(files), printing.MaxPaperCopyPictures)
	}
	var pics []interop.Picture
	for _, f := range files {
		f := f
		pics = append(pics, interop.Picture{Name: filepath.Base(f), Open: func() ([]byte, error) { return readPicture(f) }})
	}
	return pics, true, nil
}

// pictureExtensions are the files restore reads as photos of pages.
var pictureExtensions = []string{".png", ".jpg", ".jpeg", ".gif", ".webp"}

func isPictureFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range pictureExtensions {
		if ext == e {
			return true
		}
	}
	return false
}

// picturesOf lists the pictures of a folder, in name order.
func picturesOf(dir string) ([]string, error) {
	items, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("the folder %s cannot be read: %w", dir, backup.PlainError(err))
	}
	var out []string
	for _, it := range items {
		if it.Type().IsRegular() && isPictureFile(it.Name()) {
			out = append(out, filepath.Join(dir, it.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

// readPicture reads a photo, no larger than an import may be.
func readPicture(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, backup.PlainError(err)
	}
	if fi.Size() > interop.MaxFileSize {
		return nil, tooLargeToImport(name)
	}
	return os.ReadFile(name)
}
