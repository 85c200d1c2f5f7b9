package cli

import (
	"fmt"

	"sparekey/version"
)

func init() {
	Register(&Command{Name: "version", Summary: "say which version of Sparekey this is (also: --version)", Run: runVersion})
}

func runVersion(env *Env, args []string) error {
	if len(args) > 0 {
		return Usagef("version takes no arguments")
	}
	fmt.Fprintln(env.Stdout, "Sparekey "+version.Number)
	return nil
}
