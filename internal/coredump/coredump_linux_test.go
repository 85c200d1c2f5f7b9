package coredump

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestOffLeavesNoCoreLimitAndNotDumpable runs Off in a child process (this
// test binary again) and asks the kernel what it now holds.
func TestOffLeavesNoCoreLimitAndNotDumpable(t *testing.T) {
	if os.Getenv("COREDUMP_TEST_CHILD") == "1" {
		if err := Off(); err != nil {
			t.Fatal(err)
		}
		var lim unix.Rlimit
		if err := unix.Getrlimit(unix.RLIMIT_CORE, &lim); err != nil {
			t.Fatal(err)
		}
		if lim.Cur != 0 || lim.Max != 0 {
			t.Errorf("core file size limit %d/%d, want 0/0", lim.Cur, lim.Max)
		}
		d, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
		if err != nil || d != 0 {
			t.Errorf("dumpable = %d, %v; want 0", d, err)
		}
		return
	}
	// Before: this process may dump (the child starts from the same state).
	if d, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0); err != nil || d != 1 {
		t.Fatalf("the test process is not dumpable to begin with (%d, %v): the test could not tell", d, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestOffLeavesNoCoreLimitAndNotDumpable$", "-test.v")
	cmd.Env = append(os.Environ(), "COREDUMP_TEST_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Errorf("child: %v\n%s", err, out)
	}
}
