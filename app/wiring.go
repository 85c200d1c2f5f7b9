package app

// The wiring: every door from one screen to another feature, in one place.
// The main menu, the buttons of the main screen and of the first-start
// screen, the buttons on each key's page and on the new recovery key's
// screen, the Settings screen's sections and what happens to dropped files
// are all listed below, in the order they appear. A new feature adds its
// lines here; its screens live in their own file.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The main menu's menus, for Action.Menu.
const (
	MenuFile = "File"
	MenuKeys = "Keys"
	MenuHelp = "Help"
)

// wiring is what the screens offer besides their own widgets. New fills it
// from the lists below; a test may replace a list before Start.
type wiring struct {
	actions            []Action
	keyActions         []KeyAction
	recoveryKeyActions []RecoveryKeyAction
	settingsSections   []SettingsSection
	dropHandlers       []DropHandler
}

// defaultWiring is Sparekey's menus, buttons, settings sections and drop
// handlers.
func defaultWiring() wiring {
	ctrl := fyne.KeyModifierShortcutDefault
	shortcut := func(k fyne.KeyName) fyne.Shortcut { return &desktop.CustomShortcut{KeyName: k, Modifier: ctrl} }
	return wiring{
		// The main menu, menu by menu, in order. MainScreen puts a button on
		// the main screen too: the first two stand beside "Add a key", the
		// rest go under "More". Welcome puts one on the first-start screen.
		actions: []Action{
			// First, so that its button stands first beside "Add a key".
			{Menu: MenuKeys, Label: scanScreenLabel, Button: scanScreenShort, Shortcut: &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl | fyne.KeyModifierShift},
				IconName: theme.IconNameViewFullScreen, MainScreen: true, NeedsVault: true, Run: (*UI).scanScreen}, // scan.go
			{Menu: MenuFile, Label: "Lock", Shortcut: shortcut(fyne.KeyL), NeedsVault: true, Run: (*UI).Lock},
			{Menu: MenuFile, Label: "Settings", Shortcut: shortcut(fyne.KeyComma), NeedsVault: true, Run: (*UI).showSettings},
			{Menu: MenuFile, Label: "Change master password…", NeedsVault: true, Run: (*UI).showChangePassword},
			{Menu: MenuFile, Label: "Copies…", MainScreen: true, NeedsVault: true, Run: (*UI).openCopies},                                        // copies.go
			{Menu: MenuFile, Label: "Restore from an encrypted copy…", Run: (*UI).chooseCopyToRestore},                                           // copies_restore.go (the welcome has its own button)
			{Menu: MenuFile, Label: "Restore from a paper copy…", Run: (*UI).choosePaperCopy},                                                    // papercopy.go
			{Menu: MenuFile, Label: "Export…", IconName: theme.IconNameUpload, NeedsVault: true, Run: (*UI).showExport},                          // export.go
			{Menu: MenuFile, Label: "Import from another app…", IconName: theme.IconNameDownload, NeedsVault: true, Run: (*UI).chooseImportFile}, // import.go
			{Menu: MenuFile, Label: "Print recovery sheets…", IconName: theme.IconNameDocumentPrint, MainScreen: true, NeedsVault: true,
				Run: func(u *UI) { u.showPrint(nil) }}, // print.go
			{Menu: MenuFile, Label: "Print the emergency kit…", NeedsVault: true, Run: (*UI).askKitRecoveryKey}, // print.go
			{Menu: MenuFile, Label: "Print a paper copy…", NeedsVault: true, Run: (*UI).printPaperCopy},         // papercopy.go
			{Menu: MenuFile, Label: "Quit", Shortcut: shortcut(fyne.KeyQ), Quit: true, Run: (*UI).quit},         // quit.go

			{Menu: MenuKeys, Label: "Add a key…", Shortcut: shortcut(fyne.KeyN), NeedsVault: true, Run: (*UI).showAdd},
			{Menu: MenuKeys, Label: "Paste a QR code or key link", Shortcut: &fyne.ShortcutPaste{}, NeedsVault: true,
				Run: (*UI).pasteFromClipboard}, // scan.go
			{Menu: MenuKeys, Label: "Find…", Shortcut: shortcut(fyne.KeyF), NeedsVault: true, Run: (*UI).focusSearch},
			{Menu: MenuKeys, Label: "Restore a key from paper…", NeedsVault: true, Run: (*UI).showPaperRestore}, // paper_restore.go

			{Menu: MenuHelp, Label: "What to do when…", Run: (*UI).showGuide}, // help.go
			{Menu: MenuHelp, Label: "About Sparekey", Run: (*UI).showAbout},
		},
		// Buttons on every key's page, under its code.
		keyActions: []KeyAction{
			{Label: "Print this key…", IconName: theme.IconNameDocumentPrint,
				Run: func(u *UI, id string) { u.showPrintFrom([]string{id}, func() { u.showKey(id) }) }}, // print.go
		},
		// Buttons beside "Save it to a file…" on the new recovery key's screen.
		recoveryKeyActions: []RecoveryKeyAction{
			{Label: "Print the emergency kit…", Run: (*UI).printKit}, // print.go
		},
		// Cards on the Settings screen, after its own form.
		settingsSections: []SettingsSection{
			{Title: "Encrypted copies", Build: (*UI).copiesSettings},  // copies_settings.go
			{Title: "Recovery key", Build: (*UI).recoveryKeySettings}, // kit.go
		},
		// Files dropped on the window: asked in order until one takes them.
		dropHandlers: []DropHandler{
			(*UI).paperDropped,  // paper_welcome.go (photos of sheets, before there is a vault)
			(*UI).scanDropped,   // pictures and folders of them: scan.go
			(*UI).importDropped, // import.go
		},
	}
}

