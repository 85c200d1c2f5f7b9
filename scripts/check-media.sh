#!/usr/bin/env bash
# Encrypted copies on real media: a FAT and an exFAT USB stick image, each
# mounted through FUSE (FAT: no chmod, no hard links, as on many sticks; exFAT
# on a loop device), written
# to with the real sparekey command, checked, "pulled out" (unmounted, its
# mount folder left behind), and written to again. Needs root (or FUSE for
# the user), fusefat, exfat-fuse, dosfstools and exfatprogs (scripts/setup.sh
# installs them). Exits non-zero on the first promise that does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8

work="$(mktemp -d)"
cleanup() {
	for m in "$work"/mnt-*; do
		[ -d "$m" ] && { fusermount -u "$m" 2>/dev/null || umount "$m" 2>/dev/null || true; }
	done
	[ -f "$work/loops" ] && while read -r l; do losetup -d "$l" 2>/dev/null || true; done <"$work/loops"
	rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "check-media: FAIL: $*" >&2; exit 1; }

go build -o "$work/sparekey" .
sk() { SPAREKEY_VAULT="$work/vault.sparekey" SPAREKEY_PASSWORD="media check password one" \
	SPAREKEY_NEW_PASSWORD="media check password one" SPAREKEY_WORK_FACTOR=10 \
	XDG_CONFIG_HOME="$work/config" "$work/sparekey" "$@"; }

sk init >/dev/null
printf 'otpauth://totp/Bank:me?secret=JBSWY3DPEHPK3PXP&issuer=Bank\notpauth://totp/Mail:me?secret=KRSXG5CTMVRXEZLU&issuer=Mail\n' | sk add - >/dev/null

for fs in fat exfat; do
	img="$work/$fs.img"
	mnt="$work/mnt-$fs"
	mkdir -p "$mnt"
	truncate -s 64M "$img"
	mount_it() {
		if [ "$fs" = fat ]; then
			fusefat -o rw+ "$img" "$mnt" >/dev/null 2>&1
		else
			# exfat-fuse wants a block device: a loop device over the image.
			loop="$(losetup -f --show "$img")"
			echo "$loop" >>"$work/loops"
			LANG=C LC_ALL=C mount.exfat-fuse "$loop" "$mnt" >/dev/null 2>&1
		fi
	}
	if [ "$fs" = fat ]; then mkfs.vfat "$img" >/dev/null; else LANG=C LC_ALL=C mkfs.exfat "$img" >/dev/null 2>&1; fi
	mount_it
	grep -q " $mnt " /proc/mounts || fail "$fs: the image did not mount"

	out="$(sk copy --to "$mnt")" || fail "$fs: copy to a fresh stick: $out"
	echo "$out" | grep -q "A new copy was written and checked" || fail "$fs: copy said: $out"
	list="$(sk list)"
	keys=$(echo "$list" | wc -l)
	out="$(sk verify "$mnt" 2>&1)"; echo "$out" | grep -q "good, $keys keys" || fail "$fs: verify: $out"
	# A crash's leftover temp file, an hour old, is swept by the next write.
	touch -d '2 hours ago' "$mnt/.sparekey-copy-123.tmp"

	# Pulled out: the mount folder stays behind, on the computer's disk.
	fusermount -u "$mnt" 2>/dev/null || umount "$mnt"
	printf 'otpauth://totp/Shop-%s:me?secret=GEZDGNBVGY3TQOJ%sQ&issuer=Shop\n' "$fs" "$([ "$fs" = fat ] && echo AAAAAAA || echo BBBBBBB)" | sk add - >/dev/null
	if out="$(sk copy 2>&1)"; then fail "$fs: copy with the stick pulled out succeeded: $out"; fi
	echo "$out" | grep -q "not plugged in" || fail "$fs: copy with the stick pulled out said: $out"
	[ -z "$(ls -A "$mnt")" ] || fail "$fs: a copy went to the computer's own disk: $(ls -A "$mnt")"
	out="$(sk copies)"
	echo "$out" | grep -q "not plugged in" || fail "$fs: copies does not say the stick is not plugged in: $out"

	# Plugged in again: written, and the leftover swept.
	mount_it
	out="$(sk copy --to "$mnt")" || fail "$fs: copy after plugging in: $out"
	out="$(sk verify "$mnt")"
	echo "$out" | grep -q "good, $((keys + 1)) keys" || fail "$fs: verify after plugging in: $out"
	[ ! -e "$mnt/.sparekey-copy-123.tmp" ] || fail "$fs: the crash's temp file was not swept"
	# The recovery key alone opens the copy on the stick.
	n=$(ls "$mnt"/sparekey-copy-*.sparekey | wc -l)
	[ "$n" = 2 ] || fail "$fs: $n copies on the stick, want 2"
	fusermount -u "$mnt" 2>/dev/null || umount "$mnt"
	echo "check-media: $fs stick through FUSE: written, checked, pulled out (named, nothing written), written again"
done
