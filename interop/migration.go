package interop

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"sparekey/vault"
)

// Google Authenticator's "Transfer accounts" feature shows one or more QR
// codes, each holding an otpauth-migration://offline?data=... link. data is
// the base64 of a protobuf MigrationPayload:
//
//	message MigrationPayload {
//	  repeated OtpParameters otp_parameters = 1;
//	  int32 version = 2;
//	  int32 batch_size = 3;   // how many QR codes the transfer has
//	  int32 batch_index = 4;  // which one this is, from 0
//	  int32 batch_id = 5;     // the same for every QR code of one transfer
//	}
//	message OtpParameters {
//	  bytes secret = 1; string name = 2; string issuer = 3;
//	  Algorithm algorithm = 4;  // 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
//	  DigitCount digits = 5;    // 1 six, 2 eight
//	  OtpType type = 6;         // 1 HOTP, 2 TOTP
//	  int64 counter = 7;
//	}
//
// The protobuf is read and written by hand (it is small, and the project
// takes no protobuf dependency). Unknown fields are skipped, so later
// versions of the app still import. int32 fields that are negative (batch_id
// often is) arrive as 10-byte varints.
//
// The format cannot carry 7-digit codes, periods other than 30 seconds, or
// Steam codes: those keys are left out of an export, with the reason.

// migrationScheme starts every link Google Authenticator exports.
const migrationScheme = "otpauth-migration://"

// What one transfer link may ask for. A QR code holds at most about 3 KB and
// Google Authenticator puts about ten accounts in each; these bounds are far
// above what it makes (and what other tools put in one text link) and keep
// a planted file from costing much. They are checked before decoding, or as
// the decoder counts.
const (
	// maxMigrationLink is the longest link read, in bytes of text.
	maxMigrationLink = 64 << 10
	// maxMigrationParams is the most accounts one link may hold.
	maxMigrationParams = 1000
	// maxTransferCodes is the most QR codes one transfer may say it has:
	// 1,000 accounts at Google's ten a code. Every code of a transfer is
	// named when missing, so a planted link claiming a transfer of two
	// billion codes costs nothing but a refusal.
	maxTransferCodes = 100
)

// migrationPayload is the decoded MigrationPayload.
type migrationPayload struct {
	Params     []migrationParams
	Version    int32
	BatchSize  int32
	BatchIndex int32
	BatchID    int32
}

// migrationParams is one OtpParameters message.
type migrationParams struct {
	Secret    []byte
	Name      string
	Issuer    string
	Algorithm uint64
	Digits    uint64
	Type      uint64
	Counter   int64
}

// Enum values of the migration payload.
const (
	migAlgSHA1   = 1
	migAlgSHA256 = 2
	migAlgSHA512 = 3
	migAlgMD5    = 4

	migDigitsSix   = 1
	migDigitsEight = 2

	migTypeHOTP = 1
	migTypeTOTP = 2
)

// errDamagedMigration is the plain-words error for a payload that cannot be
// read.
var errDamagedMigration = errors.New("this Google Authenticator transfer code is damaged or incomplete; scan it again")

// The plain-words errors for a link beyond the bounds above.
var (
	errLinkTooLong = fmt.Errorf("this Google Authenticator transfer link is longer than %d KB, far longer than any Google Authenticator makes; it was not read", maxMigrationLink>>10)

	errTooManyAccounts = fmt.Errorf("this Google Authenticator transfer code holds more than %d accounts, far more than any Google Authenticator makes; it was not read", maxMigrationParams)

	errTooManyCodes = fmt.Errorf("this Google Authenticator transfer code says its transfer has more than %d QR codes, far more than any Google Authenticator makes; it was not read", maxTransferCodes)
)

// protoReader reads protobuf wire format.
type protoReader struct {
	b []byte
}

func (r *protoReader) varint() (uint64, error) {
	var v uint64
	for i := 0; i < 10; i++ {
		if len(r.b) == 0 {
			return 0, errDamagedMigration
		}
		c := r.b[0]
		r.b = r.b[1:]
		if i == 9 && c > 1 {
			return 0, errDamagedMigration // more than 64 bits
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, nil
		}
	}
	return 0, errDamagedMigration
}

