package main

import (
	"bytes"
	"context"
	"encoding/base32"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sparekey/capture"
	"sparekey/internal/xvfb"
	"sparekey/interop"
	"sparekey/vault"
)

// The QR codes on the screen and on the clipboard, read by the program as
// people get it, on a real (virtual) X display: the codes are shown by
// another program's window (ImageMagick's display) or put on the clipboard
// by xclip.

const (
	linkShop = "otpauth://totp/Shop:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop"
	linkBank = "otpauth://totp/Bank:ada.lovelace?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&digits=8"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// sparekeyBinary builds the program (with the desktop app, cgo) once for
// the tests of this file.
func sparekeyBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the whole program")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sparekey-scan-test-")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "sparekey")
		out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building sparekey: %v", buildErr)
	}
	return builtPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtPath != "" {
		os.RemoveAll(filepath.Dir(builtPath))
	}
	os.Exit(code)
}

// qrPicture is a QR code of text, side pixels wide, in a PNG file.
func qrPicture(t *testing.T, x *xvfb.X, text string, side int) string {
	t.Helper()
	b, err := interop.QRPNG(text, side)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return x.Picture(t, img)
}

// cliEnv is the environment of the command line on display x, with a vault
// of its own in dir.
func cliEnv(x *xvfb.X, dir string) []string {
	return x.Env("HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "LANG=en_US.UTF-8",
		"SPAREKEY_PASSWORD=violin tram sunny cactus", "SPAREKEY_NEW_PASSWORD=violin tram sunny cactus", "SPAREKEY_WORK_FACTOR=1")
}

