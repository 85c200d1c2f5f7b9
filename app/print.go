package app

// Printing: the "Print recovery sheets…" screen (which keys, paper size;
// open the PDF in the system's viewer, save it, or send it to a CUPS
// printer), the emergency kit (from the new recovery key's screen and from
// the File menu), and the main screen's note about keys not on paper yet.
// The PDFs come from package printing.

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/printing"
	"sparekey/vault"
)

// printSystem is how PDFs reach the operating system; tests replace it.
var printSystem = struct {
	OpenInViewer     func(path string) error
	CanPrintDirectly func() bool
	Printers         func() ([]printing.Printer, error)
	PrintTo          func(printer, path string, paper printing.Paper) error
}{printing.OpenInViewer, printing.CanPrintDirectly, printing.Printers, printing.PrintTo}

// printScreen is the state of the "Print recovery sheets" screen.
type printScreen struct {
	u       *UI
	checks  []*widget.Check
	ids     []string
	paper   *widget.RadioGroup
	printer *widget.Select
	status  *widget.Label
	// openBtn and saveBtn are the actions at the bottom ("Print 3 keys…").
	openBtn *primaryButton
	saveBtn *widget.Button
	// back asks "Did it print?" now, for when Sparekey cannot tell that the
	// person came back from the PDF viewer (shown while the viewer is open).
	back *widget.Button
	// printing is the sheet open in the viewer, waiting for the person to
	// come back and say whether it printed.
	printing *pendingPrint
	// afterPrinted runs once the person says the sheet printed (offer to
	// delete the file they saved).
	afterPrinted func()
}

// pendingPrint is a sheet handed to the PDF viewer: its keys, and what
// deletes its file.
type pendingPrint struct {
	entries []*vault.Entry
	done    func()
	saved   string // the file the person saved, offered for deletion once printed
}

// showPrint shows the print screen with the keys of ids ticked (nil: all).
func (u *UI) showPrint(ids []string) { u.showPrintFrom(ids, u.ShowMain) }

