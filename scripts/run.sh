#!/usr/bin/env bash
# Sets up what Sparekey needs (scripts/setup.sh), builds it and starts the
# desktop app. Arguments are passed on: scripts/run.sh --demo opens a
# throwaway vault with sample keys.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export LANG="${LANG:-en_US.UTF-8}"
case "$LANG" in C|C.*|POSIX) export LANG=en_US.UTF-8 ;; esac
# -tags no_emoji leaves out Fyne's bundled colour emoji font: 4 MB, parsed
# again for each text style, it took about 20 MiB of memory. Emoji still show
# where the system has an emoji font.
go build -tags no_emoji -o sparekey .
exec ./sparekey "$@"
