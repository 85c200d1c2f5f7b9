package interop

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20"
	"golang.org/x/crypto/poly1305"

	"sparekey/vault"
)

// Ente Auth's plain-text export has one otpauth:// link a line. Ente adds a
// codeDisplay parameter to each link: URL-escaped JSON such as
//
//	{"pinned":false,"trashed":false,"lastUsedAt":0,"tapCount":0,
//	 "tags":["Work"],"note":"...","position":0,"iconSrc":"","iconID":""}
//
// which carries the person's note and tags, and whether the code is in Ente's
// trash (ente-io/ente, auth/lib/models/code.dart and code_display.dart).
// Ente builds links from names it does not escape, so a '#' in a name is
// taken as an escaped '#' (as Ente itself does when it reads them back), and
// an issuer that swallowed "period=" is cut there (as in Ente's _getIssuer).
//
// Ente's encrypted export is JSON (docs/auth/migration/export.md in Ente's
// repository):
//
//	{"version": 1, "kdfParams": {"memLimit": ..., "opsLimit": ..., "salt": "..."},
//	 "encryptedData": "...", "encryptionNonce": "..."}
//
// The key is libsodium's crypto_pwhash (Argon2id v1.3, one lane, opsLimit
// passes over memLimit bytes) of the password, and the data, the same lines
// as the plain-text export, is one libsodium secretstream
// (XChaCha20-Poly1305) message whose stream header is encryptionNonce.
//
// A list of plain otpauth:// links with no codeDisplay (from an older Ente,
// or from any other app) is read by the "uris" format; the entries are the
// same, as both go through vault.ParseURI.

func init() {
	Register(Format{
		Name:   "ente",
		Title:  "Ente Auth",
		Detect: detectEnte,
		Read:   readEnteExport,
	})
}

// readEnteExport reads the plain-text export or opens the encrypted one.
func readEnteExport(data []byte, password string) (*Found, error) {
	if enteEncrypted(jsonObjectKeys(data)) {
		return readEnteEncrypted(data, password)
	}
	return readEnte(data), nil
}

func detectEnte(data []byte) bool {
	t := trimBOM(data)
	if len(t) > 0 && t[0] == '{' {
		return enteEncrypted(jsonObjectKeys(t))
	}
	if len(t) == 0 || t[0] == '[' {
		return false
	}
	return bytes.Contains(t, []byte("otpauth://")) && bytes.Contains(t, []byte("codeDisplay="))
}

// enteEncrypted reports whether the top-level members are those of Ente's
// encrypted export.
func enteEncrypted(m map[string]json.RawMessage) bool {
	_, kdf := m["kdfParams"]
	_, data := m["encryptedData"]
	_, nonce := m["encryptionNonce"]
	return kdf && data && nonce
}

type enteEncryptedExport struct {
	Version   int `json:"version"`
	KDFParams struct {
		MemLimit int64  `json:"memLimit"`
		OpsLimit int64  `json:"opsLimit"`
		Salt     string `json:"salt"`
	} `json:"kdfParams"`
	EncryptedData   string `json:"encryptedData"`
	EncryptionNonce string `json:"encryptionNonce"`
}

// Limits on an encrypted export's key derivation: Ente picks the settings by
// what the device can afford, at most libsodium's "sensitive" limits (1 GiB,
// 4 passes), trading memory for passes. Anything beyond would keep the person
// waiting (or run out of memory) for a file that is not Ente's.
const (
	enteMaxMemLimit = 1 << 30
	enteMaxWork     = 8 << 30 // passes × bytes
)

// readEnteEncrypted opens an encrypted Ente Auth export.
func readEnteEncrypted(data []byte, password string) (*Found, error) {
	var x enteEncryptedExport
	if err := json.Unmarshal(trimBOM(data), &x); err != nil {
		return nil, fmt.Errorf("this Ente Auth export cannot be read; it may be damaged or cut short (%v)", err)
	}
	if x.Version != 1 {
		return nil, fmt.Errorf("this Ente Auth export is of version %d, which Sparekey does not know: export again choosing plain text", x.Version)
	}
	damaged := errors.New("this Ente Auth export is damaged: its encryption settings are not ones Ente Auth writes")
	k := x.KDFParams
	if k.OpsLimit < 1 || k.MemLimit < 8192 || k.MemLimit > enteMaxMemLimit || k.OpsLimit > enteMaxWork/k.MemLimit {
		return nil, damaged
	}
	salt, err1 := base64.StdEncoding.DecodeString(k.Salt)
	header, err2 := base64.StdEncoding.DecodeString(x.EncryptionNonce)
	sealed, err3 := base64.StdEncoding.DecodeString(x.EncryptedData)
	if err1 != nil || err2 != nil || err3 != nil || len(salt) != 16 || len(header) != 24 {
		return nil, damaged
	}
	if password == "" {
		return nil, fmt.Errorf("Ente Auth export: %w", ErrNeedPassword)
	}
	key := argon2.IDKey([]byte(password), salt, uint32(k.OpsLimit), uint32(k.MemLimit/1024), 1, 32)
	plain, err := secretstreamOpen(key, header, sealed)
	if err != nil {
		return nil, fmt.Errorf("Ente Auth export: %w (if you are sure of the password, the file may be damaged)", ErrWrongPassword)
	}
	return readEnte(plain), nil
}

