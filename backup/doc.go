// Package backup writes encrypted copies of the vault's keys to several
// folders (a USB stick, a synced folder, a network share), checks them,
// keeps a few dated versions, and refuses to replace a copy that knows keys
// the vault does not.
//
// A copy is a plain armored age file locked with a passphrase (scrypt),
// named sparekey-copy-YYYYMMDD-HHMMSS.age, holding the vault's payload JSON
// (vault.Payload), in which every key also carries its otpauth:// link. So
// "age -d" and the passphrase give every key back without Sparekey.
//
// One round of "update all copies" (Take, then Snapshot.Write, then Apply)
// costs one scrypt: the copy is encrypted once and the same bytes are
// written to every location, each read back and compared. The encryption is
// checked once, by decrypting with the file key age generated (no second
// scrypt).
//
// The guard: before writing to a location, the newest copy there is read.
// If it is the copy this vault last wrote there (same bytes), it holds
// nothing the vault has not seen, and nothing is decrypted; keys the person
// removed on purpose do not stop the update. Otherwise it is decrypted (one
// more scrypt, once a round per distinct copy) and, if it holds keys the
// vault lacks, nothing is written there: the result is Refused with those
// keys, and the caller offers to add them (AddMissing), to write anyway
// (Options.Force) or to cancel.
//
// Nothing here ever replaces a file: each copy gets a new name. Old copies
// are deleted only after a new copy has been written and read back (so the
// newest good copy is never deleted), only beyond the number to keep, and
// only copies this vault wrote itself, unchanged since: a copy that another
// vault or a person put in the folder is never deleted, even after "write
// anyway".
package backup
