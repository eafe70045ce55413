#!/bin/sh
# ctest install_consumers: installs the built urb into a temporary prefix
# under the build dir, checks what was installed (headers, liburb.so with
# its SONAME and only urb_* exported, liburb.a, urb.pc, the CMake package,
# urb-probe, the docs in share/doc/urb), moves the prefix (the install must
# be relocatable), runs the moved urb-probe, then builds and runs a tiny
# consumer with pkg-config (shared and static) and with find_package(urb)
# (urb::urb and urb::urb_static), an op from outside the library, and ops
# from outside the library of every argument and record type of the spec
# schema (tests/install/every); checks that liburb.so exports every URB_API
# declaration of the installed headers (the generated-code ABI under its
# own symbol version) and nothing else, and where the man pages went.
#
# Every program runs from the moved prefix with an empty environment
# (env -i): no LD_LIBRARY_PATH, nothing else.  urb-probe finds liburb.so
# through its RPATH ($ORIGIN/<bin to lib>); a pkg-config consumer is linked
# with -Wl,-rpath,$(pkg-config --variable=libdir urb), as the README says;
# CMake gives the find_package consumers their RPATH itself.
#
#   tests/install/run.sh <build dir> <source dir>
# Writes only under <build dir>/install-test.  $CC and $CFLAGS (e.g. the
# sanitizer flags of a URB_SANITIZE build) are used for the consumers.
set -eu
# Nothing may come from the caller's library path.
unset LD_LIBRARY_PATH

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
cc=${CC:-cc}
cflags=${CFLAGS:-}
work=$build/install-test
rm -rf "$work"
mkdir -p "$work"

# Runs a program from the moved prefix with an empty environment.
bare() {
	env -i "$@"
}
# Whether program $1 loads the installed liburb.so (paths compared resolved).
uses_installed() {
	loaded=$(ldd "$1" | awk '/liburb\.so/ { print $3 }')
	[ -n "$loaded" ] && [ "$(realpath "$loaded")" = "$(realpath "$libdir/$soname")" ]
}
fail() {
	echo "FAILED: $*" >&2
	exit 1
}
step() {
	echo "-- $*"
}

step "cmake --install into $work/prefix"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" ||
	{ cat "$work/install.log"; fail "cmake --install"; }

# Relocatable: whatever was installed must work from wherever it is moved.
mv "$work/prefix" "$work/moved"
prefix=$work/moved

pc=$(find "$prefix" -name urb.pc -path '*/pkgconfig/*')
[ -n "$pc" ] || fail "no urb.pc installed"
libdir=$(dirname "$(dirname "$pc")")
step "libdir $libdir"

for f in include/urb.h include/urb/ops.h include/urb/error.h include/urb/bearer.h \
	include/urb/api.h bin/urb-probe; do
	[ -f "$prefix/$f" ] || fail "$f not installed"
