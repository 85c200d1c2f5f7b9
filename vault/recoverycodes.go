package vault

import (
	"regexp"
	"strings"
)

// listMarker matches what lists put before each item when copied from a
// web page: "1.", "2)", "-", "*", "•".
var listMarker = regexp.MustCompile(`^\s*(?:\d{1,3}[.)]\s+|[-*•·]\s+)`)

// columnGap separates codes that a page lays out side by side: a tab or two
// or more spaces. A single space stays inside a code ("1234 5678", as Google
// writes them).
var columnGap = regexp.MustCompile(`\t|\s{2,}`)

// ParseRecoveryCodes splits text pasted from a website's list of recovery
// codes into the codes: one per line, or several on a line separated by a
// tab, two spaces, a comma or a semicolon. List numbering and bullets are
// dropped, and a code given twice is kept once.
func ParseRecoveryCodes(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' }) {
		line = listMarker.ReplaceAllString(line, "")
		for _, part := range columnGap.Split(line, -1) {
			for _, code := range strings.FieldsFunc(part, func(r rune) bool { return r == ',' || r == ';' }) {
				code = strings.TrimSpace(code)
				if code == "" || seen[code] {
					continue
				}
				seen[code] = true
				out = append(out, code)
			}
		}
	}
	return out
}

// AddRecoveryCodes appends the codes the entry does not have yet (as not
// used) and returns how many it added.
func (e *Entry) AddRecoveryCodes(codes []string) int {
	have := map[string]bool{}
	for _, rc := range e.RecoveryCodes {
		have[rc.Code] = true
	}
	added := 0
	for _, c := range codes {
		if have[c] {
			continue
		}
		have[c] = true
		e.RecoveryCodes = append(e.RecoveryCodes, RecoveryCode{Code: c})
		added++
	}
	return added
}
