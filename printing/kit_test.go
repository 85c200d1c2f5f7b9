package printing

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sparekey/internal/tooltest"
	"sparekey/vault"
)

// kitText prints a kit and reads it back with pdftotext -layout.
func kitText(t *testing.T, info KitInfo, o Options) (layout string, path string) {
	t.Helper()
	pdf, err := Kit(info, o)
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "kit.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return string(runTool(t, tooltest.Find(t, "pdftotext"), "-layout", path, "-")), path
}

func TestKitTellsWhereTheCopiesAreAndHowToGetTheKeysBack(t *testing.T) {
	key := vault.NewRecoveryKey()
	tests := []struct {
		name   string
		copies vault.CopySettings
		want   []string
	}{
		{"no copies yet", vault.CopySettings{}, []string{
			"Encrypted copies: none yet", "add a USB stick", "print this kit again",
			"locked with your master password as it was when each copy was written",
			"The first asks for your master password",
		}},
		{"two places", vault.CopySettings{Locations: []vault.CopyLocation{
			{Path: "/media/ada/USB STICK/Sparekey", LastWritten: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Entries: 12},
			{Path: "/home/ada/Nextcloud/Sparekey"},
		}}, []string{
			"/media/ada/USB STICK/Sparekey (last written on 20 November 2026, 12 keys)",
			"/home/ada/Nextcloud/Sparekey",
			"locked with your master password as it was when each copy was written", "The first asks for your master password",
		}},
	}
	for _, tt := range tests {
		for _, paper := range []Paper{A4, Letter} {
			t.Run(tt.name+" "+string(paper), func(t *testing.T) {
				out, path := kitText(t, KitInfo{RecoveryKey: key, VaultPath: "/home/ada/.config/Sparekey/vault.sparekey", Copies: tt.copies, Keys: 12},
					Options{Now: testNow, Paper: paper})
				text := strings.Join(strings.Fields(out), " ")
				want := append([]string{
					"Sparekey emergency kit", "Printed on 26 November 2026", "Your recovery key",
					"Type it exactly as printed: capital letters and dashes, all on one line",
					"/home/ada/.config/Sparekey/vault.sparekey", "12 keys",
					"Keep a second set in another building",
					"With Sparekey", "Without Sparekey",
					"\u201cForgot your password? Use your recovery key\u201d",
					"\u201cRestore from an encrypted copy\u2026\u201d",
					"\u201cRestore a key from paper\u2026\u201d",
					"slot.txt", "payload.txt", "\"kind\": \"recovery-key\"",
					"Stored at:",
				}, tt.want...)
				for _, c := range AgeCommands {
					want = append(want, c)
				}
				for _, w := range want {
					if !strings.Contains(text, w) {
						t.Errorf("the kit lacks %q", w)
					}
				}
				// Typed exactly as printed: the key is on one line, whole.
				oneLine := false
				for _, l := range strings.Split(out, "\n") {
					if strings.Contains(l, key) {
						oneLine = true
					}
				}
				if !oneLine {
					t.Errorf("no line of the kit holds the whole recovery key %s", key)
				}
				for _, bad := range []string{"README", "Steam app", "I forgot my password"} {
					if strings.Contains(text, bad) {
						t.Errorf("the kit says %q", bad)
					}
				}
				pages := strings.Count(out, "\f")
				for p := 1; p <= pages; p++ {
					if !strings.Contains(text, "Page "+itoa(p)+" of "+itoa(pages)) {
						t.Errorf("page %d does not say so", p)
					}
				}
				if pages > 2 {
					t.Errorf("the kit has %d pages, want at most 2", pages)
				}
				png := filepath.Join(t.TempDir(), "kit")
				runTool(t, tooltest.Find(t, "pdftoppm"), "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", path, png)
				if got := zbar(t, png+".png"); len(got) != 1 || got[0] != key {
					t.Errorf("the kit's QR code reads %q, want the recovery key %q", got, key)
				}
			})
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestKitNamesTheAppsOwnWords: every button or menu the kit tells a person
// to choose in Sparekey is written, word for word, in the app's source.
func TestKitNamesTheAppsOwnWords(t *testing.T) {
	var app bytes.Buffer
	files, _ := filepath.Glob(filepath.Join("..", "app", "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		app.Write(b)
	}
	if app.Len() == 0 {
		t.Fatal("the app's source is not beside printing/")
	}
	for _, label := range kitAppWords {
		if !strings.Contains(app.String(), label) {
			t.Errorf("the kit tells people to choose %q, which the app does not show", label)
		}
	}
}

// TestKitAgeStepsWithTheRealAgeCommand follows the kit's age steps, as the
// kit prints them, with the real age, base64 and gunzip, on a vault file
// Sparekey made, with the master password and with the recovery key typed
// exactly as the kit prints it; every key comes out, with the settings the
// kit tells a person to copy into an app.
func TestKitAgeStepsWithTheRealAgeCommand(t *testing.T) {
	agePath := tooltest.Find(t, "age")
	pluginPath := tooltest.Find(t, "age-plugin-batchpass")
	tooltest.Find(t, "base64")
	tooltest.Find(t, "gunzip")
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.sparekey")
	const password = "correct horse battery staple"
	v, recovery, err := vault.Create(path, password, vault.WithWorkFactor(10))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*vault.Entry{}
	for _, e := range testEntries(6, 5) {
		added, _, err := v.Add(*e)
		if err != nil {
			t.Fatal(err)
		}
		want[added.Secret] = &added
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := kitText(t, KitInfo{RecoveryKey: recovery, Keys: len(want)}, Options{Now: testNow})
	var printed []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "age ") || strings.HasPrefix(l, "base64 ") {
			printed = append(printed, l)
		}
	}
	if strings.Join(printed, "\n") != strings.Join(AgeCommands, "\n") {
		t.Fatalf("the kit prints the commands\n%s\nwant\n%s", strings.Join(printed, "\n"), strings.Join(AgeCommands, "\n"))
	}
	var typedKey string
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) == 1 && len(f[0]) == len(recovery) && strings.Count(f[0], "-") == 9 {
			typedKey = f[0]
		}
	}
	if typedKey == "" {
		t.Fatal("no line of the kit is the recovery key alone")
	}
	env := append(os.Environ(), "PATH="+filepath.Dir(pluginPath)+string(os.PathListSeparator)+filepath.Dir(agePath)+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, way := range []struct{ kind, passphrase string }{{"password", password}, {"recovery-key", typedKey}} {
		t.Run(way.kind, func(t *testing.T) {
			work := t.TempDir()
			os.WriteFile(filepath.Join(work, "slot.txt"), []byte(slotAsTheKitSays(t, string(file), way.kind)), 0o600)
			os.WriteFile(filepath.Join(work, "payload.txt"), []byte(payloadAsTheKitSays(t, string(file))), 0o600)
			for _, c := range printed {
				run := c
				if strings.HasPrefix(c, "age -d ") && !strings.Contains(c, " -i ") {
					// age asks on a terminal; the test gives the
					// passphrase through age's batchpass plugin.
					run = "age -d -j batchpass " + strings.TrimPrefix(c, "age -d ")
				}
				cmd := exec.Command("sh", "-ec", run)
				cmd.Env = append(env, "AGE_PASSPHRASE="+way.passphrase)
				cmd.Dir = work
				if b, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", c, err, b)
				}
			}
			b, err := os.ReadFile(filepath.Join(work, "keys.json"))
			if err != nil {
				t.Fatal(err)
			}
			var p struct {
				Entries []struct {
					Type      string `json:"type"`
					Secret    string `json:"secret"`
					Algorithm string `json:"algorithm"`
					Digits    int    `json:"digits"`
					Period    int    `json:"period"`
					Counter   uint64 `json:"counter"`
					URI       string `json:"uri"`
				} `json:"entries"`
			}
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatalf("keys.json: %v", err)
			}
			found := 0
			for _, e := range p.Entries {
				w := want[e.Secret]
				if w == nil {
					continue
				}
				found++
				if e.Type != string(w.Type) || e.Algorithm != string(w.Algorithm) || e.Digits != w.Digits || e.Counter != w.Counter ||
					(w.Type != vault.HOTP && e.Period != w.Period) || !strings.HasPrefix(e.URI, "otpauth://") {
					t.Errorf("keys.json has %+v for %s", e, w.Name())
				}
			}
			if found != len(want) {
				t.Errorf("keys.json holds %d of the %d keys", found, len(want))
			}
		})
	}
}

