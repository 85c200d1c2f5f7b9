package app

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sparekey/vault"
)

// listScreen is the main screen: every key with its code and the time left.
type listScreen struct {
	u        *UI
	search   *entry
	list     *widget.List
	status   *widget.Label
	empty    *fyne.Container
	emptyMsg *widget.Label
	emptyAdd *widget.Button
	// emptyImport brings in the keys of another authenticator app (shown
	// while the vault is empty: most people start with keys elsewhere).
	emptyImport *widget.Button
	entries     []*vault.Entry // the keys shown, filtered by the search
	// selected is the key that Enter in the search box copies (highlighted;
	// Up and Down move it), or -1 for none.
	selected int
	// hotp holds the code last drawn for a counter-based key (by id): such
	// a code is shown only after the person asks for it.
	hotp map[string]string
	// rows maps each row widget the list has made to the key it shows, so
	// that a tick updates those rows only, and only what changed.
	rows map[*row]int
	// updates counts row updates, to check that a tick touches only the
	// rows on screen.
	updates int
}

// showList shows the main screen.
func (u *UI) showList() {
	if u.v == nil {
		u.showUnlock()
		return
	}
	ls := &listScreen{u: u, hotp: map[string]string{}, rows: map[*row]int{}, selected: -1}
	ls.search = newEntry(u, "Search by website or account")
	ls.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	ls.search.OnChanged = func(string) { ls.filter() }
	ls.search.OnSubmitted = func(string) {
		if len(ls.entries) > 0 {
			ls.copyAt(max(ls.selected, 0))
		}
	}
	ls.search.onKey = ls.searchKey
	ls.list = widget.NewList(
		func() int { return len(ls.entries) },
		ls.newRow,
		func(i widget.ListItemID, o fyne.CanvasObject) { ls.updateRow(i, o.(*row)) },
	)
	ls.list.OnSelected = func(i widget.ListItemID) {
		ls.list.UnselectAll()
		if i < len(ls.entries) {
			u.showKey(ls.entries[i].ID)
		}
	}
	ls.status = widget.NewLabel("")
	ls.emptyMsg = wrapped("")
	ls.emptyMsg.Alignment = fyne.TextAlignCenter
	ls.emptyAdd = widget.NewButtonWithIcon("Add a key", theme.ContentAddIcon(), u.showAdd)
	ls.emptyAdd.Importance = widget.HighImportance
	ls.emptyImport = widget.NewButtonWithIcon("Import from another app…", theme.DownloadIcon(), u.chooseImportFile)
	ls.empty = container.NewCenter(container.New(&minWidth{w: narrowWidth}, container.NewVBox(ls.emptyMsg, container.NewCenter(container.NewHBox(ls.emptyAdd, ls.emptyImport)))))

	add := widget.NewButtonWithIcon("Add a key", theme.ContentAddIcon(), u.showAdd)
	add.Importance = widget.HighImportance
	lock := widget.NewButtonWithIcon("Lock", theme.LogoutIcon(), u.Lock)
	settings := widget.NewButtonWithIcon("", theme.SettingsIcon(), u.showSettings)
	// The buttons wrap onto a second row in a narrow window.
	tools := container.New(&flow{}, add)
	for _, b := range u.actionButtons(true) {
		tools.Add(b)
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(settings, lock)), tools),
		ls.search,
	)
	if u.cfg.Demo {
		demo := wrapped("Demo: these are sample keys, and nothing you change is saved.")
		demo.Importance = widget.WarningImportance
		top.Add(demo)
	}
	if u.v.WeakWorkFactor() && !u.cfg.Demo {
		// Only tests lower the work factor (SPAREKEY_WORK_FACTOR): a vault
		// sealed so is easy to crack, and the person must see it.
		weak := wrapped("Test setting in use: this Sparekey file's password protection is weakened (SPAREKEY_WORK_FACTOR). Do not keep real keys in it.")
		weak.Importance = widget.DangerImportance
		top.Add(weak)
	}
	if err := u.v.ReadOnly(); err != nil {
		ro := wrapped("Read only: " + err.Error())
		ro.Importance = widget.WarningImportance
		top.Add(ro)
	}
	addCopiesLine(u, top)    // the encrypted copies' state (copies_settings.go)
	addKitLine(u, top)       // the printed emergency kit out of date (kit.go)
	addPaperReminder(u, top) // keys not on paper yet (print.go)
	body := container.NewStack(ls.list, ls.empty)
	u.list = ls
	ls.reload()
	u.show(screenList, container.New(&maxWidth{w: listMaxWidth}, container.NewBorder(top, ls.status, nil, nil, body)), nil)
	u.grew() // the buttons' rows, now that their width is known
	u.list = ls
	// The search box is not focused: its blinking cursor would redraw the
	// window twice a second. Typing with nothing focused goes to it instead
	// (typedRune).
}

