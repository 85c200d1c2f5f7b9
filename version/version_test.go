package version

import (
	"os"
	"regexp"
	"testing"
)

// TestFyneAppTomlSaysTheSameVersion: FyneApp.toml, which `fyne package`
// puts into the packages' metadata, names the version Number names.
func TestFyneAppTomlSaysTheSameVersion(t *testing.T) {
	b, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]*)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version line")
	}
	if string(m[1]) != Number {
		t.Errorf("FyneApp.toml says version %q, version.Number is %q: run scripts/release.sh VERSION, which sets both", m[1], Number)
	}
}

// TestNumberIsThreeNumbers: Windows file properties and Debian's version
// ordering both want MAJOR.MINOR.PATCH.
func TestNumberIsThreeNumbers(t *testing.T) {
	if !regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`).MatchString(Number) {
		t.Errorf("version %q is not MAJOR.MINOR.PATCH", Number)
	}
}