// showPrintFrom is showPrint whose Back (and Esc) runs back: from a key's
// page, Back returns to that page.
func (u *UI) showPrintFrom(ids []string, back func()) {
	if u.v == nil {
		return
	}
	ps := &printScreen{u: u, status: wrapped("")}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	keys := container.NewVBox()
	for _, e := range u.v.Sorted() {
		c := widget.NewCheck(printLabel(e), nil)
		c.SetChecked(ids == nil || want[e.ID])
		ps.checks = append(ps.checks, c)
		ps.ids = append(ps.ids, e.ID)
		keys.Add(c)
	}
	all := widget.NewButton("All", func() { ps.tick(func(*vault.Entry) bool { return true }) })
	none := widget.NewButton("None", func() { ps.tick(func(*vault.Entry) bool { return false }) })
	unprinted := widget.NewButton("Only those not on paper yet", func() { ps.tick(func(e *vault.Entry) bool { return e.Printed.IsZero() }) })

	ps.paper = widget.NewRadioGroup([]string{"A4", "Letter"}, func(s string) {
		if s != "" {
			u.Prefs.SetString(prefPaper, s)
		}
	})
	ps.paper.Horizontal = true
	ps.paper.Required = true
	ps.paper.SetSelected(u.PaperSize())

	// The actions stay at the bottom of the window, however many keys there
	// are, and say how many keys they print.
	ps.openBtn = newPrimaryButton("Print…", theme.DocumentPrintIcon(), ps.openInViewer)
	ps.saveBtn = widget.NewButtonWithIcon("Save as PDF…", theme.DocumentSaveIcon(), ps.save)
	actions := container.NewVBox(container.NewHBox(ps.openBtn, ps.saveBtn))
	if printSystem.CanPrintDirectly() {
		if printers, err := printSystem.Printers(); err == nil && len(printers) > 0 {
			var names []string
			for _, p := range printers {
				names = append(names, p.Name)
			}
			ps.printer = widget.NewSelect(names, nil)
			ps.printer.SetSelected(names[0]) // the default printer comes first
			actions.Add(container.NewBorder(nil, nil, widget.NewLabel("Or print straight to"),
				widget.NewButtonWithIcon("Print", theme.DocumentPrintIcon(), ps.printDirectly), ps.printer))
		}
	}
	ps.back = widget.NewButtonWithIcon("I have printed it…", theme.ConfirmIcon(), ps.cameBack)
	ps.back.Hide()
	actions.Add(ps.status)
	for _, c := range ps.checks {
		c.OnChanged = func(bool) { ps.count() }
	}
	ps.count()
	if len(u.v.Entries) == 0 {
		// Nothing to tick: say so, instead of "tick at least one key".
		keys.Add(wrapped("You have no keys yet. Add a key first (or import your keys from another app), then print its sheet."))
		all.Disable()
		none.Disable()
		unprinted.Disable()
	}
	u.print = ps
	u.showScreenWithButtons("Print recovery sheets", back, container.New(&minWidth{w: narrowWidth}, container.NewVBox(
		wrapped("A recovery sheet is your keys on paper: each one as a square code that any authenticator app can scan, and as letters you can type. Keep it somewhere safe, like your passport: anyone holding it can make your login codes."),
		widget.NewLabelWithStyle("Which keys", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(all, none, unprinted),
		keys,
		widget.NewLabelWithStyle("Paper", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		ps.paper,
		widget.NewSeparator(),
		u.paperCopyCard(), // papercopy.go
	)), container.NewVBox(actions, ps.back))
}

// count puts the number of keys ticked in the action buttons' labels, and
// disables them when none is.
func (ps *printScreen) count() {
	n := len(ps.chosen())
	ps.openBtn.SetText("Print " + vault.Count(n, "key", "keys") + "…")
	ps.saveBtn.SetText("Save " + vault.Count(n, "key", "keys") + " as PDF…")
	if n == 0 {
		ps.openBtn.Disable()
		ps.saveBtn.Disable()
	} else {
		ps.openBtn.Enable()
		ps.saveBtn.Enable()
	}
}

// printLabel is a key's line on the print screen: its name and whether it
// is on paper.
func printLabel(e *vault.Entry) string {
	if e.Printed.IsZero() {
		return e.Name() + "   (not on paper yet)"
	}
	return e.Name() + "   (printed " + printing.PrintedDate(e.Printed.Local()) + ")"
}

// relabel brings the keys' lines up to date after some were printed.
func (ps *printScreen) relabel() {
	for i, c := range ps.checks {
		if e := ps.u.v.Get(ps.ids[i]); e != nil {
			c.SetText(printLabel(e))
		}
	}
}

func (ps *printScreen) tick(on func(*vault.Entry) bool) {
	for i, c := range ps.checks {
		if e := ps.u.v.Get(ps.ids[i]); e != nil {
			c.SetChecked(on(e))
		}
	}
}

// chosen returns the ticked keys, in the vault's order.
func (ps *printScreen) chosen() []*vault.Entry {
	var out []*vault.Entry
	for i, c := range ps.checks {
		if !c.Checked {
			continue
		}
		if e := ps.u.v.Get(ps.ids[i]); e != nil {
			out = append(out, e)
		}
	}
	return out
}

func (ps *printScreen) paperSize() printing.Paper {
	if ps.paper.Selected == "Letter" {
		return printing.Letter
	}
	return printing.A4
}

// makeSheet makes the PDF off the UI goroutine and hands it to use.
func (ps *printScreen) makeSheet(use func(pdf []byte, entries []*vault.Entry)) {
	u := ps.u
	entries := ps.chosen()
	if len(entries) == 0 {
		u.ShowError(errors.New("tick at least one key to print"))
		return
	}
	// The PDF is made from copies, so that the vault is not read while the
	// UI may change it.
	copies := make([]*vault.Entry, len(entries))
	for i, e := range entries {
		c := *e
		copies[i] = &c
	}
	opts := printing.Options{Paper: ps.paperSize(), Now: u.Now()}
	var pdf []byte
	u.Slow("Making the recovery sheet…", func() error {
		var err error
		pdf, err = printing.Sheet(copies, opts)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("the recovery sheet could not be made: %w", err))
			return
		}
		use(pdf, entries)
	})
}

