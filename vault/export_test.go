package vault

import "filippo.io/age"

// MACForTest computes a file's MAC as Sparekey does, for tests that play an
// attacker who has a key of their own.
func MACForTest(id *age.X25519Identity, signed []byte) []byte { return computeMAC(id, signed) }
