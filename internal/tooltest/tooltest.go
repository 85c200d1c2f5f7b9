// Package tooltest finds the command-line tools that tests run (pdftoppm,
// zbarimg, tesseract, age, …). CI installs every one (scripts/setup.sh), so
// there a missing tool fails the test; elsewhere the test is skipped.
package tooltest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Find returns the path of the first of names found on PATH or in Go's bin
// folders (where `go install` puts age); when none is, it fails the test
// under CI=true and skips it otherwise.
func Find(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	for _, dir := range goBinDirs() {
		for _, n := range names {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; CI must install it (scripts/setup.sh)", names[0])
	}
	t.Skipf("%s is not installed (scripts/setup.sh installs it)", names[0])
	return ""
}

// goBinDirs are the folders where `go install` puts programs.
func goBinDirs() []string {
	var dirs []string
	if gobin := os.Getenv("GOBIN"); gobin != "" {
		dirs = append(dirs, gobin)
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			gopath = strings.TrimSpace(string(out))
		}
	}
	for _, p := range filepath.SplitList(gopath) {
		dirs = append(dirs, filepath.Join(p, "bin"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	return dirs
}
