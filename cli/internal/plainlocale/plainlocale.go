// Package plainlocale keeps the command line's stderr to one line under the
// C locale with an encoding (LANG=C.UTF-8, the default of many containers,
// servers and CI machines).
//
// The program links the desktop app, and Fyne's lang package reads the
// locale when it is initialized: it takes "C.UTF-8" for a language named
// "C" and logs three lines of "Error parsing user locale C" before main
// runs, on every command. Setting LANGUAGE=en first makes it read English,
// which is what the C locale means for messages.
//
// This package must be initialized before fyne.io/fyne/v2/lang. Go
// initializes packages in import-path order as soon as their imports are
// ready; this one imports only os and strings, and Fyne's lang imports
// text/template, whose path sorts after this one's, so this one always
// comes first (a test of the built program checks it).
package plainlocale

import (
	"os"
	"strings"
)

// set records that init set LANGUAGE, for Restore.
var set bool

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		base, _, withEncoding := strings.Cut(v, ".")
		if withEncoding && (base == "C" || base == "POSIX") && os.Getenv("LANGUAGE") == "" {
			set = os.Setenv("LANGUAGE", "en") == nil
		}
		return
	}
}

// Restore takes back the LANGUAGE that init set, so that programs started
// later see the environment the person gave.
func Restore() {
	if set {
		os.Unsetenv("LANGUAGE")
		set = false
	}
}
