#!/usr/bin/env bash
# Builds the release set (scripts/release.sh) and installs and starts it the
# way a person would, on Debian:
#
#   linux    the .deb in a bare Debian root (debootstrap, cached in
#            .cache/release-check/): first the command line from the .deb
#            with no graphics library installed (init, add, a code that must
#            equal oathtool's), then "apt install ./sparekey_….deb", and the
#            app started from its desktop entry under Xvfb, with a screenshot;
#   windows  under wine: the tests of vault, backup and cli built as Windows
#            programs; the installer run silently (/S); sparekey-cli.exe
#            --version and the same round trip; the vault in %APPDATA%; the
#            window started from the Start-menu entry, with a screenshot;
#            the uninstaller (which keeps the vault).
#
#   scripts/release-check.sh [linux|windows|all] [VERSION]
#
# VERSION defaults to the one in version/version.go (so nothing changes).
# Screenshots and logs go to $RELEASE_CHECK_OUT (default
# .cache/release-check/out). Wine 8 (Debian 12) lacks bcryptprimitives.dll,
# which Go programs need since Go 1.22: a stand-in forwarding ProcessPrng to
# RtlGenRandom is built here and put in the test's wine folder only; it is
# never part of a release.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
case "$what" in linux | windows | all) ;; *)
	echo "usage: scripts/release-check.sh [linux|windows|all] [VERSION]" >&2
	exit 2
	;;
esac
version="${2:-$(sed -n 's/^const Number = "\(.*\)"/\1/p' version/version.go)}"
if [ -z "${SPAREKEY_IN_XVFB:-}" ]; then
	source scripts/setup.sh
	case "$what" in
	linux) install_packages debootstrap xvfb xauth xdotool imagemagick oathtool ;;
	*) install_packages debootstrap wine wine64 gcc-mingw-w64-x86-64 xvfb xauth xdotool imagemagick oathtool ;;
	esac
	export SPAREKEY_IN_XVFB=1
	exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
export LANG=en_US.UTF-8 PATH="$(go env GOPATH)/bin:$PATH"
cache="$PWD/.cache/release-check"
out="${RELEASE_CHECK_OUT:-$cache/out}"
mkdir -p "$cache" "$out"
work="$(mktemp -d)"
mounted=()
winepid=""
cleanup() {
	local m
	for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
	if [ -n "${WINEPREFIX:-}" ]; then wineserver -k 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "release-check: FAIL: $*"
	exit 1
}
step() { echo "== $* ($(date +%T))"; }

step "building the release set"
if [ "$what" = all ]; then scripts/release.sh "$version"; else RELEASE_ONLY="$what" scripts/release.sh "$version"; fi
deb="$PWD/dist/sparekey_${version}_amd64.deb"
setup="$PWD/dist/sparekey-$version-windows-setup.exe"

# A key to add and the code it gives at a fixed time, by oathtool.
secret=JBSWY3DPEHPK3PXP
link="otpauth://totp/Example%20Mail:ada@example.com?secret=$secret&issuer=Example%20Mail"
at=1700000000
want="$(oathtool --totp -b "$secret" --now "$(date -u -d "@$at" '+%Y-%m-%d %H:%M:%S UTC')")"
password="violin tram sunny cactus"

# waitwindow NAME: the id of a visible window whose title matches, or fail.
waitwindow() {
	local w
	w="$(timeout 120 xdotool search --sync --onlyvisible --name "$1" 2>/dev/null | head -1)" || true
	[ -n "$w" ] || return 1
	echo "$w"
}
# shot FILE: a screenshot of the whole screen that must not be blank.
shot() {
	sleep 3
	import -window root "$1"
	local colours
	colours="$(/usr/bin/convert "$1" -format %k info:)"
	[ "$colours" -ge 50 ] || fail "the screen is blank in $1 ($colours colours)"
	echo "screenshot $1 ($colours colours)"
}

