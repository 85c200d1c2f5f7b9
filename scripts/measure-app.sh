#!/usr/bin/env bash
# Measures the desktop app (the real cgo build, under Xvfb with software
# OpenGL) over a real vault with the shipped work factor, for each number of
# keys given (default: 100 and 1,000):
#
#   1. the vault file's size;
#   2. start to the unlock window; Enter to the list, and how much of that
#      was opening the vault (scrypt included), from SPAREKEY_TRACE;
#   3. memory 10 s after unlocking: resident (VmRSS), its peak (VmHWM), and
#      the proportional set size (Pss from /proc/PID/smaps_rollup: shared
#      libraries counted by share), all in MiB;
#   4. CPU used while idle on the main screen over IDLE_SECONDS (default 30),
#      as a share of one core, shown and then minimised (unmapped);
#   5. CPU used to scroll the list by 50 wheel notches, 16 ms apart (a 60 Hz
#      wheel), up to one second after the last notch;
#   6. with LONG_SECONDS set (3600 for an hour), the memory again after that
#      long idle on the main screen (auto-lock is turned off for it).
#
# CPU figures are CPU time (user + system, every thread, from /proc/PID/stat):
# they hold on a loaded machine, where wall-clock times grow with the load.
#
#   scripts/measure-app.sh [KEYS...]
#   SPAREKEY_BIN=path/to/sparekey scripts/measure-app.sh   measure that build
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SPAREKEY_IN_XVFB:-}" ]; then
	export SPAREKEY_IN_XVFB=1
	exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
fi
export LANG=en_US.UTF-8 LIBGL_ALWAYS_SOFTWARE=1
for tool in xdotool bc; do
	command -v "$tool" >/dev/null || { echo "measure-app: $tool is missing (scripts/setup.sh installs it)"; exit 1; }
done
idle="${IDLE_SECONDS:-30}"
long="${LONG_SECONDS:-0}"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100 1000)
work="$(mktemp -d)"
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
bin="${SPAREKEY_BIN:-}"
if [ -z "$bin" ]; then
	bin="$work/sparekey"
	CGO_ENABLED=1 go build -tags no_emoji -o "$bin" . # as scripts/run.sh builds it
fi
hz="$(getconf CLK_TCK)"
password="violin tram sunny cactus"

now() { date +%s.%N; }
# cpums prints the CPU time the app has used so far, in milliseconds.
cpums() { awk -v hz="$hz" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat"; }
kib() { awk -v k="$1" '$1 == k":" {print $2}' "$2"; }
mib() { echo "scale=1; $1 / 1024" | bc; }
# memory prints the app's resident and proportional memory.
memory() {
	local rss hwm pss anon
	rss="$(kib VmRSS "/proc/$pid/status")"
	hwm="$(kib VmHWM "/proc/$pid/status")"
	pss="$(kib Pss "/proc/$pid/smaps_rollup")"
	anon="$(kib Pss_Anon "/proc/$pid/smaps_rollup")"
	echo "resident $(mib "$rss") MiB (peak $(mib "$hwm") MiB), proportional $(mib "$pss") MiB (of which $(mib "$anon") MiB the app's own)"
}
# waitwindow waits for a visible Sparekey window and prints its id.
waitwindow() {
	for _ in $(seq 1 3000); do
		if w="$(xdotool search --onlyvisible --name Sparekey 2>/dev/null | head -1)" && [ -n "$w" ]; then
			echo "$w"
			return
		fi
		kill -0 "$pid" 2>/dev/null || { echo "the app ended" >&2; cat "$work/log" >&2; exit 1; }
		sleep 0.01
	done
	echo "the window never appeared" >&2
	exit 1
}
stop() {
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=""
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall-clock times grow with it; CPU times much less)"
for n in "${counts[@]}"; do
	echo "== a real vault of $n keys (shipped work factor)"
	vault="$work/vault-$n.sparekey"
	export XDG_CONFIG_HOME="$work/config-$n"
	if [ "$long" -gt 0 ]; then
		# Auto-lock off, so that the long run stays on the main screen.
		mkdir -p "$XDG_CONFIG_HOME/fyne/org.sparekey.app"
		echo '{"autolock.minutes":0}' >"$XDG_CONFIG_HOME/fyne/org.sparekey.app/preferences.json"
	fi
	SPAREKEY_NEW_PASSWORD="$password" "$bin" --vault "$vault" init >/dev/null 2>&1
	# Random 160-bit secrets, as websites hand out (made-up ones that repeat
	# would pack smaller than real ones).
	head -c $((n * 20)) /dev/urandom | base32 -w 32 |
		awk '{printf "otpauth://totp/Example%%20Site%%20%d:user%d@example.com?secret=%s&issuer=Example%%20Site%%20%d\n", NR, NR, $0, NR}' |
		SPAREKEY_PASSWORD="$password" "$bin" --vault "$vault" add - >/dev/null
	echo "vault file: $(stat -c %s "$vault") bytes"

	began="$(now)"
	SPAREKEY_TRACE=1 "$bin" --vault "$vault" >"$work/log" 2>&1 &
	pid=$!
	wid="$(waitwindow)"
	printf "start to the unlock window: %.3f s (wall clock), %d ms of CPU\n" "$(echo "$(now) - $began" | bc)" "$(cpums)"
	sleep 1
	xdotool type --window "$wid" --delay 20 "$password"
	c0="$(cpums)"
	xdotool key --window "$wid" Return
	for _ in $(seq 1 1200); do
		grep -q 'unlock: vault' "$work/log" && break
		sleep 0.05
	done
	grep -o 'unlock: .*' "$work/log" || { echo "the unlock never finished"; cat "$work/log"; exit 1; }
	echo "CPU from Enter to the list: $(($(cpums) - c0)) ms (scrypt included)"
	sleep 10
	echo "10 s after unlocking: $(memory)"

	c0="$(cpums)"
	sleep "$idle"
	c1="$(cpums)"
	echo "idle on the main screen for $idle s: $(echo "scale=2; 100 * ($c1 - $c0) / 1000 / $idle" | bc) % of one core"

	# As a window manager does to a minimised window: unmap it.
	xdotool windowunmap "$wid"
	sleep 2
	c0="$(cpums)"
	sleep "$idle"
	c1="$(cpums)"
	echo "the same, minimised (window unmapped): $(echo "scale=2; 100 * ($c1 - $c0) / 1000 / $idle" | bc) % of one core"
	xdotool windowmap "$wid"
	sleep 2

	xdotool mousemove --window "$wid" 280 400
	sleep 1
	for run in 1 2 3; do
		c0="$(cpums)"
		xdotool click --delay 16 --repeat 50 5
		sleep 1
		c1="$(cpums)"
		echo "scroll down 50 wheel notches (run $run): $((c1 - c0)) ms of CPU"
		xdotool click --delay 16 --repeat 50 4 # back up
		sleep 1
	done
	echo "after scrolling: $(memory)"

	if [ "$long" -gt 0 ]; then
		c0="$(cpums)"
		for ((s = 60; s <= long; s += 60)); do
			sleep 60
			kill -0 "$pid" 2>/dev/null || { echo "the app ended"; exit 1; }
			if [ $((s % 600)) -eq 0 ]; then echo "after $((s / 60)) min: $(memory)"; fi
		done
		c1="$(cpums)"
		echo "after $long s idle: $(memory); CPU over that time: $(echo "scale=2; 100 * ($c1 - $c0) / 1000 / $long" | bc) % of one core"
		grep -q 'Sparekey is locked' "$work/log" && echo "(the app locked itself meanwhile)"
	fi
	stop
done
