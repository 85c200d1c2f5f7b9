package interop

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"sparekey/vault"
)

// Helpers shared by the importers of other apps' exports (2FAS, andOTP,
// Bitwarden, Ente, FreeOTP+, Authenticator Pro, Proton): turning one account
// of an export into a Sparekey entry, or into a Problem that says in plain
// words why it was left out; telling JSON exports apart by their keys; and
// the ciphers several of these apps use.

// addEntry normalizes e and adds it to f; an entry that cannot work becomes a
// Problem instead, so that nothing is dropped without a word.
func addEntry(f *Found, e vault.Entry) {
	if _, err := e.Normalize(); err != nil {
		addProblem(f, e.Name(), "Not imported because "+err.Error()+".")
		return
	}
	f.Entries = append(f.Entries, e)
}

// addProblem records an account that cannot be imported.
func addProblem(f *Found, name, reason string) {
	if strings.TrimSpace(name) == "" {
		name = "Unnamed key"
	}
	f.Problems = append(f.Problems, Problem{Name: name, Reason: reason})
}

// The reasons for kinds of key that Sparekey cannot make codes for.
const (
	reasonMOTP   = "Not imported because it is a mobile-OTP (mOTP) key, which makes its codes from a PIN in a way Sparekey does not support. Keep it in the app it came from."
	reasonYandex = "Not imported because it is a Yandex key, whose codes are made in Yandex's own way, which Sparekey does not support. Keep it in the app it came from."
	reasonMD5    = "Not imported because its codes use the MD5 algorithm, which Sparekey does not support (it supports SHA1, SHA256 and SHA512). Keep it in the app it came from."
)

// algorithmOf reads an algorithm name as an app writes it; ok is false for
// one Sparekey does not support, with the reason to show.
func algorithmOf(name string) (alg vault.Algorithm, reason string, ok bool) {
	a, known := vault.ParseAlgorithm(name)
	if known {
		return a, "", true
	}
	if strings.EqualFold(strings.TrimSpace(name), "MD5") {
		return "", reasonMD5, false
	}
	return "", "Not imported because its codes use the algorithm " + quoteName(name) + ", which Sparekey does not support (it supports SHA1, SHA256 and SHA512).", false
}

// quoteName quotes a name from an export for a message, cut short so that a
// damaged file cannot fill the screen.
func quoteName(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return "“" + s + "”"
}

// jsonObjectKeys returns the top-level members of a JSON object, or nil when
// data is not one. Detect functions use it to tell JSON exports apart by
// their own keys.
func jsonObjectKeys(data []byte) map[string]json.RawMessage {
	t := trimBOM(data)
	if len(t) == 0 || t[0] != '{' {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(t, &m) != nil {
		return nil
	}
	return m
}

// trimBOM drops leading space and a UTF-8 byte order mark, which some
// Windows tools write and encoding/json refuses.
func trimBOM(data []byte) []byte {
	return bytes.TrimLeft(data, " \t\r\n\ufeff")
}

// isJSONArray reports whether raw holds a JSON array (not null).
func isJSONArray(raw json.RawMessage) bool {
	t := bytes.TrimLeft(raw, " \t\r\n")
	return len(t) > 0 && t[0] == '['
}

// errGCMAuth is the failure of AES-GCM's check: a wrong key, or changed bytes.
var errGCMAuth = errors.New("the encrypted data does not match its key")

// openGCM decrypts AES-GCM ciphertext with its 16-byte tag at the end, with a
// nonce of any non-zero length and optional additional data. It returns
// errGCMAuth when the check fails.
func openGCM(key, nonce, sealed, additional []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("setting up AES: %w", err)
	}
	var aead cipher.AEAD
	if len(nonce) == 12 {
		aead, err = cipher.NewGCM(block)
	} else {
		aead, err = cipher.NewGCMWithNonceSize(block, len(nonce))
	}
	if err != nil {
		return nil, fmt.Errorf("setting up AES-GCM: %w", err)
	}
	if len(sealed) < aead.Overhead() {
		return nil, errGCMAuth
	}
	plain, err := aead.Open(nil, nonce, sealed, additional)
	if err != nil {
		return nil, errGCMAuth
	}
	return plain, nil
}

// unpadPKCS7 removes PKCS#7 padding; ok is false when there is none.
func unpadPKCS7(b []byte) ([]byte, bool) {
	if len(b) == 0 {
		return nil, false
	}
	n := int(b[len(b)-1])
	if n == 0 || n > aes.BlockSize || n > len(b) {
		return nil, false
	}
	for _, c := range b[len(b)-n:] {
		if int(c) != n {
			return nil, false
		}
	}
	return b[:len(b)-n], true
}

// addItems decodes each item of an export's list into T and hands it to add.
// An item that cannot be decoded becomes a problem named by its place, so one
// damaged key does not stop the others; kind is "backup" or "export", as the
// app calls its file.
func addItems[T any](f *Found, items []json.RawMessage, kind string, add func(*Found, T)) {
	for i, raw := range items {
		var item T
		if err := json.Unmarshal(raw, &item); err != nil {
			addProblem(f, fmt.Sprintf("Key number %d", i+1), "Not imported because its details in the "+kind+" cannot be read.")
			continue
		}
		add(f, item)
	}
}
