#!/usr/bin/env bash
# Measures the desktop app (the real cgo build, under Xvfb) with 1,000 keys:
#
#   1. time from start to the window on screen, with the main list of 1,000
#      keys (the demo with SPAREKEY_DEMO_KEYS=1000: no scrypt at all);
#   2. with a real 1,000-key vault: start to the unlock window, and Enter to
#      the list minus the time scrypt took (from SPAREKEY_TRACE);
#   3. CPU used while idle on the main screen with 1,000 keys, over
#      IDLE_SECONDS (default 30), as a share of one core;
#   4. resident memory (VmRSS, and the peak VmHWM) at that point.
#
#   scripts/measure-app.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SPAREKEY_IN_XVFB:-}" ]; then
	export SPAREKEY_IN_XVFB=1
	exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
fi
export LANG=en_US.UTF-8
idle="${IDLE_SECONDS:-30}"
work="$(mktemp -d)"
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/sparekey" .
export XDG_CONFIG_HOME="$work/config"
hz="$(getconf CLK_TCK)"

now() { date +%s.%N; }
# waitwindow prints the seconds from $1 until a visible Sparekey window.
waitwindow() {
	local began=$1
	for _ in $(seq 1 3000); do
		if w="$(xdotool search --onlyvisible --name Sparekey 2>/dev/null | head -1)" && [ -n "$w" ]; then
			echo "$(echo "$(now) - $began" | bc) $(cputicks)"
			return
		fi
		sleep 0.01
	done
	echo "the window never appeared" >&2
	exit 1
}
cputicks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
stop() {
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=""
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall-clock times grow with it)"
echo "== 1. start to window, demo with 1,000 keys (3 runs)"
for run in 1 2 3; do
	began="$(now)"
	SPAREKEY_DEMO_KEYS=1000 SPAREKEY_TRACE=1 "$work/sparekey" --demo >"$work/log" 2>&1 &
	pid=$!
	read -r secs ticks <<<"$(waitwindow "$began")"
	sleep 1
	printf "run %d: window on screen after %.3f s (wall clock), %.2f s of CPU used by then\n" "$run" "$secs" "$(echo "$ticks / $hz" | bc -l)"
	grep -o 'trace: .*' "$work/log" | sed 's/^/    /'
	stop
done

echo "== 2. a real vault of 1,000 keys"
export SPAREKEY_WORK_FACTOR=14 SPAREKEY_NEW_PASSWORD="violin tram sunny cactus" SPAREKEY_PASSWORD="violin tram sunny cactus"
vault="$work/vault.sparekey"
"$work/sparekey" --vault "$vault" init >/dev/null 2>&1
for i in $(seq 1 1000); do
	printf 'otpauth://totp/Example%%20Site%%20%d:user%d@example.com?secret=%s&issuer=Example%%20Site%%20%d\n' \
		"$i" "$i" "$(printf 'sparekey-measure-%06d' "$i" | base32 | tr -d '=')" "$i"
done | "$work/sparekey" --vault "$vault" add - >/dev/null
unset SPAREKEY_PASSWORD SPAREKEY_NEW_PASSWORD
began="$(now)"
SPAREKEY_TRACE=1 "$work/sparekey" --vault "$vault" >"$work/log" 2>&1 &
pid=$!
read -r secs ticks <<<"$(waitwindow "$began")"
printf "start to the unlock window: %.3f s (wall clock), %.2f s of CPU\n" "$secs" "$(echo "$ticks / $hz" | bc -l)"
wid="$(xdotool search --onlyvisible --name Sparekey | head -1)"
sleep 1
xdotool type --window "$wid" --delay 20 "violin tram sunny cactus"
xdotool key --window "$wid" Return
for _ in $(seq 1 1200); do
	grep -q 'unlock: vault' "$work/log" && break
	sleep 0.05
done
grep -o 'unlock: .*' "$work/log" || { echo "the unlock never finished"; cat "$work/log"; exit 1; }
sleep 3

echo "== 3. idle on the main screen with 1,000 keys for $idle s"
t0="$(cputicks)"
sleep "$idle"
t1="$(cputicks)"
echo "CPU: $(echo "scale=2; 100 * ($t1 - $t0) / $hz / $idle" | bc) % of one core"

echo "== 4. memory"
grep -E 'VmRSS|VmHWM' "/proc/$pid/status"
import -window "$wid" "$work/list.png"
echo "list screen: $(convert "$work/list.png" -format '%wx%h, %k colours' info:)"
stop