// listMaxWidth is the widest the list grows: wider, a key's name would be
// far from its code.
const listMaxWidth = 720

// reload takes the keys from the vault again (after a change).
func (ls *listScreen) reload() { ls.filter() }

// filter shows the keys that match the search: those where the search
// starts the website's name come first, then those where it starts another
// word of the name or of the account, then the rest; each group in the
// vault's sorted order. The first one is selected, so that Enter copies the
// code the person most likely wants.
func (ls *listScreen) filter() {
	v := ls.u.v
	if v == nil {
		return
	}
	q := ls.search.Text
	ls.entries = ls.entries[:0]
	rank := map[*vault.Entry]int{}
	for _, e := range v.Sorted() {
		if r := searchRank(e, q); r >= 0 {
			ls.entries = append(ls.entries, e)
			rank[e] = r
		}
	}
	sort.SliceStable(ls.entries, func(i, j int) bool { return rank[ls.entries[i]] < rank[ls.entries[j]] })
	ls.selected = -1
	if strings.TrimSpace(q) != "" && len(ls.entries) > 0 {
		ls.selected = 0
	}
	switch {
	case len(v.Entries) == 0:
		ls.emptyMsg.SetText("You have no keys yet.\n\nWhen a website offers two-step login (it shows a QR code, and a key of letters and digits under it), choose Add a key and type or paste what it shows. Sparekey then shows the login codes here.\n\nAlready using an authenticator app (Google Authenticator, Aegis, 2FAS, ...)? Export your keys from it, then choose Import from another app.")
		ls.emptyImport.Show()
		ls.empty.Show()
	case len(ls.entries) == 0:
		ls.emptyImport.Hide()
		ls.emptyMsg.SetText(fmt.Sprintf("No key matches \"%s\".\n\nSearch looks at the website's name and the account. Clear the search to see all your keys.", q))
		ls.empty.Show()
	default:
		ls.empty.Hide()
	}
	ls.status.SetText(ls.count())
	ls.list.Refresh()
	if ls.selected >= 0 {
		ls.list.ScrollTo(ls.selected)
	}
}

// count says how many keys there are, and how many the search shows.
func (ls *listScreen) count() string {
	all := len(ls.u.v.Entries)
	if len(ls.entries) == all {
		return vault.Count(all, "key", "keys")
	}
	return fmt.Sprintf("%d of %s", len(ls.entries), vault.Count(all, "key", "keys"))
}

// searchRank is how well e matches the search q: 0 when q starts the
// website's name, 1 when it starts another word of the name or of the
// account, 2 when it is elsewhere in them, -1 when e does not match.
func searchRank(e *vault.Entry, q string) int {
	q = strings.ToLower(strings.TrimSpace(q))
	if !e.Matches(q) {
		return -1
	}
	issuer, account := strings.ToLower(e.Issuer), strings.ToLower(e.Account)
	switch {
	case q == "" || strings.HasPrefix(issuer, q):
		return 0
	case startsAWord(issuer, q) || startsAWord(account, q):
		return 1
	}
	return 2
}

