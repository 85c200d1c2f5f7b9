package vault

import (
	"strings"
	"testing"
)

// A link that cannot be parsed must not put its secret into the error, which
// the command line prints and the app shows.
func TestParseURIErrorsDoNotQuoteTheSecret(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXPSECRETKEYZZ"
	for _, link := range []string{
		"otpauth://totp/A:b?secret=" + secret + "&issuer=%zz",
		"otpauth://totp/A:b\x7f?secret=" + secret,
		"otpauth://to tp/A:b?secret=" + secret,
		"otpauth://totp/A:b?secret=" + secret + "&digits=x",
		"otpauth://totp/A:b?secret=" + secret + ";x",
	} {
		_, _, err := ParseURI(link)
		if err == nil {
			t.Errorf("ParseURI(%q) gave no error", link)
			continue
		}
		if strings.Contains(err.Error(), secret[:8]) {
			t.Errorf("error quotes the secret: %v", err)
		}
	}
}
