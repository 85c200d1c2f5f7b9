package backup

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"sparekey/vault"
)

// FS is the part of the file system that copies are written through. The
// real one is OSFS; tests put a faulty one in its place to show what happens
// when a folder is read-only or a disk is full.
type FS interface {
	// ReadDir lists a folder.
	ReadDir(dir string) ([]fs.DirEntry, error)
	// ReadFile reads a whole file.
	ReadFile(name string) ([]byte, error)
	// WriteNew writes data as a new file dir/name and makes it durable
	// (written to a temporary file, synced, then given its name). It never
	// replaces an existing file: if dir/name exists it fails with an error
	// that satisfies errors.Is(err, fs.ErrExist), and on any error it leaves
	// no file behind.
	WriteNew(dir, name string, data []byte) error
	// Remove deletes a file.
	Remove(name string) error
	// Stat describes a file or folder.
	Stat(name string) (fs.FileInfo, error)
}

// The temporary file of a write in progress: .sparekey-copy-*.tmp.
const (
	tempPrefix = ".sparekey-copy-"
	tempSuffix = ".tmp"
)

// OSFS is the operating system's file system.
type OSFS struct{}

// ReadDir implements FS.
func (OSFS) ReadDir(dir string) ([]fs.DirEntry, error) { return os.ReadDir(dir) }

// ReadFile implements FS.
func (OSFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// Remove implements FS.
func (OSFS) Remove(name string) error { return os.Remove(name) }

// Stat implements FS.
func (OSFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// WriteNew implements FS. The new name is given with a hard link, which
// fails rather than replace a file; where the folder's file system has no
// hard links (FAT and exFAT USB sticks), it checks the name is free and
// renames.
func (OSFS) WriteNew(dir, name string, data []byte) (err error) {
	final := filepath.Join(dir, name)
	if _, err := os.Lstat(final); err == nil {
		return &fs.PathError{Op: "write", Path: final, Err: fs.ErrExist}
	}
	tmp, err := os.CreateTemp(dir, tempPrefix+"*"+tempSuffix)
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	defer func() {
		if tmp != nil {
			tmp.Close()
		}
		os.Remove(tmpName)
		if err != nil {
			return
		}
		if d, e := os.Open(dir); e == nil {
			d.Sync()
			d.Close()
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && !vault.IsNoChmod(err) {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	err = tmp.Close()
	tmp = nil
	if err != nil {
		return err
	}
	if err := os.Link(tmpName, final); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		// No hard links here: rename, having checked the name is free.
		if _, statErr := os.Lstat(final); statErr == nil {
			return &fs.PathError{Op: "write", Path: final, Err: fs.ErrExist}
		}
		return os.Rename(tmpName, final)
	}
	return nil
}
