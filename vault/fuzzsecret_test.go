package vault_test

import (
	"strings"
	"testing"

	"sparekey/vault"
)

// FuzzCheckSecret: no typed key panics; an accepted key is canonical base32
// that decodes, reads the same when checked again, and makes codes.
func FuzzCheckSecret(f *testing.F) {
	for _, s := range []string{"JBSWY3DPEHPK3PXP", "jbsw y3dp-ehpk 3pxp==", "JBSWY3DPE", "0O1I8B", "", "é", "AB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		secret, _, err := vault.CheckSecret(typed)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty message")
			}
			return
		}
		if strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
			t.Fatalf("CheckSecret(%q) = %q is not canonical", typed, secret)
		}
		raw, err := vault.SecretBytes(secret)
		if err != nil || len(raw) == 0 {
			t.Fatalf("CheckSecret(%q) = %q does not decode: %v", typed, secret, err)
		}
		// Every character counts: the bytes re-encode to as many characters.
		// (The unused low bits of a last character may differ: "AB" and
		// "AA" are the same one-byte key, as in every authenticator.)
		if re := vault.EncodeSecret(raw); len(re) != len(secret) || re[:len(re)-1] != secret[:len(secret)-1] {
			t.Fatalf("CheckSecret(%q) = %q, which re-encodes as %q: characters would be lost", typed, secret, re)
		}
		if again, _, err := vault.CheckSecret(secret); err != nil || again != secret {
			t.Fatalf("checking %q again: %q, %v", secret, again, err)
		}
		if _, err := vault.HOTPCode(secret, 1, vault.SHA1, 6); err != nil {
			t.Fatalf("key %q makes no code: %v", secret, err)
		}
	})
}
