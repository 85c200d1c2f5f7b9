package vault

import (
	"os"
	"path/filepath"
)

// WritePrivateFile writes data to path readable by its owner only (0600),
// for files that hold keys: exports, printed sheets, the emergency kit. It
// writes a temporary file in the same folder, syncs it and renames it over
// path, so an error or a crash never leaves a half-written file; the
// temporary file is removed on error. Unlike Save it keeps no previous
// version.
func WritePrivateFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sparekey-write-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = replaceFile(name, path) // on Windows, waits out a reader holding the file
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}
