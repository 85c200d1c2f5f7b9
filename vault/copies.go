package vault

import "time"

// CopySettings is what the vault remembers about its encrypted copies (see
// package backup, which fills it).
type CopySettings struct {
	Locations []CopyLocation `json:"locations,omitempty"`
	// Keep is how many dated copies each location keeps; 0 means the default.
	Keep int `json:"keep,omitempty"`
	// SeparatePassphrase is true when copies use their own passphrase rather
	// than the master password.
	SeparatePassphrase bool `json:"separate_passphrase,omitempty"`
	// AutoUpdate asks for the reachable locations to be updated after each
	// change.
	AutoUpdate bool `json:"auto_update,omitempty"`
}

// CopyLocation is one folder that holds encrypted copies.
type CopyLocation struct {
	Path        string    `json:"path"`
	LastWritten time.Time `json:"last_written,omitempty"`
	Verified    bool      `json:"verified,omitempty"`
	Entries     int       `json:"entries,omitempty"`
	// Fingerprint identifies the content last written, so that an update
	// that changes nothing writes nothing.
	Fingerprint string `json:"fingerprint,omitempty"`
}
