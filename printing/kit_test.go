package printing

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sparekey/vault"
)

func TestKitTellsWhereTheCopiesAreAndHowToGetTheKeysBack(t *testing.T) {
	key := vault.NewRecoveryKey()
	tests := []struct {
		name   string
		copies vault.CopySettings
		want   []string
	}{
		{"no copies yet", vault.CopySettings{}, []string{
			"Encrypted copies: none yet", "add a USB stick", "print this kit again",
			"the master password you had when each was written",
		}},
		{"two places", vault.CopySettings{Locations: []vault.CopyLocation{
			{Path: "/media/ada/USB STICK/Sparekey", LastWritten: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Entries: 12},
			{Path: "/home/ada/Nextcloud/Sparekey"},
		}}, []string{
			"/media/ada/USB STICK/Sparekey (last written on 20 November 2026, 12 keys)",
			"/home/ada/Nextcloud/Sparekey",
			"the master password you had when each was written, or with the recovery key above",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := Kit(KitInfo{RecoveryKey: key, VaultPath: "/home/ada/.config/Sparekey/vault.sparekey", Copies: tt.copies, Keys: 12},
				Options{Now: testNow, Paper: Letter})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "kit.pdf")
			if err := os.WriteFile(path, pdf, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(needTool(t, "pdftotext"), "-layout", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			groups := strings.Split(key, "-")
			line1, line2 := strings.Join(groups[:5], ""), strings.Join(groups[5:], "")
			want := append([]string{
				"Sparekey emergency kit", "Printed on 26 November 2026", "Your recovery key",
				"1 " + strings.Join(groups[:5], "-") + " " + vault.LineCheck(1, line1),
				"2 " + strings.Join(groups[5:], "-") + " " + vault.LineCheck(2, line2),
				"/home/ada/.config/Sparekey/vault.sparekey", "12 keys",
				"With Sparekey", "Bring your keys back from a copy", "Forgot your password? Use your recovery key", "Bring your keys back from paper",
				"Without Sparekey", "Recovery sheets", "age -d -o identity.txt slot.age", "base64 -d payload.txt > payload.age",
				"age -d -i identity.txt payload.age | gunzip > keys.json",
				"Page 1 of 1", "Stored at:",
			}, tt.want...)
			// The recovery key's letters are spread out; pdftotext may
			// put spaces between them.
			flat := strings.ReplaceAll(text, " ", "")
			for _, w := range want {
				if !strings.Contains(flat, strings.ReplaceAll(w, " ", "")) {
					t.Errorf("the kit lacks %q", w)
				}
			}
			if n := strings.Count(string(out), "\f"); n != 1 {
				t.Errorf("the kit has %d pages, want 1", n)
			}

			png := filepath.Join(t.TempDir(), "kit")
			runTool(t, needTool(t, "pdftoppm"), "-r", "150", "-gray", "-png", "-singlefile", path, png)
			if got := zbar(t, png+".png"); len(got) != 1 || got[0] != key {
				t.Errorf("the kit's QR code reads %q, want the recovery key %q", got, key)
			}
		})
	}
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
