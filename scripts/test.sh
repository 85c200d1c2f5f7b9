#!/usr/bin/env bash
# Sets up everything (scripts/setup.sh) and runs every test: go vet, the
# unit, UI (headless) and tool-backed tests, and the real desktop app started
# under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export LANG=en_US.UTF-8
export PATH="$(go env GOPATH)/bin:$PATH"

echo "== gofmt and go vet"
unformatted="$(gofmt -l . | grep -v '^testdata/' || true)"
if [ -n "$unformatted" ]; then echo "not gofmt-ed: $unformatted"; exit 1; fi
go vet ./...

echo "== go test"
go test -count=1 -timeout 20m ./...

echo "== encrypted copies on FAT and exFAT sticks (FUSE)"
if [ -e /dev/fuse ] && [ "$(id -u)" = 0 ]; then
	scripts/check-media.sh
else
	echo "NOT RUN: scripts/check-media.sh needs root and /dev/fuse (mounting stick images)"
fi

if [ -x scripts/smoke-gui.sh ]; then
	echo "== the desktop app under Xvfb"
	scripts/smoke-gui.sh
fi
