package interop

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// desktop draws a 2560×1440 desktop: a browser-like window with lines of
// text and, at each point given, a QR code of the text at that side in
// pixels.
func desktop(t testing.TB, codes map[image.Point]string, side int) *image.RGBA {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2560, 1440))
	draw.Draw(img, img.Rect, image.NewUniform(color.RGBA{0x2e, 0x34, 0x40, 0xff}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(200, 100, 2360, 1340), image.NewUniform(color.RGBA{0xff, 0xff, 0xff, 0xff}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(200, 100, 2360, 180), image.NewUniform(color.RGBA{0xde, 0xe1, 0xe6, 0xff}), image.Point{}, draw.Src)
	for y := 260; y < 1300; y += 48 {
		draw.Draw(img, image.Rect(300, y, 1100, y+18), image.NewUniform(color.RGBA{0x55, 0x55, 0x55, 0xff}), image.Point{}, draw.Src)
	}
	for at, text := range codes {
		q := qrImage(t, text, side)
		draw.Draw(img, q.Bounds().Add(at), q, image.Point{}, draw.Src)
	}
	return img
}

func pngOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	b, err := encodePNG(img)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadPicturesReportsEachPicture(t *testing.T) {
	batches, entries := qrTestBatches(t)
	const web = "https://example.com/welcome?ref=qr"
	pics := []Picture{
		// A screen with a setup code and a web page's code.
		{Name: "screen 1", Image: desktop(t, map[image.Point]string{{400, 400}: qrTestLink, {1500, 400}: web}, 300)},
		// A photo that shows the same setup code again and the first of
		// three transfer codes.
		{Name: "photo-1.jpg", Data: photograph(t, screenshot(t, []string{qrTestLink, batches[0].Link}, false), 4, 0.5, 1)},
		// Not a picture; a picture without a code.
		{Name: "notes.txt", Data: []byte("otpauth is not here")},
		{Name: "blank.png", Open: func() ([]byte, error) {
			return pngOf(t, image.NewGray(image.Rect(0, 0, 300, 200))), nil
		}},
		// A file that cannot be read.
		{Name: "gone.png", Open: func() ([]byte, error) { return nil, errors.New("reading gone.png: the file is gone") }},
	}
	var last, total int
	found, reports, err := ReadPictures(context.Background(), pics, func(done, all int) {
		if done < last || done > all {
			t.Errorf("progress went from %d to %d of %d", last, done, all)
		}
		last, total = done, all
	})
	if err != nil {
		t.Fatal(err)
	}
	if last != total || total != 5000 {
		t.Errorf("progress ended at %d of %d", last, total)
	}
	var lines []string
	for _, r := range reports {
		lines = append(lines, r.String())
	}
	want := []string{
		"screen 1: 1 key, 1 QR code that is not a 2FA code (2 QR codes)",
		"photo-1.jpg: " + strconv.Itoa(len(batches[0].Names)) + " keys, 1 QR code already read in an earlier picture (2 QR codes)",
		"notes.txt: this is not a picture Sparekey can open (PNG, JPEG, GIF or WebP)",
		"blank.png: no QR code was found in it",
		"gone.png: reading gone.png: the file is gone",
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("reports:\n%q\nwant\n%q", lines, want)
	}
	var names []string
	for _, e := range found.Entries {
		names = append(names, e.Name())
	}
	wantNames := []string{"Ünïcödé Bank (Zoë)"}
	for _, e := range entries[:len(batches[0].Names)] {
		wantNames = append(wantNames, e.Name())
	}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("keys %q, want %q", names, wantNames)
	}
	var problems []string
	for _, p := range found.Problems {
		problems = append(problems, p.Name+": "+p.Reason)
	}
	wantProblems := []string{
		"A QR code in screen 1: It is a link to a web page on example.com, not a two-step login key (those start with otpauth://).",
		"Google Authenticator transfer: The transfer has 3 QR codes, and QR codes 2 and 3 of them were not found. Scan or import the missing ones too.",
	}
	if !reflect.DeepEqual(problems, wantProblems) {
		t.Errorf("problems:\n%q\nwant\n%q", problems, wantProblems)
	}
}

