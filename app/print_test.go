package app

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sparekey/internal/tooltest"
	"sparekey/printing"
	"sparekey/vault"
)

// fakePrinting stands in for the system's viewer and printers. It checks
// what each receives while the file is there (a private PDF) and records it.
type fakePrinting struct {
	t       *testing.T
	mu      sync.Mutex // the fakes are called from slow work off the UI goroutine
	opened  []string   // paths given to the viewer
	printed []string   // "printer path paper"
	pdfs    [][]byte
}

func useFakePrinting(t *testing.T, printers ...printing.Printer) *fakePrinting {
	f := &fakePrinting{t: t}
	// Temporary PDFs go to a folder of the test's own, removed after it:
	// a test that leaves the kit's "press OK" message open (the app
	// deletes the PDF on OK) left a PDF in the system's temporary folder.
	t.Setenv("TMPDIR", t.TempDir())
	saved := printSystem
	t.Cleanup(func() { printSystem = saved })
	printSystem.OpenInViewer = func(path string) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.opened = append(f.opened, path)
		f.receive(path)
		return nil
	}
	printSystem.CanPrintDirectly = func() bool { return len(printers) > 0 }
	printSystem.Printers = func() ([]printing.Printer, error) { return printers, nil }
	printSystem.PrintTo = func(printer, path string, paper printing.Paper) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.printed = append(f.printed, printer+" "+path+" "+string(paper))
		f.receive(path)
		return nil
	}
	return f
}

// Opened, Printed and PDFs return what the fakes were handed so far.
func (f *fakePrinting) Opened() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.opened...)
}

// Printed returns "printer path paper" for each direct print.
func (f *fakePrinting) Printed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.printed...)
}

// PDFs returns the PDFs handed over.
func (f *fakePrinting) PDFs() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]byte(nil), f.pdfs...)
}

