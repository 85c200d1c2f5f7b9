package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"sparekey/internal/tooltest"
)

// interopFile is a test export of the interop package.
func interopFile(name string) string {
	return filepath.Join("..", "interop", "testdata", name)
}

func TestImportAddsAndSkips(t *testing.T) {
	c := newCopyEnv(t).withKeys(0)
	c.must("otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example\n", "add", "-")
	out := c.must("", "import", interopFile("uris/list.txt"))
	for _, want := range []string{
		filepath.FromSlash("uris/list.txt") + ": List of key links, 6 keys\n",
		"skipped\tExample (alice@example.com)\t(already here)\n",
		"not imported\tBroken (eve)\tthe key has the digit '1'",
		"\tSeven (dave)\n",
		"\tSteam (gamer)\n",
		"Added 5 keys; skipped 1 already here; 1 could not be imported.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	list := c.must("", "list")
	if n := strings.Count(list, "\n"); n != 6 {
		t.Errorf("vault has %d keys:\n%s", n, list)
	}
	// Importing again adds nothing.
	out = c.must("", "import", interopFile("uris/list.txt"))
	if !strings.Contains(out, "Added 0 keys; skipped 6 already here") {
		t.Errorf("second import:\n%s", out)
	}
}

func TestImportDryRunAddsNothing(t *testing.T) {
	c := newCopyEnv(t).withKeys(0)
	out := c.must("", "import", "--dry-run", interopFile("google/batches.txt"))
	if !strings.Contains(out, "would add\tÜnïcödé Bank (Zoë 😀)\n") || !strings.Contains(out, "Nothing was added (--dry-run): 3 new") {
		t.Errorf("output:\n%s", out)
	}
	if list := c.must("", "list"); list != "" {
		t.Errorf("dry run added keys:\n%s", list)
	}
}

func TestImportEncryptedAegisPasswords(t *testing.T) {
	file := interopFile("aegis/encrypted.json")
	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte("correct horse battery staple\n"), 0o600)
	tests := []struct {
		name    string
		env     string // SPAREKEY_IMPORT_PASSWORD
		args    []string
		code    int
		want    string
		entries int
	}{
		{"no password and no terminal", "", nil, 1, "no password of the export", 0},
		{"wrong password", "Tr0ub4dor&3", nil, 1, "the password for this export is not right", 0},
		{"password from the environment", "correct horse battery staple", nil, 0, "Added 5 keys; skipped 0 already here; 1 could not be imported.", 5},
		{"password from a file", "", []string{"--import-password-file", pwFile}, 0, "Added 5 keys", 5},
		{"password from --password-file after the verb", "", []string{"--password-file", pwFile}, 0, "Added 5 keys", 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCopyEnv(t).withKeys(0)
			c.vars["SPAREKEY_IMPORT_PASSWORD"] = tc.env
			code, out, errs := c.run("", "import", append(tc.args, file)...)
			if code != tc.code || !strings.Contains(out+errs, tc.want) {
				t.Fatalf("exit %d, output %q %q; want exit %d with %q", code, out, errs, tc.code, tc.want)
			}
			list := c.must("", "list")
			if n := strings.Count(list, "\n"); n != tc.entries {
				t.Errorf("vault has %d keys, want %d", n, tc.entries)
			}
		})
	}
}

func TestImportStopsOnUnreadableFile(t *testing.T) {
	c := newCopyEnv(t).withKeys(0)
	junk := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(junk, []byte("shopping list"), 0o600)
	code, _, errs := c.run("", "import", interopFile("uris/list.txt"), junk)
	if code != 1 || !strings.Contains(errs, "does not recognise this file") || !strings.Contains(errs, "nothing was added") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if list := c.must("", "list"); list != "" {
		t.Errorf("keys were added:\n%s", list)
	}
	if code, _, _ := c.run("", "import", "--format", "nosuchapp", junk); code != 2 {
		t.Errorf("unknown format: exit %d, want 2", code)
	}
}

