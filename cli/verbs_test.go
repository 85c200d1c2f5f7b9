package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestEveryVerbHasItsOwnNameAndAHelpLine(t *testing.T) {
	seen := map[string]bool{}
	var out bytes.Buffer
	env := &Env{Stdout: &out}
	if code := Run(env, "help", nil); code != 0 {
		t.Fatalf("help exits with %d", code)
	}
	for _, c := range verbs() {
		if seen[c.Name] {
			t.Errorf("two verbs are named %q", c.Name)
		}
		seen[c.Name] = true
		if c.Run == nil || c.Summary == "" {
			t.Errorf("verb %q has no Run or no Summary", c.Name)
		}
		if !strings.Contains(out.String(), "  "+strings.TrimSpace(c.Name+" "+c.Args)) {
			t.Errorf("help does not list %q", c.Name)
		}
	}
}
