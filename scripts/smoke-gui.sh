#!/usr/bin/env bash
# CI smoke test of the real desktop app: builds it with cgo, starts it under
# Xvfb with --demo, waits for its window (up to 2 minutes: a guard against a
# hang, not a speed limit), takes a screenshot of the screen
# and fails if the window never appears, the app dies, or the screen is
# blank. The screenshot is left in $SMOKE_OUT (default: a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SPAREKEY_IN_XVFB:-}" ]; then
	export SPAREKEY_IN_XVFB=1
	exec xvfb-run -a -s "-screen 0 1024x768x24" "$0" "$@"
fi
export LANG=en_US.UTF-8
for tool in xdotool import convert; do
	command -v "$tool" >/dev/null || { echo "smoke-gui: $tool is missing (scripts/setup.sh installs it)"; exit 1; }
done

work="$(mktemp -d)"
pid=""
cleanup() {
	# The app cleans up as it quits (it may still be writing its settings):
	# wait for it before removing its folder, and never let that fail the run.
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
	fi
	rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
CGO_ENABLED=1 go build -tags no_emoji -o "$work/sparekey" . # as scripts/run.sh builds it
out="${SMOKE_OUT:-$work}"
mkdir -p "$out"
export XDG_CONFIG_HOME="$work/config"

"$work/sparekey" --demo >"$work/log" 2>&1 &
pid=$!
if ! wid="$(timeout 120 xdotool search --sync --onlyvisible --name 'Sparekey.*Demo' | head -1)" || [ -z "$wid" ]; then
	echo "smoke-gui: FAIL: the window never appeared"
	cat "$work/log"
	exit 1
fi
sleep 2
if ! kill -0 "$pid" 2>/dev/null; then
	echo "smoke-gui: FAIL: the app died after opening its window"
	cat "$work/log"
	exit 1
fi
import -window root "$out/smoke.png"
colours="$(convert "$out/smoke.png" -format %k info:)"
if [ "$colours" -lt 50 ]; then
	echo "smoke-gui: FAIL: the screen is blank ($colours colours)"
	exit 1
fi
# Ctrl+F then typing filters the list; the app must survive it.
xdotool key --window "$wid" ctrl+f
xdotool type --window "$wid" --delay 30 "bank"
sleep 1
if ! kill -0 "$pid" 2>/dev/null; then
	echo "smoke-gui: FAIL: the app died while searching"
	cat "$work/log"
	exit 1
fi
echo "smoke-gui: ok: window \"$(xdotool getwindowname "$wid")\" on screen ($colours colours), screenshot $out/smoke.png"