// Action is a main menu item and, optionally, a button on the main screen
// and the first-start screen.
type Action struct {
	Menu     string // MenuFile, MenuKeys or MenuHelp; empty means no menu item
	Label    string // what the person reads, e.g. "Print recovery sheets…"
	Button   string // the button's label when shorter than the menu's; empty: Label
	Shortcut fyne.Shortcut
	Icon     fyne.Resource // optional, for the button
	// IconName names a theme icon (e.g. theme.IconNameDocumentPrint), looked
	// up when the button is made, so that it follows the theme.
	IconName   fyne.ThemeIconName
	MainScreen bool // also a button on the main screen, beside "Add a key"
	Welcome    bool // also a button on the first-start screen
	NeedsVault bool // only while a vault is unlocked
	// Quit marks the menu's Quit item: Fyne then adds no Quit of its own,
	// whose clean-up skips Sparekey's (lock, clipboard, temporary files).
	Quit bool
	Run  func(u *UI)
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

// setMenu builds the main menu from the actions, and enables what the
// vault's state allows.
func (u *UI) setMenu() {
	menus := map[string][]*fyne.MenuItem{}
	for _, a := range u.wiring.actions {
		if a.Menu == "" {
			continue
		}
		run := a.Run
		it := fyne.NewMenuItem(a.Label, func() { u.activity(); run(u) })
		it.Shortcut = a.Shortcut
		it.IsQuit = a.Quit
		it.Disabled = a.NeedsVault && u.v == nil
		menus[a.Menu] = append(menus[a.Menu], it)
	}
	u.Window.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu(MenuFile, menus[MenuFile]...),
		fyne.NewMenu(MenuKeys, menus[MenuKeys]...),
		fyne.NewMenu(MenuHelp, menus[MenuHelp]...),
	))
	// The same shortcuts on the canvas, for when the menu bar is hidden.
	for _, m := range [][]*fyne.MenuItem{menus[MenuFile], menus[MenuKeys]} {
		for _, it := range m {
			if it.Shortcut != nil && !it.Disabled {
				action := it.Action
				u.Window.Canvas().RemoveShortcut(it.Shortcut)
				u.Window.Canvas().AddShortcut(it.Shortcut, func(fyne.Shortcut) { action() })
			}
		}
	}
}

// maxButtons is how many action buttons fit beside the main screen's own
// in a 560-pixel window; the rest go under "More".
const maxButtons = 2

// actionButtons returns the buttons of the actions that asked for a place
// on the main screen (main) or the first-start screen (!main). Beyond
// maxButtons, the rest are items of a "More" button's menu, so that the row
// never makes the window wider.
func (u *UI) actionButtons(main bool) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var more []*fyne.MenuItem
	for _, a := range u.wiring.actions {
		if (main && !a.MainScreen) || (!main && !a.Welcome) {
			continue
		}
		run := a.Run
		do := func() { u.activity(); run(u) }
		disabled := a.NeedsVault && u.v == nil
		if len(out) >= maxButtons {
			it := fyne.NewMenuItem(a.Label, do)
			it.Icon, it.Disabled = iconFor(a.Icon, a.IconName), disabled
			more = append(more, it)
			continue
		}
		label := a.Label
		if a.Button != "" {
			label = a.Button
		}
		b := widget.NewButtonWithIcon(label, iconFor(a.Icon, a.IconName), do)
		if disabled {
			b.Disable()
		}
		out = append(out, b)
	}
	if len(more) > 0 {
		var b *widget.Button
		b = widget.NewButtonWithIcon("More", theme.MoreVerticalIcon(), func() {
			c := u.Window.Canvas()
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).AddXY(0, b.Size().Height)
			widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", more...), c, pos)
		})
		out = append(out, b)
	}
	return out
}

// keyActionButtons returns the buttons of the key actions for the key id.
func (u *UI) keyActionButtons(id string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, a := range u.wiring.keyActions {
		run := a.Run
		out = append(out, widget.NewButtonWithIcon(a.Label, iconFor(a.Icon, a.IconName), func() { u.activity(); run(u, id) }))
	}
	return out
}

// recoveryKeyButtons returns the buttons of the recovery key actions for
// key.
func (u *UI) recoveryKeyButtons(key string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, a := range u.wiring.recoveryKeyActions {
		run := a.Run
		out = append(out, widget.NewButton(a.Label, func() { run(u, key) }))
	}
	return out
}

// settingsCards returns the Settings screen's sections, built afresh.
func (u *UI) settingsCards() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, s := range u.wiring.settingsSections {
		out = append(out, widget.NewCard(s.Title, "", s.Build(u)))
	}
	return out
}

// dropped passes dropped files to the drop handlers.
func (u *UI) dropped(_ fyne.Position, uris []fyne.URI) {
	u.activity()
	for _, h := range u.wiring.dropHandlers {
		if h(u, uris) {
			return
		}
	}
	u.ShowInfo("Nothing to do with this file", "Sparekey can read files from other authenticator apps and pictures of setup QR codes. Use File › Import for those.")
}

// iconFor returns an action's icon: IconName's theme icon, else Icon (nil
// for none).
func iconFor(icon fyne.Resource, name fyne.ThemeIconName) fyne.Resource {
	if name != "" {
		return theme.Icon(name)
	}
	return icon
}
