package vault

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestCheckPassword(t *testing.T) {
	v, _, err := Create(filepath.Join(t.TempDir(), "v.sparekey"), "right password", WithWorkFactor(1))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.CheckPassword("right password"); err != nil {
		t.Errorf("the right password: %v", err)
	}
	if err := v.CheckPassword("wrong password"); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("a wrong password: %v", err)
	}
	v.Close()
	if err := v.CheckPassword("right password"); !errors.Is(err, ErrLocked) {
		t.Errorf("after Close: %v", err)
	}
}
