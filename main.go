// Sparekey keeps a spare of every 2FA key: a password-protected vault of the
// secret keys behind login codes, paper recovery sheets and encrypted copies
// in several places.
//
// With no verb it opens the desktop app; with a verb it runs the command line
// (see sparekey help).
package main

import (
	"fmt"
	"os"

	"sparekey/app"
	"sparekey/cli"
	"sparekey/internal/coredump"
)

func main() {
	// Keys are held in the clear in memory once a vault is open.
	if err := coredump.Off(); err != nil {
		fmt.Fprintln(os.Stderr, "sparekey: warning: core dumps could not be turned off, so a crash could write your keys to a file: "+err.Error())
	}
	globals, verb, _, demo, err := cli.Split(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "sparekey: "+err.Error())
		os.Exit(2)
	}
	if verb != "" {
		os.Exit(cli.Main(os.Args[1:]))
	}
	vaultPath := globals["--vault"]
	if vaultPath == "" {
		vaultPath = cli.DefaultVaultPath(os.Getenv)
	}
	app.Run(vaultPath, demo)
}
