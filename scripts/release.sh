#!/usr/bin/env bash
# Builds every release artefact of Sparekey into dist/, from this checkout,
# on Debian (it installs what it needs, as scripts/setup.sh does):
#
#   sparekey-VERSION-linux-amd64.tar.xz     fyne's tarball: "make user-install" adds the app to the menu
#   sparekey_VERSION_amd64.deb              for Debian and Ubuntu (lintian: no error)
#   org.sparekey.app.metainfo.xml           AppStream metadata, as in the .deb (validated)
#   sparekey-cli-VERSION-linux-amd64        the command line alone: no graphics library needed
#   sparekey-VERSION-windows-setup.exe      per-user Windows installer (NSIS)
#   sparekey-VERSION-windows-amd64.zip      sparekey.exe (the app) and sparekey-cli.exe (console), no installer
#   SHA256SUMS
#
# VERSION (MAJOR.MINOR.PATCH) is written into FyneApp.toml and
# version/version.go first, the two places it lives, so the binaries, the
# packages and the installer all say the same; commit that change with the
# release.
#
#   scripts/release.sh 1.0.0
#   RELEASE_ONLY=linux scripts/release.sh 1.0.0    # only the Linux half (or windows)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-}"
if ! [[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
	echo "usage: scripts/release.sh VERSION   (three numbers, such as 1.0.0)" >&2
	exit 2
fi
IFS=. read -r major minor patch <<<"$version"
only="${RELEASE_ONLY:-}"
case "$only" in "" | linux | windows) ;; *) echo "RELEASE_ONLY is linux or windows" >&2; exit 2 ;; esac

source scripts/setup.sh
# Only what the chosen half needs (CI builds the Linux half only).
case "$only" in
linux) install_packages lintian appstream dpkg-dev xz-utils imagemagick ;;
windows) install_packages gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis zip imagemagick ;;
*) install_packages gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis lintian appstream \
	dpkg-dev zip xz-utils imagemagick ;;
esac
export LANG=en_US.UTF-8 PATH="$(go env GOPATH)/bin:$PATH"
if ! fyne version 2>/dev/null | grep 'cli version: v1\.7\.4' >/dev/null; then
	echo "release: installing the fyne packaging tool (fyne.io/tools v1.7.4)"
	go install fyne.io/tools/cmd/fyne@v1.7.4
fi
maintainer="The Sparekey developers <sparekey@users.noreply.github.com>"
date="$(date -u +%Y-%m-%d)"
# Reproducible timestamps inside the packages: the time of the last commit.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"

echo "== version $version"
sed -i "s/^\([[:space:]]*Version = \)\"[^\"]*\"/\1\"$version\"/" FyneApp.toml
sed -i "s/^const Number = \"[^\"]*\"/const Number = \"$version\"/" version/version.go
grep -q "Version = \"$version\"" FyneApp.toml && grep -q "Number = \"$version\"" version/version.go

# Build from a copy of the tracked files (as they are in this checkout), so
# that nothing untracked gets in and the resource files below stay out of
# the working tree. The folder's name is the executable's name for fyne.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
src="$work/sparekey"
mkdir -p "$src"
git ls-files -z | xargs -0 cp --parents -t "$src"
rm -rf dist
mkdir -p dist
dist="$PWD/dist"
# Every binary: no build paths inside, position-independent, no debug
# tables (smaller; Go's panics still name functions and lines).
export GOFLAGS="-trimpath -buildmode=pie"

