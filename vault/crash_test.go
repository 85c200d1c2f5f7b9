package vault_test

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"sparekey/vault"
)

// TestSurvivesSIGKILLDuringSave kills a child that saves in a loop, at random
// moments, at least 200 times. After every kill the vault opens and holds
// either the version being saved or the one saved before it, entry for entry.
func TestSurvivesSIGKILLDuringSave(t *testing.T) {
	kills := 200
	if testing.Short() {
		kills = 30
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.sparekey")
	logPath := filepath.Join(dir, "saves.log")
	v, _, err := vault.Create(path, testPassword, vault.WithWorkFactor(2))
	if err != nil {
		t.Fatal(err)
	}
	if err := setVersion(v, 0); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()

	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	start := time.Now()
	lastDone, midSave, sawNew := 0, 0, 0
	for k := 0; k < kills; k++ {
		cmd, stdin, _ := startChild(t, "saver", path, logPath)
		time.Sleep(time.Duration(rng.IntN(20000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		stdin.Close()

		begun, done := readSaveLog(t, logPath)
		if done < lastDone {
			t.Fatalf("kill %d: the save log went backwards", k)
		}
		v, err := vault.Open(path, testPassword, vault.WithWorkFactor(2))
		if err != nil {
			t.Fatalf("kill %d (saves begun %d, done %d): the vault does not open: %v", k, begun, done, err)
		}
		n, err := versionOf(v)
		if err != nil {
			t.Fatalf("kill %d: the vault holds a mixture: %v", k, err)
		}
		if v.ReadOnly() != nil {
			t.Fatalf("kill %d: the dead child still holds the lock: %v", k, v.ReadOnly())
		}
		v.Close()
		switch {
		case n == done:
		case n == begun && begun == done+1:
			sawNew++ // killed after the rename, before "done" was logged
		default:
			t.Fatalf("kill %d: the vault holds version %d; the child had finished %d and begun %d", k, n, done, begun)
		}
		if begun != done {
			midSave++
		}
		// The previous version beside the vault opens too.
		if p, err := vault.Open(path+vault.PreviousSuffix, testPassword, vault.WithWorkFactor(2), vault.AcceptOlder()); err != nil {
			t.Fatalf("kill %d: the previous version does not open: %v", k, err)
		} else {
			if len(p.Entries) == 0 && n == 0 {
				// the empty vault that Create saved
			} else if pn, err := versionOf(p); err != nil || pn > n {
				t.Fatalf("kill %d: previous version %d (vault %d): %v", k, pn, n, err)
			}
			p.Close()
		}
		// The next child continues from what is on disk.
		lastDone = n
		if err := os.WriteFile(logPath, []byte("done "+strconv.Itoa(n)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d kills in %v: %d during a save, %d right after the new version landed; last version %d",
		kills, time.Since(start).Round(time.Millisecond), midSave, sawNew, lastDone)
	if midSave == 0 {
		t.Error("no kill landed during a save; the test did not test anything")
	}
	// Temp files of interrupted saves are cleared by the next save.
	v, err = vault.Open(path, testPassword, vault.WithWorkFactor(2))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("left behind after a save: %s", e.Name())
		}
	}
}

// readSaveLog returns the last save begun and the last save finished.
func readSaveLog(t *testing.T, logPath string) (begun, done int) {
	t.Helper()
	f, err := os.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		word, num, ok := strings.Cut(s.Text(), " ")
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			continue // a line cut by the kill
		}
		switch word {
		case "begin":
			begun = n
		case "done":
			done = n
		}
	}
	if begun < done {
		begun = done
	}
	return begun, done
}
