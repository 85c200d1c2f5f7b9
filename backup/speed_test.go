package backup

import (
	"slices"
	"testing"
	"time"

	"filippo.io/age"

	"sparekey/vault"
)

// oneScrypt times a single scrypt at the work factor, as age pays it to
// wrap a file key: wall clock and CPU time.
func oneScrypt(t testing.TB, logN int) (wall, cpu time.Duration) {
	r, err := age.NewScryptRecipient(testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkFactor(logN)
	start, cpu0 := time.Now(), cpuTime()
	if _, err := r.Wrap(make([]byte, 16)); err != nil {
		t.Fatal(err)
	}
	return time.Since(start), cpuTime() - cpu0
}

// timedRound times "update all copies" of v to three fresh folders: wall
// clock and CPU time.
func timedRound(t testing.TB, v *vault.Vault, logN int) (wall, cpu time.Duration, rep *Report) {
	v.Copies.Locations = nil
	addLocations(t, v, tempDirs(t, 3)...)
	o := Options{WorkFactor: logN}
	start, cpu0 := time.Now(), cpuTime()
	rep, err := Update(v, testPassphrase, o)
	wall, cpu = time.Since(start), cpuTime()-cpu0
	if err != nil || !rep.OK() {
		t.Fatalf("update: %v %+v", err, rep)
	}
	return wall, cpu, rep
}

// "Update all copies" to three folders for a 1,000-key vault costs one
// scrypt. The time the rest of the round takes is logged (the fastest of
// five rounds at the cheapest work factor, and the full round beside one
// lone scrypt), not asserted: a shared or emulated machine (wine) is slower
// by any margin; BenchmarkUpdateThreeFolders1000Keys measures it.
func TestUpdateCostsOneScrypt(t *testing.T) {
	v := newTestVault(t, 1000)
	var walls, cpus []time.Duration
	for i := 0; i < 5; i++ {
		wall, cpu, rep := timedRound(t, v, 1)
		if rep.Scrypts != 1 {
			t.Fatalf("the round cost %d scrypts, want 1", rep.Scrypts)
		}
		walls, cpus = append(walls, wall), append(cpus, cpu)
	}
	overhead := slices.Min(walls)
	t.Logf("1,000 keys, 3 folders, beside scrypt: wall %v (fastest of %v), CPU %v (least of %v)", overhead, walls, slices.Min(cpus), cpus)
	if testing.Short() {
		return
	}
	sWall, sCPU := oneScrypt(t, vault.DefaultWorkFactor)
	wall, cpu, _ := timedRound(t, v, vault.DefaultWorkFactor)
	t.Logf("at work factor %d: one scrypt %v (CPU %v); the whole round %v (CPU %v); the difference %v (CPU %v)",
		vault.DefaultWorkFactor, sWall, sCPU, wall, cpu, wall-sWall, cpu-sCPU)
}

// BenchmarkUpdateThreeFolders1000Keys reports the round's time at
// Sparekey's work factor beside one scrypt (wall clock and CPU).
func BenchmarkUpdateThreeFolders1000Keys(b *testing.B) {
	v := newTestVault(b, 1000)
	var wall, cpu, sWall, sCPU time.Duration
	for b.Loop() {
		w, c, _ := timedRound(b, v, vault.DefaultWorkFactor)
		sw, sc := oneScrypt(b, vault.DefaultWorkFactor)
		wall, cpu, sWall, sCPU = wall+w, cpu+c, sWall+sw, sCPU+sc
	}
	n := float64(b.N)
	b.ReportMetric(float64(wall.Milliseconds())/n, "round-ms")
	b.ReportMetric(float64(sWall.Milliseconds())/n, "scrypt-ms")
	b.ReportMetric(float64((wall-sWall).Milliseconds())/n, "beyond-scrypt-ms")
	b.ReportMetric(float64(cpu.Milliseconds())/n, "round-cpu-ms")
	b.ReportMetric(float64(sCPU.Milliseconds())/n, "scrypt-cpu-ms")
	b.ReportMetric(float64((cpu-sCPU).Milliseconds())/n, "beyond-scrypt-cpu-ms")
}
