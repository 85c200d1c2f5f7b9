// Package app is Sparekey's desktop app (Fyne): screens, dialogs and wiring
// only. Every rule it follows lives in vault, printing, backup or interop, so
// that the command line follows the same rules.
//
// # The model
//
// One UI value owns the window, the open vault (nil while locked), the
// preferences and a clock that tests replace. Each screen is a method of UI
// in its own file (welcome.go, unlock.go, list.go, add.go, keypage.go,
// settings.go) that builds its widgets and puts them in the window with
// u.show. Locking (lock.go) closes the vault and drops every screen that
// showed a key. Once a second u.tick refreshes the visible codes, clears the
// clipboard when its time is up and locks after the idle time.
//
// # Adding your own menu items and buttons (printing, copies, import/export)
//
// Do not edit the screens: register what you add from an init function in
// your own file (app/print.go, app/copies.go, app/import.go, ...):
//
//	func init() {
//		app.AddAction(app.Action{
//			Menu:       app.MenuFile,       // MenuFile, MenuKeys or MenuHelp
//			Label:      "Print recovery sheets…",
//			Shortcut:   nil,                // optional *desktop.CustomShortcut
//			IconName:   theme.IconNameDocumentPrint, // optional (not theme.DocumentPrintIcon() in init)
//			MainScreen: true,               // also a button on the main screen
//			Welcome:    false,              // also a button on the first-start screen
//			NeedsVault: true,               // only while a vault is unlocked
//			Run:        func(u *UI) { u.printSheets() },
//		})
//		app.AddKeyAction(app.KeyAction{ // a button on every key's page
//			Label: "Print this key…",
//			Run:   func(u *UI, id string) { ... u.Vault().Get(id) ... },
//		})
//		app.AddRecoveryKeyAction(app.RecoveryKeyAction{ // beside "Save it to a file…"
//			Label: "Print it now…",       // on the new recovery key's screen
//			Run:   func(u *UI, recoveryKey string) { ... },
//		})
//		app.AddSettingsSection(app.SettingsSection{ // a card on the Settings screen
//			Title: "Encrypted copies",
//			Build: func(u *UI) fyne.CanvasObject { ... },
//		})
//		app.AddDropHandler(func(u *UI, uris []fyne.URI) bool { ... }) // files dropped on the window; true = handled
//	}
//
// (Inside package app, call AddAction etc. without the "app." prefix.)
// Registered items appear in registration order after the built-in ones;
// on the main screen the first two registered buttons stand beside "Add a
// key" and the rest go under a "More" button.
//
// What a hook may call on u (all on the UI goroutine, which is where Run is
// called):
//
//   - u.Vault() — the open vault, or nil while locked. After changing it,
//     call u.Changed(): it saves, shows a save error in plain words and
//     refreshes the list.
//   - u.Slow(title, work, done) — runs work off the UI goroutine behind a
//     progress dialog (the rest of the window waits; auto-lock, and a Lock
//     asked for meanwhile, wait until it ends), then calls done(err) on the
//     UI goroutine. work must not touch widgets.
//   - u.ShowError(err), u.ShowInfo(title, text), u.Confirm(title, text, yes, do),
//     u.ConfirmDestructive (a red button, for what cannot be undone),
//     u.ShowDialog(d) for a dialog you built: Esc closes these, and locking
//     drops them.
//   - u.ShowScreen(title, content) — a full screen with a Back button (Esc
//     goes back); u.ShowMain() returns to the list.
//   - u.Window, u.App, u.Prefs, u.PaperSize() ("A4" or "Letter"), u.Now().
//   - u.OpenVault(v) — hand an already unlocked vault to the UI (e.g. after a
//     restore from a copy on the first-start screen).
//   - newEntry(u, placeholder), newPasswordEntry, newMultiLineEntry — text
//     fields that pass Esc to the window and count typing as activity (a
//     plain widget.Entry swallows Esc).
//
// These names are the stable contract; everything else in the package may
// change.
package app

import (
	"errors"
	"os"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"sparekey/printing"
	"sparekey/resources"
	"sparekey/vault"
)

// AppID is Sparekey's application id (preferences are kept under it).
const AppID = "org.sparekey.app"

// The main menu's menus, for Action.Menu.
const (
	MenuFile = "File"
	MenuKeys = "Keys"
	MenuHelp = "Help"
)

