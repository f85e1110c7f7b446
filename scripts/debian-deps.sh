#!/usr/bin/env bash
# Make sure the Debian packages the app needs are installed: as root directly,
# otherwise through sudo, otherwise stop and print the exact command to run.
# Usage: scripts/debian-deps.sh PYTHON PACKAGE...
set -euo pipefail

python=$1
shift
missing=()

if ! command -v dpkg >/dev/null 2>&1; then
    echo "Not a Debian system: make sure these are installed yourself: $*" >&2
    exit 0
fi
for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Debian's Python needs python3-venv before it can make a virtual environment.
if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=("python3-venv")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y ${missing[*]}"
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive $command
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive $command
else
    echo >&2
    echo "Some Debian packages are missing. Please run:" >&2
    echo "    sudo apt-get update && sudo $command" >&2
    echo "then run make again." >&2
    exit 1
fi