// run runs the program and returns its standard output and error.
func run(t *testing.T, env []string, args ...string) (string, string, error) {
	t.Helper()
	cmd := exec.Command(sparekeyBinary(t), args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// newVault makes an empty vault and returns the arguments that name it.
func newVault(t *testing.T, env []string, dir string) []string {
	t.Helper()
	vaultArgs := []string{"--vault", filepath.Join(dir, "vault.sparekey")}
	if _, stderr, err := run(t, env, append(vaultArgs, "init")...); err != nil {
		t.Fatalf("init: %v: %s", err, stderr)
	}
	return vaultArgs
}

func TestImportScreenFindsTheCodesOnTheScreen(t *testing.T) {
	x := xvfb.Start(t, 1600, 1000)
	dir := t.TempDir()
	env := cliEnv(x, dir)
	vaultArgs := newVault(t, env, dir)
	scan := append(vaultArgs, "import", "--screen", "--dry-run")

	x.Show(t, "shop-code", "display", "-geometry", "+200+150", "-title", "shop-code", qrPicture(t, x, linkShop, 260))
	stdout, stderr, err := run(t, env, scan...)
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	want := "screen 1: 1 key (1 QR code)\n" +
		"would add\tShop (ada@example.com)\n" +
		"Nothing was added (--dry-run): 1 new, 0 already here, 0 cannot be imported.\n"
	if stdout != want || stderr != "" {
		t.Errorf("one code on screen:\n%s\nwant\n%s\nstderr %q", stdout, want, stderr)
	}

	// A second code, in a window of its own: both are found.
	x.Show(t, "bank-code", "display", "-geometry", "+900+300", "-title", "bank-code", qrPicture(t, x, linkBank, 200))
	stdout, stderr, err = run(t, env, scan...)
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	sort.Strings(lines)
	want2 := []string{
		"Nothing was added (--dry-run): 2 new, 0 already here, 0 cannot be imported.",
		"screen 1: 2 keys (2 QR codes)",
		"would add\tBank (ada.lovelace)",
		"would add\tShop (ada@example.com)",
	}
	if strings.Join(lines, "\n") != strings.Join(want2, "\n") {
		t.Errorf("two codes on screen:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want2, "\n"))
	}

	// Without --dry-run the keys are added, and say so.
	stdout, stderr, err = run(t, env, append(vaultArgs, "import", "--screen")...)
	if err != nil || !strings.Contains(stdout, "Added 2 keys") {
		t.Fatalf("import --screen: %v\n%s%s", err, stdout, stderr)
	}
	stdout, _, _ = run(t, env, append(vaultArgs, "list")...)
	if !strings.Contains(stdout, "Shop") || !strings.Contains(stdout, "Bank") {
		t.Errorf("the vault lists:\n%s", stdout)
	}
}

func TestImportScreenSaysWhenThereIsNoCode(t *testing.T) {
	x := xvfb.Start(t, 800, 600)
	dir := t.TempDir()
	env := cliEnv(x, dir)
	vaultArgs := newVault(t, env, dir)
	// A code that is not a 2FA code.
	x.Show(t, "web-code", "display", "-geometry", "+100+100", "-title", "web-code", qrPicture(t, x, "https://example.com/hello", 240))
	_, stderr, err := run(t, env, append(vaultArgs, "import", "--screen", "--dry-run")...)
	want := "sparekey import: the screen: nothing in it can be imported (A QR code in screen 1: It is a link to a web page on example.com, not a two-step login key (those start with otpauth://)); nothing was added\n"
	if err == nil || stderr != want {
		t.Errorf("a web page's code: %v, stderr\n%q\nwant\n%q", err, stderr, want)
	}

	// No display at all.
	noDisplay := append(cliEnv(x, dir), "DISPLAY=")
	_, stderr, err = run(t, noDisplay, append(vaultArgs, "import", "--screen")...)
	if err == nil || stderr != "sparekey import: the screen cannot be read: there is no desktop here (no display), so there is no screen to read. Save a picture of the QR code to a file and import that file instead; nothing was added\n" {
		t.Errorf("without a display: %v, %q", err, stderr)
	}
}

func TestImportClipboardReadsAPictureOrLinks(t *testing.T) {
	x := xvfb.Start(t, 800, 600)
	dir := t.TempDir()
	env := cliEnv(x, dir)
	vaultArgs := newVault(t, env, dir)
	paste := append(vaultArgs, "import", "--clipboard", "--dry-run")

	pic, err := os.ReadFile(qrPicture(t, x, linkShop, 300))
	if err != nil {
		t.Fatal(err)
	}
	x.Copy(t, "image/png", pic)
	stdout, stderr, err := run(t, env, paste...)
	want := "the clipboard's picture: 1 key (1 QR code)\n" +
		"would add\tShop (ada@example.com)\n" +
		"Nothing was added (--dry-run): 1 new, 0 already here, 0 cannot be imported.\n"
	if err != nil || stdout != want {
		t.Errorf("a picture on the clipboard: %v\n%s\nwant\n%s%s", err, stdout, want, stderr)
	}

	x.Copy(t, "UTF8_STRING", []byte(linkBank+"\n"+linkShop+"\n"))
	stdout, stderr, err = run(t, env, paste...)
	want = "the clipboard: 2 keys\n" +
		"would add\tBank (ada.lovelace)\n" +
		"would add\tShop (ada@example.com)\n" +
		"Nothing was added (--dry-run): 2 new, 0 already here, 0 cannot be imported.\n"
	if err != nil || stdout != want {
		t.Errorf("links on the clipboard: %v\n%s\nwant\n%s%s", err, stdout, want, stderr)
	}

	x.Copy(t, "UTF8_STRING", []byte("a shopping list"))
	_, stderr, err = run(t, env, paste...)
	if err == nil || !strings.Contains(stderr, "the clipboard holds text that is not a key link") {
		t.Errorf("text on the clipboard: %v, %q", err, stderr)
	}
}

// The desktop app's own window over the code does not hide it: the scan
// (Ctrl+Shift+S) and a paste (Ctrl+V) in the real app, under Xvfb.
func TestAppScansTheScreenUnderItsOwnWindow(t *testing.T) {
	x := xvfb.Start(t, 1280, 1024)
	dir := t.TempDir()
	env := cliEnv(x, dir)
	vaultArgs := newVault(t, env, dir)
	x.Show(t, "shop-code", "display", "-geometry", "+40+60", "-title", "shop-code", qrPicture(t, x, linkShop, 240))

	// The demo: its keys are samples, and the trace says what a scan found.
	app := exec.Command(sparekeyBinary(t), "--demo")
	app.Env = append(cliEnv(x, dir), "SPAREKEY_TRACE=1")
	var log syncBuffer
	app.Stdout, app.Stderr = &log, &log
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		app.Process.Kill()
		app.Wait()
	})
	win := x.Wait(t, "Sparekey.*Demo", &log)
	x.Run(t, "xdotool", "windowmove", win, "0", "0")
	x.Run(t, "xdotool", "windowraise", win)

	// The code is under the app's window: a scan from outside sees none.
	waitUntil(t, "the app's window over the code", func() bool {
		_, stderr, err := run(t, env, append(vaultArgs, "import", "--screen", "--dry-run")...)
		return err != nil && strings.Contains(stderr, "no QR code was found on the screen")
	})

	x.Run(t, "xdotool", "key", "--window", win, "ctrl+shift+s")
	waitUntil(t, "the app's scan", func() bool {
		return strings.Contains(log.String(), "pictures read (the QR codes on your screen): 1 keys: Shop (ada@example.com);")
	})
	if x.Wait(t, "Sparekey.*Demo", &log) == "" {
		t.Fatal("the window did not come back")
	}
	if dir := os.Getenv("SPAREKEY_SCREENSHOTS"); dir != "" {
		time.Sleep(time.Second)
		x.Run(t, "import", "-window", "root", filepath.Join(dir, "app-scan-screen-xvfb.png"))
	}

	// Ctrl+V with a picture on the clipboard.
	pic, err := os.ReadFile(qrPicture(t, x, linkBank, 300))
	if err != nil {
		t.Fatal(err)
	}
	x.Copy(t, "image/png", pic)
	x.Run(t, "xdotool", "key", "--window", win, "Escape")
	x.Run(t, "xdotool", "key", "--window", win, "ctrl+v")
	waitUntil(t, "the app's paste", func() bool {
		return strings.Contains(log.String(), "pictures read (the pasted picture): 1 keys: Bank (ada.lovelace);")
	})
}

// waitUntil waits (at most three minutes: a guard against a hang on a busy
// machine, not a speed limit) until cond holds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// syncBuffer is a buffer that a program writes and a test reads at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// BenchmarkScanScreen2560x1440OneCode takes the picture of a 2560×1440
// screen with one setup code on it (another program's window) and reads
// it, as "Scan the QR code on my screen" does. cpu-ms/op is the processor
// time, which a busy machine does not inflate as it does ns/op.
func BenchmarkScanScreen2560x1440OneCode(b *testing.B) {
	x := xvfb.Start(b, 2560, 1440)
	x.Setenv(b)
	page := image.NewRGBA(image.Rect(0, 0, 1800, 1100))
	draw.Draw(page, page.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
	for y := 100; y < 1000; y += 40 {
		draw.Draw(page, image.Rect(80, y, 900, y+14), image.NewUniform(color.Gray{Y: 0x60}), image.Point{}, draw.Src)
	}
	qb, err := interop.QRPNG(linkShop, 220)
	if err != nil {
		b.Fatal(err)
	}
	q, _ := png.Decode(bytes.NewReader(qb))
	draw.Draw(page, q.Bounds().Add(image.Pt(1200, 300)), q, image.Point{}, draw.Src)
	x.Show(b, "setup-page", "display", "-geometry", "+300+150", "-title", "setup-page", x.Picture(b, page))
	scan := func() int {
		screens, err := capture.Screens(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		found, _, err := interop.ReadPictures(context.Background(), []interop.Picture{{Name: screens[0].Name, Image: screens[0].Image}}, nil)
		if err != nil {
			b.Fatal(err)
		}
		return len(found.Entries)
	}
	// The window is on screen before its picture is drawn: wait for it.
	for deadline := time.Now().Add(time.Minute); scan() != 1; {
		if time.Now().After(deadline) {
			b.Fatal("the code never appeared on the screen")
		}
		time.Sleep(200 * time.Millisecond)
	}
	start := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		if n := scan(); n != 1 {
			b.Fatalf("found %d keys, want 1", n)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// cpuTime is the processor time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestRecoverySheetPhotosComeBackInOneGo prints a recovery sheet of 30 keys,
// turns each page into what a phone makes of it (the page rendered by
// pdftoppm, then tilted, shrunk, unevenly lit, blurred, grainy and saved
// as a JPEG by ImageMagick), and reads every photo at once: with the
// command line (import PHOTO...) and as the app reads dropped pictures
// (interop.ReadPictures). Every key comes back, each once.
func TestRecoverySheetPhotosComeBackInOneGo(t *testing.T) {
	xvfb.Need(t, "pdftoppm", "/usr/bin/convert")
	dir := t.TempDir()
	env := append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "LANG=en_US.UTF-8",
		"SPAREKEY_PASSWORD=violin tram sunny cactus", "SPAREKEY_NEW_PASSWORD=violin tram sunny cactus", "SPAREKEY_WORK_FACTOR=1")
	src := []string{"--vault", filepath.Join(dir, "src.sparekey")}
	if _, stderr, err := run(t, env, append(src, "init")...); err != nil {
		t.Fatalf("init: %v: %s", err, stderr)
	}
	var links, names []string
	sites := []string{"Mail", "Bank", "Cloud", "Shop", "Forum", "Games", "News", "Travel", "Photos", "Work"}
	for i := range 30 {
		secret := make([]byte, 20)
		for j := range secret {
			secret[j] = byte(i*31 + j*7 + 3)
		}
		issuer := fmt.Sprintf("%s %d", sites[i%10], i+1)
		link := fmt.Sprintf("otpauth://totp/%s:user%d@example.com?secret=%s&issuer=%s",
			strings.ReplaceAll(issuer, " ", "%20"), i+1, base32NoPad(secret), strings.ReplaceAll(issuer, " ", "%20"))
		if i%7 == 3 {
			link += "&digits=8"
		}
		links = append(links, link)
		names = append(names, fmt.Sprintf("%s (user%d@example.com)", issuer, i+1))
	}
	cmd := exec.Command(sparekeyBinary(t), append(src, "add", "-")...)
	cmd.Env, cmd.Stdin = env, strings.NewReader(strings.Join(links, "\n")+"\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("add: %v\n%s", err, out)
	}
	sheet := filepath.Join(dir, "sheet.pdf")
	if _, stderr, err := run(t, env, append(src, "print", "--out", sheet)...); err != nil {
		t.Fatalf("print: %v: %s", err, stderr)
	}
	if out, err := exec.Command("pdftoppm", "-r", "300", "-png", sheet, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	sort.Strings(pages)
	var photos []string
	for i, page := range pages {
		photo := filepath.Join(dir, fmt.Sprintf("photo-%d.jpg", i+1))
		tilt := []string{"-4", "3", "-2.5", "5", "-3.5"}[i%5]
		out, err := exec.Command("/usr/bin/convert", page, "-background", "#d8d2c4", "-rotate", tilt, "-resize", "80%",
			"(", "+clone", "-sparse-color", "Barycentric", "0,0 gray(100%) %w,%h gray(70%)", ")", "-compose", "multiply", "-composite",
			"-blur", "0x1.6", "-attenuate", "0.5", "+noise", "Gaussian", "-quality", "70", photo).CombinedOutput()
		if err != nil {
			t.Fatalf("convert: %v\n%s", err, out)
		}
		photos = append(photos, photo)
	}
	if len(photos) != 5 {
		t.Fatalf("%d pages, want 5 (six keys a page)", len(photos))
	}

	dst := []string{"--vault", filepath.Join(dir, "dst.sparekey")}
	if _, stderr, err := run(t, env, append(dst, "init")...); err != nil {
		t.Fatalf("init: %v: %s", err, stderr)
	}
	stdout, stderr, err := run(t, env, append(append(dst, "import", "--dry-run"), photos...)...)
	if err != nil {
		t.Fatalf("import: %v: %s", err, stderr)
	}
	var got []string
	for _, line := range strings.Split(stdout, "\n") {
		if name, ok := strings.CutPrefix(line, "would add\t"); ok {
			got = append(got, name)
		}
	}
	want := append([]string(nil), names...)
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the command line recovered %d of 30 keys:\n%s", len(got), stdout)
	}
	t.Logf("command line: %d of 30 keys recovered from %d photos", len(got), len(photos))

	var pics []interop.Picture
	for _, p := range photos {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pics = append(pics, interop.Picture{Name: filepath.Base(p), Data: data})
	}
	found, reports, err := interop.ReadPictures(context.Background(), pics, nil)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, e := range found.Entries {
		got = append(got, e.Name())
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(found.Problems) != 0 {
		t.Errorf("the dropped photos gave %d of 30 keys, problems %v", len(got), found.Problems)
	}
	// Each photo's report names its keys, one QR code each: a page holds
	// six to eight of these keys (the last page the rest).
	total := 0
	for _, r := range reports {
		var n int
		if _, err := fmt.Sscanf(strings.TrimPrefix(r.String(), r.Name+": "), "%d key", &n); err != nil || n < 1 ||
			r.String() != fmt.Sprintf("%s: %s (%s)", r.Name, vault.Count(n, "key", "keys"), vault.Count(n, "QR code", "QR codes")) {
			t.Errorf("report %q", r.String())
		}
		total += n
	}
	if total != 30 {
		t.Errorf("the photos' reports count %d keys, want 30", total)
	}
	t.Logf("dropped photos: %d of 30 keys recovered", len(got))
}

// base32NoPad is a key as otpauth:// links carry it.
func base32NoPad(b []byte) string {
	return strings.TrimRight(base32.StdEncoding.EncodeToString(b), "=")
}

// TestCLIOnlyBuildReadsScreenAndClipboard: the command line built without
// cgo (cmd/sparekey-cli) reads the screen and the clipboard of an X11
// desktop too (pure Go).
func TestCLIOnlyBuildReadsScreenAndClipboard(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sparekey-cli")
	build := exec.Command("go", "build", "-o", bin, "./cmd/sparekey-cli")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building sparekey-cli: %v\n%s", err, out)
	}
	x := xvfb.Start(t, 1024, 768) // after the build, which is slow on a busy machine
	env := cliEnv(x, dir)
	vaultArgs := newVault(t, env, dir)
	runCLI := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append(vaultArgs, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("sparekey-cli %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	x.Show(t, "shop-code", "display", "-geometry", "+300+200", "-title", "shop-code", qrPicture(t, x, linkShop, 240))
	if out := runCLI("import", "--screen", "--dry-run"); !strings.Contains(out, "would add\tShop (ada@example.com)\n") {
		t.Errorf("the screen:\n%s", out)
	}
	pic, err := os.ReadFile(qrPicture(t, x, linkBank, 300))
	if err != nil {
		t.Fatal(err)
	}
	x.Copy(t, "image/png", pic)
	if out := runCLI("import", "--clipboard", "--dry-run"); !strings.Contains(out, "would add\tBank (ada.lovelace)\n") {
		t.Errorf("the clipboard:\n%s", out)
	}
}
