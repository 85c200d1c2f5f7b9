package vault

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// URI formats the entry as an otpauth:// link, the form that QR codes at
// setup carry and every authenticator app reads. Steam entries use
// otpauth://steam/, which Steam-aware apps read; other fields are written
// only when they differ from the usual values, which keeps QR codes small.
// ParseURI(e.URI()) gives the same code settings, issuer and account back.
func (e *Entry) URI() string {
	typ := string(e.Type)
	if typ == "" {
		typ = string(TOTP)
	}
	label := escapeLabel(e.Account)
	if e.Issuer != "" {
		label = escapeLabel(e.Issuer) + ":" + label
	}
	q := []string{"secret=" + e.Secret}
	if e.Issuer != "" {
		q = append(q, "issuer="+escapeQuery(e.Issuer))
	}
	if e.Type != Steam {
		if e.Algorithm != "" && e.Algorithm != SHA1 {
			q = append(q, "algorithm="+string(e.Algorithm))
		}
		if e.Digits != 0 && e.Digits != DefaultDigits {
			q = append(q, "digits="+strconv.Itoa(e.Digits))
		}
		if e.Type == HOTP {
			q = append(q, "counter="+strconv.FormatUint(e.Counter, 10))
		} else if e.Period != 0 && e.Period != DefaultPeriod {
			q = append(q, "period="+strconv.Itoa(e.Period))
		}
	}
	return "otpauth://" + typ + "/" + label + "?" + strings.Join(q, "&")
}

// SheetParam is the parameter that marks a link printed on a Sparekey
// recovery sheet, with the sheet's date (YYYYMMDD, short: every character
// makes the QR code denser): a key read back from the sheet's QR code is on
// paper already. Authenticator apps ignore parameters they do not know, so
// the sheet's codes still set them up.
const SheetParam = "sk"

// sheetDateForm is how SheetParam writes the date.
const sheetDateForm = "20060102"

// SheetURI is the link a recovery sheet printed on printed carries in a key's
// QR code: URI with SheetParam. ParseURI gives the date back as Printed.
func (e *Entry) SheetURI(printed time.Time) string {
	return e.URI() + "&" + SheetParam + "=" + printed.Format(sheetDateForm)
}

// sheetDate reads SheetParam's date: noon that day on this computer's
// clock (as UTC, like every time in the vault), so that the date shown here
// is the one printed; zero if it is not a date.
func sheetDate(s string) time.Time {
	d, err := time.ParseInLocation(sheetDateForm, s, time.Local)
	if err != nil {
		return time.Time{}
	}
	return d.Add(12 * time.Hour).UTC()
}

// escapeLabel escapes a label part so that ':' and '/' stay inside it.
func escapeLabel(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

// escapeQuery escapes a query value with %20 for spaces, which more apps read
// correctly than '+'.
func escapeQuery(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// ParseURI reads an otpauth:// link: otpauth://totp/, otpauth://hotp/,
// otpauth://steam/ and the encoder=steam convention; the issuer from the
// parameter or, failing that, the label's "Issuer:" prefix; escaped and
// unicode characters. A link from a Sparekey recovery sheet (SheetParam)
// gives the sheet's date as Printed. The entry comes back normalized (see
// Entry.Normalize) with the warning Normalize gave.
func ParseURI(s string) (Entry, string, error) {
	var e Entry
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil {
		// url.Error quotes the whole link, secret included: never pass it on.
		return e, "", errors.New("this is not a key link that Sparekey can read: it has characters a link cannot have")
	}
	if !strings.EqualFold(u.Scheme, "otpauth") {
		return e, "", fmt.Errorf("a key link starts with otpauth://, this one starts with %q", u.Scheme+":")
	}
	host := strings.ToLower(u.Host)
	switch host {
	case "totp", "hotp", "steam":
		e.Type = Type(host)
	default:
		return e, "", fmt.Errorf("the key link is of kind %q; Sparekey knows totp, hotp and steam", u.Host)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		// ParseQuery's error can quote part of the secret: never pass it on.
		return e, "", errors.New("the key link's settings are damaged (a % sign not followed by two hex digits, or a stray ';')")
	}
	// The label: split the raw path on a literal ':' so that an escaped colon
	// stays inside the issuer or account.
	raw := strings.TrimPrefix(u.EscapedPath(), "/")
	var labelIssuer string
	if i := strings.Index(raw, ":"); i >= 0 {
		labelIssuer, _ = url.PathUnescape(raw[:i])
		e.Account, _ = url.PathUnescape(raw[i+1:])
	} else {
		e.Account, _ = url.PathUnescape(raw)
	}
	e.Issuer = labelIssuer
	if q.Has("issuer") {
		e.Issuer = q.Get("issuer")
		// Some apps escape the separator as well ("Issuer%3Aaccount").
		if labelIssuer == "" && strings.HasPrefix(e.Account, e.Issuer+":") && e.Issuer != "" {
			e.Account = strings.TrimPrefix(e.Account, e.Issuer+":")
		}
	}
	e.Issuer = strings.TrimSpace(e.Issuer)
	e.Account = strings.TrimSpace(e.Account)
	if !q.Has("secret") {
		return e, "", fmt.Errorf("the key link has no key in it (its secret= part is missing)")
	}
	e.Secret = q.Get("secret")
	if strings.EqualFold(q.Get("encoder"), "steam") {
		e.Type = Steam
	}
	if a := q.Get("algorithm"); a != "" {
		alg, ok := ParseAlgorithm(a)
		if !ok {
			return e, "", fmt.Errorf("the key link asks for algorithm %q; Sparekey knows SHA1, SHA256 and SHA512", a)
		}
		e.Algorithm = alg
	}
	if d := q.Get("digits"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return e, "", fmt.Errorf("the key link's digits=%q is not a number", d)
		}
		e.Digits = n
	}
	if p := q.Get("period"); p != "" && e.Type == TOTP {
		n, err := strconv.Atoi(p)
		if err != nil {
			return e, "", fmt.Errorf("the key link's period=%q is not a number", p)
		}
		e.Period = n
	}
	if e.Type == HOTP {
		c := q.Get("counter")
		if c == "" {
			c = "0"
		}
		n, err := strconv.ParseUint(c, 10, 64)
		if err != nil {
			return e, "", fmt.Errorf("the key link's counter=%q is not a whole number", c)
		}
		e.Counter = n
	}
	// A link read from a Sparekey recovery sheet: the key is on paper.
	e.Printed = sheetDate(q.Get(SheetParam))
	warning, err := e.Normalize()
	if err != nil {
		return e, "", err
	}
	return e, warning, nil
}
