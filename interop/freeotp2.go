package interop

import (
	"bytes"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/asn1"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sort"
	"strings"
)

// FreeOTP 2 for Android (freeotp/freeotp-android) backs up to a file it
// calls externals.xml, which is not XML: TokenPersistence writes its
// "tokenBackup" preferences, a java.util.HashMap, with Java's
// ObjectOutputStream (javaser.go reads it). In the map:
//
//   - "masterKey": Gson's JSON of a MasterKey, {"mAlgorithm":
//     "PBKDF2withHmacSHA512" (or ...SHA1 on phones without it),
//     "mIterations": 100000, "mSalt": [32 signed bytes], "mEncryptedKey":
//     {...}}: a random AES key, encrypted under the PBKDF2 of the backup
//     password (as many bytes as the salt has).
//   - "<uuid>": {"key": a string holding the JSON of the token's secret,
//     encrypted under the master key}.
//   - "<uuid>-token": Gson's JSON of the token (the FreeOTP+ token's
//     fields, see freeotp.go; the HOTP counter is the next one to use, as in
//     a link).
//   - other preferences (a Boolean "restoreComplete", say).
//
// An encrypted key is Gson's JSON of an EncryptedKey: {"mCipher":
// "AES/GCM/NoPadding", "mCipherText": [ciphertext and 16-byte tag, signed
// bytes], "mParameters": [the DER GCMParameters: the nonce and the tag
// length], "mToken": the key's algorithm name, also the additional
// authenticated data}.

// freeOTP2MaxRounds bounds the PBKDF2 rounds of a backup's master key:
// FreeOTP uses 100,000; a million costs a second or two (see andOTP's), where
// the file could ask for two billion. Fuzz tests lower it.
var freeOTP2MaxRounds = 1_000_000

// freeOTP2Magic starts the serialised HashMap of a backup.
var freeOTP2Magic = []byte("\xac\xed\x00\x05\x73\x72\x00\x11java.util.HashMap")

func init() {
	Register(Format{
		Name:   "freeotp2",
		Title:  "FreeOTP",
		Detect: func(data []byte) bool { return bytes.HasPrefix(data, freeOTP2Magic) },
		Read:   readFreeOTP2,
	})
}

// errFreeOTP2Damaged is the plain-words error for a backup that cannot be
// read.
var errFreeOTP2Damaged = errors.New("this FreeOTP backup is damaged or cut short: back up again in FreeOTP")

type freeOTP2MasterKey struct {
	Algorithm    string            `json:"mAlgorithm"`
	Iterations   int               `json:"mIterations"`
	Salt         []int64           `json:"mSalt"`
	EncryptedKey freeOTP2Encrypted `json:"mEncryptedKey"`
}

type freeOTP2Encrypted struct {
	Cipher     string  `json:"mCipher"`
	CipherText []int64 `json:"mCipherText"`
	Parameters []int64 `json:"mParameters"`
	Token      string  `json:"mToken"`
}

