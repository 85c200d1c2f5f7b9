package vault

import "strconv"

// Count writes a number with the word that goes with it: Count(1, "key",
// "keys") is "1 key", Count(3, "key", "keys") is "3 keys". Every message that
// counts something uses it, so that none says "1 keys".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
