// Package app is Sparekey's desktop app (Fyne): screens, dialogs and wiring
// only. Every rule it follows lives in vault, printing, backup or interop, so
// that the command line follows the same rules.
//
// # The model
//
// One UI value owns the window, the open vault (nil while locked), the
// preferences, a clock that tests replace, and each feature's state as a
// field: the screen shown now (list, keyPage, add, settings, print,
// paperRestore, ...), the encrypted copies' passphrase and background
// updater (copies), the clipboard's timer. Each screen is a method of UI in
// its own file (welcome.go, unlock.go, list.go, add.go, keypage.go,
// settings.go, print.go, copies.go, import.go, export.go, paper_restore.go)
// that builds its widgets and puts them in the window with u.show. Locking
// (lock.go) closes the vault and drops every screen and state that showed a
// key. Once a second u.tick refreshes the visible codes, clears the
// clipboard when its time is up and locks after the idle time.
//
// # The wiring
//
// wiring.go lists, in the order a person sees them, everything that leads
// from one screen to another feature: the main menu (File, Keys, Help), the
// buttons on the main screen and the first-start screen, the buttons on
// each key's page and on the new recovery key's screen, the Settings
// screen's sections and the handlers of files dropped on the window. To add
// a feature, write its screen in its own file and add its lines there.
//
// What a feature's code may call on u (all on the UI goroutine, which is
// where an action's Run is called):
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
package app

import (
	"errors"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"sparekey/printing"
	"sparekey/resources"
	"sparekey/vault"
)

// AppID is Sparekey's application id (preferences are kept under it).
const AppID = "org.sparekey.app"

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

	wiring wiring // the menus, buttons, settings sections and drop handlers (wiring.go)

	// Each feature's state.
	copies       *copiesState  // the open vault's copies: passphrase, updater (copies.go)
	print        *printScreen  // the print screen, once shown (print.go)
	paperRestore *paperRestore // the restore-from-paper screen, once shown (paper_restore.go)
	scan         scanState     // how the screen and the clipboard are read (scan.go)
	paperWelcome *paperWelcome // the first start's "from paper" screen (paper_welcome.go)
	gathered     *vault.Vault  // keys brought back from paper before there is a vault (paper_welcome.go)
	restoring    *restoring    // the restore from a copy under way, with what opens it (copies_restore.go)
	afterUnlock  string        // SPAREKEY_SCREEN to show once unlocked (screenshot.go)
	onBack       func()        // what to do when the person comes back to the window (shell.go)
	away         bool          // the window lost the focus since onBack was set
	quitting     bool          // the window is going: nothing more to focus (quit.go)
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
	a.Lifecycle().SetOnStarted(u.fitFirstWindow) // window.go
	u.setUpTray()
	if name := os.Getenv("SPAREKEY_SCREEN"); name != "" && demo {
		u.showNamedScreen(name)
	} else if name != "" {
		u.afterUnlock = name
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
	u := &UI{App: a, Window: w, Prefs: a.Preferences(), cfg: cfg, wiring: defaultWiring()}
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
	u.Window.Resize(windowSize)
	u.Window.SetMaster()
	u.Window.SetCloseIntercept(u.quit) // quit.go
	u.App.Lifecycle().SetOnExitedForeground(u.wentAway)
	u.App.Lifecycle().SetOnEnteredForeground(u.cameBack)
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
