package vault

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// The hand-written container encoder writes exactly what
// json.MarshalIndent writes, whatever the strings hold.
func TestContainerMarshalMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"", "a", "-----BEGIN AGE ENCRYPTED FILE-----", "YWdl+/==", `"q"`, `back\slash`, "<&>", "ü", "\x00\n\t", "\xff", "\u2028", "end"}
	str := func() string {
		var b []byte
		for n := rng.IntN(4); n > 0; n-- {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		return string(b)
	}
	strs := func() []string {
		switch rng.IntN(5) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		out := make([]string, 1+rng.IntN(5))
		for i := range out {
			out[i] = str()
		}
		return out
	}
	for i := 0; i < 2000; i++ {
		c := container{Format: str(), Version: rng.IntN(5) - 1, About: str(), Recipient: str(), Payload: strs()}
		switch rng.IntN(3) {
		case 0:
			c.Slots = nil
		case 1:
			c.Slots = []slot{}
		default:
			for n := 1 + rng.IntN(3); n > 0; n-- {
				c.Slots = append(c.Slots, slot{Kind: str(), Age: strs()})
			}
		}
		want, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want = bytes.TrimSuffix(want, []byte("\n}"))
		if got := c.marshal(); !bytes.Equal(got, want) {
			t.Fatalf("container %+v:\n got %s\nwant %s", c, got, want)
		}
	}
}
