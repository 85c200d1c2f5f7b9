package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
	"golang.org/x/crypto/hkdf"
)

// The container's name and the version this Sparekey writes. Version 1 (the
// first release) is still read, and rewritten as version 2 on the first save.
const (
	FileFormat  = "sparekey-vault"
	FileVersion = 2
)

// MaxFileSize bounds what is read of a file that claims to be a vault or a
// copy: a vault of 10,000 keys is about 2 MB.
const MaxFileSize = 32 << 20

// maxPayloadSize bounds the decompressed list of keys (a planted payload
// must not cost gigabytes of memory).
const maxPayloadSize = 64 << 20

// The last two fields of a file. The MAC, keyed from the vault's own key,
// covers every byte before macMarker: it proves that whoever wrote the file
// held the vault's key. The checksum covers every byte before
// checksumMarker (the MAC included); it only tells accidental damage from a
// wrong password, before any password is tried.
const (
	macMarker      = ",\n  \"mac\": \"hmac-sha256:"
	checksumMarker = "\",\n  \"checksum\": \"sha256:"
	checksumEnd    = "\"\n}\n"
	// v1Marker is where a version 1 file's checksum starts (it had no MAC).
	v1Marker = ",\n  \"checksum\": \"sha256:"
)

// fileStart is how every vault file Sparekey writes begins; a file cut short
// inside it is a damaged vault, not some other file.
const fileStart = "{\n  \"format\": \"" + FileFormat + "\","

// container is the vault file's JSON (and that of every encrypted copy, which
// is a snapshot of the vault file). Each slot is an armored age file, kept
// as one JSON string a line so that a person with a text editor can copy it
// out. The payload is the binary age file, in base64 on one line (a third
// smaller than armor in JSON lines): `base64 -d` turns it back into a file
// that `age -d` reads.
type container struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	About   string `json:"about"`
	// Vault identifies the vault across saves and copies; Generation grows
	// by one at every save; Saved is when this file was written.
	Vault      string    `json:"vault,omitempty"`
	Generation uint64    `json:"generation,omitempty"`
	Saved      time.Time `json:"saved,omitzero"`
	Slots      []slot    `json:"slots"`
	// Payload is, in version 2, base64 of the age file; in version 1 it was
	// armored lines.
	Payload json.RawMessage `json:"payload"`
	// Recipient was written by version 1 only.
	Recipient string `json:"recipient,omitempty"`
}

type slot struct {
	Kind string   `json:"kind"` // "password" or "recovery-key"
	Age  []string `json:"age"`
}

const aboutText = "Sparekey vault. Each slot is an age file (scrypt) holding a key that decrypts the payload (base64 of an age file of gzip-compressed JSON). See Sparekey's README: Getting your keys out with age alone."

// parsed is a file whose shape and checksum are right. Nothing in it is
// trusted yet: the MAC is checked once a key is known.
type parsed struct {
	c container
	// signed is every byte the MAC covers; mac is the MAC as written.
	signed []byte
	mac    []byte
	// payload is the age file (binary) of the list of keys.
	payload []byte
}

// slotText returns the armored age text of the slot of that kind, or "".
func (p *parsed) slotText(kind string) string {
	for _, s := range p.c.Slots {
		if s.Kind == kind {
			return strings.Join(s.Age, "\n") + "\n"
		}
	}
	return ""
}

