#!/bin/sh
# The Debian packages urb builds and tests with: installs the missing ones
# when run as root, otherwise names them and fails.  `deps.sh fuzz` does the
# same for the fuzzers' extra packages (clang's libFuzzer), `deps.sh kernels`
# for what boots other kernels (qemu, busybox; scripts/kernels.py fetches the
# kernels themselves with apt-get download).
set -eu

PACKAGES="cmake gcc libc6-dev make pkg-config liburing-dev libcmocka-dev python3 python3-jinja2 python3-yaml valgrind doxygen mandoc curl wrk"
FUZZ_PACKAGES="clang libclang-rt-14-dev"
KERNEL_PACKAGES="qemu-system-x86 busybox-static"
[ "${1:-}" = fuzz ] && PACKAGES=$FUZZ_PACKAGES
[ "${1:-}" = kernels ] && PACKAGES=$KERNEL_PACKAGES

if ! command -v dpkg >/dev/null 2>&1; then
	echo "deps.sh: no dpkg, not Debian: make sure these are installed: $PACKAGES" >&2
	exit 0
fi

missing=
for p in $PACKAGES; do
	dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing Debian packages:$missing" >&2
	echo "install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086 # one word per package
apt-get install -y --no-install-recommends $missing