// A file from which no key at all can be imported stops the import with a
// non-zero exit and the reason, as a file that cannot be read does.
func TestImportOfNothingFails(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name, file string
		want       []string
	}{
		{"damaged Google transfer code",
			write("transfer.txt", "otpauth-migration://offline?data=CiIKCkhlbGxvId6tvu8SBWFsaWNl\n"),
			[]string{"transfer.txt: nothing in it can be imported (Transfer code on line 1: ", "; nothing was added"}},
		{"empty Aegis export", write("aegis.json", `{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[]}}`),
			[]string{"aegis.json holds no keys; nothing was added"}},
		{"only keys that cannot be imported",
			write("links.txt", "otpauth://totp/A:a?secret=THIS1IS0BAD\notpauth://totp/B:b?secret=ALSO1BAD\n"),
			[]string{"none of the 2 keys in it can be imported (the reasons are above); nothing was added"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCopyEnv(t).withKeys(0)
			code, out, errs := c.run("", "import", interopFile("uris/list.txt"), tc.file)
			if code != 1 {
				t.Errorf("exit %d, want 1; output %q %q", code, out, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("error %q lacks %q", errs, w)
				}
			}
			if list := c.must("", "list"); list != "" {
				t.Errorf("keys were added:\n%s", list)
			}
		})
	}
}

// A key that a file holds twice is said to be twice in the file, naming
// the one kept, even into an empty vault (not "already here").
func TestImportNamesKeysTwiceInTheFile(t *testing.T) {
	c := newCopyEnv(t).withKeys(0)
	file := filepath.Join(t.TempDir(), "links.txt")
	os.WriteFile(file, []byte("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub\n"+
		"otpauth://totp/GitHub%20(old):alice?secret=JBSWY3DPEHPK3PXP\n"), 0o600)
	out := c.must("", "import", file)
	for _, want := range []string{
		"skipped\tGitHub (old) (alice)\t(the same key appears twice in this file; the one kept is “GitHub (alice)”)\n",
		"Added 1 key; skipped 0 already here; 1 twice in what was read; 0 could not be imported.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "already here)") {
		t.Errorf("a key twice in the file is said to be in the vault:\n%s", out)
	}
}