// openInViewer writes the sheet to a private temporary file and opens it in
// the system's viewer. Whether it printed is asked when the person comes
// back to Sparekey (the question could not be answered before), and the
// file is deleted once they answer.
func (ps *printScreen) openInViewer() {
	u := ps.u
	ps.makeSheet(func(pdf []byte, entries []*vault.Entry) {
		if remove := u.viewPDF(pdf, "sheet"); remove != nil {
			ps.waitForPrint(entries, remove)
		}
	})
}

// waitForPrint says that the sheet is open in the viewer, and asks whether
// it printed when the person comes back to Sparekey (or presses "I have
// printed it…").
func (ps *printScreen) waitForPrint(entries []*vault.Entry, done func()) {
	u := ps.u
	if ps.printing != nil && ps.printing.done != nil {
		ps.printing.done() // an older sheet, never answered for
	}
	ps.printing = &pendingPrint{entries: entries, done: done}
	ps.status.SetText("The sheet is open in your PDF viewer. Print it from there (usually File, then Print). When you come back here, Sparekey asks whether it printed.")
	ps.back.Show()
	u.grew()
	u.whenBack(ps.cameBack)
}

// cameBack asks whether the sheet open in the viewer printed.
func (ps *printScreen) cameBack() {
	p := ps.printing
	if p == nil || ps.u.print != ps {
		return
	}
	ps.printing = nil
	ps.back.Hide()
	ps.status.SetText("")
	ps.askPrinted(p.entries, "Did the sheet come out of the printer, readable?", p.done)
	if p.saved != "" {
		ps.afterPrinted = func() { ps.u.offerDelete(p.saved, "your keys") }
	}
}

// printDirectly sends the sheet to the chosen CUPS printer.
func (ps *printScreen) printDirectly() {
	u := ps.u
	printer := ps.printer.Selected
	if printer == "" {
		u.ShowError(errors.New("choose a printer first"))
		return
	}
	paper := ps.paperSize()
	ps.makeSheet(func(pdf []byte, entries []*vault.Entry) {
		path, remove, err := u.tempPDF(pdf, "sheet")
		if err != nil {
			u.ShowError(err)
			return
		}
		u.Slow("Sending the sheet to "+printer+"…", func() error {
			return printSystem.PrintTo(printer, path, paper)
		}, func(err error) {
			remove() // CUPS has its own copy now
			if err != nil {
				u.ShowError(err)
				return
			}
			ps.askPrinted(entries, "The sheet went to "+printer+".", nil)
		})
	})
}

// save lets the person save the sheet as a PDF file. Saving is not
// printing: the person may open the saved file to print it, and is asked
// whether it printed when they come back.
func (ps *printScreen) save() {
	u := ps.u
	ps.makeSheet(func(pdf []byte, entries []*vault.Entry) {
		u.savePlain("Sparekey recovery sheet.pdf", func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				u.ShowError(fmt.Errorf("the sheet was not saved: %w", err))
				return
			}
			if w == nil {
				return // cancelled
			}
			if err := writeAll(w, pdf); err != nil {
				u.ShowError(fmt.Errorf("the sheet was not saved completely: %w", err))
				return
			}
			ps.saved(w.URI().Path(), entries)
		})
	})
}

// saved says where the sheet went and offers to open it to print.
func (ps *printScreen) saved(path string, entries []*vault.Entry) {
	u := ps.u
	ps.status.SetText("Saved to " + path + ". It holds your keys unprotected: print it, then delete it.")
	u.grew()
	u.Confirm("Sheet saved", "Saved to "+path+". It is not printed yet, and it holds your keys unprotected: print it, then delete the file.", "Open it to print…", func() {
		if err := printSystem.OpenInViewer(path); err != nil {
			u.ShowError(err)
			return
		}
		ps.waitForPrint(entries, nil)
		ps.printing.saved = path
	})
}

