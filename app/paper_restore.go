package app

// Restore from paper: type a key from a recovery sheet line by line. Each
// line is checked against its printed check number as it is typed
// (vault.CheckLine: case, spaces and dashes do not matter; 0, 1 and 8 are
// read as O, I and B where the check number confirms it), and a wrong line is
// named. Then the key is added like any other.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/printing"
	"sparekey/vault"
)

// The kinds of code, as the restore screen names them.
const (
	kindTOTP  = "Time-based codes (the usual kind)"
	kindHOTP  = "Counter-based codes"
	kindSteam = "Steam Guard codes"
)

// paperRestore is the state of the restore screen.
type paperRestore struct {
	u                 *UI
	issuer, account   *entry
	kind              *widget.Select
	digits, algorithm *widget.Select
	period, counter   *entry
	rows              []*keyLineRow
	lines             *fyne.Container
	add               *primaryButton
	problem           *widget.Label
	// shown is set once the screen is in the window: it is then laid out
	// again when a line or a message is added, since the rows change height.
	shown bool
}

func (pr *paperRestore) relayout() {
	if pr.shown {
		pr.u.grew()
	}
}

// keyLineRow is one printed line: its letters and its check number.
type keyLineRow struct {
	n      int
	key    *entry
	check  *entry
	status *widget.Label
	// line is the line as read, once it matches its check number.
	line string
}

