package backup

import (
	"sync"

	"sparekey/vault"
)

// Background updates the copies after each change, off the caller's
// goroutine, one round at a time: a change during a round queues one more
// round with the latest snapshot (the ones between are skipped). It never
// overrules the guard; a refusal comes back in the report for the app to
// show.
type Background struct {
	// Done receives each report, on the background goroutine. The app
	// passes it to the UI goroutine (fyne.Do) and calls Apply and Save
	// there.
	Done func(*Report)

	mu      sync.Mutex
	running bool
	next    *job
	wg      sync.WaitGroup
}

type job struct {
	s *Snapshot
	o Options
}

// Changed starts (or queues) an update after a change, unless the person
// turned that off (CopySettings.Manual), when the vault has places for
// copies. Call it on the vault's goroutine, after saving a change; it
// returns at once and reports whether an update was started or queued.
func (b *Background) Changed(v *vault.Vault, o Options) bool {
	if v.Copies.Manual || len(v.Copies.Locations) == 0 {
		return false
	}
	s, err := Take(v)
	if err != nil {
		return false
	}
	o.Force, o.ForceAll = nil, false
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next = &job{s: s, o: o}
	if !b.running {
		b.running = true
		b.wg.Add(1)
		go b.loop()
	}
	return true
}

func (b *Background) loop() {
	defer b.wg.Done()
	for {
		b.mu.Lock()
		j := b.next
		b.next = nil
		if j == nil {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		rep := j.s.Write(j.o)
		if b.Done != nil {
			b.Done(rep)
		}
	}
}

// Wait returns when no round is running or queued.
func (b *Background) Wait() { b.wg.Wait() }