done
for h in "$src"/include/urb/*.h "$src"/generated/include/urb/*.h; do
	[ -f "$prefix/include/urb/$(basename "$h")" ] || fail "include/urb/$(basename "$h") not installed"
done
for f in liburb.a liburb.so cmake/urb/urbConfig.cmake cmake/urb/urbConfigVersion.cmake \
	cmake/urb/urbTargets.cmake; do
	[ -e "$libdir/$f" ] || fail "$libdir/$f not installed"
done

step "the moved urb-probe runs with no environment"
readelf -d "$prefix/bin/urb-probe" | grep -E '\((RUNPATH|RPATH)\)' | tee "$work/probe-rpath.txt" || true
grep -q 'ORIGIN' "$work/probe-rpath.txt" || fail "urb-probe has no \$ORIGIN RPATH"
bare "$prefix/bin/urb-probe" >"$work/probe.out" 2>&1 || { cat "$work/probe.out"; fail "urb-probe from the moved prefix"; }
grep -q '^nop ' "$work/probe.out" || fail "urb-probe lists no nop"
bare "$prefix/bin/urb-probe" --json >"$work/probe.json" || fail "urb-probe --json from the moved prefix"

step "the docs in share/doc/urb"
docdir=$prefix/share/doc/urb
for f in README.md BENCHMARKS.md; do
	cmp -s "$src/$f" "$docdir/$f" || fail "share/doc/urb/$f is not installed (or differs)"
done
for f in "$src"/docs/*.md; do
	cmp -s "$f" "$docdir/docs/$(basename "$f")" || fail "share/doc/urb/docs/$(basename "$f") is not installed (or differs)"
done
# The README's links to docs/... and BENCHMARKS.md resolve in the installed tree.
: >"$work/doc-links.txt"
for md in "$docdir"/*.md "$docdir"/docs/*.md; do
	grep -o '](\([A-Za-z0-9_./-]*\.md\)' "$md" | sed 's/^](//' | while read -r link; do
		echo "$link" >>"$work/doc-links.txt"
		[ -f "$(dirname "$md")/$link" ] || echo "$md links to $link" >>"$work/doc-links-broken.txt"
	done
done
[ ! -s "$work/doc-links-broken.txt" ] || { cat "$work/doc-links-broken.txt"; fail "links to docs not installed"; }
echo "$(wc -l <"$work/doc-links.txt") links between the installed docs resolve"

step "liburb.so: SONAME and exported symbols"
soname=$(readelf -d "$libdir/liburb.so" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
case $soname in
liburb.so.[0-9]*) ;;
*) fail "SONAME is '$soname', expected liburb.so.<major>" ;;
esac
[ -e "$libdir/$soname" ] || fail "$soname not installed"
nm -D --defined-only "$libdir/liburb.so" | awk '{ sub(/@.*/, "", $NF); print $NF }' >"$work/exports.txt"
grep -q '^urb_bearer_new$' "$work/exports.txt" || fail "urb_bearer_new is not exported"
# Every URB_API declaration of the installed headers, and nothing else: the
# user's API under URB_0.1, the generated-code ABI (<urb/abi.h>) under
# URB_ABI_<URB_ABI_VERSION>.
abi_version=$(sed -n 's/^#define URB_ABI_VERSION \([0-9][0-9]*\)$/\1/p' "$prefix/include/urb/abi.h")
[ -n "$abi_version" ] || fail "include/urb/abi.h defines no URB_ABI_VERSION"
python3 - "$prefix/include/urb" >"$work/declared.txt" <<'PY'
import re, sys
from pathlib import Path
for h in sorted(Path(sys.argv[1]).glob("*.h")):
    text = re.sub(r"/\*.*?\*/", " ", h.read_text(), flags=re.S)
    text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)
    for m in re.finditer(r"\bURB_API\b[^;{}]*?\b([A-Za-z_]\w*)\s*\(", text):
        print(("URB_ABI_" if h.name == "abi.h" else "URB_0.1") + " " + m.group(1))
PY
[ "$(wc -l <"$work/declared.txt")" -gt 100 ] || fail "found too few URB_API declarations in the installed headers"
objdump -T "$libdir/liburb.so" | awk '$2 == "g" && $4 == ".text" { print $(NF-1), $NF }' |
	sort >"$work/exported-versions.txt"
sed "s/^URB_ABI_ /URB_ABI_$abi_version /" "$work/declared.txt" | sort >"$work/declared-versions.txt"
if ! diff -u "$work/declared-versions.txt" "$work/exported-versions.txt"; then
	fail "liburb.so's exports (+) differ from the URB_API declarations of the installed headers (-)"
fi
echo "$(wc -l <"$work/declared.txt") URB_API declarations, each exported, $(grep -c URB_ABI_ "$work/declared.txt") of them as URB_ABI_$abi_version"
echo "$(wc -l <"$work/exports.txt") symbols exported, SONAME $soname"

export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
consumer=$src/tests/install/consumer/consumer.c

step "pkg-config: $(pkg-config --cflags --libs urb)"
pkg-config --exists 'urb >= 0.1' || fail "pkg-config finds no urb >= 0.1"
# shellcheck disable=SC2046,SC2086 # pkg-config and $cflags are several words
"$cc" $cflags -Wall -Werror -o "$work/consumer_pc" "$consumer" $(pkg-config --cflags --libs urb) \
	-Wl,-rpath,"$(pkg-config --variable=libdir urb)" || fail "building against urb.pc"
bare "$work/consumer_pc" | tee "$work/consumer_pc.out"
grep -qx ok "$work/consumer_pc.out" || fail "consumer_pc"
uses_installed "$work/consumer_pc" || fail "consumer_pc does not use the installed $soname"

step "the README's first program, built and run as the README says"
# Its C block and the cc line of the sh block after it, run as written
# (first.c in the current directory) with PKG_CONFIG_PATH set as it says;
# only `cc` becomes $cc $cflags (a sanitized build's consumers need its flags).
mkdir -p "$work/first"
awk '/^## A first program/ { on = 1 } on && /^```c$/ { c = 1; next } c && /^```$/ { exit } c' \
	"$src/README.md" >"$work/first/first.c"
build_line=$(awk '/^## A first program/ { on = 1 } on && /^cc -o first first\.c / { print; exit }' "$src/README.md")
[ -s "$work/first/first.c" ] && [ -n "$build_line" ] || fail "README.md: no first program or no build line for it"
echo "$build_line"
(cd "$work/first" && eval "$cc $cflags ${build_line#cc }") || fail "the README's build line for the first program"
(cd "$work/first" && bare ./first) >"$work/first.out" 2>&1 || { cat "$work/first.out"; fail "the README's first program"; }
uses_installed "$work/first/first" || fail "the README's first program does not use the installed $soname"

