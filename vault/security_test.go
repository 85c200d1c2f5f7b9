package vault_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"

	"sparekey/vault"
)

// The attacks of issue 10, each on real vault files: someone who can write
// the file but knows no password.

// fileParts reads what an attacker reads: the JSON of the file.
type fileParts struct {
	Vault      string `json:"vault"`
	Generation uint64 `json:"generation"`
	Slots      []struct {
		Kind string   `json:"kind"`
		Age  []string `json:"age"`
	} `json:"slots"`
	Payload string `json:"payload"`
}

func readParts(t *testing.T, data []byte) fileParts {
	t.Helper()
	var f fileParts
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// slotIdentity opens a slot with the age library itself, not Sparekey.
func slotIdentity(t *testing.T, f fileParts, kind, secret string) *age.X25519Identity {
	t.Helper()
	sid, err := age.NewScryptIdentity(secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range f.Slots {
		if s.Kind != kind {
			continue
		}
		r, err := age.Decrypt(armor.NewReader(strings.NewReader(strings.Join(s.Age, "\n")+"\n")), sid)
		if err != nil {
			t.Fatalf("the %s slot does not open: %v", kind, err)
		}
		plain, _ := io.ReadAll(r)
		id, err := age.ParseX25519Identity(strings.TrimSpace(string(plain)))
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	t.Fatalf("no %s slot", kind)
	return nil
}

// payloadPlain decrypts a file's payload with the age library and gunzip.
func payloadPlain(t *testing.T, f fileParts, id age.Identity) ([]byte, error) {
	t.Helper()
	bin, err := base64.StdEncoding.DecodeString(f.Payload)
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(bin), id)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	return io.ReadAll(zr)
}

// plantedPayload is a payload of the attacker's choosing, encrypted to rs.
func plantedPayload(t *testing.T, plain []byte, rs ...age.Recipient) string {
	t.Helper()
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(plain)
	zw.Close()
	var enc bytes.Buffer
	w, err := age.Encrypt(&enc, rs...)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(z.Bytes())
	w.Close()
	return base64.StdEncoding.EncodeToString(enc.Bytes())
}

// replacePayload puts a new payload in the file and redoes the checksum, as
// anyone can. The MAC stays as it was, or is redone with forgeKey.
func replacePayload(t *testing.T, data []byte, payload string, forgeKey *age.X25519Identity) []byte {
	t.Helper()
	f := readParts(t, data)
	out := bytes.Replace(data, []byte(`"payload": "`+f.Payload+`"`), []byte(`"payload": "`+payload+`"`), 1)
	if forgeKey != nil {
		out = forgeMAC(t, out, forgeKey)
	}
	return reseal(t, out)
}

// forgeMAC redoes the MAC with a key of the attacker's, the way Sparekey
// makes it (HKDF of the key, HMAC-SHA256).
func forgeMAC(t *testing.T, data []byte, key *age.X25519Identity) []byte {
	t.Helper()
	const marker = ",\n  \"mac\": \"hmac-sha256:"
	i := bytes.LastIndex(data, []byte(marker))
	if i < 0 {
		t.Fatal("no MAC in the file")
	}
	mac := vault.MACForTest(key, data[:i])
	out := append([]byte{}, data[:i+len(marker)]...)
	out = append(out, hex.EncodeToString(mac)...)
	return append(out, data[i+len(marker)+64:]...)
}

const plantedJSON = `{"format":"sparekey-payload","version":1,"entries":[{"id":"0badc0de","type":"totp","issuer":"Planted Bank","account":"victim","secret":"KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF","algorithm":"SHA1","digits":6}],"copies":{"keep":1}}`

// TestForgedPayloadIsRefused: an attacker who has learnt the vault key's
// public half (a first-version file printed it) encrypts a payload of their
// choosing to it and redoes the checksum; with the MAC left, or redone with
// a key of their own, Sparekey refuses the file and shows nothing of it.
func TestForgedPayloadIsRefused(t *testing.T) {
	path, _ := newTestVault(t)
	data, _ := os.ReadFile(path)
	f := readParts(t, data)
	own := slotIdentity(t, f, "password", testPassword)
	attacker, _ := age.GenerateX25519Identity()
	if strings.Contains(string(data), own.Recipient().String()) {
		t.Fatal("the vault file names the vault key's recipient")
	}
	cases := map[string][]byte{
		"planted payload, MAC left":              replacePayload(t, data, plantedPayload(t, []byte(plantedJSON), own.Recipient()), nil),
		"planted payload, MAC with another key":  replacePayload(t, data, plantedPayload(t, []byte(plantedJSON), own.Recipient()), attacker),
		"planted payload to attacker's key too":  replacePayload(t, data, plantedPayload(t, []byte(plantedJSON), own.Recipient(), attacker.Recipient()), attacker),
		"generation raised, MAC left":            reseal(t, bytes.Replace(data, []byte(`"generation": `), []byte(`"generation": 9`), 1)),
		"another vault's identifier, MAC left":   reseal(t, bytes.Replace(data, []byte(`"vault": "`+f.Vault), []byte(`"vault": "`+strings.Repeat("0", len(f.Vault))), 1)),
		"the original payload, MAC with own key": nil, // control: must open
	}
	for name, forged := range cases {
		t.Run(name, func(t *testing.T) {
			if forged == nil {
				forged = forgeMAC(t, data, own)
				forged = reseal(t, forged)
			}
			p := filepath.Join(t.TempDir(), "vault.sparekey")
			os.WriteFile(p, forged, 0o600)
			v, err := vault.Open(p, testPassword, fast, vault.WithSeenDir("-"))
			if name == "the original payload, MAC with own key" {
				if err != nil {
					t.Fatalf("the untouched vault does not open: %v", err)
				}
				v.Close()
				return
			}
			if err == nil {
				t.Fatalf("the forged file opened, showing %d keys", len(v.Entries))
			}
			if !errors.Is(err, vault.ErrTampered) {
				t.Errorf("forged file: %v, want ErrTampered", err)
			}
			if strings.Contains(err.Error(), "Planted") {
				t.Error("the error shows the planted payload")
			}
		})
	}
}

// TestOldPasswordAndOldFileDoNotOpenLaterSaves: after the password changes
// (or the recovery key was used), the old password and an old copy of the
// file (sync history, .previous) give the old vault key, which opens nothing
// saved later; the vault still opens the copies it made before.
func TestOldPasswordAndOldFileDoNotOpenLaterSaves(t *testing.T) {
	for _, how := range []string{"passwd", "recover"} {
		t.Run(how, func(t *testing.T) {
			path, recovery := newTestVault(t)
			oldFile, _ := os.ReadFile(path)
			var v *vault.Vault
			var err error
			if how == "passwd" {
				v, err = vault.Open(path, testPassword, fast)
			} else {
				v, err = vault.OpenWithRecoveryKey(path, recovery, fast)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := v.ChangePassword("a brand new long passphrase"); err != nil {
				t.Fatal(err)
			}
			if _, _, err := v.Add(vault.Entry{Issuer: "Later Bank", Secret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF"}); err != nil {
				t.Fatal(err)
			}
			if err := v.Save(); err != nil {
				t.Fatal(err)
			}
			newFile, _ := os.ReadFile(path)

			oldKey := slotIdentity(t, readParts(t, oldFile), "password", testPassword)
			if _, err := payloadPlain(t, readParts(t, newFile), oldKey); err == nil {
				t.Fatal("the old password's vault key decrypts what was saved after the change")
			}
			if _, err := vault.OpenBytes(newFile, testPassword, fast); !errors.Is(err, vault.ErrWrongPassword) {
				t.Errorf("the old password on the new file: %v, want ErrWrongPassword", err)
			}
			if o, err := vault.OpenBytes(newFile, "a brand new long passphrase", fast); err != nil || len(o.Entries) != len(sampleEntries())+1 {
				t.Errorf("the new password on the new file: %v", err)
			}
			// The recovery key opens both.
			for name, file := range map[string][]byte{"old": oldFile, "new": newFile} {
				if _, err := vault.OpenBytesWithRecoveryKey(file, recovery, fast); err != nil {
					t.Errorf("the recovery key on the %s file: %v", name, err)
				}
			}
			// The vault opens its own old file with no password.
			if o, err := v.OpenOwn(oldFile); err != nil || !o.Own || len(o.Entries) != len(sampleEntries()) {
				t.Errorf("the vault does not open its own earlier file: %v", err)
			}
			if !v.IsOwn(oldFile) || !v.IsOwn(newFile) {
				t.Error("the vault does not know its own files")
			}
			v.Close()
		})
	}
}

// TestNewRecoveryKeyEndsTheOldOne: the old recovery key opens nothing saved
// after a new one is made, and the new one opens the vault.
func TestNewRecoveryKeyEndsTheOldOne(t *testing.T) {
	path, oldKey := newTestVault(t)
	v, err := vault.Open(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.NewRecoveryKey("not the password"); !errors.Is(err, vault.ErrWrongPassword) {
		t.Errorf("a new recovery key with a wrong password: %v", err)
	}
	newKey, err := v.NewRecoveryKey(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := vault.OpenWithRecoveryKey(path, oldKey, fast); !errors.Is(err, vault.ErrWrongRecoveryKey) {
		t.Errorf("the old recovery key: %v, want ErrWrongRecoveryKey", err)
	}
	v, err = vault.OpenWithRecoveryKey(path, newKey, fast)
	if err != nil {
		t.Fatalf("the new recovery key: %v", err)
	}
	v.Close()
	if v, err = vault.Open(path, testPassword, fast); err != nil {
		t.Fatalf("the password after a new recovery key: %v", err)
	}
	v.Close()
}

// TestRollbackIsNamed: an older file put in the vault's place (.previous, a
// sync conflict) is refused with the number of changes it lacks; opened on
// purpose, a counter-based key goes on from the highest counter seen, so no
// code is given twice.
func TestRollbackIsNamed(t *testing.T) {
	seen := t.TempDir()
	path := filepath.Join(t.TempDir(), "vault.sparekey")
	v, _, err := vault.Create(path, testPassword, fast, vault.WithSeenDir(seen))
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := v.Add(vault.Entry{Type: vault.HOTP, Issuer: "VPN", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(path)
	var codes []string
	for i := 0; i < 3; i++ {
		c, err := v.NextCode(e.ID, v.Updated)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, c)
		if err := v.Save(); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	os.WriteFile(path, old, 0o600)

	_, err = vault.Open(path, testPassword, fast, vault.WithSeenDir(seen))
	var older *vault.OlderError
	if !errors.As(err, &older) || older.Seen-older.Found != 3 {
		t.Fatalf("an older file in the vault's place: %v, want OlderError lacking 3 changes", err)
	}
	if !strings.Contains(err.Error(), "lacks the last 3 changes") {
		t.Errorf("message: %q", err)
	}
	v, err = vault.Open(path, testPassword, fast, vault.WithSeenDir(seen), vault.AcceptOlder())
	if err != nil {
		t.Fatal(err)
	}
	c, err := v.NextCode(e.ID, v.Updated)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range codes {
		if c == g {
			t.Fatalf("the older vault gave code %s again (given before: %v)", c, codes)
		}
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	// Its next save is newer than anything seen: it opens without a word.
	if v, err = vault.Open(path, testPassword, fast, vault.WithSeenDir(seen)); err != nil {
		t.Fatalf("after the older vault was saved: %v", err)
	}
	v.Close()
}

// TestWorkFactorFloor: a slot sealed below the floor is sealed again at the
// work factor in force when the vault is opened, and saved so; the recovery
// slot (whose key is not at hand) makes the vault advise a new recovery key.
func TestWorkFactorFloor(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.sparekey")
	v, _, err := vault.Create(path, testPassword, vault.WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	if !v.WeakWorkFactor() {
		t.Error("a vault made at work factor 1 does not say it is weak")
	}
	v.Close()
	v, err = vault.Open(path, testPassword, vault.WithWorkFactor(vault.MinWorkFactor))
	if err != nil {
		t.Fatal(err)
	}
	if v.WeakWorkFactor() || !v.RecoveryKeyOutdated() {
		t.Errorf("weak %v, recovery key outdated %v; want false, true", v.WeakWorkFactor(), v.RecoveryKeyOutdated())
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	data, _ := os.ReadFile(path)
	f := readParts(t, data)
	for _, s := range f.Slots {
		n := slotLogN(t, strings.Join(s.Age, "\n")+"\n")
		if s.Kind == "password" && n != vault.MinWorkFactor {
			t.Errorf("the password slot is at work factor %d after the floor, want %d", n, vault.MinWorkFactor)
		}
	}
}

func slotLogN(t *testing.T, armored string) int {
	t.Helper()
	hdr, err := age.ExtractHeader(armor.NewReader(strings.NewReader(armored)))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(hdr), "\n") {
		if f := strings.Fields(line); len(f) == 4 && f[1] == "scrypt" {
			var n int
			for _, c := range f[3] {
				n = n*10 + int(c-'0')
			}
			return n
		}
	}
	t.Fatal("no scrypt stanza")
	return 0
}

// TestFileOfAThousandKeysIsSmall: the vault file of 1,000 keys stays under
// 250 KB (issue 15), with the payload written once.
func TestFileOfAThousandKeysIsSmall(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.sparekey")
	v, _, err := vault.Create(path, testPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		sum := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		e := vault.Entry{Issuer: "Service " + itoa(i), Account: "person" + itoa(i) + "@example.com", Secret: vault.EncodeSecret(sum[:20])}
		if _, _, err := v.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	st, _ := os.Stat(path)
	t.Logf("1,000 keys: %d bytes", st.Size())
	if st.Size() > 250_000 {
		t.Errorf("the vault file of 1,000 keys is %d bytes, want at most 250,000", st.Size())
	}
}