func (f *fakePrinting) receive(path string) {
	st, err := os.Stat(path)
	if err != nil {
		f.t.Fatalf("the PDF handed over is not there: %v", err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		f.t.Errorf("the temporary PDF has mode %v, want 0600", st.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		f.t.Errorf("the file handed over is not a PDF")
	}
	f.pdfs = append(f.pdfs, b)
}

// tapButton taps the one visible button with that text, plain or primary.
func (h *harness) tapButton(text string) {
	h.t.Helper()
	bs := h.find(func(o fyne.CanvasObject) bool {
		switch b := o.(type) {
		case *widget.Button:
			return b.Text == text
		case *primaryButton:
			return b.Text == text
		}
		return false
	})
	if len(bs) != 1 {
		h.t.Fatalf("want one button %q on screen %q, found %d", text, h.u.screen, len(bs))
	}
	test.Tap(bs[0].(fyne.Tappable))
}

// awayAndBack does what the window sees when the person goes to another
// window (the PDF viewer) and comes back.
func (h *harness) awayAndBack() {
	lc := h.u.App.Lifecycle().(interface {
		OnExitedForeground() func()
		OnEnteredForeground() func()
	})
	lc.OnExitedForeground()()
	lc.OnEnteredForeground()()
}

func gone(path string) bool {
	_, err := os.Stat(path)
	return os.IsNotExist(err)
}

func TestMainScreenNamesKeysNotOnPaperAndPrintingThemRecordsIt(t *testing.T) {
	fake := useFakePrinting(t)
	h := listHarness(t, linkMail, linkBank)
	u := h.u
	if !h.shows("Not on paper yet: Example Bank (ada.lovelace), Example Mail (ada@example.com)") {
		t.Fatal("the main screen does not name the keys that are not on paper yet")
	}
	test.Tap(h.button("Print them…"))
	ps := u.print
	if ps == nil || len(ps.checks) != 2 || !ps.checks[0].Checked || !ps.checks[1].Checked {
		t.Fatal("the print screen does not offer both keys, ticked")
	}
	if ps.paper.Selected != "A4" {
		t.Errorf("paper %q, want the preference A4", ps.paper.Selected)
	}
	ps.paper.SetSelected("Letter")
	ps.checks[0].SetChecked(false) // Example Bank
	h.tapButton("Print 1 key…")
	h.waitFor("the viewer", func() bool { return len(fake.Opened()) == 1 })
	h.awayAndBack()
	h.waitFor("the question", func() bool { return h.shows("Did the sheet come out of the printer") })
	if gone(fake.Opened()[0]) {
		t.Fatal("the temporary PDF was removed before the person printed it")
	}
	test.Tap(h.button("Yes, it printed"))
	if !gone(fake.Opened()[0]) {
		t.Error("the temporary PDF is still there after printing")
	}
	if u.PaperSize() != "Letter" {
		t.Errorf("the paper choice was not kept: %q", u.PaperSize())
	}
	mail, bank := u.v.Find("Example Mail")[0], u.v.Find("Example Bank")[0]
	if !mail.Printed.Equal(h.now) || !bank.Printed.IsZero() {
		t.Errorf("printed: mail %v, bank %v; want only mail, now", mail.Printed, bank.Printed)
	}
	// Saved: the vault file says so too.
	v, err := vault.Open(h.path, strongPW)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.Find("Example Mail")[0].Printed.IsZero() {
		t.Error("the vault file does not record the printed key")
	}
	u.ShowMain()
	if !h.shows("Not on paper yet: Example Bank (ada.lovelace)") || h.shows("Example Mail (ada@example.com)") {
		t.Error("after printing, the main screen still names the printed key, or no longer the other")
	}
}

func TestNotYetPrintedRemovesTheTemporaryPDFAndRecordsNothing(t *testing.T) {
	fake := useFakePrinting(t)
	h := listHarness(t, linkMail)
	h.menuItem("Print recovery sheets…").Action()
	h.tapButton("Print 1 key…")
	h.waitFor("the viewer", func() bool { return len(fake.Opened()) == 1 })
	h.awayAndBack()
	test.Tap(h.button("Not yet"))
	if !gone(fake.Opened()[0]) {
		t.Error("the temporary PDF is still there")
	}
	if !h.u.v.Entries[0].Printed.IsZero() {
		t.Error("a key counts as printed after \u201cNot yet\u201d")
	}
}

func TestPrintStraightToAChosenPrinter(t *testing.T) {
	fake := useFakePrinting(t, printing.Printer{Name: "Office_Laser", Default: true}, printing.Printer{Name: "Home_Inkjet"})
	h := listHarness(t, linkMail, linkBank)
	u := h.u
	h.openKey("Example Bank")
	test.Tap(h.button("Print this key…"))
	ps := u.print
	if ps.printer == nil || ps.printer.Selected != "Office_Laser" {
		t.Fatal("the default printer is not offered first")
	}
	ps.printer.SetSelected("Home_Inkjet")
	test.Tap(h.button("Print"))
	h.waitFor("the printer", func() bool { return len(fake.Printed()) == 1 })
	h.waitFor("the question", func() bool { return h.shows("went to Home_Inkjet") })
	f := strings.Fields(fake.Printed()[0])
	if f[0] != "Home_Inkjet" || f[2] != "a4" {
		t.Errorf("printed %q", fake.Printed()[0])
	}
	if !gone(f[1]) {
		t.Error("the temporary PDF is still there after CUPS took it")
	}
	test.Tap(h.button("Yes, it printed"))
	if u.v.Find("Example Bank")[0].Printed.IsZero() || !u.v.Find("Example Mail")[0].Printed.IsZero() {
		t.Error("Print this key did not print just that key")
	}
}

func TestFirstStartOffersTheEmergencyKit(t *testing.T) {
	fake := useFakePrinting(t)
	h := newHarness(t, Config{})
	u := h.start()
	test.Tap(u.first.start)
	u.first.chooser.first.SetText(strongPW)
	u.first.chooser.second.SetText(strongPW)
	test.Tap(u.first.chooser.submit)
	h.waitFor("the recovery key", func() bool { return u.screen == screenRecovery })
	key := u.first.recovery
	test.Tap(h.button("Print the emergency kit…"))
	h.waitFor("the kit", func() bool { return h.shows("The emergency kit is one page") })
	h.tapButton("Open it to print…")
	if len(fake.Opened()) != 1 {
		t.Fatal("the kit was not opened in the viewer")
	}
	if !h.shows("Print it from there, then press OK") {
		t.Fatal("no word on what to do with the opened kit")
	}
	test.Tap(h.button("OK"))
	if !gone(fake.Opened()[0]) {
		t.Error("the kit's temporary PDF is still there")
	}
	text := strings.ReplaceAll(pdfText(t, fake.PDFs()[0]), " ", "")
	if !strings.Contains(text, "Sparekeyemergencykit") || !strings.Contains(text, strings.Join(strings.Split(key, "-")[:5], "-")) {
		t.Errorf("the PDF is not the emergency kit with this vault's recovery key:\n%s", text)
	}
}

// pdfText is the text of a PDF, read with pdftotext (which CI has).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := tooltest.Find(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestRestoreFromPaperChecksEachLineAndAddsTheKey(t *testing.T) {
	h := listHarness(t, linkMail)
	u := h.u
	h.menuItem("Restore a key from paper…").Action()
	pr := u.paperRestore
	if pr == nil {
		t.Fatal("no restore screen")
	}
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQMFRG"
	lines := vault.KeyLines(secret, printing.KeyLineChars)
	test.Type(pr.issuer, "Électricité")
	test.Type(pr.account, "renée")

	// Line 1, typed in lower case with 0 for O and a space, right.
	r := pr.rows[0]
	test.Type(r.key, strings.ToLower(vault.GroupsOfFour(lines[0])))
	if !strings.Contains(r.status.Text, "two digits printed in the box") {
		t.Errorf("before the number in the box: %q", r.status.Text)
	}
	test.Type(r.check, vault.LineCheck(1, lines[0]))
	if r.status.Text != "Line 1 is right." || len(pr.rows) != 2 {
		t.Fatalf("line 1: %q, %d rows", r.status.Text, len(pr.rows))
	}
	// Line 2 with two neighbours swapped: named at once.
	r2 := pr.rows[1]
	swapped := lines[1][1:2] + lines[1][0:1] + lines[1][2:]
	test.Type(r2.check, vault.LineCheck(2, lines[1]))
	test.Type(r2.key, swapped)
	if r2.status.Importance != widget.DangerImportance || !strings.HasPrefix(r2.status.Text, "Line 2 does not match") {
		t.Fatalf("a swapped line 2: %q", r2.status.Text)
	}
	h.tapButton("Add the key")
	if !strings.Contains(pr.problem.Text, "Line 2") || len(u.v.Entries) != 1 {
		t.Fatalf("adding with a wrong line 2: %q, %d keys", pr.problem.Text, len(u.v.Entries))
	}
	r2.key.SetText(strings.ReplaceAll(lines[1], "O", "0"))
	if !strings.HasPrefix(r2.status.Text, "Line 2 is right.") {
		t.Fatalf("line 2 fixed: %q", r2.status.Text)
	}
	if !strings.Contains(r2.status.Text, "If the sheet shows a line 3, choose Add a line") || len(pr.rows) != 2 {
		t.Fatalf("a right full last line: %q, %d rows", r2.status.Text, len(pr.rows))
	}
	h.tapButton("Add a line")
	r3 := pr.rows[2]
	test.Type(r3.key, lines[2])
	test.Type(r3.check, vault.LineCheck(3, lines[2]))
	if !strings.Contains(r3.status.Text, "last line") {
		t.Errorf("short last line: %q", r3.status.Text)
	}
	h.tapButton("Add the key")
	if u.screen != screenKey {
		t.Fatalf("after Add the key: screen %q, problem %q", u.screen, pr.problem.Text)
	}
	got := u.v.Find("Électricité")
	if len(got) != 1 || got[0].Secret != secret || got[0].Account != "renée" || got[0].Type != vault.TOTP {
		t.Fatalf("the restored key: %+v", got)
	}
	if !got[0].Printed.Equal(h.now) {
		t.Error("a key restored from paper does not count as on paper")
	}
}

func TestEmergencyKitFromTheMenuNeedsTheRecoveryKeyThatOpensTheVault(t *testing.T) {
	fake := useFakePrinting(t)
	h := newHarness(t, Config{})
	key := h.makeVault(strongPW, linkMail)
	h.start()
	enter(h.u.unlock.password, strongPW)
	h.waitFor("the list", func() bool { return h.u.screen == screenList })
	typeKey := func(text string) {
		h.menuItem("Print the emergency kit…").Action()
		fields := h.find(func(o fyne.CanvasObject) bool {
			e, ok := o.(*entry)
			return ok && e.PlaceHolder == "ABCD-EFGH-…"
		})
		if len(fields) != 1 {
			t.Fatalf("want one recovery key field, found %d", len(fields))
		}
		test.Type(fields[0].(*entry), text)
		h.tapButton("Continue")
	}
	typeKey(vault.NewRecoveryKey()) // well formed, but another vault's
	h.waitFor("the refusal", func() bool { return h.shows("does not open your Sparekey file") })
	if len(fake.Opened()) != 0 {
		t.Fatal("a kit was made with a recovery key that does not open the vault")
	}
	test.Tap(h.button("OK"))
	typeKey(strings.ToLower(strings.ReplaceAll(key, "-", " ")))
	h.waitFor("the kit", func() bool { return h.shows("The emergency kit is one page") })
	h.tapButton("Open it to print…")
	text := strings.ReplaceAll(pdfText(t, fake.PDFs()[0]), " ", "")
	if !strings.Contains(text, strings.Join(strings.Split(key, "-")[5:], "-")) || !strings.Contains(text, "1key") {
		t.Errorf("the kit lacks the recovery key or the number of keys:\n%s", text)
	}
}

func TestPrintButtonsStayInTheWindowAndCountTheKeys(t *testing.T) {
	useFakePrinting(t)
	var links []string
	for i := 0; i < 60; i++ {
		secret := vault.EncodeSecret([]byte(fmt.Sprintf("site %02d secret key", i)))
		links = append(links, fmt.Sprintf("otpauth://totp/Site%%20%02d:ada?secret=%s&issuer=Site%%20%02d", i, secret, i))
	}
	h := listHarness(t, links...)
	h.menuItem("Print recovery sheets…").Action()
	open := h.primary("Print 60 keys…")
	if !h.inWindow(open) || !h.inWindow(h.button("Save 60 keys as PDF…")) {
		t.Fatal("with 60 keys, the print buttons are out of the window")
	}
	h.u.print.checks[3].SetChecked(false)
	if open.Text != "Print 59 keys…" {
		t.Errorf("after unticking one key the button reads %q", open.Text)
	}
	test.Tap(h.button("None"))
	if open.Text != "Print 0 keys…" || !open.Disabled() {
		t.Errorf("with no key ticked the button reads %q, disabled %v", open.Text, open.Disabled())
	}
}

func TestDidItPrintIsAskedWhenThePersonComesBackFromTheViewer(t *testing.T) {
	fake := useFakePrinting(t)
	h := listHarness(t, linkMail)
	h.menuItem("Print recovery sheets…").Action()
	h.tapButton("Print 1 key…")
	h.waitFor("the viewer", func() bool { return len(fake.Opened()) == 1 })
	h.flush()
	if h.shows("Did the sheet come out") {
		t.Fatal("Did it print? is asked before the person could print")
	}
	if !h.shows("When you come back here, Sparekey asks whether it printed") {
		t.Error("the screen does not say what happens next")
	}
	h.awayAndBack()
	if !h.shows("Did the sheet come out of the printer") {
		t.Fatal("coming back from the viewer does not ask whether it printed")
	}
	test.Tap(h.button("Yes, it printed"))
	if h.u.v.Entries[0].Printed.IsZero() || !gone(fake.Opened()[0]) {
		t.Error("the answer did not record the key as printed and delete the PDF")
	}
	// Without a focus change (a viewer that does not take it), the button asks.
	h.tapButton("Print 1 key…")
	h.waitFor("the viewer", func() bool { return len(fake.Opened()) == 2 })
	test.Tap(h.button("I have printed it…"))
	if !h.shows("Did the sheet come out of the printer") {
		t.Error("\u201cI have printed it\u201d does not ask")
	}
}

// primary finds the one visible primary button with that text.
func (h *harness) primary(text string) *primaryButton {
	h.t.Helper()
	bs := h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*primaryButton)
		return ok && b.Text == text
	})
	if len(bs) != 1 {
		h.t.Fatalf("want one button %q on screen %q, found %d", text, h.u.screen, len(bs))
	}
	return bs[0].(*primaryButton)
}

