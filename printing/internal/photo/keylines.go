package photo

import "strings"

// KeyLinesIn finds the key lines in tesseract's text: runs of groups of up to
// four letters and digits, read the way Restore from paper reads typing (0,
// 1 and 8 are O, I and B).
func KeyLinesIn(text string) map[string]bool {
	found := map[string]bool{}
	fix := strings.NewReplacer("0", "O", "1", "I", "8", "B")
	for _, row := range strings.Split(text, "\n") {
		f := strings.Fields(row)
		for i := range f {
			var groups []string
			for j := i; j < len(f) && len(groups) < 4; j++ {
				g := fix.Replace(strings.ToUpper(f[j]))
				if len(g) > 4 || !isBase32(g) {
					break
				}
				groups = append(groups, g)
			}
			for k := 1; k <= len(groups); k++ {
				found[strings.Join(groups[:k], " ")] = true
			}
		}
	}
	return found
}

func isBase32(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return s != ""
}
