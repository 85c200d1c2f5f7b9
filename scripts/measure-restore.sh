#!/usr/bin/env bash
# Measures, in the real desktop app (the cgo build, under Xvfb, driven with
# xdotool as a person would), "laptop gone, password forgotten, USB stick
# and emergency kit at hand -> every key back":
#
#   an old computer (the CLI, its own HOME) has a vault with 60 keys and
#   copies on a "USB stick" (an older one with 6 keys, then the newest with
#   60) and in a synced folder, at the default scrypt work factor. On a new
#   computer (a new HOME, no vault), the app starts on its welcome screen;
#   the person clicks "From a copy…", the USB stick, Open, types the
#   recovery key from the kit, clicks "Choose a new master password…",
#   types a new password twice, and presses Enter.
#
# It prints the clicks, the keys typed, the time from the first click to
# the list of 60 keys with every place's copy written again, and how much of
# that was the script's own typing and pauses. It checks that the vault
# then opens with the new password and holds the 60 keys. Screenshots of
# the welcome, the copy and the choice of copies go to $SHOTS (default:
# the work folder).
#
#   scripts/measure-restore.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SPAREKEY_IN_XVFB:-}" ]; then
	export SPAREKEY_IN_XVFB=1
	exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "$0" "$@"
fi
export LANG=en_US.UTF-8
work="$(mktemp -d)"
shots="${SHOTS:-$work}"
mkdir -p "$shots"
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/sparekey" .
bin="$work/sparekey"

# The old computer.
usb="$work/new-home/USB STICK/Sparekey"
cloud="$work/cloud"
mkdir -p "$work/old-home" "$usb" "$cloud"
for i in $(seq -w 1 60); do
	echo "otpauth://totp/Service%20$i:ada$i@example.com?secret=$(head -c 20 /dev/urandom | base32 | tr -d '=')&issuer=Service%20$i"
done >"$work/links.txt"
(
	export HOME="$work/old-home" XDG_CONFIG_HOME="$work/old-home/.config"
	export SPAREKEY_PASSWORD="violin tram sunny cactus"
	SPAREKEY_NEW_PASSWORD="$SPAREKEY_PASSWORD" "$bin" init | grep -E '^[A-Z2-7]{4}(-[A-Z2-7]{4}){9}$' >"$work/kit.txt"
	head -6 "$work/links.txt" | "$bin" add - >/dev/null
	"$bin" copy --to "$usb" --to "$cloud" >/dev/null
	sleep 1.1 # the next copy gets a later name
	tail -54 "$work/links.txt" | "$bin" add - >/dev/null
	"$bin" copy >/dev/null
)
before="$(ls "$usb" | wc -l)"

# The new computer.
export HOME="$work/new-home" XDG_CONFIG_HOME="$work/new-home/.config"
"$bin" >"$work/log" 2>&1 &
pid=$!
wid="$(timeout 60 xdotool search --sync --onlyvisible --name Sparekey | head -1)"
sleep 2
import -window "$wid" "$shots/restore-1-welcome.png"

