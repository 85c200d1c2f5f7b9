package vault

import (
	"encoding/json"
	"fmt"
	"time"

	"filippo.io/age"
)

// keyRing is the part of the list of keys that holds the vault's own keys:
// the vault key in force, the ones before it (to open old copies), and the
// recovery identity's recipient (every save encrypts to it too). It is only
// in the vault file and its copies, which are encrypted to those keys.
type keyRing struct {
	Vault    string   `json:"vault"`
	Earlier  []string `json:"earlier,omitempty"`
	Recovery string   `json:"recovery"`
	// RecoveryOutdated: the recovery key in force should be replaced.
	RecoveryOutdated bool `json:"recovery_outdated,omitempty"`
}

// maxEarlierKeys bounds the earlier vault keys a file may list.
const maxEarlierKeys = 10000

// readKeyRing reads only the keys of a list of keys.
func readKeyRing(plain []byte) (*keyRing, error) {
	var k struct {
		Keys *keyRing `json:"keys"`
	}
	if err := json.Unmarshal(plain, &k); err != nil || k.Keys == nil {
		return nil, ErrTampered
	}
	return k.Keys, nil
}

func (v *Vault) keyRing() *keyRing {
	k := &keyRing{Vault: v.identity.String(), RecoveryOutdated: v.recoveryOutdated}
	if v.recoveryRecipient != nil {
		k.Recovery = v.recoveryRecipient.String()
	}
	for _, e := range v.earlier {
		k.Earlier = append(k.Earlier, e.String())
	}
	return k
}

// setKeyRing takes the keys of a verified file.
func (v *Vault) setKeyRing(k *keyRing) error {
	if len(k.Earlier) > maxEarlierKeys {
		return fmt.Errorf("%w: too many earlier keys", ErrDamaged)
	}
	r, err := age.ParseX25519Recipient(k.Recovery)
	if err != nil {
		return fmt.Errorf("%w: the recovery key's part is not valid", ErrDamaged)
	}
	v.recoveryRecipient = r
	v.recoveryOutdated = k.RecoveryOutdated
	v.earlier = nil
	for _, s := range k.Earlier {
		id, err := age.ParseX25519Identity(s)
		if err != nil {
			return fmt.Errorf("%w: an earlier key is not valid", ErrDamaged)
		}
		v.earlier = append(v.earlier, id)
	}
	return nil
}

// keyState is what ChangePassword and NewRecoveryKey change, to be put back
// when the save fails.
type keyState struct {
	identity                   *age.X25519Identity
	earlier                    []*age.X25519Identity
	recoveryRecipient          *age.X25519Recipient
	passwordSlot, recoverySlot string
	recoveryMade               time.Time
	recoveryOutdated           bool
}

func (v *Vault) keyState() keyState {
	return keyState{v.identity, append([]*age.X25519Identity(nil), v.earlier...), v.recoveryRecipient,
		v.passwordSlot, v.recoverySlot, v.RecoveryKeyMade, v.recoveryOutdated}
}

func (v *Vault) restoreKeys(s keyState) {
	v.identity, v.earlier, v.recoveryRecipient = s.identity, s.earlier, s.recoveryRecipient
	v.passwordSlot, v.recoverySlot = s.passwordSlot, s.recoverySlot
	v.RecoveryKeyMade, v.recoveryOutdated = s.recoveryMade, s.recoveryOutdated
}

// ownKeys returns the vault key in force and the earlier ones, newest first.
func (v *Vault) ownKeys() []*age.X25519Identity {
	out := []*age.X25519Identity{v.identity}
	for i := len(v.earlier) - 1; i >= 0; i-- {
		out = append(out, v.earlier[i])
	}
	return out
}

// RecoveryKeyOutdated reports whether Sparekey advises a new recovery key:
// the one in force was made by an older Sparekey whose files showed part of
// it, or it was sealed below the work factor floor.
func (v *Vault) RecoveryKeyOutdated() bool { return v.recoveryOutdated }

// WeakWorkFactor reports whether new slots are sealed below MinWorkFactor
// (only tests ask for that): the app and the command line warn.
func (v *Vault) WeakWorkFactor() bool { return v.logN < MinWorkFactor }

// ID identifies the vault across its saves and copies.
func (v *Vault) ID() string { return v.vaultID }

// Generation is the number of the save the vault's file holds; it grows by
// one at every save.
func (v *Vault) Generation() uint64 { return v.generation }

func jsonString(s string) (json.RawMessage, error) { return json.Marshal(s) }
