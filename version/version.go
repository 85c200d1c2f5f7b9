// Package version holds Sparekey's version number: the one value that
// "sparekey --version", Help › About, FyneApp.toml, the Linux packages and
// the Windows installer all show.
package version

// Number is Sparekey's version, such as "1.2.0". scripts/release.sh VERSION
// writes it here and into FyneApp.toml; a test checks that the two agree.
const Number = "0.1.0"
