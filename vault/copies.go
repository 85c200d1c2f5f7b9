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
	// File is the name (in Path) of the copy last written, and FileHash the
	// SHA-256 of its bytes: when the newest copy in the folder is still that
	// file, it holds nothing this vault has not seen, and the guard need not
	// decrypt it.
	File     string `json:"file,omitempty"`
	FileHash string `json:"file_hash,omitempty"`
	// SeparatePassphrase records whether that copy was locked with the
	// separate copy passphrase (else the master password).
	SeparatePassphrase bool `json:"separate_passphrase,omitempty"`
	// Written lists the copies this vault wrote here and has not deleted,
	// oldest first. Old copies are deleted only from this list, so a copy
	// that anything else wrote (another vault, a person) is never deleted.
	Written []WrittenCopy `json:"written,omitempty"`
	// LastTried is when an update last tried this location, and Problem what
	// went wrong then, in words (empty when it went well).
	LastTried time.Time `json:"last_tried,omitempty"`
	Problem   string    `json:"problem,omitempty"`
	// Guarded is set when the last update did not write here because the
	// copy there holds keys this vault lacks.
	Guarded bool `json:"guarded,omitempty"`
}

// WrittenCopy is one copy a vault wrote: its file name and the SHA-256 of
// its bytes (hex).
type WrittenCopy struct {
	Name string `json:"name"`
	Hash string `json:"hash"`
}