// startsAWord reports whether q is found in s at the start of a word.
func startsAWord(s, q string) bool {
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], q)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !unicode.IsLetter(rune(s[at-1])) && !unicode.IsDigit(rune(s[at-1])) {
			return true
		}
		i = at + 1
	}
	return false
}

// searchKey moves the selection with Up and Down while the search box has
// the focus; it reports whether it took the key.
func (ls *listScreen) searchKey(k *fyne.KeyEvent) bool {
	n := len(ls.entries)
	if n == 0 {
		return false
	}
	switch k.Name {
	case fyne.KeyDown:
		ls.selectKey(min(ls.selected+1, n-1))
	case fyne.KeyUp:
		ls.selectKey(max(ls.selected-1, 0))
	default:
		return false
	}
	return true
}

// selectKey highlights the i-th key shown and scrolls to it.
func (ls *listScreen) selectKey(i int) {
	ls.selected = i
	for r, at := range ls.rows {
		r.setSelected(at == i)
	}
	ls.list.ScrollTo(i)
}

// tick refreshes the codes and times of the rows the list has made (the
// rows on screen, and a few spare), redrawing only the text that changed:
// idle, Sparekey redraws one small label a row a second.
func (ls *listScreen) tick(now time.Time) {
	for r, i := range ls.rows {
		if i < len(ls.entries) {
			ls.updates++
			ls.setCode(r, ls.entries[i], now)
		}
	}
}

// codeText is what a row shows as its code, and the time left.
func (ls *listScreen) codeText(e *vault.Entry, now time.Time) (code, left string, low bool) {
	if e.Type == vault.HOTP {
		if c, ok := ls.hotp[e.ID]; ok {
			return vault.FormatCode(c), "", false
		}
		return "Get code", "", false
	}
	c, err := e.CodeAt(now)
	if err != nil {
		return "error", "", true
	}
	s := e.SecondsLeft(now)
	return vault.FormatCode(c), fmt.Sprintf("%d s", s), s <= 5
}

// copyAt copies the code of the i-th key shown (for a counter-based key, it
// draws the next code first and saves the vault).
func (ls *listScreen) copyAt(i int) {
	if i < 0 || i >= len(ls.entries) {
		return
	}
	u := ls.u
	e := ls.entries[i]
	now := u.Now()
	if e.Type == vault.HOTP {
		id := e.ID
		code, err := u.v.NextCode(id, now)
		if err != nil {
			u.ShowError(err)
			return
		}
		if u.Changed() != nil {
			return
		}
		ls.hotp[id] = code
		ls.list.Refresh()
		u.copyCode(e, code)
		return
	}
	code, err := e.CodeAt(now)
	if err != nil {
		u.ShowError(err)
		return
	}
	u.copyCode(e, code)
}

// row is one key in the list: name on the left, code and time on the right.
type row struct {
	widget.BaseWidget
	issuer, account *widget.Label
	code            *tapLabel
	left            *widget.Label
	box             *fyne.Container
	// selection marks the key that Enter in the search box copies.
	selection *canvas.Rectangle
}

// setSelected shows or hides the row's selection mark.
func (r *row) setSelected(on bool) {
	if on != r.selection.Visible() {
		r.selection.Hidden = !on
		r.selection.Refresh()
	}
}

func (ls *listScreen) newRow() fyne.CanvasObject {
	r := &row{
		issuer:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		account: widget.NewLabel(""),
		left:    widget.NewLabel("30 s"),
	}
	r.issuer.Truncation = fyne.TextTruncateEllipsis
	r.account.Truncation = fyne.TextTruncateEllipsis
	r.account.SizeName = theme.SizeNameCaptionText
	r.code = newTapLabel("000 000")
	r.left.SizeName = theme.SizeNameCaptionText
	names := container.New(&tightVBox{}, r.issuer, r.account)
	right := container.NewCenter(container.NewHBox(r.code, container.New(&fixedWidth{w: 48}, r.left)))
	r.selection = canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	r.selection.CornerRadius = theme.InputRadiusSize()
	r.selection.Hide()
	r.box = container.NewStack(r.selection, container.NewBorder(nil, nil, nil, right, names))
	r.ExtendBaseWidget(r)
	return r
}

