package interop

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/scrypt"

	"sparekey/vault"
)

// Aegis Authenticator's vault format, as its docs/vault.md describes it:
//
//	{"version": 1, "header": {"slots": [...] | null, "params": {...} | null}, "db": ...}
//
// A plain vault has slots and params null and db a JSON object. An encrypted
// vault has db as the base64 of the AES-256-GCM ciphertext of that object
// (params holds the nonce and tag, hex), under a random 256-bit master key.
// Each password slot (type 1) holds the master key encrypted with AES-256-GCM
// under scrypt(password, salt, n, r, p) with a 32-byte key; key_params holds
// that nonce and tag. Other slot types (biometric, raw) need the phone.
//
// The db object: {"version": 1..3, "entries": [...], "groups": [{uuid, name}]},
// each entry {"type": "totp"|"hotp"|"steam"|"yandex"|"motp", "uuid", "name"
// (the account), "issuer", "note", "favorite", "icon", "info": {"secret"
// base32, "algo", "digits", "period" | "counter"}, "groups": [uuid]}.
// Version 1 and 2 entries may name their group in "group" instead.

func init() {
	Register(Format{
		Name:   "aegis",
		Title:  "Aegis",
		Detect: detectAegis,
		Read:   readAegis,
	})
}

type aegisFile struct {
	Version int             `json:"version"`
	Header  aegisHeader     `json:"header"`
	DB      json.RawMessage `json:"db"`
}

type aegisHeader struct {
	Slots  []aegisSlot  `json:"slots"`
	Params *aegisParams `json:"params"`
}

type aegisParams struct {
	Nonce string `json:"nonce"`
	Tag   string `json:"tag"`
}

type aegisSlot struct {
	Type      int          `json:"type"`
	UUID      string       `json:"uuid"`
	Key       string       `json:"key"`
	KeyParams *aegisParams `json:"key_params"`
	N         int          `json:"n,omitempty"`
	R         int          `json:"r,omitempty"`
	P         int          `json:"p,omitempty"`
	Salt      string       `json:"salt,omitempty"`
	Repaired  *bool        `json:"repaired,omitempty"`
	IsBackup  *bool        `json:"is_backup,omitempty"`
}

type aegisDB struct {
	Version        int          `json:"version"`
	Entries        []aegisEntry `json:"entries"`
	Groups         []aegisGroup `json:"groups"`
	IconsOptimized *bool        `json:"icons_optimized,omitempty"`
}

type aegisGroup struct {
	UUID string `json:"uuid"`
	Name string `json:"name"`
}

type aegisEntry struct {
	Type     string    `json:"type"`
	UUID     string    `json:"uuid"`
	Name     string    `json:"name"`
	Issuer   string    `json:"issuer"`
	Note     string    `json:"note"`
	Favorite bool      `json:"favorite"`
	Icon     *string   `json:"icon"`
	Info     aegisInfo `json:"info"`
	Groups   []string  `json:"groups"`
	Group    *string   `json:"group,omitempty"`
}

type aegisInfo struct {
	Secret  string  `json:"secret"`
	Algo    string  `json:"algo"`
	Digits  int     `json:"digits"`
	Period  *int    `json:"period,omitempty"`
	Counter *uint64 `json:"counter,omitempty"`
}

// The scrypt parameters Aegis uses; a file asking for far more is refused
// rather than letting it take all memory.
const (
	aegisScryptN    = 1 << 15
	aegisScryptR    = 8
	aegisScryptP    = 1
	aegisMaxMemory  = 128 << 20 // bytes scrypt may use: 128 * N * r * p (Aegis uses 32 MiB)
	aegisMasterSize = 32
)

func detectAegis(data []byte) bool {
	if !looksLikeJSON(data) {
		return false
	}
	var probe struct {
		Version *int            `json:"version"`
		Header  json.RawMessage `json:"header"`
		DB      json.RawMessage `json:"db"`
	}
	if json.Unmarshal(data, &probe) != nil {
		return false
	}
	return probe.Version != nil && len(probe.Header) > 0 && len(probe.DB) > 0
}