clicks=0
typedkeys=0
scripted=0 # seconds the script itself spent typing and pausing
now() { date +%s.%N; }
pause() { sleep "$1"; scripted="$(echo "$scripted + $1" | bc)"; }
click() { # x y (in the window)
	xdotool mousemove --window "$wid" "$1" "$2" click 1
	clicks=$((clicks + 1))
	pause 0.7
}
type_() {
	xdotool type --window "$wid" --delay 30 "$1"
	typedkeys=$((typedkeys + ${#1}))
	scripted="$(echo "$scripted + ${#1} * 0.03" | bc)"
}
key() {
	xdotool key --window "$wid" "$1"
	typedkeys=$((typedkeys + 1))
	pause 0.3
}
# find prints the centre "x y" of the first (or, with "last", the last)
# word on screen that reads WORD, by OCR (tesseract), as a person finds a
# button by its words; the time it takes counts as the script's.
find() {
	local t0 where
	t0="$(now)"
	import -window "$wid" "$work/screen.png"
	/usr/bin/convert "$work/screen.png" -resize 200% "$work/screen2.png"
	where="$(tesseract "$work/screen2.png" - tsv 2>/dev/null | awk -F'\t' -v w="$1" -v last="${2:-}" \
		'NR > 1 && $12 == w { x = int(($7 + $9 / 2) / 2); y = int(($8 + $10 / 2) / 2); if (!found || last) { fx = x; fy = y }; found = 1 }
		END { if (found) print fx, fy }')"
	echo "$(now) - $t0" | bc >>"$work/ocr-seconds" # called in $(...): kept in a file
	echo "$where"
}
# clickon clicks the button that reads WORD, waiting (up to about 300 s)
# for it to appear.
clickon() {
	local xy
	for _ in $(seq 1 30); do
		xy="$(find "$@")"
		if [ -n "$xy" ]; then
			# shellcheck disable=SC2086
			click $xy
			return
		fi
	done
	echo "measure-restore: no \"$1\" on screen"
	import -window "$wid" "$shots/restore-stuck.png"
	exit 1
}

# blueat prints a y (from 80 down) where column x is the blue of a main
# button, if there is one.
blueat() {
	import -window "$wid" -crop "1x600+$1+80" -depth 8 txt:- 2>/dev/null |
		sed -nE 's/^0,([0-9]+): *\(([0-9]+),([0-9]+),([0-9]+).*/\1 \2 \3 \4/p' |
		awk '!done && $4 > 200 && $2 < 100 { print $1 + 80 + 8; done = 1 }'
}
# thecopy waits until the copy is shown (its screen has a Back button),
# then prints where its main button is.
thecopy() {
	for _ in $(seq 1 30); do
		if [ -n "$(find "Back")" ]; then
			blueat 415
			return
		fi
	done
}

began="$(now)"
clickon "copy..."   # From a copy…
clickon "USB"       # the USB stick, in the folder dialog
clickon "Open" last # the dialog's Open button
type_ "$(cat "$work/kit.txt")" # the recovery key, from the kit
key Return
y="$(thecopy)" # the copy opens (scrypt)
[ -n "$y" ] || { echo "measure-restore: the copy never showed"; exit 1; }
import -window "$wid" "$shots/restore-2-the-copy.png"
click 415 "$y" # Choose a new master password…
type_ "marble kettle orchard 71"
key Tab
type_ "marble kettle orchard 71"
key Return
# Done: the vault is there, and every place holds a copy written with the
# new password (the background update after the restore).
for _ in $(seq 1 1500); do
	if [ -e "$XDG_CONFIG_HOME/Sparekey/vault.sparekey" ] && [ "$(ls "$usb" | wc -l)" -gt "$before" ] && [ "$(ls "$cloud" | wc -l)" -gt "$before" ]; then
		break
	fi
	sleep 0.2
done
ended="$(now)"
measuredclicks=$clicks
ocr="$(paste -sd+ "$work/ocr-seconds" | bc)"
sleep 1
import -window "$wid" "$shots/restore-4-keys-back.png"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

# Another new computer, for the screenshot of every copy of the place
# only (not measured): the copy, then "See every copy…".
export HOME="$work/new-home-2" XDG_CONFIG_HOME="$work/new-home-2/.config"
mkdir -p "$HOME"
ln -s "$work/new-home/USB STICK" "$HOME/USB STICK"
"$bin" >"$work/log" 2>&1 &
pid=$!
wid="$(timeout 60 xdotool search --sync --onlyvisible --name Sparekey | head -1)"
sleep 2
clickon "copy..."
clickon "USB"
clickon "Open" last
xdotool type --window "$wid" --delay 30 "marble kettle orchard 71"
xdotool key --window "$wid" Return
y="$(thecopy)"
xdotool mousemove --window "$wid" 486 "$((y - 107))" click 1 # See every copy…
sleep 1.5
import -window "$wid" "$shots/restore-3-which-copy.png"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

n="$(SPAREKEY_PASSWORD="marble kettle orchard 71" "$bin" --vault "$work/new-home/.config/Sparekey/vault.sparekey" list | wc -l)"
[ "$n" = 60 ] || { echo "measure-restore: the restored vault holds $n keys, want 60"; exit 1; }
SPAREKEY_PASSWORD="marble kettle orchard 71" "$bin" --vault "$work/new-home/.config/Sparekey/vault.sparekey" verify "$usb" >/dev/null
total="$(echo "$ended - $began" | bc)"
echo "measure-restore: every key back (60), the copies written again with the new password"
echo "measure-restore: $measuredclicks clicks, $typedkeys keys typed (the recovery key, the new password twice)"
printf 'measure-restore: %.1f s from the first click to the end, of which %.1f s the script typing and pausing and %.1f s its OCR finding the buttons\n' "$total" "$scripted" "$ocr"
printf 'measure-restore: so about %.1f s of the app working (and the person reading and moving the mouse: not counted)\n' "$(echo "$total - $scripted - $ocr" | bc)"
echo "measure-restore: load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