func (r *row) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (ls *listScreen) updateRow(i int, r *row) {
	ls.updates++
	ls.rows[r] = i
	if i >= len(ls.entries) {
		return
	}
	e := ls.entries[i]
	issuer, account := e.Issuer, e.Account
	if issuer == "" {
		issuer, account = e.Name(), ""
	}
	setText(r.issuer, issuer)
	setText(r.account, account)
	r.setSelected(i == ls.selected)
	ls.setCode(r, e, ls.u.Now())
	r.code.onTap = func() { ls.copyAt(i) }
}

// setCode shows the entry's code and time left in the row.
func (ls *listScreen) setCode(r *row, e *vault.Entry, now time.Time) {
	code, left, low := ls.codeText(e, now)
	if r.code.Text != code {
		r.code.SetText(code)
	}
	importance := widget.MediumImportance
	if low {
		importance = widget.DangerImportance
	}
	if r.left.Text != left || r.left.Importance != importance {
		r.left.Text, r.left.Importance = left, importance
		r.left.Refresh()
	}
}

// setText changes a label's text only if it differs (each change redraws).
func setText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

// tapLabel is a code that copies itself when clicked.
type tapLabel struct {
	widget.Label
	onTap func()
}

func newTapLabel(text string) *tapLabel {
	t := &tapLabel{}
	t.Text = text
	t.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	t.SizeName = theme.SizeNameSubHeadingText
	t.ExtendBaseWidget(t)
	return t
}

// Tapped copies.
func (t *tapLabel) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

// Cursor shows a hand over a code, to say it can be clicked.
func (t *tapLabel) Cursor() desktop.Cursor { return desktop.PointerCursor }

// toast shows a short message in the status line of the screen shown.
func (u *UI) toast(text string) {
	switch {
	case u.screen == screenPaperWelcome && u.paperWelcome != nil:
		u.paperWelcome.status.SetText(text)
		u.paperWelcome.status.Show()
		u.Window.Content().Refresh() // lay the screen out again around the line shown
	case u.list != nil:
		u.list.status.SetText(text)
	case u.keyPage != nil:
		u.keyPage.status.SetText(text)
	}
}

// typedRune gets characters that no widget took: on the main screen they
// start a search, so that typing a website's name finds it.
func (u *UI) typedRune(r rune) {
	u.activity()
	if u.list == nil || u.screen != screenList {
		return
	}
	u.Window.Canvas().Focus(u.list.search)
	u.list.search.TypedRune(r)
}

// focusSearch puts the cursor in the search box (Ctrl+F).
func (u *UI) focusSearch() {
	if u.v == nil {
		return
	}
	if u.list == nil {
		u.showList()
	}
	u.Window.Canvas().Focus(u.list.search)
}

// tightVBox stacks objects with no padding (name over account).
type tightVBox struct{}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var y float32
	total := tightVBox{}.MinSize(objs).Height
	y = (size.Height - total) / 2
	for _, o := range objs {
		h := o.MinSize().Height - theme.Padding()
		o.Move(fyne.NewPos(0, y-theme.Padding()/2))
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		y += h
	}
}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height - theme.Padding()
	}
	return s
}

// fixedWidth gives its content a fixed width (the time left, so that codes
// line up).
type fixedWidth struct{ w float32 }

func (f *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, (size.Height-h)/2))
		o.Resize(fyne.NewSize(size.Width, h))
	}
}

func (f *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}
