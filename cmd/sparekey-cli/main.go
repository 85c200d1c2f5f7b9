// Sparekey-cli is Sparekey's command line without the desktop app: the same
// verbs as "sparekey VERB", in a program that needs no graphics library
// (built with CGO_ENABLED=0), so that it starts where OpenGL is missing and,
// on Windows, prints in a console (sparekey.exe is a window program there,
// and Windows shows nothing that a window program prints).
package main

import (
	"os"

	"sparekey/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