func (r *protoReader) bytes() ([]byte, error) {
	n, err := r.varint()
	if err != nil {
		return nil, err
	}
	if n > uint64(len(r.b)) {
		return nil, errDamagedMigration
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b, nil
}

// field reads a field key. Values of a wire type the caller does not want
// are skipped with skip.
func (r *protoReader) field() (num uint64, wire uint64, err error) {
	k, err := r.varint()
	if err != nil {
		return 0, 0, err
	}
	num, wire = k>>3, k&7
	if num == 0 {
		return 0, 0, errDamagedMigration
	}
	return num, wire, nil
}

// skip passes over a value of an unknown field.
func (r *protoReader) skip(wire uint64) error {
	switch wire {
	case 0:
		_, err := r.varint()
		return err
	case 1:
		if len(r.b) < 8 {
			return errDamagedMigration
		}
		r.b = r.b[8:]
	case 2:
		_, err := r.bytes()
		return err
	case 5:
		if len(r.b) < 4 {
			return errDamagedMigration
		}
		r.b = r.b[4:]
	default:
		// Groups (3, 4) are long deprecated and never used by this message.
		return errDamagedMigration
	}
	return nil
}

// decodeMigrationPayload decodes the protobuf bytes of a MigrationPayload.
func decodeMigrationPayload(b []byte) (*migrationPayload, error) {
	p := &migrationPayload{}
	r := &protoReader{b: b}
	for len(r.b) > 0 {
		num, wire, err := r.field()
		if err != nil {
			return nil, err
		}
		switch {
		case num == 1 && wire == 2:
			sub, err := r.bytes()
			if err != nil {
				return nil, err
			}
			if len(p.Params) == maxMigrationParams {
				return nil, errTooManyAccounts
			}
			op, err := decodeMigrationParams(sub)
			if err != nil {
				return nil, err
			}
			p.Params = append(p.Params, op)
		case num >= 2 && num <= 5 && wire == 0:
			v, err := r.varint()
			if err != nil {
				return nil, err
			}
			// int32 fields: a negative value is sign-extended to 64 bits.
			n := int32(int64(v))
			switch num {
			case 2:
				p.Version = n
			case 3:
				p.BatchSize = n
			case 4:
				p.BatchIndex = n
			case 5:
				p.BatchID = n
			}
		default:
			if err := r.skip(wire); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

func decodeMigrationParams(b []byte) (migrationParams, error) {
	var op migrationParams
	r := &protoReader{b: b}
	for len(r.b) > 0 {
		num, wire, err := r.field()
		if err != nil {
			return op, err
		}
		switch {
		case num >= 1 && num <= 3 && wire == 2:
			v, err := r.bytes()
			if err != nil {
				return op, err
			}
			switch num {
			case 1:
				op.Secret = append([]byte(nil), v...)
			case 2:
				op.Name = string(v)
			case 3:
				op.Issuer = string(v)
			}
		case num >= 4 && num <= 7 && wire == 0:
			v, err := r.varint()
			if err != nil {
				return op, err
			}
			switch num {
			case 4:
				op.Algorithm = v
			case 5:
				op.Digits = v
			case 6:
				op.Type = v
			case 7:
				op.Counter = int64(v)
			}
		default:
			if err := r.skip(wire); err != nil {
				return op, err
			}
		}
	}
	return op, nil
}

// protoWriter writes protobuf wire format.
type protoWriter struct {
	b []byte
}

func (w *protoWriter) varint(v uint64) {
	for v >= 0x80 {
		w.b = append(w.b, byte(v)|0x80)
		v >>= 7
	}
	w.b = append(w.b, byte(v))
}

func (w *protoWriter) key(num, wire uint64) { w.varint(num<<3 | wire) }

func (w *protoWriter) bytesField(num uint64, v []byte) {
	w.key(num, 2)
	w.varint(uint64(len(v)))
	w.b = append(w.b, v...)
}

// int32Field writes an int32 the way protobuf does: negative values as
// 10-byte varints. Zero (the default) is left out, as proto3 does.
func (w *protoWriter) int32Field(num uint64, v int32) {
	if v == 0 {
		return
	}
	w.key(num, 0)
	w.varint(uint64(int64(v)))
}

func (w *protoWriter) uintField(num uint64, v uint64) {
	if v == 0 {
		return
	}
	w.key(num, 0)
	w.varint(v)
}

// encode returns the protobuf bytes of the payload.
func (p *migrationPayload) encode() []byte {
	w := &protoWriter{}
	for _, op := range p.Params {
		sub := &protoWriter{}
		if len(op.Secret) > 0 {
			sub.bytesField(1, op.Secret)
		}
		if op.Name != "" {
			sub.bytesField(2, []byte(op.Name))
		}
		if op.Issuer != "" {
			sub.bytesField(3, []byte(op.Issuer))
		}
		sub.uintField(4, op.Algorithm)
		sub.uintField(5, op.Digits)
		sub.uintField(6, op.Type)
		sub.uintField(7, uint64(op.Counter))
		w.bytesField(1, sub.b)
	}
	w.int32Field(2, p.Version)
	w.int32Field(3, p.BatchSize)
	w.int32Field(4, p.BatchIndex)
	w.int32Field(5, p.BatchID)
	return w.b
}

// link returns the otpauth-migration:// link of the payload, as Google
// Authenticator writes it.
func (p *migrationPayload) link() string {
	return migrationScheme + "offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(p.encode()))
}

// parseMigrationLink decodes one otpauth-migration:// link, within the
// bounds above: a link too long is refused before any decoding, a payload
// with too many accounts as they are counted, and a transfer's numbers that
// do not add up (more codes than maxTransferCodes, an index outside the
// transfer, a code of a transfer with no account in it) once decoded.
func parseMigrationLink(link string) (*migrationPayload, error) {
	link = strings.TrimSpace(link)
	if len(link) > maxMigrationLink {
		return nil, errLinkTooLong
	}
	if len(link) < len(migrationScheme) || !strings.EqualFold(link[:len(migrationScheme)], migrationScheme) {
		return nil, fmt.Errorf("a Google Authenticator transfer link starts with %s", migrationScheme)
	}
	_, query, ok := strings.Cut(link, "?")
	if !ok {
		return nil, errDamagedMigration
	}
	var data string
	found := false
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == "data" {
			data, found = v, true
			break
		}
	}
	if !found {
		return nil, errDamagedMigration
	}
	// Unescape without turning '+' into a space: some tools copy the base64
	// without escaping it. A space that did slip in was a '+'.
	if u, err := url.PathUnescape(data); err == nil {
		data = u
	}
	data = strings.ReplaceAll(data, " ", "+")
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err = enc.DecodeString(data); err == nil {
			break
		}
	}
	if err != nil {
		return nil, errDamagedMigration
	}
	p, err := decodeMigrationPayload(raw)
	if err != nil {
		return nil, err
	}
	if p.BatchSize > maxTransferCodes {
		return nil, errTooManyCodes
	}
	// Google Authenticator numbers the codes of a transfer from 0 and puts
	// at least one account in each.
	if p.BatchSize > 1 && (p.BatchIndex < 0 || p.BatchIndex >= p.BatchSize || len(p.Params) == 0) {
		return nil, errDamagedMigration
	}
	return p, nil
}

// entry turns one OtpParameters into a Sparekey entry, or says in words why
// it cannot.
func (op migrationParams) entry() (vault.Entry, error) {
	e := vault.Entry{Issuer: op.Issuer, Account: op.Name}
	// Google writes the account as "Issuer:account" when the setup link's
	// label had both. A name with a colon but no matching issuer is kept
	// whole: the colon may belong to the name.
	if i := strings.Index(op.Name, ":"); i >= 0 && e.Issuer != "" && strings.EqualFold(strings.TrimSpace(op.Name[:i]), e.Issuer) {
		e.Account = strings.TrimSpace(op.Name[i+1:])
	}
	if len(op.Secret) == 0 {
		return e, errors.New("it has no key in it")
	}
	e.Secret = vault.EncodeSecret(op.Secret)
	switch op.Algorithm {
	case 0, migAlgSHA1:
		e.Algorithm = vault.SHA1
	case migAlgSHA256:
		e.Algorithm = vault.SHA256
	case migAlgSHA512:
		e.Algorithm = vault.SHA512
	case migAlgMD5:
		return e, errors.New("it uses the MD5 algorithm, which Sparekey cannot make codes with")
	default:
		return e, fmt.Errorf("it uses an algorithm Sparekey does not know (number %d)", op.Algorithm)
	}
	switch op.Digits {
	case 0, migDigitsSix:
		e.Digits = 6
	case migDigitsEight:
		e.Digits = 8
	default:
		return e, fmt.Errorf("its code length is one Sparekey does not know (number %d)", op.Digits)
	}
	switch op.Type {
	case 0, migTypeTOTP:
		e.Type = vault.TOTP
		e.Period = vault.DefaultPeriod
	case migTypeHOTP:
		e.Type = vault.HOTP
		if op.Counter < 0 {
			return e, errors.New("its counter is negative")
		}
		e.Counter = uint64(op.Counter)
	default:
		return e, fmt.Errorf("it is a kind of code Sparekey does not know (number %d)", op.Type)
	}
	if _, err := e.Normalize(); err != nil {
		return e, err
	}
	return e, nil
}

// migrationParamsOf turns an entry into OtpParameters, or says in words why
// Google Authenticator could not take it.
func migrationParamsOf(e vault.Entry) (migrationParams, error) {
	op := migrationParams{Name: e.Account, Issuer: e.Issuer}
	raw, err := vault.SecretBytes(e.Secret)
	if err != nil {
		return op, err
	}
	op.Secret = raw
	switch e.Type {
	case vault.TOTP, "":
		op.Type = migTypeTOTP
		if e.Period != 0 && e.Period != vault.DefaultPeriod {
			return op, fmt.Errorf("its codes change every %d seconds; Google Authenticator only knows 30", e.Period)
		}
	case vault.HOTP:
		op.Type = migTypeHOTP
		op.Counter = int64(e.Counter)
		if e.Counter > 1<<63-1 {
			return op, errors.New("its counter is too large for Google Authenticator")
		}
	case vault.Steam:
		return op, errors.New("it is a Steam key; Google Authenticator cannot make Steam codes")
	default:
		return op, fmt.Errorf("Google Authenticator does not know %q codes", e.Type)
	}
	switch e.Algorithm {
	case vault.SHA1, "":
		op.Algorithm = migAlgSHA1
	case vault.SHA256:
		op.Algorithm = migAlgSHA256
	case vault.SHA512:
		op.Algorithm = migAlgSHA512
	default:
		return op, fmt.Errorf("Google Authenticator does not know the %s algorithm", e.Algorithm)
	}
	switch e.Digits {
	case 6, 0:
		op.Digits = migDigitsSix
	case 8:
		op.Digits = migDigitsEight
	default:
		return op, fmt.Errorf("its codes have %d digits; Google Authenticator only knows 6 or 8", e.Digits)
	}
	return op, nil
}
