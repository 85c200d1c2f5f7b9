#!/usr/bin/env bash
# Takes the screenshots in docs/screenshots/ from the real desktop app (the
# cgo build) under Xvfb. The first start and the unlock screen are reached
# by typing into the app with xdotool; the other screens are opened in the
# demo with SPAREKEY_SCREEN (a hook used only by this script). The print,
# import and copies screens are opened the same way in a real vault made
# with the CLI, after typing its password; the import's password and the
# copies' password are typed too, and the paper lines of "Restore a key
# from paper" are typed key by key.
#
#   scripts/screenshot.sh            # writes docs/screenshots/*.png
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SPAREKEY_IN_XVFB:-}" ]; then
	export SPAREKEY_IN_XVFB=1
	exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
fi
export LANG=en_US.UTF-8

work="$(mktemp -d)"
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/sparekey" .
out=docs/screenshots
mkdir -p "$out"
# Fresh preferences and a vault path of our own for every run.
export XDG_CONFIG_HOME="$work/config"
export SPAREKEY_WORK_FACTOR=16 # the floor: lower shows the test-setting warning

# start runs the app with the given arguments and waits for its window.
start() {
	"$work/sparekey" "$@" >"$work/log" 2>&1 &
	pid=$!
	if ! wid="$(timeout 30 xdotool search --sync --onlyvisible --name Sparekey | head -1)"; then
		echo "the window never appeared"; cat "$work/log"; exit 1
	fi
	sleep 1.5
}
stop() {
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=""
}
shot() {
	import -window "$wid" "$out/$1.png"
	echo "wrote $out/$1.png"
}
keys() { xdotool key --window "$wid" --delay 80 "$@"; sleep 0.6; }
typed() { xdotool type --window "$wid" --delay 20 "$1"; sleep 0.4; }

# First start, by keyboard: "Get started" has the focus, Space; the password twice;
# Enter creates the vault and shows the recovery key.
start --vault "$work/vault.sparekey"
shot 01-first-start
keys space
typed "violin tram sunny cactus"
keys Tab
typed "violin tram sunny cac"
shot 02-choose-password
typed "tus"
keys Return
sleep 3
shot 03-recovery-key
stop

# Unlock: the vault just made; a wrong password first.
start --vault "$work/vault.sparekey"
shot 04-unlock
typed "violin tram sunny cactuz"
keys Return
sleep 2
shot 05-unlock-wrong-password
stop

start --demo
shot 06-list
stop
for screen in add key qr settings; do
	SPAREKEY_SCREEN=$screen start --demo
	case $screen in
	add) shot 07-add ;;
	key) shot 08-key-page ;;
	qr) shot 09-key-qr ;;
	settings) shot 10-settings ;;
	esac
	stop
done

# Restore a key from paper, typed by keyboard: the website and account, line
# 1 right (the cursor then moves to line 2), line 2 with two letters swapped.
SPAREKEY_SCREEN=paper start --demo
typed "Example Forum"
keys Tab
typed "ada"
keys Tab
typed "krug s4za nfzs ayja"
keys Tab
typed "14"
sleep 0.5
typed "ON2X EZLM PFWW 5CDF"
keys Tab
typed "59"
shot 11-restore-from-paper
stop

# The print, copies and import screens, on a real vault made with the CLI
# and unlocked by typing its password.
pw="violin tram sunny cactus"
flows="$work/flows.sparekey"
cli() { SPAREKEY_PASSWORD="$pw" "$work/sparekey" --vault "$flows" "$@"; }
SPAREKEY_NEW_PASSWORD="$pw" "$work/sparekey" --vault "$flows" init >/dev/null
cli add \
	"otpauth://totp/Example%20Mail:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Mail" \
	"otpauth://totp/Example%20Bank:ada.lovelace?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Bank&digits=8" \
	"otpauth://totp/Code%20Forge:ada-l?secret=ONSWG4TFOQQGM33SEBTGS4TTOQQQ&issuer=Code%20Forge" \
	"otpauth://hotp/Office%20VPN:ada?secret=KRUGKIDROVUWG2ZAMJZG653OEBTG66BA&issuer=Office%20VPN&counter=3" >/dev/null
# Two keys are on paper already.
cli print --out "$work/sheet.pdf" "Example Mail" "Example Bank" >/dev/null
unlocked() {
	start --vault "$flows"
	typed "$pw"
	keys Return
	sleep 2
}

# The print screen with 60 keys: its buttons stay at the bottom.
SPAREKEY_DEMO_KEYS=54 SPAREKEY_SCREEN=print start --demo
shot 12-print
stop

# An export of another app, protected by a password (typed into the app).
SPAREKEY_SCREEN=import SPAREKEY_SCREEN_FILES="$PWD/interop/testdata/aegis/encrypted.json" unlocked
typed "correct horse battery staple"
keys Return
sleep 2
shot 13-import-preview
stop

# Copies: a USB stick, and a synced folder that holds a copy from an older
# computer with keys this vault lacks. Updating them stops at the guard.
usb="$work/USB stick"
cloud="$work/Cloud folder"
mkdir -p "$usb" "$cloud"
older="$work/older.sparekey"
SPAREKEY_NEW_PASSWORD="$pw" "$work/sparekey" --vault "$older" init >/dev/null
SPAREKEY_PASSWORD="$pw" "$work/sparekey" --vault "$older" add \
	"otpauth://totp/Photo%20Cloud:ada@example.com?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Photo%20Cloud" \
	"otpauth://totp/Old%20Forum:ada?secret=KRUGS4ZANFZSAYJAON2XEZLMPFWWC5DF&issuer=Old%20Forum" >/dev/null
SPAREKEY_PASSWORD="$pw" "$work/sparekey" --vault "$older" copy --to "$cloud" >/dev/null
cli copy --to "$usb" --to "$cloud" >/dev/null 2>&1 || true # the guard refuses the cloud folder
SPAREKEY_SCREEN=copies-update unlocked
typed "$pw"
keys Return
sleep 3
shot 14-copies-guard
stop