// parseContainer checks a file's size, shape, checksum and version.
func parseContainer(data []byte) (*parsed, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%w: the file is far larger than any Sparekey file (%d MB)", ErrDamaged, len(data)>>20)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		// An empty file where the vault should be is a save that never
		// finished, not some other kind of file.
		return nil, fmt.Errorf("%w: the file is empty", ErrDamaged)
	}
	looksOurs := bytes.Contains(data, []byte(FileFormat)) || bytes.Contains(data, []byte("AGE ENCRYPTED FILE")) ||
		bytes.HasPrefix([]byte(fileStart), data)
	if trimmed[0] != '{' {
		if looksOurs {
			return nil, ErrDamaged
		}
		return nil, ErrNotVault
	}
	v1 := false
	i := bytes.LastIndex(data, []byte(checksumMarker))
	if i < 0 {
		if i = bytes.LastIndex(data, []byte(v1Marker)); i >= 0 {
			v1 = true
		}
	}
	if i < 0 {
		if looksOurs {
			return nil, fmt.Errorf("%w: its end is missing", ErrDamaged)
		}
		return nil, ErrNotVault
	}
	marker := checksumMarker
	if v1 {
		marker = v1Marker
	}
	// The checksum covers everything before the comma of its own field:
	// for version 2 that includes the MAC and its closing quote.
	sumEnd := i
	if !v1 {
		sumEnd = i + 1
	}
	want := sha256.Sum256(data[:sumEnd])
	rest := data[i+len(marker):]
	end := bytes.IndexByte(rest, '"')
	if end != 2*sha256.Size || hex.EncodeToString(want[:]) != string(rest[:end]) {
		return nil, fmt.Errorf("%w: its checksum does not match", ErrDamaged)
	}
	// The file ends exactly as Save writes it, so that no cut, not even of
	// the last character, goes unnoticed.
	if string(rest[end:]) != checksumEnd {
		return nil, fmt.Errorf("%w: its end is missing", ErrDamaged)
	}
	var c container
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if c.Format != FileFormat {
		return nil, ErrNotVault
	}
	if c.Version > FileVersion {
		return nil, ErrTooNew
	}
	p := &parsed{c: c}
	switch {
	case c.Version == 1 && v1:
		var lines []string
		if err := json.Unmarshal(c.Payload, &lines); err != nil {
			return nil, fmt.Errorf("%w: the list of keys is not where it should be", ErrDamaged)
		}
		bin, err := io.ReadAll(io.LimitReader(armor.NewReader(strings.NewReader(strings.Join(lines, "\n")+"\n")), MaxFileSize))
		if err != nil {
			return nil, fmt.Errorf("%w: the list of keys is not valid (%v)", ErrDamaged, err)
		}
		p.payload = bin
	case c.Version == FileVersion && !v1:
		var b64 string
		if err := json.Unmarshal(c.Payload, &b64); err != nil {
			return nil, fmt.Errorf("%w: the list of keys is not where it should be", ErrDamaged)
		}
		bin, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, fmt.Errorf("%w: the list of keys is not valid base64", ErrDamaged)
		}
		p.payload = bin
		m := bytes.LastIndex(data[:i], []byte(macMarker))
		if m < 0 {
			return nil, fmt.Errorf("%w: its seal (MAC) is missing", ErrDamaged)
		}
		mac, err := hex.DecodeString(string(data[m+len(macMarker) : i]))
		if err != nil || len(mac) != sha256.Size {
			return nil, fmt.Errorf("%w: its seal (MAC) is not valid", ErrDamaged)
		}
		p.signed, p.mac = data[:m], mac
		if c.Vault == "" || c.Generation == 0 {
			return nil, fmt.Errorf("%w: it does not say which Sparekey file it is", ErrDamaged)
		}
	default:
		return nil, fmt.Errorf("%w: unknown version %d", ErrDamaged, c.Version)
	}
	return p, nil
}

// macKey derives the key of a file's MAC from the vault key (an age X25519
// identity), with HKDF-SHA256.
func macKey(id *age.X25519Identity) []byte {
	k := make([]byte, 32)
	r := hkdf.New(sha256.New, []byte(id.String()), nil, []byte("sparekey vault mac v2"))
	if _, err := io.ReadFull(r, k); err != nil {
		panic("sparekey: hkdf: " + err.Error()) // cannot happen for 32 bytes
	}
	return k
}

func computeMAC(id *age.X25519Identity, signed []byte) []byte {
	h := hmac.New(sha256.New, macKey(id))
	h.Write(signed)
	return h.Sum(nil)
}

// verifiedBy reports whether the file's MAC was made with id.
func (p *parsed) verifiedBy(id *age.X25519Identity) bool {
	if p.signed == nil || id == nil {
		return false
	}
	return hmac.Equal(computeMAC(id, p.signed), p.mac)
}

// marshalFile writes a version 2 file: the container, its MAC with the vault
// key id, and the checksum.
func marshalFile(c *container, id *age.X25519Identity) ([]byte, error) {
	body, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("writing the Sparekey file: %w", err)
	}
	// MarshalIndent ends with "\n}": the MAC and the checksum go before it.
	body = bytes.TrimSuffix(body, []byte("\n}"))
	var out bytes.Buffer
	out.Grow(len(body) + 200)
	out.Write(body)
	signed := out.Len()
	out.WriteString(macMarker)
	out.WriteString(hex.EncodeToString(computeMAC(id, out.Bytes()[:signed])))
	out.WriteString(`"`)
	sum := sha256.Sum256(out.Bytes())
	out.WriteString(checksumMarker[1:])
	out.WriteString(hex.EncodeToString(sum[:]))
	out.WriteString(checksumEnd)
	return out.Bytes(), nil
}

// slotWorkFactor reads the scrypt work factor (log2 N) an armored slot asks
// for, without doing any of the work; 0 if it cannot be read.
func slotWorkFactor(armored string) int {
	hdr, err := age.ExtractHeader(armor.NewReader(strings.NewReader(armored)))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(hdr), "\n") {
		f := strings.Fields(line)
		if len(f) == 4 && f[0] == "->" && f[1] == "scrypt" {
			n, err := strconv.Atoi(f[3])
			if err == nil {
				return n
			}
		}
	}
	return 0
}