step "pkg-config --static: $(pkg-config --static --libs urb)"
static_libs=$(pkg-config --static --libs-only-l urb | sed 's/-lurb\b//')
# shellcheck disable=SC2046,SC2086
"$cc" $cflags -Wall -Werror -o "$work/consumer_pc_static" "$consumer" $(pkg-config --cflags urb) \
	$(pkg-config --static --libs-only-L urb) -l:liburb.a $static_libs ||
	fail "building against liburb.a with urb.pc"
bare "$work/consumer_pc_static" | tee "$work/consumer_pc_static.out"
grep -qx ok "$work/consumer_pc_static.out" || fail "consumer_pc_static"
if ldd "$work/consumer_pc_static" | grep -q liburb; then
	fail "consumer_pc_static links liburb.so"
fi

step "find_package(urb)"
cmake -S "$src/tests/install/consumer" -B "$work/consumer-build" \
	-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" >"$work/consumer-cmake.log" 2>&1 ||
	{ cat "$work/consumer-cmake.log"; fail "configuring the find_package consumer"; }
cmake --build "$work/consumer-build" >"$work/consumer-build.log" 2>&1 ||
	{ cat "$work/consumer-build.log"; fail "building the find_package consumer"; }
for exe in consumer_cmake consumer_cmake_static; do
	bare "$work/consumer-build/$exe" | tee "$work/$exe.out"
	grep -qx ok "$work/$exe.out" || fail "$exe"
done
uses_installed "$work/consumer-build/consumer_cmake" || fail "consumer_cmake does not use the installed $soname"

# Generates the ops of spec dir $2 with the installed urb-gen --external $1,
# builds program $3 with them against the installed liburb.so into
# $work/$4, and checks it loads that library.
external_program() {
	"$prefix/bin/urb-gen" --external "$1" --spec "$2" --out "$work/$1-gen" ||
		fail "urb-gen --external $1"
	# shellcheck disable=SC2046,SC2086
	"$cc" $cflags -Wall -Werror -I"$work/$1-gen" -o "$work/$4" "$3" "$work/$1-gen/$1_ops.c" \
		$(pkg-config --cflags --libs urb liburing) \
		-Wl,-rpath,"$(pkg-config --variable=libdir urb)" || fail "building $4 with the ops of $1"
	uses_installed "$work/$4" || fail "$4 does not use the installed $soname"
}

step "an op from outside the library: urb-gen --external, registered at run time"
# From the installed example, as its README says.
example=$prefix/share/doc/urb/examples/extop
for f in README consumer_ext.c spec/ops/pread.yaml; do
	[ -f "$example/$f" ] || fail "share/doc/urb/examples/extop/$f not installed"
done
external_program extop "$example/spec" "$example/consumer_ext.c" consumer_ext
bare "$work/consumer_ext" | tee "$work/consumer_ext.out"
grep -qx ok "$work/consumer_ext.out" || fail "consumer_ext"
readelf -V "$work/consumer_ext" | grep -q "Name: URB_ABI_$abi_version" ||
	fail "consumer_ext does not ask for the symbol version URB_ABI_$abi_version"

step "ops from outside the library of every argument and record type, against the shared library"
python3 "$src/tests/install/every/make_specs.py" "$prefix/share/urb/spec/schema.yaml" \
	"$src/spec/ops" "$work/every/spec" || fail "make_specs.py"
external_program every "$work/every/spec" "$src/tests/install/every/every_arg.c" every_arg
bare "$work/every_arg" | tee "$work/every_arg.out"
grep -qx ok "$work/every_arg.out" || fail "every_arg"

step "man pages"
mandir=$prefix/share/man
for page in urb_bearer_new urb_buf_view urb_push_recv urb_push_send_zc urb_strerror; do
	[ -f "$mandir/man3/$page.3" ] || fail "man3/$page.3 not installed"
done
# A page that is a link (.so) must name a page that is installed too.
for page in "$mandir"/man3/*.3; do
	target=$(sed -n 's/^\.so //p' "$page")
	[ -z "$target" ] || [ -f "$mandir/$target" ] || fail "$(basename "$page") links to missing $target"
done
[ -f "$mandir/man7/urb-abi.7" ] || fail "man7/urb-abi.7 not installed"
if find "$mandir/man3" -name 'urb__*' | grep .; then
	fail "pages of the generated-code ABI in man3 (above): urb-abi(7) has it"
fi
echo "$(find "$mandir/man3" -name '*.3' | wc -l) man pages in man3, urb-abi in man7"

step "moved once more: urb-probe still runs"
mv "$prefix" "$work/moved-again"
bare "$work/moved-again/bin/urb-probe" >"$work/probe-again.out" 2>&1 ||
	{ cat "$work/probe-again.out"; fail "urb-probe after a second move"; }

echo "install_consumers: ok"
