package backup

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

func TestReminderWhenCopiesAreMissingOrOutOfDate(t *testing.T) {
	v := newTestVault(t, 2)
	if show, msg := Reminder(v); !show || !strings.Contains(msg, "no encrypted copies") {
		t.Fatalf("no locations: %v %q", show, msg)
	}
	dirs := tempDirs(t, 2)
	addLocations(t, v, dirs...)
	if show, msg := Reminder(v); !show || msg != "No encrypted copy has been written yet. Update your copies to write one in each place." {
		t.Fatalf("never written: %v %q", show, msg)
	}
	Update(v, fast())
	if show, msg := Reminder(v); show {
		t.Fatalf("all written: %q", msg)
	}
	addTestKeys(t, v, 2, 3)
	if show, msg := Reminder(v); !show || !strings.Contains(msg, "copies are out of date") {
		t.Fatalf("after a change: %v %q", show, msg)
	}
	os.RemoveAll(dirs[1])
	Update(v, fast())
	if show, msg := Reminder(v); !show || msg != "1 of your 2 encrypted copies is out of date. Update it so that it holds all your keys." {
		t.Fatalf("one not written: %v %q", show, msg)
	}
	// A place added later, never written: it has no copy yet, it is not "out of date".
	os.MkdirAll(dirs[1], 0o700)
	Update(v, fast())
	addLocations(t, v, tempDirs(t, 1)...)
	if show, msg := Reminder(v); !show || msg != "One place for copies has no copy yet. Update your copies to write one there." {
		t.Fatalf("a new place: %v %q", show, msg)
	}
}

func TestStatusNoticesACopyWrittenByAnotherVault(t *testing.T) {
	dir := t.TempDir()
	v := newTestVault(t, 2)
	addLocations(t, v, dir)
	if st := Statuses(v, nil)[0]; !st.OutOfDate || !strings.HasPrefix(st.Summary(), "No copy written here yet") {
		t.Fatalf("before: %+v %q", st, st.Summary())
	}
	Update(v, fast())
	st := Statuses(v, nil)[0]
	if st.OutOfDate || !st.Verified || st.Entries != 2 || st.Copies != 1 || !strings.HasPrefix(st.Summary(), "Up to date: written ") {
		t.Fatalf("after writing: %+v %q", st, st.Summary())
	}
	other := newTestVault(t, 3)
	addLocations(t, other, dir)
	o := fast()
	o.ForceAll = true // another vault that was told to write anyway
	if rep, _ := Update(other, o); !rep.OK() {
		t.Fatal(rep.Results[0].Message())
	}
	st = Statuses(v, nil)[0]
	if !st.OutOfDate || !strings.Contains(st.Summary(), "was not written from this Sparekey file") {
		t.Fatalf("after another vault wrote: %q", st.Summary())
	}
}

func TestBackgroundUpdatesAfterAChange(t *testing.T) {
	dir := t.TempDir()
	v := newTestVault(t, 2)
	addLocations(t, v, dir)
	var mu sync.Mutex
	var reports []*Report
	b := &Background{Done: func(r *Report) { mu.Lock(); reports = append(reports, r); mu.Unlock() }}
	v.Copies.Manual = true
	if b.Changed(v, fast()) {
		t.Fatal("it updated although the person turned that off")
	}
	v.Copies.Manual = false  // the default: copies follow every change
	for i := 0; i < 5; i++ { // changes in quick succession
		addTestKeys(t, v, 10+i, 11+i)
		if !b.Changed(v, fast()) {
			t.Fatal("no update started")
		}
	}
	b.Wait()
	if len(reports) == 0 || len(reports) > 5 {
		t.Fatalf("%d rounds", len(reports))
	}
	last := reports[len(reports)-1]
	if last.Entries != 7 || last.Results[0].Outcome != Written {
		t.Fatalf("the last round wrote %d keys: %s", last.Entries, last.Results[0].Message())
	}
	for _, r := range reports {
		Apply(v, r)
	}
	if show, msg := Reminder(v); show {
		t.Fatalf("after the background rounds: %q", msg)
	}
}

func TestSnapshotStatusesMatchTheVaults(t *testing.T) {
	v := newTestVault(t, 2)
	addLocations(t, v, tempDirs(t, 2)...)
	Update(v, fast())
	addTestKeys(t, v, 2, 3)
	s, err := Take(v)
	if err != nil {
		t.Fatal(err)
	}
	got, want := s.Statuses(nil), Statuses(v, nil)
	if len(got) != 2 || fmt.Sprint(got) != fmt.Sprint(want) || !got[0].OutOfDate {
		t.Fatalf("snapshot %+v\nvault %+v", got, want)
	}
}

func TestReminderSaysWhenTheGuardStopped(t *testing.T) {
	dir := t.TempDir()
	full := newTestVault(t, 3)
	addLocations(t, full, dir)
	Update(full, fast())
	v := newTestVault(t, 1)
	addLocations(t, v, dir)
	Update(v, fast())
	if show, msg := Reminder(v); !show || !strings.HasPrefix(msg, "A place for copies holds a copy that Sparekey could not check") {
		t.Fatalf("%v %q", show, msg)
	}
	// With that copy's password, the guard sees the keys it lacks.
	o := fast()
	o.Secret = Secret{Password: testPassphrase}
	rep, _ := Update(v, o)
	if want := MissingFrom(v, full.Entries); len(rep.Refused()) != 1 || len(want) == 0 || len(rep.Refused()[0].Missing) != len(want) {
		t.Fatalf("with the copy's password: %+v", rep.Results)
	}
	if _, err := AddMissing(v, rep.Refused()); err != nil {
		t.Fatal(err)
	}
	// The next update, with no password, writes: the guard does not loop.
	rep, _ = Update(v, fast())
	if !rep.OK() {
		t.Fatalf("after adding the keys: %s", rep.Results[0].Message())
	}
	if show, msg := Reminder(v); show {
		t.Fatalf("after adding the keys: %q", msg)
	}
}
