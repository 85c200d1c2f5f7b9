package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"sparekey/internal/tooltest"
	"sparekey/printing"
	"sparekey/vault"
)

// pdfText is the text of a PDF, read with pdftotext (which CI has).
func pdfText(t *testing.T, path string) string {
	t.Helper()
	tool := tooltest.Find(t, "pdftotext")
	out, err := exec.Command(tool, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func recoveryKeyOf(t *testing.T, initOut string) string {
	t.Helper()
	for _, l := range strings.Split(initOut, "\n") {
		if k, err := vault.ParseRecoveryKey(l); err == nil {
			return k
		}
	}
	t.Fatalf("init printed no recovery key: %q", initOut)
	return ""
}

func TestPrintWritesASheetAndRecordsTheKeysAsPrinted(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	c.ok("", "add",
		"otpauth://totp/GitHub:ada?secret="+rfcSeed(20)+"&issuer=GitHub",
		"otpauth://totp/%D0%AF%D0%BD%D0%B4%D0%B5%D0%BA%D1%81:ivan?secret="+rfcSeed(32),
		"otpauth://hotp/Bank:me?secret="+rfcSeed(10)+"&counter=3")
	out := filepath.Join(t.TempDir(), "sheet.pdf")
	msg := c.ok("", "print", "--paper", "letter", "--out", out, "github", "Яндекс")
	if !strings.Contains(msg, "2 keys") || !strings.Contains(msg, out) {
		t.Errorf("print said %q; want the number of keys and the file", msg)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("the PDF has mode %v, want 0600 (it holds keys)", st.Mode().Perm())
	}
	text := pdfText(t, out)
	for _, want := range []string{"GitHub", "Яндекс", "Page 1 of 1", "Stored at:"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet lacks %q", want)
		}
	}
	if strings.Contains(text, "Bank") {
		t.Error("the sheet has the Bank key, which no QUERY matched")
	}
	v, err := vault.Open(c.path, cliPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, e := range v.Entries {
		printed := !e.Printed.IsZero()
		if want := e.Issuer != "Bank"; printed != want {
			t.Errorf("%s: printed=%v, want %v", e.Name(), printed, want)
		}
		if printed && !e.Printed.Equal(c.now) {
			t.Errorf("%s: printed at %v, want %v", e.Name(), e.Printed, c.now)
		}
	}
}

func TestPrintKitNeedsTheRightRecoveryKey(t *testing.T) {
	c := newVaultCLI(t)
	key := recoveryKeyOf(t, c.init())
	out := filepath.Join(t.TempDir(), "kit.pdf")

	c.vars["SPAREKEY_RECOVERY_KEY"] = vault.NewRecoveryKey() // another vault's
	if _, msg := c.fails("", "print", "--kit", "--out", out); !strings.Contains(msg, "does not open") {
		t.Errorf("a wrong recovery key: %q", msg)
	}
	typo := "A" + key[1:]
	if key[0] == 'A' {
		typo = "B" + key[1:]
	}
	c.vars["SPAREKEY_RECOVERY_KEY"] = typo
	if _, msg := c.fails("", "print", "--kit", "--out", out); !strings.Contains(msg, "typo") {
		t.Errorf("a recovery key with a typo: %q", msg)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a kit was written with a wrong recovery key")
	}

	c.vars["SPAREKEY_RECOVERY_KEY"] = strings.ToLower(key)
	c.ok("", "print", "--kit", "--out", out)
	text := pdfText(t, out)
	for _, want := range []string{
		"Sparekey emergency kit", "Printed on", "Your recovery key",
		key, // on one line, as typed
		"Encrypted copies: none yet", "your master password", "age -d -o identity.txt slot.txt",
		"base64 -d payload.txt > payload.bin", "age -d -i identity.txt payload.bin | gunzip > keys.json",
	} {
		if !strings.Contains(strings.ReplaceAll(text, " ", ""), strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the kit lacks %q", want)
		}
	}
	// The vault remembers the kit (the master password was given too), so
	// the app does not call it out of date.
	v, err := vault.Open(c.path, cliPassword, vault.WithWorkFactor(2))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if !v.Kit.Printed.Equal(c.now.UTC()) || printing.KitOutdated(v) != "" {
		t.Errorf("the kit printed is not remembered: %+v, %q", v.Kit, printing.KitOutdated(v))
	}
}

func TestPrintRefuses(t *testing.T) {
	c := newVaultCLI(t)
	c.init()
	out := filepath.Join(t.TempDir(), "x.pdf")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no --out", []string{}, 2, "--out"},
		{"an unknown paper", []string{"--paper", "a3", "--out", out}, 2, "paper"},
		{"an empty vault", []string{"--out", out}, 1, "no keys"},
		{"a query that matches nothing", []string{"--out", out, "nothing"}, 1, "no key matches"},
		{"a query with --kit", []string{"--kit", "--out", out, "github"}, 2, "QUERY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg := c.fails("", "print", tt.args...)
			if code != tt.code || !strings.Contains(msg, tt.want) {
				t.Errorf("exit %d %q; want exit %d about %q", code, msg, tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused print wrote a file")
	}
}