check_linux() {
	step "Linux: a bare Debian root"
	local codename tarball root
	codename="$(. /etc/os-release && echo "$VERSION_CODENAME")"
	tarball="$cache/debian-$codename-minbase.tar"
	if ! [ -f "$tarball" ]; then
		rm -rf "$cache/root-tmp"
		debootstrap --variant=minbase "$codename" "$cache/root-tmp" >"$cache/debootstrap.log" 2>&1 \
			|| { tail -20 "$cache/debootstrap.log"; fail "debootstrap"; }
		tar -C "$cache/root-tmp" -cf "$tarball" .
		rm -rf "$cache/root-tmp"
	fi
	root="$work/root"
	mkdir -p "$root"
	tar -C "$root" -xf "$tarball"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	mount -t proc proc "$root/proc" && mounted+=("$root/proc")
	mount --rbind /dev "$root/dev" && mounted+=("$root/dev")
	in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

	step "Linux: the command line with no graphics library"
	dpkg-deb -x "$deb" "$work/deb"
	cp "$work/deb/usr/bin/sparekey-cli" "$work/deb/usr/bin/sparekey" "$root/usr/local/bin/"
	in_root sh -c 'ls /usr/lib/x86_64-linux-gnu/libGL.so* 2>/dev/null' && fail "the bare root has libGL"
	if in_root /usr/local/bin/sparekey --version >"$work/nogl.log" 2>&1; then
		fail "sparekey (the app) started without libGL: the .deb would not need it"
	fi
	echo "without libGL, sparekey says: $(head -1 "$work/nogl.log")"
	local v
	v="$(in_root /usr/local/bin/sparekey-cli --version)"
	[ "$v" = "Sparekey $version" ] || fail "sparekey-cli --version said \"$v\""
	in_root env SPAREKEY_NEW_PASSWORD="$password" SPAREKEY_WORK_FACTOR=12 /usr/local/bin/sparekey-cli init >/dev/null
	in_root env SPAREKEY_PASSWORD="$password" /usr/local/bin/sparekey-cli add "$link" >/dev/null
	local got
	got="$(in_root env SPAREKEY_PASSWORD="$password" /usr/local/bin/sparekey-cli code --at "$at" mail | cut -f3)"
	[ "$got" = "$want" ] || fail "sparekey-cli code gave \"$got\", oathtool \"$want\""
	in_root test -f /root/.config/Sparekey/vault.sparekey || fail "the vault is not in ~/.config/Sparekey"
	echo "sparekey-cli: init, add, code $got = oathtool's, with no libGL"
	rm "$root/usr/local/bin/sparekey-cli" "$root/usr/local/bin/sparekey"

	step "Linux: apt install ./$(basename "$deb")"
	cp "$deb" "$root/tmp/"
	in_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >"$work/apt.log" 2>&1 \
		|| { tail -20 "$work/apt.log"; fail "apt install of the .deb"; }
	v="$(in_root sparekey --version)"
	[ "$v" = "Sparekey $version" ] || fail "the installed sparekey --version said \"$v\""
	in_root man -w sparekey >/dev/null 2>&1 || in_root test -f /usr/share/man/man1/sparekey.1.gz || fail "no man page"
	local missing
	missing="$(in_root ldd /usr/bin/sparekey | grep 'not found' || true)"
	[ -z "$missing" ] || fail "the installed app lacks libraries: $missing"

	step "Linux: the app from its desktop entry, under Xvfb"
	local desktop exec_line pid wid
	desktop="$root/usr/share/applications/org.sparekey.app.desktop"
	[ -f "$desktop" ] || fail "no desktop entry"
	exec_line="$(sed -n 's/^Exec=//p' "$desktop" | sed 's/ %[fFuU]//')"
	# X reaches into the root by its abstract socket; the vault made above
	# is there, so the app opens on its unlock screen.
	cp "$XAUTHORITY" "$root/tmp/xauth"
	chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY="$DISPLAY" \
		XAUTHORITY=/tmp/xauth sh -c "exec $exec_line" >"$work/app.log" 2>&1 &
	pid=$!
	wid="$(waitwindow Sparekey)" || { cat "$work/app.log"; fail "the installed app's window never appeared"; }
	kill -0 "$pid" 2>/dev/null || { cat "$work/app.log"; fail "the installed app died"; }
	shot "$out/linux-deb.png"
	echo "window: \"$(xdotool getwindowname "$wid")\""
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
	mounted=()
}

