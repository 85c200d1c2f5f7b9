#!/usr/bin/env bash
# Sets up what Sparekey needs (scripts/setup.sh), builds it and starts the
# desktop app. Arguments are passed on: scripts/run.sh --demo opens a
# throwaway vault with sample keys.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export LANG="${LANG:-en_US.UTF-8}"
case "$LANG" in C|C.*|POSIX) export LANG=en_US.UTF-8 ;; esac
go build -o sparekey .
exec ./sparekey "$@"