// showPaperRestore shows the restore-from-paper screen.
//
// With no vault yet (the first start's "from paper"), the key joins those
// gathered for the vault to come (paper_welcome.go).
func (u *UI) showPaperRestore() {
	if u.v == nil && u.gathered == nil {
		return
	}
	pr := &paperRestore{u: u, problem: wrapped("")}
	pr.problem.Importance = widget.DangerImportance
	pr.issuer = newEntry(u, "Website or company, as printed in large letters")
	pr.account = newEntry(u, "Account, as printed under it (may be empty)")
	pr.kind = widget.NewSelect([]string{kindTOTP, kindHOTP, kindSteam}, nil)
	pr.kind.SetSelected(kindTOTP)
	pr.digits = widget.NewSelect([]string{"6", "7", "8"}, nil)
	pr.digits.SetSelected("6")
	pr.period = newEntry(u, "30")
	pr.period.SetText("30")
	pr.algorithm = widget.NewSelect([]string{"SHA1", "SHA256", "SHA512"}, nil)
	pr.algorithm.SetSelected("SHA1")
	pr.counter = newEntry(u, "0")
	pr.counter.SetText("0")
	settings := widget.NewAccordion(widget.NewAccordionItem("Other settings (only if the sheet's \u201cCodes:\u201d line names them)",
		widget.NewForm(
			widget.NewFormItem("Kind", pr.kind),
			widget.NewFormItem("Digits", pr.digits),
			widget.NewFormItem("Every (seconds)", pr.period),
			widget.NewFormItem("Algorithm", pr.algorithm),
			widget.NewFormItem("Next counter", pr.counter),
		)))
	pr.lines = container.NewVBox()
	// Most keys (32 letters and digits) take two lines of the sheet; more
	// lines are added on demand, never an empty one that nobody needs.
	pr.addLine()
	pr.addLine()
	more := widget.NewButtonWithIcon("Add a line", theme.ContentAddIcon(), func() { pr.u.focus(pr.addLine().key) })
	pr.add = newPrimaryButton("Add the key", theme.ConfirmIcon(), pr.submit)

	u.paperRestore = pr
	column := container.NewVBox(
		wrapped("Type a key from a Sparekey recovery sheet. Each line of the key has a number on its left and two digits in a box on its right: type both, and Sparekey tells you at once if a letter on that line is wrong. Spaces and small or capital letters do not matter."),
		widget.NewForm(widget.NewFormItem("Website", pr.issuer), widget.NewFormItem("Account", pr.account)),
		widget.NewLabelWithStyle("The key, line by line", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped("Most keys have 2 lines. If the sheet shows more, choose Add a line."),
		pr.lines,
		container.NewHBox(more),
		settings,
	)
	// "Add the key" and what stops it stay at the bottom of the window.
	back := u.ShowMain
	if u.v == nil {
		back = u.showPaperWelcome
	}
	u.showScreenWithButtons("Restore a key from paper", back, container.New(&minWidth{w: narrowWidth}, column),
		container.NewVBox(pr.problem, container.NewHBox(layoutSpacer(), pr.add)))
	pr.shown = true
	u.focus(pr.issuer)
}

// addLine adds an empty row for the next line of the key.
func (pr *paperRestore) addLine() *keyLineRow {
	r := &keyLineRow{n: len(pr.rows) + 1, status: wrapped("")}
	r.key = newEntry(pr.u, "ABCD EFGH IJKL MNOP")
	r.key.TextStyle = fyne.TextStyle{Monospace: true}
	r.check = newEntry(pr.u, "00")
	r.key.OnChanged = func(string) { pr.checkRow(r) }
	r.check.OnChanged = func(string) { pr.checkRow(r) }
	pr.rows = append(pr.rows, r)
	number := widget.NewLabelWithStyle(strconv.Itoa(r.n), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	pr.lines.Add(container.NewBorder(nil, nil, container.New(&fixedWidth{w: 28}, number),
		container.NewHBox(widget.NewLabel("check"), container.New(&fixedWidth{w: 56}, r.check)),
		r.key))
	pr.lines.Add(r.status)
	pr.relayout()
	return r
}

// checkRow checks a line as it is typed.
func (pr *paperRestore) checkRow(r *keyLineRow) {
	defer pr.relayout()
	r.line = ""
	letters := strings.Map(func(c rune) rune {
		if c == ' ' || c == '-' || c == '\t' {
			return -1
		}
		return c
	}, r.key.Text)
	check := strings.TrimSpace(r.check.Text)
	switch {
	case letters == "":
		r.status.SetText("")
		return
	case len(check) < 2:
		r.status.Importance = widget.MediumImportance
		r.status.SetText(fmt.Sprintf("Line %d: now type the two digits printed in the box at the end of the line.", r.n))
		return
	}
	line, err := vault.CheckLine(r.n, r.key.Text, check)
	if err != nil {
		// A line still being typed is not wrong yet: only a full one is.
		if n := len([]rune(letters)); n < printing.KeyLineChars && !strings.HasPrefix(err.Error(), fmt.Sprintf("line %d: ", r.n)) {
			r.status.Importance = widget.MediumImportance
			r.status.SetText(fmt.Sprintf("Line %d: %d of %d characters so far. If this is the key's last line (the only one that may be shorter), it does not match the number in its box: a character on it is wrong or two are swapped.", r.n, n, printing.KeyLineChars))
			return
		}
		r.status.Importance = widget.DangerImportance
		r.status.SetText(lineProblem(err))
		return
	}
	r.line = line
	r.status.Importance = widget.SuccessImportance
	last := r == pr.rows[len(pr.rows)-1]
	switch {
	case len(line) < printing.KeyLineChars:
		r.status.SetText(fmt.Sprintf("Line %d is right (and, being short, is the key's last line: the key has %s).", r.n, vault.Count(r.n, "line", "lines")))
	case last:
		r.status.SetText(fmt.Sprintf("Line %d is right. If the sheet shows a line %d, choose Add a line; if not, the key has %s: choose Add the key.", r.n, r.n+1, vault.Count(r.n, "line", "lines")))
	default:
		r.status.SetText(fmt.Sprintf("Line %d is right.", r.n))
	}
	pr.problem.SetText("")
	// On to the next line, if it is still to type.
	if next := r.n; len(line) == printing.KeyLineChars && next < len(pr.rows) && pr.rows[next].key.Text == "" {
		pr.u.focus(pr.rows[next].key)
	}
}

// lineProblem says what is wrong with a line, as a sentence.
func lineProblem(err error) string {
	return upperFirst(err.Error()) + "."
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// secret puts the checked lines together, or says which line is wrong.
func (pr *paperRestore) secret() (string, error) {
	var b strings.Builder
	last := len(pr.rows)
	for last > 1 && strings.TrimSpace(pr.rows[last-1].key.Text) == "" && strings.TrimSpace(pr.rows[last-1].check.Text) == "" {
		last-- // the empty row opened after the last full line
	}
	for i, r := range pr.rows[:last] {
		pr.checkRow(r)
		if r.line == "" {
			if strings.TrimSpace(r.key.Text) == "" {
				return "", fmt.Errorf("line %d is empty: type it from the sheet, with the number in its box", r.n)
			}
			if len(strings.TrimSpace(r.check.Text)) < 2 {
				return "", fmt.Errorf("line %d has no number from its box: type the two digits printed in the box at its end", r.n)
			}
			_, err := vault.CheckLine(r.n, r.key.Text, r.check.Text)
			return "", err
		}
		if i < last-1 && len(r.line) != printing.KeyLineChars {
			return "", fmt.Errorf("line %d has %d letters and digits, but every line before the last has %d: a character may be missing", r.n, len(r.line), printing.KeyLineChars)
		}
		b.WriteString(r.line)
	}
	return b.String(), nil
}

// entry builds the entry from the screen.
func (pr *paperRestore) entry() (vault.Entry, error) {
	secret, err := pr.secret()
	if err != nil {
		return vault.Entry{}, err
	}
	e := vault.Entry{Issuer: pr.issuer.Text, Account: pr.account.Text, Secret: secret}
	if strings.TrimSpace(e.Issuer) == "" && strings.TrimSpace(e.Account) == "" {
		return e, errors.New("type the website or the account printed above the key, so that you can tell this key from others")
	}
	switch pr.kind.Selected {
	case kindHOTP:
		e.Type = vault.HOTP
		c, err := strconv.ParseUint(strings.TrimSpace(pr.counter.Text), 10, 64)
		if err != nil {
			return e, fmt.Errorf("the next counter must be a whole number, as printed after \u201cnext counter\u201d")
		}
		e.Counter = c
	case kindSteam:
		e.Type = vault.Steam
	default:
		e.Type = vault.TOTP
		p, err := strconv.Atoi(strings.TrimSpace(pr.period.Text))
		if err != nil {
			return e, fmt.Errorf("\u201cevery (seconds)\u201d must be a number, such as 30")
		}
		e.Period = p
	}
	e.Digits, _ = strconv.Atoi(pr.digits.Selected)
	e.Algorithm = vault.Algorithm(pr.algorithm.Selected)
	return e, nil
}

// submit adds the key: it is on paper already, so it counts as printed.
func (pr *paperRestore) submit() {
	u := pr.u
	e, err := pr.entry()
	if err != nil {
		pr.problem.SetText(lineProblem(err))
		pr.relayout()
		return
	}
	target := u.v
	if target == nil {
		target = u.gathered
	}
	added, warning, err := target.Add(e)
	if err != nil {
		pr.problem.SetText(upperFirst(err.Error()) + ".")
		pr.relayout()
		return
	}
	if stored := target.Get(added.ID); stored != nil {
		stored.Printed = u.Now().UTC()
	}
	if u.v == nil {
		u.showPaperWelcome()
		u.toast("Added " + added.Name())
		return
	}
	if u.Changed() != nil {
		return
	}
	u.showKey(added.ID)
	if warning != "" {
		u.ShowInfo("Key added", warning)
	}
}