// slotAsTheKitSays does step 2 of the kit's age way: the quoted lines of the
// slot of that kind, from BEGIN to END, without indentation, quotes and
// commas.
func slotAsTheKitSays(t *testing.T, text, kind string) string {
	t.Helper()
	i := strings.Index(text, `"kind": "`+kind+`"`)
	if i < 0 {
		t.Fatalf("the vault file has no slot of kind %q", kind)
	}
	var out []string
	in := false
	for _, l := range strings.Split(text[i:], "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSuffix(l, ",")
		l = strings.TrimPrefix(strings.TrimSuffix(l, `"`), `"`)
		if l == "-----BEGIN AGE ENCRYPTED FILE-----" {
			in = true
		}
		if in {
			out = append(out, l)
		}
		if l == "-----END AGE ENCRYPTED FILE-----" {
			break
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// payloadAsTheKitSays does step 3: the long line after "payload": ".
func payloadAsTheKitSays(t *testing.T, text string) string {
	t.Helper()
	const opener = `"payload": "`
	i := strings.Index(text, opener)
	if i < 0 {
		t.Fatalf("no %s in the vault file", opener)
	}
	rest := text[i+len(opener):]
	j := strings.IndexByte(rest, '"')
	if j < 0 || strings.Contains(rest[:j], "\n") {
		t.Fatal("the payload is not one line between quotes")
	}
	return rest[:j] + "\n"
}

func TestKitRefusesAWrongRecoveryKey(t *testing.T) {
	for _, bad := range []string{"", "ABCD", strings.Repeat("ABCD-", 9) + "ABCD"} {
		if _, err := Kit(KitInfo{RecoveryKey: bad}, Options{}); err == nil {
			t.Errorf("Kit(%q) made a kit", bad)
		} else if !strings.Contains(err.Error(), "recovery key") {
			t.Errorf("Kit(%q): %v", bad, err)
		}
	}
}

// TestKitPrintsFoldersWithAnyCharacter: a folder may be named with an emoji
// (beyond the first 65,536 characters, which the PDF library cannot embed:
// printing the kit used to crash the app) or with letters the font lacks.
// Each such character prints as '?', the rest as it is.
func TestKitPrintsFoldersWithAnyCharacter(t *testing.T) {
	out, _ := kitText(t, KitInfo{
		RecoveryKey: vault.NewRecoveryKey(),
		VaultPath:   "/home/ada/\U0001F4C1 Keys/vault.sparekey",
		Copies:      vault.CopySettings{Locations: []vault.CopyLocation{{Path: "/media/ada/\U0001F511 USB/Sparekey"}, {Path: "/home/ada/\u540c\u6b65/Sparekey"}}},
		Keys:        3,
	}, Options{Now: testNow})
	text := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"/home/ada/? Keys/vault.sparekey", "/media/ada/? USB/Sparekey", "/home/ada/??/Sparekey"} {
		if !strings.Contains(text, want) {
			t.Errorf("the kit does not say %q:\n%s", want, text)
		}
	}
}
