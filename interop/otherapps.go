package interop

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Files that people try to import but that are not exports: other apps'
// internal data, copied off a phone (often a rooted one) or out of a phone
// backup. Sparekey does not read them; rather than "does not recognise this
// file", Read says which app the file belongs to and what to do instead.
// The markers are the names those apps give their data (the same ones
// Aegis's importers look for).

// otherAppFile is one kind of such file: how to tell it, and what to say.
type otherAppFile struct {
	detect func(data []byte) bool
	err    error
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

func isSQLite(data []byte) bool { return bytes.HasPrefix(data, sqliteMagic) }

// otherAppFiles are tried in order; the last, any SQLite database, catches
// the databases of apps not named before it.
var otherAppFiles = []otherAppFile{
	{
		// Android's shared_prefs/com.authy.storage.tokens.authenticator.xml
		// (and .authy.xml) of the Authy app.
		detect: func(data []byte) bool { return bytes.Contains(data, []byte("com.authy.storage.tokens")) },
		err: errors.New("this is the Authy app's internal list of keys, copied from a phone, not an export; Sparekey does not read it. " +
			"Authy has no way to export its keys: for each account, sign in to the website, set up two-factor authentication again " +
			"(or add another authenticator app), and scan the QR code it shows with Sparekey"),
	},
	{
		// databases/PhoneFactor of com.azure.authenticator: its accounts
		// table has an oath_secret_key column.
		detect: func(data []byte) bool { return isSQLite(data) && bytes.Contains(data, []byte("oath_secret_key")) },
		err: errors.New("this is Microsoft Authenticator's internal database (PhoneFactor), copied from a phone, not an export; Sparekey does not read it. " +
			"Microsoft Authenticator has no way to export its keys: for each account, sign in to the website, set up two-factor authentication again " +
			"(or add another authenticator app), and scan the QR code it shows with Sparekey"),
	},
	{
		// databases/databases of com.google.android.apps.authenticator2:
		// an accounts table with email and secret columns.
		detect: func(data []byte) bool {
			return isSQLite(data) && bytes.Contains(data, []byte("CREATE TABLE accounts")) &&
				bytes.Contains(data, []byte("email")) && bytes.Contains(data, []byte("secret"))
		},
		err: errors.New("this is Google Authenticator's internal database (the file called databases), copied from a phone, not an export; Sparekey does not read it. " +
			"In Google Authenticator, choose Transfer accounts, then Export accounts, and import a screenshot or photo of each QR code it shows"),
	},
	{
		// Duo Mobile's files/duokit/accounts.json: a JSON list of accounts,
		// each with its otpGenerator.
		detect: isDuoAccounts,
		err: errors.New("this is Duo Mobile's internal list of accounts, copied from a phone, not an export; Sparekey does not read it. " +
			"Duo Mobile has no way to export its keys: for each account other than Duo's own logins, sign in to the website, set up two-factor authentication again, " +
			"and scan the QR code it shows with Sparekey (Duo's own push logins work only in Duo Mobile)"),
	},
	{
		// shared_prefs/com.blizzard.bma.AUTH_STORE.xml of the Battle.net
		// Authenticator.
		detect: func(data []byte) bool { return bytes.Contains(data, []byte("com.blizzard.bma.AUTH_STORE")) },
		err: errors.New("this is the Battle.net Authenticator's internal data, copied from a phone, not an export; Sparekey does not read it. " +
			"Keep the authenticator in Blizzard's own app, and keep the serial number and restore code it shows in its settings: with them, Blizzard's app can restore it on a new phone"),
	},
	{
		detect: isSQLite,
		err: errors.New("this is an app's internal database (SQLite), not an export; Sparekey does not read it. " +
			"Sparekey reads the files that apps write when you export or back up your keys: look for Export or Backup in the app's settings"),
	},
}

// isDuoAccounts reports whether data is a JSON list whose first element has
// Duo Mobile's otpGenerator.
func isDuoAccounts(data []byte) bool {
	t := trimBOM(data)
	if len(t) == 0 || t[0] != '[' || !bytes.Contains(t, []byte(`"otpGenerator"`)) {
		return false
	}
	var list []map[string]json.RawMessage
	if json.Unmarshal(t, &list) != nil || len(list) == 0 {
		return false
	}
	_, ok := list[0]["otpGenerator"]
	return ok
}

// otherAppError returns the error that names the app data belongs to when
// data is one of the files above, or nil.
func otherAppError(data []byte) error {
	for _, o := range otherAppFiles {
		if o.detect(data) {
			return o.err
		}
	}
	return nil
}
