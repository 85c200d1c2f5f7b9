package printing

import (
	"strings"
	"testing"
)

// TestSheetBlocksTellSettingsAndRecoveryCodes reads each page's text with
// pdftotext: every key's block on its page says its settings in words when
// they are not the usual ones and lists its recovery codes with the used
// ones marked "used"; a Steam key does not send people to the Steam app.
func TestSheetBlocksTellSettingsAndRecoveryCodes(t *testing.T) {
	s := testSheet(t)
	es := testEntries(len(s.entries), 1) // the keys testSheet printed
	withCodes, used, unusual := 0, 0, 0
	for _, b := range s.lay.blocks {
		text := strings.Join(strings.Fields(s.blockText(t, b)), " ")
		e := es[b.entry]
		if e.Secret != s.entries[b.entry].secret {
			t.Fatalf("testEntries is not the list testSheet printed")
		}
		if w := e.Settings(); w != "" {
			unusual++
			if !strings.Contains(text, w) {
				t.Errorf("page %d, %s: the settings %q are not said", b.page, e.Name(), w)
			}
		}
		if len(e.RecoveryCodes) > 0 {
			withCodes++
		}
		for _, rc := range e.RecoveryCodes {
			want := rc.Code
			if rc.Used {
				used++
				want += " used"
			}
			if !strings.Contains(text, want) {
				t.Errorf("page %d, %s: recovery code %q is not printed as %q", b.page, e.Name(), rc.Code, want)
			}
		}
		if strings.Contains(text, "Steam app or") || strings.Contains(text, "Scan it with the Steam app") {
			t.Errorf("page %d: the sheet tells people to scan a key with the Steam app", b.page)
		}
	}
	if withCodes == 0 || used == 0 || unusual == 0 {
		t.Fatalf("the test sheet has %d keys with recovery codes, %d used codes, %d keys with unusual settings: it checks nothing", withCodes, used, unusual)
	}
}