check_windows() {
	step "Windows: a fresh wine folder"
	export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
	wineboot -i >/dev/null 2>&1
	local sys32="$WINEPREFIX/drive_c/windows/system32"
	# Test-only stand-in for bcryptprimitives.dll (see the top of this file).
	cat >"$work/bcryptprimitives.c" <<-'EOF'
		#include <windows.h>
		BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
		__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
			while (len > 0) {
				ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
				if (!SystemFunction036(data, n)) return FALSE;
				data += n;
				len -= n;
			}
			return TRUE;
		}
	EOF
	x86_64-w64-mingw32-gcc -shared -O2 -o "$sys32/bcryptprimitives.dll" "$work/bcryptprimitives.c" -ladvapi32
	local home="$WINEPREFIX/drive_c/users/$(id -un)"

	step "Windows: the tests of vault, backup and cli under wine"
	# Go's os.RemoveAll asks for FileDispositionInformationEx, which wine 8
	# answers with STATUS_NOT_IMPLEMENTED (Windows 10 and later have it);
	# the test binaries are built with Go's fallback taking that answer too,
	# or every test's temporary-folder clean-up would fail.
	local at_windows="$(go env GOROOT)/src/internal/syscall/windows/at_windows.go"
	sed 's|case STATUS_INVALID_INFO_CLASS, |case STATUS_INVALID_INFO_CLASS, NTStatus(0xC0000002), |' "$at_windows" >"$work/at_windows.go"
	grep -q 0xC0000002 "$work/at_windows.go" || fail "Go's at_windows.go changed: the wine overlay needs a look"
	printf '{"Replace":{"%s":"%s"}}' "$at_windows" "$work/at_windows.go" >"$work/overlay.json"
	local p failed=()
	for p in vault backup cli; do
		GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -overlay "$work/overlay.json" -c -o "$work/$p.test.exe" "./$p"
		# The tests look for their testdata beside them, as go test runs
		# them. The Linux tools some tests compare with (age, oathtool,
		# pdftotext) are no Windows programs: without CI=true those tests
		# skip here, and they run in the Linux suite (scripts/test.sh).
		if (cd "$p" && env -u CI wine "$work/$p.test.exe" -test.short -test.timeout 20m >"$out/wine-test-$p.log" 2>&1); then
			echo "$p: $(tail -1 "$out/wine-test-$p.log")"
		else
			failed+=("$p")
			grep -A3 '^--- FAIL\|^    --- FAIL\|^panic' "$out/wine-test-$p.log" | head -40
		fi
	done

	step "Windows: the installer, silently"
	wine "$setup" /S
	local dir="$home/AppData/Local/Programs/Sparekey"
	local f
	for f in sparekey.exe sparekey-cli.exe uninstall.exe LICENSE.txt; do
		[ -f "$dir/$f" ] || fail "the installer did not put $f in $dir"
	done
	local lnk="$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Sparekey.lnk"
	[ -f "$lnk" ] || fail "no Start-menu entry"
	wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Sparekey' /v DisplayVersion | grep "$version" >/dev/null \
		|| fail "no entry with the version in Installed apps"

	step "Windows: the command line"
	local cli="$dir/sparekey-cli.exe" v got
	v="$(wine "$cli" --version | tr -d '\r')"
	[ "$v" = "Sparekey $version" ] || fail "sparekey-cli.exe --version said \"$v\""
	v="$(wine "$dir/sparekey.exe" --version 2>/dev/null | tr -d '\r' || true)"
	# A window program: Windows shows nothing it prints; wine may pass it on.
	echo "sparekey.exe --version under wine: \"$v\""
	SPAREKEY_NEW_PASSWORD="$password" SPAREKEY_WORK_FACTOR=12 wine "$cli" init >/dev/null
	SPAREKEY_PASSWORD="$password" wine "$cli" add "$link" >/dev/null
	got="$(SPAREKEY_PASSWORD="$password" wine "$cli" code --at "$at" mail | tr -d '\r' | cut -f3)"
	[ "$got" = "$want" ] || fail "sparekey-cli.exe code gave \"$got\", oathtool \"$want\""
	[ -f "$home/AppData/Roaming/Sparekey/vault.sparekey" ] || fail "the vault is not in %APPDATA%\\Sparekey"
	echo "sparekey-cli.exe: init, add, code $got = oathtool's; the vault is in %APPDATA%\\Sparekey"

	step "Windows: the window, from the Start-menu entry"
	wine start /unix "$lnk" >"$work/wine-app.log" 2>&1 &
	local wid
	wid="$(waitwindow Sparekey)" || { cat "$work/wine-app.log"; fail "the window never appeared under wine"; }
	shot "$out/windows-wine-unlock.png"
	echo "window: \"$(xdotool getwindowname "$wid")\""
	# Unlocked, the app holds the vault: the command line may read it but
	# not change it (before the LockFileEx lock, such a change was lost at
	# the app's next save).
	xdotool type --window "$wid" --delay 30 "$password" 2>/dev/null # it warns once a key under wine
	xdotool key --window "$wid" Return
	sleep 8
	shot "$out/windows-wine-list.png"
	if SPAREKEY_PASSWORD="$password" wine "$cli" add "otpauth://totp/Other?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ" >"$work/locked.log" 2>&1; then
		fail "sparekey-cli.exe add succeeded while the app had the vault open"
	fi
	grep -q "open for changes" "$work/locked.log" || { cat "$work/locked.log"; fail "the refusal does not say the vault is open"; }
	echo "while the app is open, add says: $(tr -d '\r' <"$work/locked.log")"
	wineserver -k 2>/dev/null || true
	sleep 1

	step "Windows: the uninstaller"
	wine "$dir/uninstall.exe" /S
	sleep 3 # the uninstaller copies itself elsewhere and returns at once
	[ ! -e "$dir/sparekey.exe" ] && [ ! -e "$lnk" ] || fail "the uninstaller left the program or its Start-menu entry"
	[ -f "$home/AppData/Roaming/Sparekey/vault.sparekey" ] || fail "the uninstaller removed the vault"
	echo "uninstalled; the vault is still there"
	wineserver -k 2>/dev/null || true
	[ ${#failed[@]} -eq 0 ] || fail "the Windows tests of ${failed[*]} failed under wine (logs in $out)"
}

case "$what" in
linux) check_linux ;;
windows) check_windows ;;
all) check_linux && check_windows ;;
esac
echo "release-check: ok ($what, version $version; screenshots in $out)"