// errAegisDamaged is the plain-words error for an Aegis file that cannot be
// read.
var errAegisDamaged = errors.New("this Aegis export is damaged: export it from Aegis again")

func readAegis(data []byte, password string) (*Found, error) {
	var file aegisFile
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("reading the Aegis export: %w", errAegisDamaged)
	}
	if file.Version != 1 {
		return nil, fmt.Errorf("this Aegis export is of version %d, which this Sparekey does not know; update Sparekey, or export from Aegis without encryption", file.Version)
	}
	plain := []byte(file.DB)
	if len(file.DB) > 0 && file.DB[0] == '"' {
		var err error
		if plain, err = decryptAegis(&file, password); err != nil {
			return nil, err
		}
	}
	var db aegisDB
	if err := json.Unmarshal(plain, &db); err != nil {
		return nil, fmt.Errorf("reading the Aegis entries: %w", errAegisDamaged)
	}
	if db.Version > 3 {
		return nil, fmt.Errorf("this Aegis export's entries are of version %d, which this Sparekey does not know; update Sparekey", db.Version)
	}
	groups := map[string]string{}
	for _, g := range db.Groups {
		groups[g.UUID] = g.Name
	}
	f := &Found{Format: "Aegis"}
	for _, ae := range db.Entries {
		e, err := ae.entry(groups)
		if err != nil {
			f.Problems = append(f.Problems, Problem{Name: e.Name(), Reason: "Not imported because " + err.Error() + "."})
			continue
		}
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

// decryptAegis opens an encrypted Aegis vault with the password.
func decryptAegis(file *aegisFile, password string) ([]byte, error) {
	var b64 string
	if err := json.Unmarshal(file.DB, &b64); err != nil {
		return nil, errAegisDamaged
	}
	if file.Header.Params == nil {
		return nil, errAegisDamaged
	}
	passwordSlots := 0
	for _, s := range file.Header.Slots {
		if s.Type == 1 {
			passwordSlots++
		}
	}
	if passwordSlots == 0 {
		return nil, errors.New("this Aegis export can only be opened with a fingerprint on the phone it came from; in Aegis, set a password and export again")
	}
	if password == "" {
		return nil, ErrNeedPassword
	}
	ct, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, errAegisDamaged
	}
	var damaged error
	for _, s := range file.Header.Slots {
		if s.Type != 1 {
			continue
		}
		master, err := s.open(password)
		if errors.Is(err, ErrWrongPassword) {
			continue
		}
		if err != nil {
			damaged = err
			continue
		}
		plain, err := gcmOpen(master, file.Header.Params, ct)
		if err != nil {
			return nil, fmt.Errorf("the password is right but the Aegis entries do not decrypt: %w", errAegisDamaged)
		}
		return plain, nil
	}
	if damaged != nil {
		return nil, damaged
	}
	return nil, ErrWrongPassword
}

// open derives the slot's key from the password and decrypts the master key.
func (s *aegisSlot) open(password string) ([]byte, error) {
	salt, err := hex.DecodeString(s.Salt)
	if err != nil || s.KeyParams == nil {
		return nil, errAegisDamaged
	}
	if s.N < 2 || s.N&(s.N-1) != 0 || s.R < 1 || s.P < 1 || s.R > 64 || s.P > 16 ||
		uint64(s.N) > aegisMaxMemory/128/uint64(s.R)/uint64(s.P) {
		return nil, fmt.Errorf("this Aegis export asks for unusual password settings (n=%d, r=%d, p=%d) that Sparekey will not try: %w", s.N, s.R, s.P, errAegisDamaged)
	}
	key, err := scrypt.Key([]byte(password), salt, s.N, s.R, s.P, 32)
	if err != nil {
		return nil, fmt.Errorf("deriving the Aegis key: %w", err)
	}
	ct, err := hex.DecodeString(s.Key)
	if err != nil {
		return nil, errAegisDamaged
	}
	master, err := gcmOpen(key, s.KeyParams, ct)
	if err != nil {
		return nil, ErrWrongPassword
	}
	if len(master) != aegisMasterSize {
		return nil, errAegisDamaged
	}
	return master, nil
}