// writeAll writes a file the person chose in a save dialog. What Sparekey
// saves holds secrets, so the file is made private to the user (0600)
// before anything is written to it.
func writeAll(w fyne.URIWriteCloser, b []byte) error {
	if err := makePrivate(w); err != nil {
		w.Close()
		return err
	}
	_, err := w.Write(b)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}

// makePrivate lets only the user read the file behind w (the save dialog
// creates it readable by everyone).
func makePrivate(w fyne.URIWriteCloser) error {
	if w.URI().Scheme() != "file" {
		return nil
	}
	if err := os.Chmod(w.URI().Path(), 0o600); err != nil {
		return fmt.Errorf("the file could not be made private: %w", err)
	}
	return nil
}

// askPrinted asks whether the sheet came out of the printer; "yes" records
// the keys as on paper. done (if any) runs whatever the answer.
func (ps *printScreen) askPrinted(entries []*vault.Entry, what string, done func()) {
	u := ps.u
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	d := dialog.NewConfirm("Did it print?", what+"\n\nOnce the sheet is printed and readable, Sparekey notes that these keys are on paper.",
		func(yes bool) {
			if done != nil {
				done()
			}
			if !yes || u.v == nil {
				return
			}
			var marked []*vault.Entry
			for _, id := range ids {
				if e := u.v.Get(id); e != nil {
					marked = append(marked, e)
				}
			}
			printing.MarkPrinted(marked, u.Now())
			if then := ps.afterPrinted; then != nil {
				ps.afterPrinted = nil
				defer then()
			}
			if u.Changed() == nil {
				ps.relabel()
				ps.status.SetText(fmt.Sprintf("%s now on paper. Write where you keep the sheet on its \u201cStored at\u201d line.", vault.Count(len(marked), "key is", "keys are")))
			}
		}, u.Window)
	d.SetConfirmText("Yes, it printed")
	d.SetDismissText("Not yet")
	u.ShowDialog(d)
}

// addPaperReminder adds a line to the main screen naming the keys that are
// not on paper yet, with a button to print them.
func addPaperReminder(u *UI, top *fyne.Container) {
	if u.v == nil || len(u.v.Entries) == 0 {
		return
	}
	var names, ids []string
	for _, e := range u.v.Sorted() {
		if e.Printed.IsZero() {
			names = append(names, e.Name())
			ids = append(ids, e.ID)
		}
	}
	if len(names) == 0 {
		return
	}
	msg := "Not on paper yet: " + strings.Join(names, ", ")
	if len(names) > 3 {
		msg = fmt.Sprintf("%d keys are not on paper yet: %s and %d more", len(names), strings.Join(names[:3], ", "), len(names)-3)
	}
	l := wrapped(msg)
	l.Importance = widget.WarningImportance
	b := widget.NewButtonWithIcon("Print them…", theme.DocumentPrintIcon(), func() { u.showPrint(ids) })
	top.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentPrintIcon()), container.NewCenter(b), container.New(&minWidth{w: 180}, l)))
}

// askKitRecoveryKey asks for the recovery key (Sparekey never keeps it),
// checks that it opens this vault, and prints the kit.
func (u *UI) askKitRecoveryKey() { u.askKitRecoveryKeyWith("") }

