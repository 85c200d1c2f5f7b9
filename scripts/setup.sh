#!/usr/bin/env bash
# Installs what Sparekey needs to build, run and test on Debian/Ubuntu:
# the C libraries Fyne's window needs, the tools the tests check output with,
# Go (the version go.mod asks for, through the Go module proxy) and the real
# age command with its batch-passphrase plugin. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

PACKAGES=(
	# building the desktop app (cgo + GLFW)
	gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libzbar-dev
	libxinerama-dev libxi-dev libxxf86vm-dev
	# running it headless, looking at it, and checking what it prints
	xvfb xauth imagemagick xdotool xclip poppler-utils zbar-tools tesseract-ocr
	oathtool fonts-dejavu-core ca-certificates git
	# USB sticks as they are: FAT and exFAT through FUSE (scripts/check-media.sh)
	fusefat exfat-fuse dosfstools exfatprogs
)
# install_packages installs those of the given Debian packages that are
# missing (scripts/release.sh and release-check.sh call it for theirs).
install_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "setup: installing ${missing[*]}"
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}
install_packages "${PACKAGES[@]}"

# Go: use the one on PATH, else Debian's; a Go of 1.21 or later fetches the
# exact toolchain go.mod names through the module proxy by itself.
if ! command -v go >/dev/null 2>&1; then
	echo "setup: installing Debian's Go to bootstrap the newer one"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq golang-go >/dev/null
fi
need="$(sed -n 's/^go \([0-9.]*\).*/\1/p' go.mod)"
have="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
minor="$(echo "$have" | cut -d. -f2)"
if [ "${minor:-0}" -lt 21 ]; then
	# Go before 1.21 cannot switch toolchains: fetch go$need as the module
	# golang.org/toolchain (the same download a newer Go makes) and use it.
	mod="golang.org/toolchain@v0.0.1-go${need}.linux-$(go env GOARCH)"
	dir="$(cd "$(mktemp -d)" && GOFLAGS=-mod=mod go mod download -json "$mod" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
	chmod -R u+w "$dir" && chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/*
	export PATH="$dir/bin:$PATH"
fi
export GOTOOLCHAIN=auto

go mod download
GOBIN="$(go env GOPATH)/bin"
export PATH="$GOBIN:$PATH"
if ! [ -x "$GOBIN/age-plugin-batchpass" ] || ! "$GOBIN/age" --version 2>/dev/null | grep -q 1.3.2; then
	echo "setup: installing the age command (v1.3.2) and its batch plugin"
	go install filippo.io/age/cmd/age@v1.3.2 filippo.io/age/cmd/age-plugin-batchpass@v1.3.2
fi