// Steam Desktop Authenticator's manifest.json brings the accounts of its
// folder, opened with the passkey.
func TestImportSteamDesktopAuthenticatorFolder(t *testing.T) {
	c := newCopyEnv(t).withKeys(0)
	c.vars["SPAREKEY_IMPORT_PASSWORD"] = "sparekey-test"
	out := c.must("", "import", interopFile("steam/sda_encrypted/manifest.json"))
	for _, want := range []string{
		"manifest.json: Steam Desktop Authenticator, 2 keys\n",
		"\tSteam (Sophia)\n",
		"\tSteam (zoë_ünïcode)\n",
		"Added 2 keys;",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestImportQRPictureAndStdin(t *testing.T) {
	c := newCopyEnv(t).withKeys(0)
	out := c.must("", "import", interopFile("qr/photo-single.jpg"))
	if !strings.Contains(out, "QR code picture, 1 key") || !strings.Contains(out, "\tÜnïcödé Bank (Zoë)\n") {
		t.Errorf("picture import:\n%s", out)
	}
	zbar := "QR-Code:otpauth://totp/Pipe:me?secret=GEZDGNBVGY3TQOJQ&issuer=Pipe\n"
	out = c.must(zbar, "import", "-")
	if !strings.Contains(out, "\tPipe (me)\n") {
		t.Errorf("stdin import:\n%s", out)
	}
}

// TestExportImportRoundTrip exports in every format and imports each export
// into a new vault: the keys come back and make the same codes (Google's
// transfer codes go through the real zbarimg, and carry only the keys their
// format can hold).
func TestExportImportRoundTrip(t *testing.T) {
	src := newCopyEnv(t).withKeys(12)
	src.must("", "import", interopFile("uris/list.txt"))
	dir := t.TempDir()
	src.vars["SPAREKEY_EXPORT_PASSWORD"] = "a long export passphrase 2026"
	exports := map[string]string{}
	for _, format := range []string{"uris", "aegis", "aegis-encrypted"} {
		out := filepath.Join(dir, format+".export")
		exports[format] = out
		code, stdout, errs := src.run("", "export", "--format", format, "--out", out)
		if code != 0 {
			t.Fatalf("export %s: %s", format, errs)
		}
		if !strings.Contains(stdout, "Wrote 18 keys") {
			t.Errorf("export %s: %s", format, stdout)
		}
		if (format != "aegis-encrypted") != strings.Contains(errs, "NOT encrypted") {
			t.Errorf("export %s warning: %q", format, errs)
		}
		if fi, err := os.Stat(out); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
			t.Errorf("export %s file: %v", format, err)
		}
		// The file is never replaced without --force.
		if code, _, errs := src.run("", "export", "--format", format, "--out", out); code != 1 || !strings.Contains(errs, "already exists") {
			t.Errorf("second export %s: exit %d %s", format, code, errs)
		}
	}
	qrDir := filepath.Join(dir, "qr")
	stdout := src.must("", "export", "--format", "migration-qr", "--out", qrDir)
	if !strings.Contains(stdout, "Wrote 14 keys in 2 QR code picture(s)") || !strings.Contains(stdout, "left out\tSteam (gamer)") {
		t.Errorf("migration export:\n%s", stdout)
	}
	pdf := filepath.Join(dir, "transfer.pdf")
	if stdout := src.must("", "export", "--format", "migration-qr", "--out", pdf); !strings.Contains(stdout, "in a page to print") {
		t.Errorf("migration sheet:\n%s", stdout)
	}

	const at = "1700000000"
	want := lines(src.must("", "code", "--at", at))
	if len(want) != 18 {
		t.Fatalf("%d codes", len(want))
	}
	for format, file := range exports {
		dst := newCopyEnv(t).withKeys(0)
		dst.vars["SPAREKEY_IMPORT_PASSWORD"] = "a long export passphrase 2026"
		dst.must("", "import", file)
		if got := lines(dst.must("", "code", "--at", at)); !slices.Equal(got, want) {
			t.Errorf("%s round trip codes:\n%q\nwant\n%q", format, got, want)
		}
	}

	zbarimg := tooltest.Find(t, "zbarimg")
	pngs, _ := filepath.Glob(filepath.Join(qrDir, "*.png"))
	scanned, err := exec.Command(zbarimg, append([]string{"--quiet"}, pngs...)...).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	dst := newCopyEnv(t).withKeys(0)
	out := dst.must(string(scanned), "import", "-")
	if !strings.Contains(out, "Added 14 keys; skipped 0 already here; 0 could not be imported.") {
		t.Errorf("import of the scanned codes:\n%s", out)
	}
	for _, line := range lines(dst.must("", "code", "--at", at)) {
		if !slices.Contains(want, line) {
			t.Errorf("code %q after the transfer is not one the vault made", line)
		}
	}
}

// lines returns the sorted lines of an output.
func lines(s string) []string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	slices.Sort(l)
	return l
}

// After "import", --password-file is the export's password, as the command
// is documented; before the verb it is the master password, as everywhere.
func TestSplitGivesImportItsOwnPasswordFile(t *testing.T) {
	globals, verb, rest, _, err := Split([]string{"--password-file", "master.txt", "import", "--password-file", "export.txt", "backup.json"})
	if err != nil || verb != "import" {
		t.Fatalf("Split: %v, verb %q", err, verb)
	}
	if globals["--password-file"] != "master.txt" {
		t.Errorf("master password file %q", globals["--password-file"])
	}
	if strings.Join(rest, " ") != "--password-file export.txt backup.json" {
		t.Errorf("import's arguments %q", rest)
	}
	// Other verbs keep --password-file global wherever it stands.
	globals, _, rest, _, _ = Split([]string{"list", "--password-file", "master.txt"})
	if globals["--password-file"] != "master.txt" || len(rest) != 0 {
		t.Errorf("list: globals %v, rest %q", globals, rest)
	}
}