// Action is a command that another file adds to the window: a main menu item
// and, optionally, a button on the main screen and the first-start screen.
type Action struct {
	Menu     string // MenuFile, MenuKeys or MenuHelp; empty means no menu item
	Label    string // what the person reads, e.g. "Print recovery sheets…"
	Shortcut fyne.Shortcut
	Icon     fyne.Resource // optional, for the button
	// IconName names a theme icon (e.g. theme.IconNameDocumentPrint), looked
	// up when the button is made. Prefer it to Icon in init: theme icons
	// looked up before the app runs make Fyne log an error.
	IconName   fyne.ThemeIconName
	MainScreen bool // also a button on the main screen, beside "Add a key"
	Welcome    bool // also a button on the first-start screen
	NeedsVault bool // only while a vault is unlocked
	Run        func(u *UI)
}

// KeyAction is a button on every key's page; Run gets the entry's id.
type KeyAction struct {
	Label    string
	Icon     fyne.Resource
	IconName fyne.ThemeIconName // see Action.IconName
	Run      func(u *UI, id string)
}

// RecoveryKeyAction is a button on the screen that shows a new recovery key
// once (e.g. "Print it now…"). Run gets the key in its printed form.
type RecoveryKeyAction struct {
	Label string
	Run   func(u *UI, recoveryKey string)
}

// SettingsSection is a card on the Settings screen. Build is called each
// time the screen opens.
type SettingsSection struct {
	Title string
	Build func(u *UI) fyne.CanvasObject
}

// DropHandler handles files dropped on the window; it returns true when it
// took them.
type DropHandler func(u *UI, uris []fyne.URI) bool

var (
	hooksMu            sync.Mutex
	actions            []Action
	keyActions         []KeyAction
	recoveryKeyActions []RecoveryKeyAction
	settingsSections   []SettingsSection
	dropHandlers       []DropHandler
)

// AddAction registers a menu item (and optional buttons); call it from init.
func AddAction(a Action) {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	actions = append(actions, a)
}

// AddKeyAction registers a button on every key's page; call it from init.
func AddKeyAction(a KeyAction) {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	keyActions = append(keyActions, a)
}

// AddRecoveryKeyAction registers a button on the new recovery key's screen;
// call it from init.
func AddRecoveryKeyAction(a RecoveryKeyAction) {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	recoveryKeyActions = append(recoveryKeyActions, a)
}

// AddSettingsSection registers a card on the Settings screen; call it from
// init.
func AddSettingsSection(s SettingsSection) {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	settingsSections = append(settingsSections, s)
}

// AddDropHandler registers a handler for files dropped on the window; call
// it from init. Handlers are asked in order until one returns true.
func AddDropHandler(h DropHandler) {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	dropHandlers = append(dropHandlers, h)
}

// Config is how the UI starts.
type Config struct {
	VaultPath string
	Demo      bool
	// Options are passed to vault.Create, Open and OpenWithRecoveryKey (work
	// factor, clock).
	Options []vault.Option
	// Now is the clock for codes, the clipboard and auto-lock; nil means
	// time.Now. Tests pass a clock they move by hand.
	Now func() time.Time
	// Do runs a function on the UI goroutine; nil means fyne.Do. Tests pass
	// a queue that they run themselves.
	Do func(func())
}

// UI is the running desktop app: one window over one vault.
type UI struct {
	App    fyne.App
	Window fyne.Window
	Prefs  fyne.Preferences

	cfg Config
	v   *vault.Vault // nil while locked

	screen       string // name of the screen shown, for tests and the tick
	lastActivity time.Time
	busy         int  // Slow calls in flight; auto-lock waits while > 0
	lockPending  bool // Lock was asked for during Slow work

	// The screen shown now keeps its widgets here (nil when not shown), so
	// that the tick, hooks and tests can reach them.
	list     *listScreen
	keyPage  *keyPage
	first    *firstStart
	unlock   *unlockForm
	add      *addForm
	settings *settingsForm
	changePW *passwordChooser

	clip clipState // what Sparekey put on the clipboard, and until when

	dialogs        []dialogCloser // dialogs open now, newest last (Esc closes it)
	closingDialogs bool           // closeDialogs is at work (not the person)
	kitAsk         dialogCloser   // the emergency kit's question, while open
	back           func()         // what Esc does on a full screen, or nil
}

// errLockedUI is shown when an action needs the vault while it is locked.
var errLockedUI = errors.New("Sparekey is locked: unlock it first")

