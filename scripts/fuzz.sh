#!/usr/bin/env bash
# Fuzzes one target for a while (not part of scripts/test.sh, which only
# replays the committed seeds):
#
#   scripts/fuzz.sh                     list the targets
#   scripts/fuzz.sh FuzzAegisImport 10m fuzz one target for 10 minutes
#   scripts/fuzz.sh all 2m              every target, 2 minutes each
#
# What the fuzzer learns stays in Go's cache ($(go env GOCACHE)/fuzz), so a
# second run goes on from the first; it is not committed. An input that
# fails is written by go test to PKG/testdata/fuzz/TARGET/: fix the bug, and
# commit that file as the regression seed (keep the committed corpus small:
# crashers fixed and a few hand-picked inputs per target).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8

targets() { grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' . | sed 's/^func //' | sort; }
pkgof() { dirname "$(grep -rlE "^func $1\(" --include='*_test.go' . | head -1)"; }

target="${1:-}"
duration="${2:-5m}"
if [ -z "$target" ]; then
	targets
	exit 0
fi
if [ "$target" = all ]; then
	set -- $(targets)
else
	set -- "$target"
fi
for t in "$@"; do
	pkg="$(pkgof "$t")"
	if [ "$pkg" = . ] || [ -z "$pkg" ]; then
		echo "fuzz: no target $t (scripts/fuzz.sh lists them)" >&2
		exit 2
	fi
	echo "== $t in $pkg for $duration"
	nice go test -run '^$' -fuzz "^$t\$" -fuzztime "$duration" "$pkg"
done
