//go:build ci

package app

// fitFirstWindow does nothing in the headless build (-tags ci): there is
// no screen to fit.
func (u *UI) fitFirstWindow() {}
