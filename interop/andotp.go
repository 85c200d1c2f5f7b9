package interop

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"sparekey/vault"
)

// andOTP's backup is a JSON array of entries:
//
//	[{"secret": "BASE32", "issuer": "...", "label": "...", "digits": 6,
//	  "type": "TOTP"|"HOTP"|"STEAM", "algorithm": "SHA1"|"SHA256"|"SHA512",
//	  "period": 30, "counter": 0, "tags": ["..."], "thumbnail": "...", ...}]
//
// The encrypted backup (otp_accounts.json.aes) is that JSON, encrypted as
// andOTP's BackupHelper.backupToFile writes it: the PBKDF2 round count as a
// 4-byte big-endian integer, a 12-byte salt, a 12-byte nonce, then the
// AES-256-GCM ciphertext with its 16-byte tag. The key is the first 32 bytes
// of PBKDF2-HMAC-SHA1 of the password (andOTP's EncryptionHelper). andOTP
// picks the round count at random for each backup: 1,000 to 5,000 in its
// first versions, 140,000 to 160,000 since (its Constants
// PBKDF2_MIN/MAX_BACKUP_ITERATIONS). The format has no magic bytes and no
// check value, so a wrong password and a damaged file look the same.
//
// andOTP's older encrypted format (before version 0.6.3, a plain SHA-256 of
// the password as key) is not read.

const (
	andOTPHeader = 4 + 12 + 12 // rounds, salt, nonce
	andOTPTag    = 16
)

// andOTPMaxRounds is the most PBKDF2 rounds Sparekey accepts in an andOTP
// backup. andOTP writes at most 160,000; a million leaves room for a future
// andOTP or a fork that raises it, and still bounds what a planted file can
// cost: deriving the key takes a second or two at a million rounds (1.6 s
// measured on a busy 2-core machine, BenchmarkOpenEncryptedExports), where
// the 4-byte field could ask for 4 billion, hours. Fuzz tests lower it.
var andOTPMaxRounds = 1_000_000

func init() {
	Register(Format{
		Name:   "andotp",
		Title:  "andOTP",
		Detect: func(data []byte) bool { return detectAndOTPPlain(data) || detectAndOTPEncrypted(data) },
		Read:   readAndOTP,
	})
}

// detectAndOTPPlain looks for a JSON array whose first element has andOTP's
// members (no other supported app exports a bare array).
func detectAndOTPPlain(data []byte) bool {
	t := trimBOM(data)
	if len(t) == 0 || t[0] != '[' {
		return false
	}
	var list []map[string]json.RawMessage
	if json.Unmarshal(t, &list) != nil || len(list) == 0 {
		return false
	}
	first := list[0]
	_, secret := first["secret"]
	_, typ := first["type"]
	_, label := first["label"]
	return secret && typ && label
}

// detectAndOTPEncrypted looks for andOTP's binary layout: a round count
// andOTP could have written (it never writes fewer than 1,000), room for
// salt, nonce and tag, and content that is not text. The lower bound keeps
// files that start with a small big-endian length out (HEIC and MP4 photos
// and videos, icons), so that they are not taken for andOTP backups.
func detectAndOTPEncrypted(data []byte) bool {
	if len(data) < andOTPHeader+andOTPTag+2 {
		return false
	}
	rounds := binary.BigEndian.Uint32(data[:4])
	return rounds >= 1000 && rounds <= uint32(andOTPMaxRounds) && !utf8.Valid(data)
}

type andOTPEntry struct {
	Secret    string   `json:"secret"`
	Issuer    *string  `json:"issuer"`
	Label     string   `json:"label"`
	Digits    int      `json:"digits"`
	Type      string   `json:"type"`
	Algorithm string   `json:"algorithm"`
	Period    int      `json:"period"`
	Counter   int64    `json:"counter"`
	Tags      []string `json:"tags"`
}

func readAndOTP(data []byte, password string) (*Found, error) {
	t := trimBOM(data)
	if len(t) > 0 && t[0] == '[' {
		return readAndOTPJSON(t)
	}
	plain, err := decryptAndOTP(data, password)
	if err != nil {
		return nil, err
	}
	return readAndOTPJSON(plain)
}

func readAndOTPJSON(data []byte) (*Found, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("this andOTP backup cannot be read; it may be damaged or cut short (%v)", err)
	}
	f := &Found{Format: "andOTP"}
	addItems(f, list, "backup", andOTPToEntry)
	return f, nil
}

func andOTPToEntry(f *Found, a andOTPEntry) {
	e := vault.Entry{
		Account: strings.TrimSpace(a.Label),
		Secret:  a.Secret,
		Digits:  a.Digits,
		Period:  a.Period,
		Tags:    a.Tags,
	}
	if a.Issuer != nil {
		e.Issuer = strings.TrimSpace(*a.Issuer)
	} else if issuer, account, ok := strings.Cut(a.Label, " - "); ok {
		// Backups from before andOTP kept the issuer apart wrote
		// "Issuer - account" into the label.
		e.Issuer, e.Account = strings.TrimSpace(issuer), strings.TrimSpace(account)
	}
	switch strings.ToUpper(strings.TrimSpace(a.Type)) {
	case "", "TOTP":
		e.Type = vault.TOTP
	case "HOTP":
		e.Type = vault.HOTP
		if a.Counter < 0 {
			addProblem(f, e.Name(), "Not imported because its counter in the backup is below zero.")
			return
		}
		e.Counter = uint64(a.Counter)
	case "STEAM":
		e.Type = vault.Steam
	case "MOTP":
		addProblem(f, e.Name(), reasonMOTP)
		return
	default:
		addProblem(f, e.Name(), "Not imported because it is a kind of key ("+quoteName(a.Type)+") that Sparekey does not know.")
		return
	}
	alg, reason, ok := algorithmOf(a.Algorithm)
	if !ok {
		addProblem(f, e.Name(), reason)
		return
	}
	e.Algorithm = alg
	addEntry(f, e)
}

// decryptAndOTP opens an encrypted andOTP backup.
func decryptAndOTP(data []byte, password string) ([]byte, error) {
	notAndOTP := errors.New("this file is not an andOTP backup that Sparekey can read: it is neither andOTP's list of keys nor an encrypted andOTP backup")
	if len(data) < andOTPHeader+andOTPTag {
		return nil, notAndOTP
	}
	rounds := binary.BigEndian.Uint32(data[:4])
	if rounds < 1 || rounds > uint32(andOTPMaxRounds) {
		return nil, notAndOTP
	}
	if password == "" {
		return nil, fmt.Errorf("andOTP backup: %w", ErrNeedPassword)
	}
	salt, nonce, sealed := data[4:16], data[16:28], data[28:]
	key, err := pbkdf2.Key(sha1.New, password, salt, int(rounds), 32)
	if err != nil {
		return nil, fmt.Errorf("deriving the key from the password: %w", err)
	}
	plain, err := openGCM(key, nonce, sealed, nil)
	if errors.Is(err, errGCMAuth) {
		return nil, fmt.Errorf("andOTP backup: %w (if you are sure of the password, the file may be damaged)", ErrWrongPassword)
	}
	return plain, err
}
