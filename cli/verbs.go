package cli

// verbs is every verb of the command line (`sparekey help` lists them in
// alphabetical order). A new verb adds its line here; its code lives in its
// own file.
func verbs() []*Command {
	return []*Command{
		// vaultverbs.go
		{Name: "init", Summary: "create your Sparekey file; prints the recovery key once", Run: runInit},
		{Name: "version", Summary: "say which version of Sparekey this is (also: --version)", Run: runVersion},
		{Name: "add", Args: "-", Summary: `add keys from key links (otpauth://) read from stdin, one a line (a link given as an argument shows its secret to every user, in ps)`, Run: runAdd},
		{Name: "list", Summary: "one line a key: id, type, issuer, account", Run: runList},
		{Name: "code", Args: "[--at UNIX] [QUERY]", Summary: "the login codes (counter-based keys move on by one)", Run: runCode},
		{Name: "show", Args: "ID|QUERY", Summary: "a key's key link (otpauth://)", Run: runShow},
		{Name: "remove", Args: "ID", Summary: "delete a key", Run: runRemove},
		{Name: "passwd", Summary: "change the master password", Run: runPasswd},
		{Name: "recover", Summary: "unlock with the recovery key and set a new password", Run: runRecover},
		{Name: "new-recovery-key", Summary: "make a new recovery key (the old one stops working; print a new emergency kit)", Run: runNewRecoveryKey},

		// print.go
		{Name: "print", Args: "[--paper a4|letter] [--kit | --paper-copy] --out FILE.pdf [QUERY...]",
			Summary: "a paper recovery sheet of the keys (all, or those matching a QUERY), with --kit the emergency kit, or with --paper-copy all your keys on paper, locked", Run: runPrint},

		// copy.go
		{Name: "copy", Args: "[--to DIR]... [--force]",
			Summary: "write encrypted copies to every place (a new --to DIR is remembered)", Run: runCopy},
		{Name: "copies", Summary: "the places for copies and how up to date each is, one line a place", Run: runCopies},
		{Name: "verify", Args: "FILE|DIR", Summary: "open an encrypted copy (a folder: its newest) and check every key in it", Run: runVerify},
		{Name: "restore", Args: "DIR|FILE [--older] | PHOTO...", Summary: "bring your keys back from a place's newest copy, or from photos of every page of a paper copy (or add its keys to yours)", Run: runRestore},

		// import.go
		{Name: "import", Args: "[--format auto|NAME] [--password-file F] [--dry-run] [--screen] [--clipboard] [FILE...]",
			Summary: `add the keys of other apps' exports, QR pictures or link lists ("-" reads stdin), of the QR codes on the screen, or of the clipboard`, Run: runImport,
			// After "import", --password-file is the export's password.
			VerbFlags: []string{"--password-file"}},

		// export.go
		{Name: "export", Args: "--format uris|aegis|aegis-encrypted|migration-qr --out PATH [--export-password-file F] [--force]",
			Summary: "write the keys for another app (migration-qr: a folder of PNGs, or a printable .pdf)", Run: runExport},
	}
}

// command returns the verb named name, or nil.
func command(name string) *Command {
	for _, c := range verbs() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
