package printing

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// TempPrefix starts the name of every temporary PDF Sparekey makes
// ("sparekey-sheet-123456.pdf"), so that one left behind by a crash is known
// as Sparekey's.
const TempPrefix = "sparekey-"

// temps is the list of temporary PDFs this process made and has not removed
// yet. It is the process's own (a signal ends the whole process), hence a
// package variable.
var temps = tempFiles{paths: map[string]bool{}}

type tempFiles struct {
	mu    sync.Mutex
	paths map[string]bool
}

func (t *tempFiles) add(path string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.paths[path] = true
}

func (t *tempFiles) remove(path string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	os.Remove(path)
	delete(t.paths, path)
}

// RemoveTempPDFs deletes every temporary PDF that TempPDF made in this
// process and that is still there: the program calls it on its way out,
// however it is asked to end. A viewer that has a sheet open keeps showing
// it (the system frees the file when the viewer closes it).
func RemoveTempPDFs() {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	for path := range temps.paths {
		os.Remove(path)
		delete(temps.paths, path)
	}
}

// maxSweptEntries bounds how much of the temporary folder SweepTempPDFs reads:
// it is shared with every program, and a start-up must not take long
// because of what others left there.
const maxSweptEntries = 100_000

// SweepTempPDFs deletes the temporary PDFs a Sparekey that crashed, was
// killed or was cut off by a logout left in the temporary folder: regular
// files (not links) named TempPrefix...".pdf", owned by this user, last
// written before since (the start of this process). It returns how many it
// deleted; an error means the folder could not be read, and nothing worse.
func SweepTempPDFs(since time.Time) (int, error) {
	dir := os.TempDir()
	d, err := os.Open(dir)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	removed, seen := 0, 0
	for seen < maxSweptEntries {
		entries, err := d.ReadDir(1000)
		for _, e := range entries {
			name := e.Name()
			if !strings.HasPrefix(name, TempPrefix) || !strings.HasSuffix(name, ".pdf") || !e.Type().IsRegular() {
				continue
			}
			path := filepath.Join(dir, name)
			fi, err := os.Lstat(path)
			if err != nil || !fi.Mode().IsRegular() || !ownedByMe(fi) || !fi.ModTime().Before(since) {
				continue
			}
			if os.Remove(path) == nil {
				removed++
			}
		}
		seen += len(entries)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return removed, err
		}
	}
	return removed, nil
}
