package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"sparekey/vault"
)

// TestAMissingSecretNamesItsOption: without a terminal, the one line says
// which variable or which --...-file option gives the missing secret.
func TestAMissingSecretNamesItsOption(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add", "otpauth://totp/One:a?secret=JBSWY3DPEHPK3PXP")
	dir := t.TempDir()
	aegis := interopFile("aegis/encrypted.json")
	tests := []struct {
		name  string
		unset []string
		call  []string
		want  []string
	}{
		{"master password", []string{"SPAREKEY_PASSWORD"}, []string{"list"}, []string{"SPAREKEY_PASSWORD", "--password-file FILE"}},
		{"new password", []string{"SPAREKEY_NEW_PASSWORD"}, []string{"passwd"}, []string{"SPAREKEY_NEW_PASSWORD", "--new-password-file FILE"}},
		{"recovery key", nil, []string{"recover"}, []string{"SPAREKEY_RECOVERY_KEY", "--recovery-key-file FILE"}},
		{"export password", nil, []string{"export", "--format", "aegis-encrypted", "--out", filepath.Join(dir, "out.json")}, []string{"SPAREKEY_EXPORT_PASSWORD", "--export-password-file FILE"}},
		{"import password", nil, []string{"import", aegis}, []string{"SPAREKEY_IMPORT_PASSWORD", "--import-password-file FILE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			saved := map[string]string{}
			for k, v := range c.vars {
				saved[k] = v
			}
			defer func() { c.vars = saved }()
			for _, k := range tt.unset {
				delete(c.vars, k)
			}
			_, msg := c.fails("", tt.call[0], tt.call[1:]...)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%v: %q does not name %s", tt.call, msg, w)
				}
			}
			if strings.Contains(msg, "--...") {
				t.Errorf("%v: %q does not say which option", tt.call, msg)
			}
		})
	}
}

// TestAddOfAShortKeySaysOneLineWhenItFails: the short-key warning is not
// printed when the vault cannot be opened, so a failure is one line.
func TestAddOfAShortKeySaysOneLineWhenItFails(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	short := "otpauth://totp/Short:me?secret=" + vault.EncodeSecret([]byte("123456789"))
	c.vars["SPAREKEY_PASSWORD"] = "not the password"
	if _, msg := c.fails("", "add", short); !strings.Contains(msg, "not right") {
		t.Errorf("add with a wrong password: %q", msg)
	}
	c.vars["SPAREKEY_PASSWORD"] = cliPassword
	code, out, errs := c.run("", "add", short)
	if code != 0 || len(tsv(out)) != 1 || !strings.Contains(errs, "short") {
		t.Errorf("short key with the right password: exit %d, out %q, err %q", code, out, errs)
	}
}

// TestImportOfAnUnknownFormatNamesTheKnownOnes.
func TestImportOfAnUnknownFormatNamesTheKnownOnes(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	code, msg := c.fails("", "import", "--format", "lastpass", "file.json")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, w := range []string{"lastpass", "auto", "aegis", "bitwarden", "google"} {
		if !strings.Contains(msg, w) {
			t.Errorf("%q does not name %s", msg, w)
		}
	}
}

// TestOneKeyIsOneKey: counts read "1 key", not "1 keys".
func TestOneKeyIsOneKey(t *testing.T) {
	c := newCopyEnv(t).withKeys(1)
	dir := t.TempDir()
	c.must("", "copy", "--to", dir)
	var file string
	for name := range filesIn(t, dir) {
		file = filepath.Join(dir, name)
	}
	if out := c.must("", "verify", file); !strings.Contains(out, "good, 1 key,") {
		t.Errorf("verify: %q", out)
	}
	out := c.must("", "print", "--out", filepath.Join(t.TempDir(), "s.pdf"))
	if !strings.Contains(out, "sheet of 1 key ") {
		t.Errorf("print: %q", out)
	}
	n := newCopyEnv(t)
	if out := n.must("", "restore", file); !strings.Contains(out, "Brought back 1 key from") {
		t.Errorf("restore as a new vault: %q", out)
	}
}

// TestCodeTakesAtBeforeOrAfterTheQuery, and refuses a time before 1970
// (TOTP counts time steps from 1970; earlier times have no code).
func TestCodeTakesAtBeforeOrAfterTheQuery(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add", "otpauth://totp/RFC:sha1?secret="+rfcSeed(20)+"&digits=8", "otpauth://totp/Other:x?secret=JBSWY3DPEHPK3PXP")
	for _, args := range [][]string{{"--at", "59", "rfc"}, {"rfc", "--at", "59"}, {"rfc", "--at=59"}} {
		if out := c.ok("", "code", args...); out != "RFC\tsha1\t94287082\n" {
			t.Errorf("code %q = %q, want RFC sha1 94287082 (RFC 6238)", args, out)
		}
	}
	for _, args := range [][]string{{"rfc", "--at", "59", "other"}, {"--at", "-30", "rfc"}, {"rfc", "--at"}} {
		if code, _ := c.fails("", "code", args...); code != 2 {
			t.Errorf("code %q: exit %d, want 2", args, code)
		}
	}
}

// TestImportOfATransferSavedAsSeveralPictures: Google Authenticator's
// transfer codes, each in its own picture (as `export --format
// migration-qr` writes them, and as people screenshot them), imported in one
// go: every key, and no code reported missing.
func TestImportOfATransferSavedAsSeveralPictures(t *testing.T) {
	src := newCopyEnv(t).withKeys(25)
	dir := filepath.Join(t.TempDir(), "codes")
	src.must("", "export", "--format", "migration-qr", "--out", dir)
	pictures, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(pictures) < 3 {
		t.Fatalf("%d pictures, want 3 or more", len(pictures))
	}
	c := newCopyEnv(t).withKeys(0)
	out := c.must("", "import", pictures...)
	if !strings.Contains(out, "Added 25 keys; skipped 0 already here; 0 could not be imported.") || strings.Contains(out, "not found") {
		t.Errorf("import of every picture:\n%s", out)
	}
	// Without the second picture, the one missing code is named.
	c2 := newCopyEnv(t).withKeys(0)
	out = c2.must("", "import", append([]string{pictures[0]}, pictures[2:]...)...)
	if !strings.Contains(out, "QR code 2 of them was not found") || strings.Count(out, "not imported") != 1 {
		t.Errorf("import without picture 2:\n%s", out)
	}
}

// TestWritingIntoAFolderThatIsNotThere names the folder, not a temporary
// file.
func TestWritingIntoAFolderThatIsNotThere(t *testing.T) {
	c := newCopyEnv(t).withKeys(1)
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	for _, call := range [][]string{
		{"print", "--out", filepath.Join(missing, "sheet.pdf")},
		{"export", "--format", "uris", "--out", filepath.Join(missing, "keys.txt")},
	} {
		code, _, errs := c.run("", call[0], call[1:]...)
		if code != 1 || !strings.Contains(errs, "the folder "+missing+" is not there") || strings.Contains(errs, ".sparekey-") {
			t.Errorf("%s: exit %d, %q", call[0], code, errs)
		}
		checkOneLine(t, call[0], errs)
	}
}