// inWindow reports whether o lies wholly inside the window's canvas.
func (h *harness) inWindow(o fyne.CanvasObject) bool {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	size := h.u.Window.Canvas().Size()
	return o.Visible() && pos.X >= 0 && pos.Y >= 0 && pos.X+o.Size().Width <= size.Width && pos.Y+o.Size().Height <= size.Height
}

func TestRestoreFromPaperKeepsItsButtonInViewAndAddsNoEmptyLine(t *testing.T) {
	h := listHarness(t, linkMail)
	h.u.Window.Resize(fyne.NewSize(400, 500))
	h.menuItem("Restore a key from paper…").Action()
	pr := h.u.paperRestore
	lines := vault.KeyLines("MFZW63LFOQQHEZLDN5ZGS3THMFZW63LF", printing.KeyLineChars)
	test.Type(pr.issuer, "Example Forum")
	for i, l := range lines {
		test.Type(pr.rows[i].key, l)
		test.Type(pr.rows[i].check, vault.LineCheck(i+1, l))
	}
	h.flush()
	if len(pr.rows) != 2 {
		t.Errorf("a key of two full lines made %d rows, want 2", len(pr.rows))
	}
	if s := pr.rows[1].status.Text; !strings.Contains(s, "the key has 2 lines") {
		t.Errorf("the last line says %q, not how many lines the key has", s)
	}
	if !h.inWindow(h.primary("Add the key")) {
		t.Fatal("\u201cAdd the key\u201d is out of the 400\u00d7500 window")
	}
	h.tapButton("Add the key")
	if h.u.screen != screenKey {
		t.Errorf("the key was not added: %q", pr.problem.Text)
	}
}