func TestReadPicturesCompletesATransferOverPictures(t *testing.T) {
	batches, entries := qrTestBatches(t)
	var pics []Picture
	for i, b := range batches {
		pics = append(pics, Picture{Name: "page " + string(rune('1'+i)), Image: screenshot(t, []string{b.Link}, false)})
	}
	found, reports, err := ReadPictures(context.Background(), pics, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Entries) != len(entries) || len(found.Problems) != 0 {
		t.Errorf("%d keys of %d, problems %v", len(found.Entries), len(entries), found.Problems)
	}
	if got, want := reports[2].String(), "page 3: "+strconv.Itoa(len(batches[2].Names))+" keys (1 QR code)"; got != want {
		t.Errorf("report %q, want %q", got, want)
	}
}

func TestReadPicturesStopsWhenCancelled(t *testing.T) {
	one := screenshot(t, []string{qrTestLink}, false)
	ctx, cancel := context.WithCancel(context.Background())
	pics := []Picture{{Name: "a", Image: one}, {Name: "b", Image: one}, {Name: "c", Image: one}}
	found, reports, err := ReadPictures(ctx, pics, func(done, total int) {
		if done >= 1000 { // the first picture is read: stop
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if len(reports) != 1 || reports[0].Keys != 1 || len(found.Entries) != 1 {
		t.Errorf("reports %v, %d keys", reports, len(found.Entries))
	}
}

func TestNotKeyReasonSaysWhatTheCodeIs(t *testing.T) {
	for text, want := range map[string]string{
		"https://www.example.org/a?b=c":          "It is a link to a web page on www.example.org, not a two-step login key (those start with otpauth://).",
		"WIFI:S:home;T:WPA;P:hunter2;;":          "It holds the settings of a Wi-Fi network, not a two-step login key (those start with otpauth://).",
		"BEGIN:VCARD\nFN:Ada\nEND:VCARD":         "It is a contact card, not a two-step login key (those start with otpauth://).",
		"secret words the person wrote":          "It holds text, not a two-step login key (those start with otpauth://).",
		"SKPC1:ABCDEFGH:1/2:1/3:600:00000000:":   "It is a code of a Sparekey paper copy (all your keys on paper, locked), not the QR code of one key: bring it back with Restore from a paper copy, from photos of all its pages.",
		"SKPC2:ABCDEFGH:1/2:1/3:2:600:00000000:": "It is a code of a Sparekey paper copy (all your keys on paper, locked), not the QR code of one key: bring it back with Restore from a paper copy, from photos of all its pages.",
	} {
		if got := notKeyReason(text); got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

func TestIsKeyLink(t *testing.T) {
	for text, want := range map[string]bool{
		"otpauth://totp/A?secret=JBSWY3DPEHPK3PXP":   true,
		"\n  otpauth-migration://offline?data=abc\n": true,
		"OTPAUTH://TOTP/A?secret=JBSWY3DPEHPK3PXP":   true,
		"https://example.com":                        false,
		"":                                           false,
	} {
		if got := IsKeyLink(text); got != want {
			t.Errorf("IsKeyLink(%q) = %v", text, got)
		}
	}
}

// BenchmarkReadScreen2560x1440OneCode reads the one setup code on a
// 2560×1440 screen, as "Scan the QR code on my screen" does once the
// screen is taken. cpu-ms/op is the processor time, which a busy machine
// does not inflate as it does the wall-clock ns/op.
func BenchmarkReadScreen2560x1440OneCode(b *testing.B) {
	img := desktop(b, map[image.Point]string{{1500, 400}: qrTestLink}, 220)
	pics := []Picture{{Name: "screen 1", Image: img}}
	start := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		found, _, err := ReadPictures(context.Background(), pics, nil)
		if err != nil || len(found.Entries) != 1 {
			b.Fatalf("read %v, %v", found.Entries, err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