// secretstreamOpen decrypts a single message of libsodium's
// crypto_secretstream_xchacha20poly1305 (as crypto_secretstream_
// xchacha20poly1305_pull does, without additional data), checking its tag.
func secretstreamOpen(key, header, in []byte) ([]byte, error) {
	const abytes = 1 + poly1305.TagSize // encrypted tag byte and MAC
	if len(key) != chacha20.KeySize || len(header) != 24 || len(in) < abytes {
		return nil, errGCMAuth
	}
	subkey, err := chacha20.HChaCha20(key, header[:16])
	if err != nil {
		return nil, err
	}
	// The stream's nonce: a 32-bit counter starting at 1, then the last
	// 8 bytes of the header.
	nonce := make([]byte, chacha20.NonceSize)
	nonce[0] = 1
	copy(nonce[4:], header[16:])

	stream := func(counter uint32, dst, src []byte) error {
		c, err := chacha20.NewUnauthenticatedCipher(subkey, nonce)
		if err != nil {
			return err
		}
		c.SetCounter(counter)
		c.XORKeyStream(dst, src)
		return nil
	}
	var polyKey [32]byte
	if err := stream(0, polyKey[:], polyKey[:]); err != nil {
		return nil, err
	}
	mlen := len(in) - abytes
	block := make([]byte, 64)
	block[0] = in[0]
	if err := stream(1, block, block); err != nil {
		return nil, err
	}
	block[0] = in[0] // the MAC covers the encrypted tag byte
	mac := poly1305.New(&polyKey)
	mac.Write(block)
	c := in[1 : 1+mlen]
	mac.Write(c)
	mac.Write(make([]byte, (0x10-64+mlen)&0xf))
	var lens [16]byte
	binary.LittleEndian.PutUint64(lens[:8], 0) // no additional data
	binary.LittleEndian.PutUint64(lens[8:], uint64(64+mlen))
	mac.Write(lens[:])
	if !mac.Verify(in[1+mlen:]) {
		return nil, errGCMAuth
	}
	m := make([]byte, mlen)
	if err := stream(2, m, c); err != nil {
		return nil, err
	}
	return m, nil
}

// enteDisplay is the part of Ente's codeDisplay that Sparekey keeps.
type enteDisplay struct {
	Trashed bool     `json:"trashed"`
	Tags    []string `json:"tags"`
	Note    string   `json:"note"`
}

func readEnte(data []byte) *Found {
	f := &Found{Format: "Ente Auth"}
	lines := strings.Split(string(trimBOM(data)), "\n")
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		// Some Ente versions wrote each link as a JSON string.
		if len(line) >= 2 && line[0] == '"' && line[len(line)-1] == '"' {
			var s string
			if json.Unmarshal([]byte(line), &s) == nil {
				line = strings.TrimSpace(s)
			}
		}
		if !strings.HasPrefix(strings.ToLower(line), "otpauth://") {
			addProblem(f, fmt.Sprintf("Line %d", i+1), "Not imported because the line is not a key link (one that starts with otpauth://).")
			continue
		}
		enteLink(f, strings.ReplaceAll(line, "#", "%23"), i+1)
	}
	return f
}

func enteLink(f *Found, link string, lineNo int) {
	e, _, err := vault.ParseURI(link)
	if err != nil {
		name := e.Name()
		if name == "Unnamed key" {
			name = fmt.Sprintf("Line %d", lineNo)
		}
		addProblem(f, name, "Not imported because "+err.Error()+".")
		return
	}
	if i := strings.Index(e.Issuer, "period="); i >= 0 {
		e.Issuer = strings.TrimSpace(e.Issuer[:i])
	}
	var d enteDisplay
	if u, err := url.Parse(link); err == nil {
		if raw := u.Query().Get("codeDisplay"); raw != "" {
			// A codeDisplay Sparekey cannot read only loses the note and
			// tags; the key itself is fine.
			_ = json.Unmarshal([]byte(raw), &d)
		}
	}
	if d.Trashed {
		addProblem(f, e.Name(), "Not imported because it is in Ente Auth's trash. If you still need it, restore it in Ente Auth and export again.")
		return
	}
	e.Note = strings.TrimSpace(d.Note)
	e.Tags = d.Tags
	addEntry(f, e)
}