// gcmOpen decrypts AES-256-GCM with the nonce and tag kept apart from the
// ciphertext, as Aegis stores them.
func gcmOpen(key []byte, p *aegisParams, ct []byte) ([]byte, error) {
	nonce, err1 := hex.DecodeString(p.Nonce)
	tag, err2 := hex.DecodeString(p.Tag)
	if err1 != nil || err2 != nil || len(nonce) != 12 || len(tag) != 16 {
		return nil, errAegisDamaged
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, errAegisDamaged
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, errAegisDamaged
	}
	sealed := make([]byte, 0, len(ct)+len(tag))
	sealed = append(append(sealed, ct...), tag...)
	return aead.Open(nil, nonce, sealed, nil)
}

// gcmSeal encrypts with AES-256-GCM under a fresh random nonce and returns
// the ciphertext and the parameters as Aegis stores them.
func gcmSeal(key, plain []byte) ([]byte, *aegisParams, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, nil, err
	}
	sealed := aead.Seal(nil, nonce, plain, nil)
	n := len(sealed) - aead.Overhead()
	return sealed[:n], &aegisParams{Nonce: hex.EncodeToString(nonce), Tag: hex.EncodeToString(sealed[n:])}, nil
}

// entry turns an Aegis entry into a Sparekey entry, or says why it cannot.
func (ae aegisEntry) entry(groups map[string]string) (vault.Entry, error) {
	e := vault.Entry{Issuer: ae.Issuer, Account: ae.Name, Note: ae.Note}
	for _, id := range ae.Groups {
		if name := groups[id]; name != "" {
			e.Tags = append(e.Tags, name)
		}
	}
	if ae.Group != nil && *ae.Group != "" && len(ae.Groups) == 0 {
		e.Tags = append(e.Tags, *ae.Group)
	}
	switch strings.ToLower(ae.Type) {
	case "totp":
		e.Type = vault.TOTP
		if ae.Info.Period != nil {
			e.Period = *ae.Info.Period
			if e.Period <= 0 {
				return e, fmt.Errorf("its period of %d seconds cannot work", e.Period)
			}
		}
	case "hotp":
		e.Type = vault.HOTP
		if ae.Info.Counter != nil {
			e.Counter = *ae.Info.Counter
		}
	case "steam":
		e.Type = vault.Steam
	case "yandex":
		return e, errors.New("it is a Yandex key, which Sparekey cannot make codes for")
	case "motp":
		return e, errors.New("it is a mOTP key, which Sparekey cannot make codes for")
	default:
		return e, fmt.Errorf("it is a kind of key Sparekey does not know (%q)", ae.Type)
	}
	e.Secret = ae.Info.Secret
	alg, ok := vault.ParseAlgorithm(ae.Info.Algo)
	if !ok {
		return e, fmt.Errorf("it uses the %s algorithm, which Sparekey cannot make codes with", ae.Info.Algo)
	}
	e.Algorithm = alg
	if e.Type != vault.Steam {
		e.Digits = ae.Info.Digits
	}
	if _, err := e.Normalize(); err != nil {
		return e, err
	}
	return e, nil
}