build_linux() {
	echo "== Linux: the app (fyne package)"
	(cd "$src" && CGO_ENABLED=1 fyne package -os linux --release --app-version "$version" >/dev/null)
	mv "$src/Sparekey.tar.xz" "dist/sparekey-$version-linux-amd64.tar.xz"
	mkdir -p "$work/tar"
	tar -xJf "dist/sparekey-$version-linux-amd64.tar.xz" -C "$work/tar"
	tar="$work/tar/sparekey/usr/local" # the tarball's one folder holds a Makefile and usr/local
	app="$tar/bin/sparekey"
	"$app" --version | grep -x "Sparekey $version" >/dev/null

	echo "== Linux: the command line alone"
	(cd "$src" && CGO_ENABLED=0 go build -ldflags "-s -w" -o "$dist/sparekey-cli-$version-linux-amd64" ./cmd/sparekey-cli)
	cli="dist/sparekey-cli-$version-linux-amd64"
	"$cli" --version | grep -x "Sparekey $version" >/dev/null

	echo "== AppStream metadata"
	sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$date/" packaging/linux/org.sparekey.app.metainfo.xml.in \
		| sed '/^<!--/,/-->$/d' >dist/org.sparekey.app.metainfo.xml
	appstreamcli validate --no-net --pedantic --explain dist/org.sparekey.app.metainfo.xml >"$work/appstream.log" 2>&1 \
		|| { cat "$work/appstream.log"; echo "release: the AppStream metadata does not validate"; exit 1; }

	echo "== Debian package"
	root="$work/deb"
	doc="$root/usr/share/doc/sparekey"
	install -d "$root/DEBIAN" "$root/usr/bin" "$doc" "$root/usr/share/applications" \
		"$root/usr/share/icons/hicolor/512x512/apps" "$root/usr/share/metainfo" "$root/usr/share/man/man1"
	install -m 0755 "$app" "$root/usr/bin/sparekey"
	install -m 0755 "$cli" "$root/usr/bin/sparekey-cli"
	install -m 0644 "$tar/share/pixmaps/org.sparekey.app.png" "$root/usr/share/icons/hicolor/512x512/apps/org.sparekey.app.png"
	install -m 0644 dist/org.sparekey.app.metainfo.xml "$root/usr/share/metainfo/"
	install -m 0644 "$tar/share/applications/org.sparekey.app.desktop" "$root/usr/share/applications/"
	install -m 0644 packaging/linux/copyright "$doc/copyright"
	# The man page: the list of commands is the program's own help.
	"$cli" help | awk '
		/^  [a-z]/ && NR > 2 {
			if (pending != "") { print ".TP\n.B " pending; print "" }
			line = substr($0, 3)
			if (match(line, /   +/)) { print ".TP\n.B " substr(line, 1, RSTART - 1); print substr(line, RSTART + RLENGTH); pending = "" }
			else pending = line
			next
		}
		/^   +/ && pending != "" { sub(/^ +/, ""); print ".TP\n.B " pending; print; pending = "" }
	' | sed -e 's/-/\\-/g' >"$work/commands.roff"
	awk -v cmds="$work/commands.roff" '/^@COMMANDS@$/ { while ((getline l < cmds) > 0) print l; next } { print }' packaging/linux/sparekey.1.in \
		| sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$date/" | gzip -9n >"$root/usr/share/man/man1/sparekey.1.gz"
	ln -s sparekey.1.gz "$root/usr/share/man/man1/sparekey-cli.1.gz"
	printf 'sparekey (%s) unstable; urgency=medium\n\n  * Sparekey %s.\n\n -- %s  %s\n' \
		"$version" "$version" "$maintainer" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n >"$doc/changelog.gz"
	# Dependencies: what the binaries link (dpkg-shlibdeps), and the X
	# libraries GLFW opens at run time with dlopen, which no tool can see.
	mkdir -p "$work/shlibs/debian"
	printf 'Source: sparekey\n\nPackage: sparekey\nArchitecture: amd64\n' >"$work/shlibs/debian/control"
	shlibs="$(cd "$work/shlibs" && dpkg-shlibdeps -O "$root/usr/bin/sparekey" "$root/usr/bin/sparekey-cli" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
	[ -n "$shlibs" ] || { echo "release: dpkg-shlibdeps found no dependencies"; exit 1; }
	depends="$shlibs, libgl1, libx11-6, libxrandr2, libxcursor1, libxi6, libxinerama1, libxrender1, libxxf86vm1"
	size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
	sed -e "s/@VERSION@/$version/" -e "s/@MAINTAINER@/$maintainer/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
		packaging/linux/control.in >"$root/DEBIAN/control"
	(cd "$root" && find usr -type f -exec md5sum {} + | sort -k2 >DEBIAN/md5sums)
	find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	deb="dist/sparekey_${version}_amd64.deb"
	dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
	LANG=C.UTF-8 lintian --fail-on error "$deb" | tee "$work/lintian.log" \
		|| { echo "release: lintian found errors in the .deb"; exit 1; }

}

