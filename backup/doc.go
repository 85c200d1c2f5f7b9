// Package backup writes encrypted copies of the vault to several folders (a
// USB stick, a synced folder, a network share), checks them, keeps a few
// dated versions, refuses to write beside a copy that knows keys the vault
// does not, and brings a vault back from a place.
//
// A copy is a snapshot of the vault file itself (see package vault), named
// sparekey-copy-YYYYMMDD-HHMMSS.sparekey: the same authenticated container
// and the same slots. So it opens with the master password in force when it
// was written AND with the printed recovery key, in Sparekey or with the
// age command alone (README), and writing one costs no scrypt and needs no
// typing: copies follow every change (Background) unless the person turns
// that off. Copies of Sparekey's first version (.age, locked with a
// passphrase) are still read, never written.
//
// The guard: before writing to a place, the copies there are read, newest
// first. One that this vault wrote (its MAC verifies with one of the vault's
// keys, in force or earlier) is opened with no password. Another vault's
// copy needs its own password or the recovery key (Options.Secret); without
// it, or if it holds keys the vault lacks, nothing is written there and the
// result says why (Refused, with Missing). Once those keys are added
// (AddMissing), the copy is remembered as taken in and the next update
// writes without asking again.
//
// Nothing here ever replaces a file: each copy gets a new name. Old copies
// are deleted only after a new one has been written and read back, only
// beyond the number to keep, and only copies whose MAC proves this vault
// wrote them and that hold no key the vault lacks: what the vault's records
// or a file claim decides nothing. Every file read from a place is bounded
// (size, scrypt work) before it is read.
//
// Restoring takes a place (OpenPlace: its newest copy that opens) or a
// file; NewerBeside names newer copies beside a chosen one, and Restore
// makes the vault from the copy (the same vault, whose copies stay its own).
package backup
