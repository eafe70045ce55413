#!/bin/sh
# The Debian packages urb needs, per purpose:
#   deps.sh build   to build the library and the demo (`make demo`)
#   deps.sh test    to build and run the whole test suite (`make test`)
#   deps.sh fuzz    the fuzzers' extra packages (clang's libFuzzer)
#   deps.sh kernels what boots other kernels (`make test-kernels`): qemu and
#                   busybox; scripts/kernels.py fetches the kernels themselves
# Says what the purpose needs and which of those are missing; installs the
# missing ones when run as root, otherwise names them and fails.
set -eu

BUILD_PACKAGES="cmake gcc libc6-dev make pkg-config liburing-dev python3 python3-jinja2 python3-yaml"
# cmocka for the C tests; valgrind and ThreadSanitizer passes; doxygen and
# mandoc check the API docs and man pages; curl and wrk drive the example
# servers' tests.
TEST_PACKAGES="$BUILD_PACKAGES libcmocka-dev valgrind doxygen mandoc curl wrk"
FUZZ_PACKAGES="clang libclang-rt-14-dev"
KERNEL_PACKAGES="qemu-system-x86 busybox-static"

purpose=${1:-test}
case $purpose in
build) PACKAGES=$BUILD_PACKAGES ;;
test) PACKAGES=$TEST_PACKAGES ;;
fuzz) PACKAGES=$FUZZ_PACKAGES ;;
kernels) PACKAGES=$KERNEL_PACKAGES ;;
*)
	echo "deps.sh: unknown purpose '$purpose' (build, test, fuzz or kernels)" >&2
	exit 2
	;;
esac

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
	echo "deps.sh: to $purpose, urb needs these missing Debian packages:$missing" >&2
	echo "install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "deps.sh: to $purpose, installing the missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # one word per package
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps.sh: installed$missing"
