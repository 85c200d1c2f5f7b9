package app

import (
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// Stretching a password (scrypt at the shipped work factor 18) takes a
// 256 MiB work area. Go frees it at its next collection, but the collection
// that ran while the work area was in use set the next one far off (at twice
// the heap it saw), and until then the runtime keeps the freed pages for
// reuse: the app would hold a quarter of a gigabyte all day for a second of
// work. So the app hands the memory back to the system:
//
//   - at once after each stretching it starts itself (unlocking, the
//     recovery key, and every Slow job: a new password, a restored copy, an
//     encrypted import), with handBackMemory;
//   - within a second after any other (a copy's guard opening another
//     vault's copy in the background, say), from the tick (memoryTick),
//     which sees the heap's next collection set far above what the app has
//     lately needed.

// memoryGoalFloor is the heap goal above which the tick always looks: more
// than the app with thousands of keys and every screen open ever needs, and
// well under the goal a work factor 18 work area sets (over 512 MiB).
const memoryGoalFloor = 192 << 20

var (
	// handingBack is set while a hand-back runs in the background.
	handingBack atomic.Bool
	// liveAfterHandBack is the heap still in use after the last hand-back.
	liveAfterHandBack atomic.Uint64
)

// handBackMemory collects the garbage now and returns the freed memory to
// the system. It takes a full collection (milliseconds for this app's
// heap): call it off the UI goroutine, once the stretching is over.
func handBackMemory() {
	debug.FreeOSMemory()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		liveAfterHandBack.Store(s[0].Value.Uint64())
	}
}

// memoryTick runs with the tick: if the heap's next collection is set far
// above what the app needed after the last hand-back (four times as much,
// and at least memoryGoalFloor), a stretching's work area is waiting to be
// freed, and it hands the memory back in the background. It costs one read
// of the runtime's metrics.
func memoryTick() {
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || !memoryWaiting(s[0].Value.Uint64(), liveAfterHandBack.Load()) {
		return
	}
	if handingBack.CompareAndSwap(false, true) {
		go func() {
			defer handingBack.Store(false)
			handBackMemory()
		}()
	}
}

// memoryWaiting tells from the heap goal and the heap in use after the last
// hand-back whether freed memory is waiting to be handed back.
func memoryWaiting(goal, live uint64) bool {
	return goal > max(memoryGoalFloor, 4*live)
}
