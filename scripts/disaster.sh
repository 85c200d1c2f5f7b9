#!/usr/bin/env bash
# The whole disaster, played end to end with the real command line:
#
#   1. An "old computer" (its own HOME) has a vault with 60 keys and two
#      places for copies: a "USB stick" and a "cloud" folder. It prints its
#      recovery sheets and its emergency kit (the recovery key).
#   2. The computer is gone. On a "new computer" (a new HOME, no vault),
#      every key comes back from the USB stick's copy with the master
#      password;
#   3. on another new computer, with the recovery key only (the password is
#      forgotten): a new master password is set, and the copies written
#      afterwards open with it;
#   4. on a third, from the paper sheets only: print -> pdftoppm -> photos
#      (PNG) -> sparekey import of the pictures, with no copy at all.
#
# Each time, the keys that come back are compared, secret by secret, with
# the 60 keys that were put in. Exits non-zero on the first difference.
#
# Usage: scripts/disaster.sh [WORKDIR]   (a temporary folder by default)
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
export SPAREKEY_WORK_FACTOR="${SPAREKEY_WORK_FACTOR:-12}" # fast; the format is the same

work="${1:-$(mktemp -d)}"
mkdir -p "$work"
echo "disaster: working in $work"
bin="$work/sparekey"
go build -o "$bin" .

fail() { echo "disaster: FAIL: $*" >&2; exit 1; }

# The keys: 60 links, with made-up names and random secrets.
links="$work/keys.txt"
: >"$links"
for i in $(seq -w 1 60); do
	secret="$(head -c 20 /dev/urandom | base32 | tr -d '=')"
	echo "otpauth://totp/Service%20$i:ada$i@example.com?secret=$secret&issuer=Service%20$i" >>"$links"
done
want="$work/want.txt"
sed -E 's/.*secret=([A-Z2-7]+).*/\1/' "$links" | sort >"$want"

# secrets prints the sorted secrets of the vault of the current HOME.
secrets() {
	local out="$1"
	local n
	n="$("$bin" list | wc -l)"
	"$bin" list | awk '{print $1}' | while read -r id; do "$bin" show "$id"; done |
		sed -E 's/.*secret=([A-Z2-7]+).*/\1/' | sort >"$out"
	echo "$n"
}

check() { # what, file of secrets
	if ! diff -q "$want" "$2" >/dev/null; then
		diff "$want" "$2" | head >&2
		fail "$1: the keys that came back differ from the 60 put in"
	fi
	echo "disaster: $1: all 60 keys back, secret by secret"
}

password="violin tram sunny cactus"
usb="$work/media/USB STICK/Sparekey"
cloud="$work/Nextcloud/Sparekey"
mkdir -p "$usb" "$cloud"

# 1. The old computer.
export HOME="$work/old-home" XDG_CONFIG_HOME="$work/old-home/.config"
mkdir -p "$HOME"
export SPAREKEY_PASSWORD="$password"
recovery="$(SPAREKEY_NEW_PASSWORD="$password" "$bin" init | grep -E '^[A-Z2-7]{4}(-[A-Z2-7]{4}){9}$')"
[ -n "$recovery" ] || fail "init printed no recovery key"
"$bin" add - <"$links" >/dev/null
"$bin" copy --to "$usb" --to "$cloud" >/dev/null
[ "$("$bin" list | wc -l)" = 60 ] || fail "the old vault does not hold 60 keys"
"$bin" print --out "$work/sheets.pdf" >/dev/null
echo "$recovery" >"$work/kit-recovery-key.txt" # what the printed kit holds
"$bin" copies
echo "disaster: the old computer has 60 keys, copies in 2 places, sheets printed"

# 2. A new computer: the USB stick and the master password.
export HOME="$work/new-home-1" XDG_CONFIG_HOME="$work/new-home-1/.config"
mkdir -p "$HOME"
"$bin" restore "$usb"
n="$(secrets "$work/got-1.txt")"
[ "$n" = 60 ] || fail "restored $n keys from the USB stick, want 60"
check "the USB stick with the master password" "$work/got-1.txt"

# 3. Another: the USB stick and the recovery key only.
export HOME="$work/new-home-2" XDG_CONFIG_HOME="$work/new-home-2/.config"
mkdir -p "$HOME"
unset SPAREKEY_PASSWORD
newpw="marble kettle orchard 71"
SPAREKEY_RECOVERY_KEY="$(cat "$work/kit-recovery-key.txt")" SPAREKEY_NEW_PASSWORD="$newpw" "$bin" restore "$usb"
export SPAREKEY_PASSWORD="$newpw"
n="$(secrets "$work/got-2.txt")"
[ "$n" = 60 ] || fail "restored $n keys with the recovery key, want 60"
check "the USB stick with the recovery key" "$work/got-2.txt"
"$bin" copy >/dev/null
SPAREKEY_PASSWORD="$newpw" "$bin" verify "$cloud" >/dev/null || fail "the cloud copy written after the recovery does not open with the new password"
echo "disaster: the copies written afterwards open with the new password"

# 4. A third: paper only.
export HOME="$work/new-home-3" XDG_CONFIG_HOME="$work/new-home-3/.config"
mkdir -p "$HOME" "$work/photos"
pdftoppm -r 150 -png "$work/sheets.pdf" "$work/photos/page"
pages="$(ls "$work/photos" | wc -l)"
export SPAREKEY_PASSWORD="$password"
SPAREKEY_NEW_PASSWORD="$password" "$bin" init >/dev/null
"$bin" import "$work/photos"/page-*.png | tail -1
n="$(secrets "$work/got-3.txt")"
[ "$n" = 60 ] || fail "read $n keys from $pages photos of the sheets, want 60"
check "the paper sheets ($pages pages, as photos)" "$work/got-3.txt"

echo "disaster: every key came back three ways"
