#!/usr/bin/env bash
# Takes the screenshots in docs/screenshots/ from the real desktop app (the
# cgo build) under Xvfb. The first start and the unlock screen are reached
# by typing into the app with xdotool; the other screens are opened in the
# demo with SPAREKEY_SCREEN (a hook used only by this script).
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
export SPAREKEY_WORK_FACTOR=12

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