build_windows() {
	echo "== Windows: resources (icon, manifest, version)"
	/usr/bin/convert resources/icon.png -define icon:auto-resize=256,64,48,32,16 "$work/sparekey.ico"
	cp packaging/windows/sparekey.manifest "$work/"
	winres() { # winres NAME DESCRIPTION OUT.syso
		sed -e "s/@MAJOR@/$major/g" -e "s/@MINOR@/$minor/g" -e "s/@PATCH@/$patch/g" -e "s/@VERSION@/$version/g" \
			-e "s/@NAME@/$1/g" -e "s/@DESCRIPTION@/$2/g" packaging/windows/sparekey.rc.in >"$work/$1.rc"
		(cd "$work" && x86_64-w64-mingw32-windres -O coff -o "$3" "$1.rc")
	}
	winres sparekey "Sparekey" "$src/rsrc_windows_amd64.syso"
	winres sparekey-cli "Sparekey command line" "$src/cmd/sparekey-cli/rsrc_windows_amd64.syso"

	echo "== Windows: sparekey.exe (the app) and sparekey-cli.exe (console)"
	win="$work/windows"
	mkdir -p "$win"
	(cd "$src" && GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
		go build -tags release -ldflags "-H windowsgui -s -w" -o "$win/sparekey.exe" .)
	(cd "$src" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -ldflags "-s -w" -o "$win/sparekey-cli.exe" ./cmd/sparekey-cli)
	sed 's/$/\r/' LICENSE >"$win/LICENSE.txt"
	# Only DLLs that come with Windows: any other would be missing on a real machine.
	windlls='kernel32|user32|gdi32|opengl32|shell32|ole32|oleaut32|advapi32|winmm|ws2_32|ntdll|dwmapi|imm32|shlwapi|comdlg32|version|msvcrt|ucrtbase|uxtheme|setupapi|cfgmgr32|comctl32|userenv|crypt32|secur32|iphlpapi|powrprof|winspool\.drv|bcryptprimitives|api-ms-win-.*'
	for exe in "$win"/*.exe; do
		extra="$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\tDLL Name: //p' | tr 'A-Z' 'a-z' | sed 's/\.dll$//' \
			| grep -v -x -E "$windlls" || true)"
		[ -z "$extra" ] || { echo "release: $(basename "$exe") needs DLLs Windows lacks: $extra"; exit 1; }
	done
	(cd "$win" && zip -q -X "$dist/sparekey-$version-windows-amd64.zip" sparekey.exe sparekey-cli.exe LICENSE.txt)

	echo "== Windows: the installer (NSIS)"
	cp "$work/sparekey.ico" "$win/"
	makensis -V2 -DVERSION="$version" -DFILES="$win" -DOUT="$dist/sparekey-$version-windows-setup.exe" packaging/windows/sparekey.nsi
}

case "$only" in
linux) build_linux ;;
windows) build_windows ;;
*) build_linux && build_windows ;;
esac
(cd dist && sha256sum -- * >SHA256SUMS)
echo "== dist/"
(cd dist && ls -l --time-style=+ -- * | awk '{printf "%10d  %s\n", $5, $NF}')
