package app

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func readMetric(t *testing.T, name string) uint64 {
	t.Helper()
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		t.Fatalf("the runtime has no metric %s", name)
	}
	return s[0].Value.Uint64()
}

// workArea stands for scrypt's: a large buffer in use (every page written)
// while a collection runs, as it is while scrypt works, then dropped.
func workArea(size int) {
	buf := make([]byte, size)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	runtime.GC() // the collection that sees it in use sets the next one far off
	runtime.KeepAlive(buf)
}

func TestMemoryWaitingAfterAStretching(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name       string
		goal, live uint64
		want       bool
	}{
		{"the app's usual heap", 40 * mib, 20 * mib, false},
		{"before any hand-back", 60 * mib, 0, false},
		{"just under the floor", memoryGoalFloor, 0, false},
		{"a work factor 18 work area in the last collection", 560 * mib, 20 * mib, true},
		{"a work factor 16 work area", 200 * mib, 20 * mib, true},
		{"a big heap that grew a little", 500 * mib, 200 * mib, false},
		{"a big heap that quadrupled", 801 * mib, 200 * mib, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := memoryWaiting(tt.goal, tt.live); got != tt.want {
				t.Errorf("memoryWaiting(%d MiB, %d MiB) = %v, want %v", tt.goal/mib, tt.live/mib, got, tt.want)
			}
		})
	}
}

func TestHandBackMemoryReturnsTheWorkArea(t *testing.T) {
	workArea(128 << 20)
	handBackMemory()
	// What the runtime still holds, freed but not returned to the system.
	if kept := readMetric(t, "/memory/classes/heap/free:bytes"); kept > 16<<20 {
		t.Errorf("after handing back, the runtime keeps %d MiB of freed memory", kept>>20)
	}
	if goal := readMetric(t, "/gc/heap/goal:bytes"); goal > memoryGoalFloor {
		t.Errorf("after handing back, the next collection is set at %d MiB", goal>>20)
	}
}

// A stretching the app did not start itself (a copy's guard in the
// background) is handed back by the tick.
func TestTickHandsBackAWorkAreaLeftBehind(t *testing.T) {
	workArea(160 << 20)
	if goal := readMetric(t, "/gc/heap/goal:bytes"); goal <= memoryGoalFloor {
		t.Fatalf("the work area set the next collection at only %d MiB", goal>>20)
	}
	memoryTick()
	deadline := time.Now().Add(3 * time.Minute) // a hang guard, not a time limit
	for handingBack.Load() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if goal := readMetric(t, "/gc/heap/goal:bytes"); goal > memoryGoalFloor {
		t.Errorf("after the tick, the next collection is still set at %d MiB", goal>>20)
	}
	if kept := readMetric(t, "/memory/classes/heap/free:bytes"); kept > 16<<20 {
		t.Errorf("after the tick, the runtime keeps %d MiB of freed memory", kept>>20)
	}
}
