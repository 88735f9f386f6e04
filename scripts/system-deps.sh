#!/usr/bin/env bash
# Installs the Debian packages Pintu needs, only those missing. Run as root (or it says
# which command to run). Usage: scripts/system-deps.sh run|test
set -euo pipefail

RUNTIME=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3
         libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
         libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libpulse0
         libzbar0 tesseract-ocr tesseract-ocr-ind fonts-noto-core fonts-droid-fallback)
# Tests: a PostgreSQL server and a CUPS print server with the cups-pdf virtual printer
# (tests/support/cups.py), both started by the test setup; Xvfb and binutils for the
# frozen build; SoftHSM2, a software PKCS#11 token that stands in for an office's
# electronic-signature token (tests/support/softhsm.py), and poppler's pdfsig, a second
# reader of the seals besides pyHanko.
TESTING=(postgresql cups printer-driver-cups-pdf xvfb xauth binutils dbus-daemon softhsm2
         poppler-utils fonts-dejavu-core fonts-liberation2)

wanted=("${RUNTIME[@]}")
if [ "${1:-run}" = "test" ]; then
  wanted+=("${TESTING[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "Run as root: apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
