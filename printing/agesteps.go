package printing

// The age way: how to get every key out of a vault file, or an encrypted
// copy (a copy of the vault file), with the age command alone, when
// Sparekey is gone. The emergency kit prints these steps in full, and the
// paper copy's text pages point to them. They follow the vault file's
// layout (README's "Getting your keys out with age alone" says the same,
// and vault's tests run it with the real age); when the layout changes,
// change AgeCommands and ageSteps here, in one place, and
// TestKitAgeStepsWithTheRealAgeCommand runs them again.

// AgeCommands are the terminal commands of the age way, in order, exactly as
// the kit prints them. The first asks for the master password (or the
// recovery key); it writes the vault's own key into identity.txt.
var AgeCommands = []string{
	"age -d -o identity.txt slot.txt",
	"base64 -d payload.txt > payload.bin",
	"age -d -i identity.txt payload.bin | gunzip > keys.json",
}

// ageSteps are the steps around the commands, for a person at a computer
// with a text editor and a terminal. secret names what opens the copies
// ("your master password").
func ageSteps(secret string) (before []string, after []string) {
	before = []string{
		"If Sparekey cannot be installed, give this part to someone at ease with a terminal: it takes the keys out with the free program age alone. Install age (age-encryption.org; on Linux and with Homebrew on a Mac the package is called age).",
		"Open your Sparekey file (vault.sparekey) or an encrypted copy (sparekey-copy-\u2026.sparekey) in a text editor: it is plain text. " +
			"Under \"slots\", find the part that says \"kind\": \"password\" (or \"kind\": \"recovery-key\" to use the recovery key). " +
			"Copy its lines in quotes, from \"-----BEGIN AGE ENCRYPTED FILE-----\" down to \"-----END AGE ENCRYPTED FILE-----\", into a new file named slot.txt, " +
			"and tidy each line: remove the spaces before it, its quote marks and the comma at its end.",
		"Further down, after \"payload\": \" comes one very long line of letters and digits. Copy it, without its quote marks, into a new file named payload.txt.",
		"Open a terminal in the folder that holds the two files and type these three lines (on a Mac, the second is: base64 -D -i payload.txt -o payload.bin). " +
			"The first asks for " + secret + ", or for the recovery key typed exactly as printed above:",
	}
	after = []string{
		"keys.json lists every key. Each one's \"uri\" (starting otpauth://) is a link that authenticator apps take in: paste it into one, or make a QR code of it. " +
			"Or type its \"secret\" where an app lets you type a key (\u201cEnter a setup key\u201d in Google Authenticator); then, if the key's \"digits\", \"period\" or \"algorithm\" are not 6, 30 and SHA1, choose the same in the app's advanced options. " +
			"A \"type\" of \"hotp\" means counter-based codes (set the app's counter to \"counter\"); \"steam\" needs an app that makes Steam Guard codes.",
		"Delete identity.txt, payload.bin and keys.json when you are done: no password protects them.",
	}
	return before, after
}