// Run opens the desktop app on the vault at vaultPath; demo opens a throwaway
// vault with sample keys instead. It returns when the app quits.
func Run(vaultPath string, demo bool) {
	trace("Run")
	// Plaintext PDFs that a Sparekey which crashed, was killed or was cut
	// off by a logout left in the temporary folder (a failure to look is
	// no reason not to start).
	printing.SweepTempPDFs(time.Now())
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(resources.Icon)
	w := a.NewWindow("Sparekey")
	trace("window made")
	u := New(a, w, Config{VaultPath: vaultPath, Demo: demo, Options: optionsFromEnv(os.Getenv)})
	u.Start()
	u.setUpTray()
	if name := os.Getenv("SPAREKEY_SCREEN"); name != "" && demo {
		u.showNamedScreen(name)
	} else if name != "" {
		screenAfterUnlock = name
	}
	trace("window content ready (%s)", u.screen)
	stopSignals := u.handleQuitSignals() // quit.go
	defer stopSignals()
	w.SetCloseIntercept(u.quit)
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				fyne.Do(u.tick)
			case <-stop:
				return
			}
		}
	}()
	w.ShowAndRun()
	close(stop)
	u.closeAfterRun() // quit.go
}

// optionsFromEnv reads SPAREKEY_WORK_FACTOR (the same variable as the
// command line), which lowers the scrypt work factor for tests and
// measurements.
func optionsFromEnv(getenv func(string) string) []vault.Option {
	if s := getenv("SPAREKEY_WORK_FACTOR"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= vault.MaxWorkFactor {
			return []vault.Option{vault.WithWorkFactor(n)}
		}
	}
	return nil
}

// New makes the UI for window w; call Start to show the first screen.
func New(a fyne.App, w fyne.Window, cfg Config) *UI {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	u := &UI{App: a, Window: w, Prefs: a.Preferences(), cfg: cfg}
	u.lastActivity = u.Now()
	return u
}

// Now is the UI's clock.
func (u *UI) Now() time.Time { return u.cfg.Now() }

// Vault is the open vault, or nil while Sparekey is locked.
func (u *UI) Vault() *vault.Vault { return u.v }

// Start shows the first screen: the demo list, the unlock screen, or the
// welcome when there is no vault yet.
func (u *UI) Start() {
	u.applyTheme()
	u.Window.Resize(fyne.NewSize(560, 680))
	u.Window.SetMaster()
	u.Window.SetOnDropped(u.dropped)
	if c, ok := u.Window.Canvas().(desktop.Canvas); ok {
		c.SetOnKeyDown(func(*fyne.KeyEvent) { u.activity() })
	}
	u.Window.Canvas().SetOnTypedKey(u.typedKey)
	u.Window.Canvas().SetOnTypedRune(u.typedRune)
	u.setTitle()
	u.setMenu()
	switch {
	case u.cfg.Demo:
		v := demoVault()
		if n, err := strconv.Atoi(os.Getenv("SPAREKEY_DEMO_KEYS")); err == nil && n > 0 {
			demoKeys(v, n)
		}
		trace("demo vault made")
		u.OpenVault(v)
	case fileExists(u.cfg.VaultPath):
		u.showUnlock()
	default:
		u.showWelcome()
	}
}

func fileExists(path string) bool {
	if path == "" {
		return false
	}
	_, err := os.Stat(path)
	return err == nil
}

// setTitle names the window after the state it is in.
func (u *UI) setTitle() {
	title := "Sparekey"
	if u.cfg.Demo {
		title = "Sparekey — Demo (sample keys, nothing is saved)"
	} else if u.v != nil && u.v.ReadOnly() != nil {
		title = "Sparekey — read only"
	}
	u.Window.SetTitle(title)
}

// activity records that the person did something, for auto-lock.
func (u *UI) activity() { u.lastActivity = u.Now() }

// dropped passes dropped files to the registered handlers.
func (u *UI) dropped(_ fyne.Position, uris []fyne.URI) {
	u.activity()
	hooksMu.Lock()
	hs := append([]DropHandler(nil), dropHandlers...)
	hooksMu.Unlock()
	for _, h := range hs {
		if h(u, uris) {
			return
		}
	}
	u.ShowInfo("Nothing to do with this file", "Sparekey can read files from other authenticator apps and pictures of setup QR codes. Use File › Import for those.")
}

// iconFor returns the icon of a registered action: IconName's theme icon,
// else Icon (nil for none).
func iconFor(icon fyne.Resource, name fyne.ThemeIconName) fyne.Resource {
	if name != "" {
		return theme.Icon(name)
	}
	return icon
}