// askKitRecoveryKeyWith asks with typed already in the field: after a
// refusal, the person fixes the wrong character instead of typing all 40
// again.
func (u *UI) askKitRecoveryKeyWith(typed string) {
	if u.v == nil {
		return
	}
	if u.kitAsk != nil {
		u.kitAsk.Hide() // one question at a time
	}
	key := newEntry(u, "ABCD-EFGH-…")
	key.SetText(typed)
	msg := wrapped("The emergency kit holds your recovery key, which Sparekey does not keep. Type it from where you stored it (10 groups of 4 letters and digits).")
	d := dialog.NewCustomConfirm("Print the emergency kit", "Continue", "Cancel",
		container.New(&minWidth{w: narrowWidth}, container.NewVBox(msg, key)), func(ok bool) {
			u.kitAsk = nil
			if !ok {
				return
			}
			typed := key.Text
			again := func() { u.askKitRecoveryKeyWith(typed) }
			parsed, err := vault.ParseRecoveryKey(typed)
			if err != nil {
				u.showErrorThen(err, again)
				return
			}
			path := u.v.Path()
			if path == "" { // the demo: nothing to unlock
				u.printKit(parsed)
				return
			}
			u.Slow("Checking the recovery key…", func() error {
				v, err := vault.OpenWithRecoveryKey(path, parsed, u.cfg.Options...)
				if err != nil {
					return err
				}
				return v.Close()
			}, func(err error) {
				if err != nil {
					u.showErrorThen(fmt.Errorf("this recovery key does not open your Sparekey file: %w", err), again)
					return
				}
				u.printKit(parsed)
			})
		}, u.Window)
	u.kitAsk = d
	u.showAsking(d, key)
}

// showAsking shows a dialog that asks for one thing typed in field: the
// field has the focus, so the person can type at once, and Enter in it
// answers as the dialog's main button does.
func (u *UI) showAsking(d *dialog.ConfirmDialog, field *entry) {
	field.OnSubmitted = func(string) { d.Confirm() }
	u.ShowDialog(d)
	u.Window.Canvas().Focus(field)
}

// printKit makes the emergency kit and offers to open it to print or save it.
func (u *UI) printKit(recoveryKey string) {
	info := printing.KitInfo{RecoveryKey: recoveryKey, VaultPath: u.cfg.VaultPath}
	if u.v != nil {
		info.Copies = u.v.Copies
		info.Keys = len(u.v.Entries)
		if p := u.v.Path(); p != "" {
			info.VaultPath = p
		}
	}
	paper := printing.A4
	if u.PaperSize() == "Letter" {
		paper = printing.Letter
	}
	opts := printing.Options{Paper: paper, Now: u.Now()}
	var pdf []byte
	u.Slow("Making the emergency kit…", func() error {
		var err error
		pdf, err = printing.Kit(info, opts)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(fmt.Errorf("the emergency kit could not be made: %w", err))
			return
		}
		u.offerKit(pdf)
	})
}

// offerKit asks whether to open the kit to print it or to save it.
func (u *UI) offerKit(pdf []byte) {
	var d dialog.Dialog
	open := func() {
		d.Hide()
		remove := u.viewPDF(pdf, "kit")
		if remove == nil {
			return
		}
		done := dialog.NewInformation("Print the emergency kit",
			"The kit is open in your PDF viewer. Print it from there, then press OK: Sparekey deletes its temporary copy.", u.Window)
		done.SetOnClosed(remove)
		u.recordKit() // kit.go
		u.ShowDialog(done)
	}
	save := func() {
		d.Hide()
		u.savePlain("Sparekey emergency kit.pdf", func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				u.ShowError(fmt.Errorf("the kit was not saved: %w", err))
				return
			}
			if w == nil {
				return
			}
			if err := writeAll(w, pdf); err != nil {
				u.ShowError(fmt.Errorf("the kit was not saved completely: %w", err))
				return
			}
			path := w.URI().Path()
			u.recordKit() // kit.go
			u.Confirm("Emergency kit saved", "Saved to "+path+". It is not printed yet, and it holds your recovery key: print it, then delete the file.", "Open it to print…", func() {
				if err := printSystem.OpenInViewer(path); err != nil {
					u.ShowError(err)
					return
				}
				u.whenBack(func() { u.offerDelete(path, "your recovery key") })
			})
		})
	}
	d = dialog.NewCustom("Your emergency kit", "Cancel", container.NewVBox(
		wrapped("The emergency kit is one page: your recovery key, where your encrypted copies are, and the steps to get every key back, with or without Sparekey."),
		container.NewHBox(newPrimaryButton("Open it to print…", theme.DocumentPrintIcon(), open),
			widget.NewButtonWithIcon("Save as PDF…", theme.DocumentSaveIcon(), save)),
	), u.Window)
	u.ShowDialog(d)
}
