package vault

import "testing"

func TestCountPicksTheWordForTheNumber(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 keys"}, {1, "1 key"}, {2, "2 keys"}, {10, "10 keys"}} {
		if got := Count(tc.n, "key", "keys"); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
