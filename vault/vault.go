package vault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"filippo.io/age"
)

// PayloadVersion is the version of the payload JSON this Sparekey writes.
const PayloadVersion = 1

// PayloadFormat names the payload JSON, inside the vault and in copies.
const PayloadFormat = "sparekey-payload"

// Payload is what the vault protects: the entries and the vault's own
// settings. Its JSON is the plaintext of the vault's payload and of every
// encrypted copy.
type Payload struct {
	Format  string       `json:"format"`
	Version int          `json:"version"`
	Created time.Time    `json:"created"`
	Updated time.Time    `json:"updated"`
	Entries []Entry      `json:"entries"`
	Copies  CopySettings `json:"copies"`
	// RecoveryKeyMade is when the recovery key in force was made (zero for
	// a vault from before Sparekey recorded it).
	RecoveryKeyMade time.Time `json:"recovery_key_made,omitzero"`
	// Kit is what the last printed emergency kit said.
	Kit KitRecord `json:"kit,omitzero"`
}

// KitRecord is what the emergency kit printed last said, so that Sparekey
// can tell when it is out of date.
type KitRecord struct {
	Printed time.Time `json:"printed,omitzero"`
	// RecoveryKeyMade is the recovery key the kit printed (its time made).
	RecoveryKeyMade time.Time `json:"recovery_key_made,omitzero"`
	// Places are the copy folders the kit listed.
	Places []string `json:"places,omitempty"`
}

// MarshalPayload returns the payload JSON, with every entry's Link refreshed.
// It is written for a person who decrypts it with age alone: one key a line,
// and links written as they are (no \u0026 in place of '&'), so that a "uri"
// can be copied straight into an authenticator app.
func (p *Payload) MarshalPayload() ([]byte, error) { return p.marshal(nil) }

