package vault

// CheckPassword reports whether password is the vault's master password,
// without changing anything: nil if it is, ErrWrongPassword if not. It costs
// one scrypt. (Encrypted copies use the master password by default, so a
// caller that asks for it again checks it before locking copies with it.)
func (v *Vault) CheckPassword(password string) error {
	if v.identity == nil {
		return ErrLocked
	}
	id, err := openSlot(v.passwordSlot, password, MaxWorkFactor)
	if err != nil {
		return err
	}
	if id.String() != v.identity.String() {
		return ErrWrongPassword
	}
	return nil
}
