package cli

import (
	"fmt"

	"sparekey/version"
)

func runVersion(env *Env, args []string) error {
	if len(args) > 0 {
		return Usagef("version takes no arguments")
	}
	fmt.Fprintln(env.Stdout, "Sparekey "+version.Number)
	return nil
}
