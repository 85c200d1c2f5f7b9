package vault_test

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"sparekey/vault"
)

// The crash-safety and locking tests run this test binary again as a child
// process; childRole tells the child what to do.
const (
	childRole  = "SPAREKEY_TEST_CHILD"
	childVault = "SPAREKEY_TEST_VAULT"
	childLog   = "SPAREKEY_TEST_LOG"
)

func TestMain(m *testing.M) {
	switch os.Getenv(childRole) {
	case "":
		// What this computer remembers of each vault (the rollback check)
		// goes to a folder of the tests' own.
		dir, err := os.MkdirTemp("", "sparekey-vault-test-config-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		os.Setenv("XDG_CONFIG_HOME", dir)
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	case "saver":
		os.Exit(runSaver(os.Getenv(childVault), os.Getenv(childLog)))
	case "holder":
		os.Exit(runHolder(os.Getenv(childVault)))
	case "adder":
		os.Exit(runAdder(os.Getenv(childVault), os.Getenv(childLog)))
	default:
		fmt.Fprintln(os.Stderr, "unknown child role")
		os.Exit(3)
	}
}

// versionEntries is the content of version n of the crash test's vault: a
// number of entries that changes with n (so the file size changes too), each
// with a secret that depends on n.
func versionEntries(n int) []vault.Entry {
	var out []vault.Entry
	for i := 0; i <= n%4; i++ {
		sum := sha256.Sum256([]byte(fmt.Sprintf("version %d entry %d", n, i)))
		out = append(out, vault.Entry{Issuer: fmt.Sprintf("Site %d", i), Account: fmt.Sprintf("version %d", n), Secret: vault.EncodeSecret(sum[:20])})
	}
	return out
}

// versionOf reads which version a vault holds, checking that it holds exactly
// that version's content.
func versionOf(v *vault.Vault) (int, error) {
	if len(v.Entries) == 0 {
		return -1, fmt.Errorf("the vault is empty")
	}
	var n int
	if _, err := fmt.Sscanf(v.Entries[0].Account, "version %d", &n); err != nil {
		return -1, fmt.Errorf("first entry %q: %v", v.Entries[0].Account, err)
	}
	want := versionEntries(n)
	if len(v.Entries) != len(want) {
		return n, fmt.Errorf("version %d has %d entries, want %d", n, len(v.Entries), len(want))
	}
	for i, w := range want {
		g := v.Entries[i]
		if g.Issuer != w.Issuer || g.Account != w.Account || g.Secret != w.Secret {
			return n, fmt.Errorf("version %d entry %d is %s/%s/%s, want %s/%s/%s", n, i, g.Issuer, g.Account, g.Secret, w.Issuer, w.Account, w.Secret)
		}
	}
	return n, nil
}

func setVersion(v *vault.Vault, n int) error {
	v.Entries = nil
	for _, e := range versionEntries(n) {
		if _, _, err := v.Add(e); err != nil {
			return err
		}
	}
	return nil
}

// runSaver opens the vault and saves new versions in a loop until it is
// killed, logging "begin N" before and "done N" after each save.
func runSaver(path, logPath string) int {
	v, err := vault.Open(path, testPassword, vault.WithWorkFactor(2))
	if err != nil {
		fmt.Fprintln(os.Stderr, "saver:", err)
		return 1
	}
	if v.ReadOnly() != nil {
		fmt.Fprintln(os.Stderr, "saver:", v.ReadOnly())
		return 1
	}
	n, err := versionOf(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "saver:", err)
		return 1
	}
	logf, err := os.OpenFile(logPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "saver:", err)
		return 1
	}
	fmt.Println("ready")
	for {
		n++
		if err := setVersion(v, n); err != nil {
			fmt.Fprintln(os.Stderr, "saver:", err)
			return 1
		}
		fmt.Fprintf(logf, "begin %d\n", n)
		if err := v.Save(); err != nil {
			fmt.Fprintln(os.Stderr, "saver:", err)
			return 1
		}
		fmt.Fprintf(logf, "done %d\n", n)
	}
}

// runHolder opens the vault for changes and keeps it open until its standard
// input closes.
func runHolder(path string) int {
	v, err := vault.Open(path, testPassword, vault.WithWorkFactor(2))
	if err != nil {
		fmt.Fprintln(os.Stderr, "holder:", err)
		return 1
	}
	if v.ReadOnly() != nil {
		fmt.Fprintln(os.Stderr, "holder:", v.ReadOnly())
		return 1
	}
	fmt.Printf("ready %d\n", os.Getpid())
	io.Copy(io.Discard, os.Stdin)
	v.Close()
	return 0
}

// startChild runs this test binary as a child in the given role and waits for
// its first line on stdout.
func startChild(t testing.TB, role, path, logPath string) (*exec.Cmd, io.WriteCloser, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childRole+"="+role, childVault+"="+path, childLog+"="+logPath)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("%s child did not start: %v", role, err)
	}
	return cmd, stdin, line
}

// runAdder is one "sparekey add": it says it is ready, waits for its go
// (standard input closing), opens the vault waiting for the lock as the
// command line does, adds the key named by its log variable, and saves.
func runAdder(path, issuer string) int {
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	v, err := vault.Open(path, testPassword, vault.WithWorkFactor(4), vault.WithLockWait(time.Minute))
	if err != nil {
		fmt.Fprintln(os.Stderr, "adder:", err)
		return 1
	}
	defer v.Close()
	if err := v.ReadOnly(); err != nil {
		fmt.Fprintln(os.Stderr, "adder:", err)
		return 1
	}
	sum := sha256.Sum256([]byte(issuer))
	if _, _, err := v.Add(vault.Entry{Issuer: issuer, Secret: vault.EncodeSecret(sum[:20])}); err != nil {
		fmt.Fprintln(os.Stderr, "adder:", err)
		return 1
	}
	if err := v.Save(); err != nil {
		fmt.Fprintln(os.Stderr, "adder:", err)
		return 1
	}
	return 0
}