// marshal writes the payload JSON, and the vault's keys when keys is not
// nil (the vault's own file holds them; nothing else should).
func (p *Payload) marshal(keys *keyRing) ([]byte, error) {
	p.Format = PayloadFormat
	p.Version = PayloadVersion
	for i := range p.Entries {
		p.Entries[i].Link = p.Entries[i].URI()
	}
	if p.Entries == nil {
		p.Entries = []Entry{}
	}
	var buf bytes.Buffer
	buf.Grow(400 * (len(p.Entries) + 1))
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	field := func(name string, v any, last bool) error {
		buf.WriteString(" \"" + name + "\": ")
		if err := enc.Encode(v); err != nil { // Encode ends with a newline
			return fmt.Errorf("writing the list of keys: %w", err)
		}
		if !last {
			buf.Truncate(buf.Len() - 1)
			buf.WriteString(",\n")
		}
		return nil
	}
	buf.WriteString("{\n")
	for _, f := range []struct {
		name string
		v    any
	}{{"format", p.Format}, {"version", p.Version}, {"created", p.Created}, {"updated", p.Updated}} {
		if err := field(f.name, f.v, false); err != nil {
			return nil, err
		}
	}
	buf.WriteString(" \"entries\": [")
	for i := range p.Entries {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n  ")
		if err := enc.Encode(&p.Entries[i]); err != nil {
			return nil, fmt.Errorf("writing the list of keys: %w", err)
		}
		buf.Truncate(buf.Len() - 1)
	}
	if len(p.Entries) > 0 {
		buf.WriteString("\n ")
	}
	buf.WriteString("],\n")
	if !p.RecoveryKeyMade.IsZero() {
		if err := field("recovery_key_made", p.RecoveryKeyMade, false); err != nil {
			return nil, err
		}
	}
	if !p.Kit.Printed.IsZero() {
		if err := field("kit", p.Kit, false); err != nil {
			return nil, err
		}
	}
	if keys != nil {
		if err := field("keys", keys, false); err != nil {
			return nil, err
		}
	}
	if err := field("copies", p.Copies, true); err != nil {
		return nil, err
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// UnmarshalPayload reads payload JSON (from a vault or a copy). It returns
// ErrTooNew for a payload of a later version and ErrDamaged for anything it
// cannot read.
func UnmarshalPayload(b []byte) (*Payload, error) {
	p, _, err := unmarshalPayload(b)
	return p, err
}

func unmarshalPayload(b []byte) (*Payload, *keyRing, error) {
	var withKeys struct {
		Payload
		Keys *keyRing `json:"keys"`
	}
	if err := json.Unmarshal(b, &withKeys); err != nil {
		return nil, nil, fmt.Errorf("%w: the list of keys cannot be read (%v)", ErrDamaged, err)
	}
	p, err := checkPayload(&withKeys.Payload)
	return p, withKeys.Keys, err
}

func checkPayload(p *Payload) (*Payload, error) {
	if p.Format != PayloadFormat {
		return nil, fmt.Errorf("%w: the list of keys is not Sparekey's", ErrDamaged)
	}
	if p.Version > PayloadVersion {
		return nil, ErrTooNew
	}
	for i := range p.Entries {
		if _, err := p.Entries[i].Normalize(); err != nil {
			return nil, fmt.Errorf("%w: key %q: %v", ErrDamaged, p.Entries[i].Name(), err)
		}
	}
	return p, nil
}

// Vault is an unlocked vault: the entries, and what is needed to save them.
// A Vault is not safe for use by several goroutines at once.
type Vault struct {
	Payload

	path string
	// identity is the vault key: it decrypts the list of keys and keys the
	// file's MAC. earlier are the vault keys before it (oldest first), kept
	// to open the copies they sealed. recoveryRecipient is the recovery
	// identity's public half, to which every save also encrypts.
	identity          *age.X25519Identity
	earlier           []*age.X25519Identity
	recoveryRecipient *age.X25519Recipient
	// recoveryOutdated is set when the recovery key in force should be
	// replaced (a version 1 vault's, whose recipient was printed, or one
	// sealed below the work factor floor).
	recoveryOutdated bool
	// resealed is set when a slot was sealed again at unlock (its work
	// factor was below the floor); the next save writes it.
	resealed bool
	// vaultID and generation identify the vault and the save the file
	// holds; lastFile is the file as last read or written (copies are
	// snapshots of it).
	vaultID    string
	generation uint64
	lastFile   []byte
	seenDir    string
	logN       int
	// slots are the armored age texts of the password and recovery slots,
	// kept as they are between saves.
	passwordSlot, recoverySlot string
	lock                       *fileLock
	// readOnly is set when another process holds the lock; Save returns it.
	readOnly        error
	mustSetPassword bool
	now             func() time.Time
}

// NewInMemory returns an unlocked vault with no file behind it (for the demo
// and for tests): Save does nothing.
func NewInMemory() *Vault {
	now := time.Now().UTC()
	return &Vault{Payload: Payload{Created: now, Updated: now}, now: time.Now}
}

// Path is the vault file's path, empty for an in-memory vault.
func (v *Vault) Path() string { return v.path }

// ReadOnly returns why the vault cannot be saved (another process holds it),
// or nil.
func (v *Vault) ReadOnly() error { return v.readOnly }

// MustSetPassword reports whether the vault was opened with the recovery key
// and needs a new password before it can be saved.
func (v *Vault) MustSetPassword() bool { return v.mustSetPassword }

func (v *Vault) clock() time.Time {
	if v.now == nil {
		return time.Now().UTC()
	}
	return v.now().UTC()
}

// Add normalizes e, gives it an id and adds it. It returns the stored entry
// and any warning from Normalize; ErrDuplicate (wrapped, naming the existing
// entry) if the vault already has this key.
func (v *Vault) Add(e Entry) (Entry, string, error) {
	warning, err := e.Normalize()
	if err != nil {
		return e, "", err
	}
	if d := v.FindDuplicate(&e); d != nil {
		return e, "", fmt.Errorf("%w: %s", ErrDuplicate, d.Name())
	}
	now := v.clock()
	e.ID = v.freshID()
	if e.Created.IsZero() {
		e.Created = now
	}
	e.Updated = now
	v.Entries = append(v.Entries, e)
	v.Updated = now
	return e, warning, nil
}

func (v *Vault) freshID() string {
	for {
		id := newID()
		if v.Get(id) == nil {
			return id
		}
	}
}

// FindDuplicate returns the entry that holds the same key as e, or nil.
func (v *Vault) FindDuplicate(e *Entry) *Entry {
	for i := range v.Entries {
		if SameKey(&v.Entries[i], e) && v.Entries[i].ID != e.ID {
			return &v.Entries[i]
		}
	}
	return nil
}

// Get returns a pointer to the entry with that id, or nil. Changes through
// the pointer should be followed by Touch and Save.
func (v *Vault) Get(id string) *Entry {
	for i := range v.Entries {
		if v.Entries[i].ID == id {
			return &v.Entries[i]
		}
	}
	return nil
}

// Update replaces the entry with the same id, after normalizing it.
func (v *Vault) Update(e Entry) (string, error) {
	old := v.Get(e.ID)
	if old == nil {
		return "", fmt.Errorf("%w: %s", ErrNotFound, e.ID)
	}
	warning, err := e.Normalize()
	if err != nil {
		return "", err
	}
	if d := v.FindDuplicate(&e); d != nil {
		return "", fmt.Errorf("%w: %s", ErrDuplicate, d.Name())
	}
	e.Created = old.Created
	e.Updated = v.clock()
	*old = e
	v.Updated = e.Updated
	return warning, nil
}

// Touch marks the entry with that id as changed now.
func (v *Vault) Touch(id string) {
	if e := v.Get(id); e != nil {
		e.Updated = v.clock()
		v.Updated = e.Updated
	}
}

// Remove deletes the entry with that id.
func (v *Vault) Remove(id string) error {
	for i := range v.Entries {
		if v.Entries[i].ID == id {
			v.Entries = append(v.Entries[:i], v.Entries[i+1:]...)
			v.Updated = v.clock()
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrNotFound, id)
}

// Matches reports whether the entry's issuer or account contains query,
// ignoring case. An empty query matches everything.
func (e *Entry) Matches(query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	return q == "" || strings.Contains(strings.ToLower(e.Issuer), q) || strings.Contains(strings.ToLower(e.Account), q)
}

// Find returns the entries whose issuer or account contains query (ignoring
// case), in the vault's order.
func (v *Vault) Find(query string) []*Entry {
	var out []*Entry
	for i := range v.Entries {
		if v.Entries[i].Matches(query) {
			out = append(out, &v.Entries[i])
		}
	}
	return out
}

// Sorted returns the entries ordered by issuer, then account, ignoring case:
// the order of lists and sheets.
func (v *Vault) Sorted() []*Entry {
	out := v.Find("")
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Issuer), strings.ToLower(out[j].Issuer)
		if a != b {
			return a < b
		}
		return strings.ToLower(out[i].Account) < strings.ToLower(out[j].Account)
	})
	return out
}

// NextCode moves a counter-based (HOTP) entry on by one and returns the new
// code; the caller saves the vault so the move is kept. For other types it
// returns the code at t and changes nothing.
func (v *Vault) NextCode(id string, t time.Time) (string, error) {
	e := v.Get(id)
	if e == nil {
		return "", fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if e.Type != HOTP {
		return e.CodeAt(t)
	}
	code, err := e.CodeAt(t)
	if err != nil {
		return "", err
	}
	e.Counter++
	e.Updated = v.clock()
	v.Updated = e.Updated
	return code, nil
}