func readFreeOTP2(data []byte, password string) (*Found, error) {
	m, keys, err := readJavaStringMap(data)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", errFreeOTP2Damaged, err)
	}
	raw, ok := m["masterKey"]
	if !ok {
		return nil, errors.New("this FreeOTP backup has no master key, so its keys cannot be opened: in FreeOTP, set a backup password and back up again")
	}
	var mk freeOTP2MasterKey
	if err := json.Unmarshal([]byte(raw), &mk); err != nil {
		return nil, errFreeOTP2Damaged
	}
	var h func() hash.Hash
	switch strings.ToUpper(mk.Algorithm) {
	case "PBKDF2WITHHMACSHA512":
		h = sha512.New
	case "PBKDF2WITHHMACSHA1":
		h = sha1.New
	default:
		return nil, fmt.Errorf("this FreeOTP backup protects its keys in a way Sparekey does not know (%s)", quoteName(mk.Algorithm))
	}
	salt, ok := javaBytes(mk.Salt)
	if !ok || !isAESKeySize(len(salt)) || mk.Iterations < 1 || mk.Iterations > freeOTP2MaxRounds {
		return nil, fmt.Errorf("this FreeOTP backup's password settings are not ones FreeOTP writes: %w", errFreeOTP2Damaged)
	}
	if password == "" {
		return nil, fmt.Errorf("FreeOTP backup: %w", ErrNeedPassword)
	}
	key, err := pbkdf2.Key(h, password, salt, mk.Iterations, len(salt))
	if err != nil {
		return nil, fmt.Errorf("deriving the key from the password: %w", err)
	}
	master, err := mk.EncryptedKey.open(key)
	if errors.Is(err, errGCMAuth) {
		return nil, fmt.Errorf("FreeOTP backup: %w", ErrWrongPassword)
	}
	if err != nil || !isAESKeySize(len(master)) {
		return nil, errFreeOTP2Damaged
	}

	f := &Found{Format: "FreeOTP"}
	type token struct {
		tok freeOTPToken
		raw []byte
		bad string // why the token cannot be imported
	}
	var tokens []token
	for _, k := range keys {
		if k == "masterKey" {
			continue
		}
		if uuid, ok := strings.CutSuffix(k, "-token"); ok {
			if _, hasKey := m[uuid]; !hasKey {
				var tok freeOTPToken
				if json.Unmarshal([]byte(m[k]), &tok) == nil {
					tokens = append(tokens, token{tok: tok, bad: "Not imported because its key is missing from the backup."})
				}
			}
			continue
		}
		var wrapper struct {
			Key *string `json:"key"`
		}
		if json.Unmarshal([]byte(m[k]), &wrapper) != nil || wrapper.Key == nil {
			continue // another preference, not a token
		}
		var t token
		details, ok := m[k+"-token"]
		if !ok || json.Unmarshal([]byte(details), &t.tok) != nil {
			addProblem(f, "", "Not imported because its details (name, kind of code) are missing from the backup or damaged.")
			continue
		}
		var ek freeOTP2Encrypted
		if json.Unmarshal([]byte(*wrapper.Key), &ek) != nil {
			t.bad = "Not imported because its key in the backup is damaged."
		} else if t.raw, err = ek.open(master); err != nil {
			t.bad = "Not imported because its key in the backup is damaged (it does not decrypt)."
		}
		tokens = append(tokens, t)
	}
	// The backup keeps no order; FreeOTP's own list is not in it.
	sort.SliceStable(tokens, func(i, j int) bool {
		return strings.ToLower(tokens[i].tok.name()) < strings.ToLower(tokens[j].tok.name())
	})
	for _, t := range tokens {
		if t.bad != "" {
			addProblem(f, t.tok.name(), t.bad)
			continue
		}
		t.tok.add(f, t.raw, 0, "backup")
	}
	return f, nil
}

// open decrypts an EncryptedKey with key.
func (ek *freeOTP2Encrypted) open(key []byte) ([]byte, error) {
	if ek.Cipher != "AES/GCM/NoPadding" {
		return nil, errFreeOTP2Damaged
	}
	params, ok1 := javaBytes(ek.Parameters)
	sealed, ok2 := javaBytes(ek.CipherText)
	if !ok1 || !ok2 {
		return nil, errFreeOTP2Damaged
	}
	// GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING,
	//                              aes-ICVlen INTEGER DEFAULT 12 }
	// (RFC 5084); Java writes the tag length, 16.
	var gcm struct {
		Nonce  []byte
		TagLen int `asn1:"optional,default:12"`
	}
	rest, err := asn1.Unmarshal(params, &gcm)
	if err != nil || len(rest) != 0 || len(gcm.Nonce) == 0 || len(gcm.Nonce) > 64 || gcm.TagLen != 16 {
		return nil, errFreeOTP2Damaged
	}
	return openGCM(key, gcm.Nonce, sealed, []byte(ek.Token))
}

func isAESKeySize(n int) bool { return n == 16 || n == 24 || n == 32 }
