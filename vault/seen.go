package vault

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// This computer remembers, for each vault it has opened, the newest save it
// has seen and the highest counter of each counter-based key, in a small
// file per vault under DefaultSeenDir (never beside the vault: whatever can
// swap the vault file, a sync service or a person, could swap that too).
// A vault file older than that is named as such before it is used
// (OlderError), and a counter-based key never gives the same code twice.

// seenRecord is one vault's record.
type seenRecord struct {
	Generation uint64            `json:"generation"`
	Counters   map[string]uint64 `json:"counters,omitempty"`
}

// DefaultSeenDir is the folder of those records: Sparekey/seen in the user's
// configuration folder.
func DefaultSeenDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "Sparekey", "seen")
}

// OlderError says that a vault file is older than one opened before on this
// computer: someone or something (a sync service, a backup program, a
// person) put an older version in its place.
type OlderError struct {
	Seen, Found uint64
}

func (e *OlderError) Error() string {
	return fmt.Sprintf("this Sparekey file is older than the one Sparekey last opened on this computer: it lacks the last %s. "+
		"An older version was put in its place, by a sync service, a backup program or someone else. "+
		"Keys added or changed since then are missing from it. Look for the newer file (in your copies, or the sync service's history) before you use this one",
		Count(int(e.Seen-e.Found), "change", "changes"))
}

func (v *Vault) seenFile() string {
	dir := v.seenDir
	if dir == "" {
		dir = DefaultSeenDir()
	}
	if dir == "" || dir == "-" || v.vaultID == "" {
		return ""
	}
	return filepath.Join(dir, v.vaultID+".json")
}

func (v *Vault) readSeen() seenRecord {
	var r seenRecord
	name := v.seenFile()
	if name == "" {
		return r
	}
	data, err := os.ReadFile(name)
	if err != nil || len(data) > 1<<20 {
		return r
	}
	json.Unmarshal(data, &r)
	return r
}

// checkSeen compares the vault's generation with the newest seen here. An
// older one is refused, unless accepted: then every counter-based key moves
// on to the highest counter seen, so that no code is given twice.
func (v *Vault) checkSeen(accept bool) error {
	r := v.readSeen()
	if v.generation < r.Generation {
		if !accept {
			return &OlderError{Seen: r.Generation, Found: v.generation}
		}
		for i := range v.Entries {
			e := &v.Entries[i]
			if c, ok := r.Counters[e.ID]; e.Type == HOTP && ok && c > e.Counter {
				e.Counter = c
			}
		}
		// The file's own number moves on too, so that its next save is
		// newer than anything seen.
		v.generation = r.Generation
		return nil
	}
	v.rememberSeen()
	return nil
}

// rememberSeen records the vault's generation and counters, keeping the
// highest of each.
func (v *Vault) rememberSeen() {
	name := v.seenFile()
	if name == "" {
		return
	}
	r := v.readSeen()
	changed := false
	if v.generation > r.Generation {
		r.Generation, changed = v.generation, true
	}
	for i := range v.Entries {
		e := &v.Entries[i]
		if e.Type != HOTP {
			continue
		}
		if r.Counters == nil {
			r.Counters = map[string]uint64{}
		}
		if e.Counter > r.Counters[e.ID] {
			r.Counters[e.ID], changed = e.Counter, true
		}
	}
	if !changed {
		return
	}
	data, err := json.Marshal(r)
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(name), 0o700) != nil {
		return
	}
	// Best effort, and not synced to disk (a save is slow enough): a
	// computer that cannot remember only loses the check.
	tmp := name + ".tmp"
	if os.WriteFile(tmp, data, 0o600) == nil {
		os.Rename(tmp, name)
	}
}