// aegisEntryOf turns a Sparekey entry into an Aegis entry; groups maps a tag
// to its group's uuid and gains new groups.
func aegisEntryOf(e vault.Entry, groups map[string]string, order *[]aegisGroup) aegisEntry {
	ae := aegisEntry{
		UUID:   newUUID(),
		Name:   e.Account,
		Issuer: e.Issuer,
		Note:   e.Note,
		Groups: []string{},
		Info: aegisInfo{
			Secret: e.Secret,
			Algo:   string(e.Algorithm),
			Digits: e.Digits,
		},
	}
	if ae.Info.Algo == "" {
		ae.Info.Algo = string(vault.SHA1)
	}
	for _, t := range e.Tags {
		id, ok := groups[t]
		if !ok {
			id = newUUID()
			groups[t] = id
			*order = append(*order, aegisGroup{UUID: id, Name: t})
		}
		ae.Groups = append(ae.Groups, id)
	}
	switch e.Type {
	case vault.HOTP:
		ae.Type = "hotp"
		c := e.Counter
		ae.Info.Counter = &c
	case vault.Steam:
		ae.Type = "steam"
		p := vault.DefaultPeriod
		ae.Info.Period = &p
		ae.Info.Digits = vault.SteamDigits
		ae.Info.Algo = string(vault.SHA1)
	default:
		ae.Type = "totp"
		p := e.Period
		if p == 0 {
			p = vault.DefaultPeriod
		}
		ae.Info.Period = &p
	}
	if ae.Info.Digits == 0 {
		ae.Info.Digits = vault.DefaultDigits
	}
	return ae
}

// writeAegis writes entries as an Aegis vault file, encrypted with password
// unless it is empty. Aegis imports it with "Import from file → Aegis".
// logN lowers the scrypt cost for tests; 0 means Aegis's own (2^15).
func writeAegis(entries []vault.Entry, password string, logN int) ([]byte, error) {
	groups := map[string]string{}
	db := aegisDB{Version: 3, Entries: []aegisEntry{}, Groups: []aegisGroup{}}
	t := true
	db.IconsOptimized = &t
	for _, e := range entries {
		db.Entries = append(db.Entries, aegisEntryOf(e, groups, &db.Groups))
	}
	plain, err := json.Marshal(db)
	if err != nil {
		return nil, fmt.Errorf("writing the Aegis entries: %w", err)
	}
	out := struct {
		Version int         `json:"version"`
		Header  aegisHeader `json:"header"`
		DB      any         `json:"db"`
	}{Version: 1}
	if password == "" {
		out.DB = json.RawMessage(plain)
	} else {
		n := aegisScryptN
		if logN > 0 {
			n = 1 << logN
		}
		master := make([]byte, aegisMasterSize)
		salt := make([]byte, 32)
		if _, err := rand.Read(master); err != nil {
			return nil, err
		}
		if _, err := rand.Read(salt); err != nil {
			return nil, err
		}
		key, err := scrypt.Key([]byte(password), salt, n, aegisScryptR, aegisScryptP, 32)
		if err != nil {
			return nil, fmt.Errorf("deriving the Aegis key: %w", err)
		}
		wrapped, keyParams, err := gcmSeal(key, master)
		if err != nil {
			return nil, fmt.Errorf("encrypting the Aegis key: %w", err)
		}
		ct, params, err := gcmSeal(master, plain)
		if err != nil {
			return nil, fmt.Errorf("encrypting the Aegis entries: %w", err)
		}
		f := false
		out.Header = aegisHeader{
			Slots: []aegisSlot{{
				Type: 1, UUID: newUUID(), Key: hex.EncodeToString(wrapped), KeyParams: keyParams,
				N: n, R: aegisScryptR, P: aegisScryptP, Salt: hex.EncodeToString(salt),
				Repaired: &t, IsBackup: &f,
			}},
			Params: params,
		}
		out.DB = base64.StdEncoding.EncodeToString(ct)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("writing the Aegis export: %w", err)
	}
	return buf.Bytes(), nil
}

// newUUID returns a random (version 4) UUID, as Aegis gives every entry,
// group and slot.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("sparekey: no randomness from the operating system: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
