package cli

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// printable returns s as it is safe to show on a terminal. Names come from
// other apps' exports, QR codes and links, so they may hold anything; every
// rune that does not simply print itself is written as a Go escape instead:
// control characters (ESC, which starts colour and cursor codes, as \x1b;
// tab, newline and carriage return as \t, \n and \r, so that one record stays
// one line and nothing is overwritten), the C1 controls, line and paragraph
// separators, invisible format characters such as the bidirectional
// overrides (U+202E as \u202e), unassigned and private code points, and bytes
// that are not UTF-8. Letters of every script, marks, digits, signs and
// spaces are kept. A backslash is kept as it is (accounts such as
// CORP\jdoe read as they should), so printable is idempotent.
//
// Every name, file name and error line the command line prints goes through
// it.
func printable(s string) string {
	if isPrintable(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case unicode.IsGraphic(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
		i += size
	}
	return b.String()
}

// isPrintable reports whether printable would leave s as it is.
func isPrintable(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if !unicode.IsGraphic(r) {
			return false
		}
	}
	return true
}
