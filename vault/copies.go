package vault

import "time"

// CopySettings is what the vault remembers about its encrypted copies (see
// package backup, which fills it).
type CopySettings struct {
	Locations []CopyLocation `json:"locations,omitempty"`
	// Keep is how many dated copies each location keeps; 0 means the default.
	Keep int `json:"keep,omitempty"`
	// Manual turns off updating the reachable locations after each change
	// (the default is on: a copy costs no typing and no scrypt).
	Manual bool `json:"manual,omitempty"`
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
	// KeysID is the vault's KeysID when that copy was written: after the
	// password changes (or the recovery key is renewed) the copy opens only
	// with the old ones, so the location is out of date.
	KeysID string `json:"keys_id,omitempty"`
	// Mount is the folder where the disk holding Path is mounted, when it
	// is not the computer's own disk: a USB stick that is not plugged in
	// leaves Path behind as an empty folder on the computer's disk.
	Mount string `json:"mount,omitempty"`
	// Absorbed lists the SHA-256 of other vaults' copies found here whose
	// keys this vault took in: they no longer stop an update.
	Absorbed []string `json:"absorbed,omitempty"`
	// Written lists the copies this vault wrote here and has not deleted,
	// oldest first. (What may be deleted is decided by each copy's MAC,
	// not by this list.)
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
