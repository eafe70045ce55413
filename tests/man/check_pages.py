#!/usr/bin/env python3
"""ctest man_pages: the man pages match the headers, every public function
has its page, and every page lints clean.

    tests/man/check_pages.py SOURCE_DIR

Public functions are the names declared with URB_API in include/urb/*.h and
generated/include/urb/ops.h, apart from the generated-code ABI
(<urb/abi.h>), which has one page of its own, urb-abi(7), and no man3
page.  Pages are man/man3/*.3 (hand-written), generated/man/man3/*.3 (one
per op, from the spec) and man/man7/*.7; man3 pages of both folders install
into share/man/man3, so a link page `.so man3/<page>.3` may name a page of
either.

A public function is covered when <name>.3 exists and the page it is (or
links to) names it in its NAME section, and shows it in its SYNOPSIS.  Each
hand-written page's SYNOPSIS is written from the headers by
tools/man_synopsis.py (cmake --build runs it): it must be what that writes
now, and every struct of the public headers must be shown on a page (so
every field of it is), the ABI's on urb-abi(7).  A full page must have a
.TH title that is its file name, and `mandoc -Tlint -Wwarning` must report
nothing (mandoc's STYLE hints, below WARNING, are allowed).  A link page is
exactly one line, `.so man3/<page>.3`, naming a full page; mandoc is not run
on it (it calls every .so fragile).

After checking the tree, the script checks itself: copies of the tree with
one page removed, with a lint error, with a field added to a struct in its
header, and with a struct shown on no page, must each fail.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

API = re.compile(r"\bURB_API\b[^;{}]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")
LINK = re.compile(r"^\.so man3/([A-Za-z0-9_]+\.3)\n$")
PAGE_DIRS = ("man/man3", "generated/man/man3", "man/man7")
ABI_HEADER = "include/urb/abi.h"
ABI_PAGE = "urb-abi.7"

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import man_synopsis  # noqa: E402


def public_functions(src, abi=False):
    """The user's API (URB_API outside <urb/abi.h>), or with @abi the ABI's."""
    headers = sorted((src / "include/urb").glob("*.h")) + [src / "generated/include/urb/ops.h"]
    headers = [h for h in headers if (h == src / ABI_HEADER) == abi]
    names = set()
    for header in headers:
        text = re.sub(r"/\*.*?\*/", " ", header.read_text(), flags=re.S)
        text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # URB_API's own #define
        names.update(m.group(1) for m in API.finditer(text))
    return sorted(names)


def name_section(text):
    m = re.search(r"^\.SH NAME\n(.*?)^\.SH ", text, flags=re.S | re.M)
    return m.group(1) if m else ""


def check(src, mandoc="mandoc", show_diff=True):
    """Problems found, one line each."""
    problems = []
    pages = {}
    for folder in PAGE_DIRS:
        for path in sorted((src / folder).glob("*.[37]")):
            if path.name in pages:
                problems.append(f"{path}: also in {pages[path.name].parent}")
            pages[path.name] = path
    full = {}
    for name, path in pages.items():
        text = path.read_text()
        if text.startswith(".so"):
            m = LINK.match(text)
            if not m:
                problems.append(f"{path}: a link page is one line, '.so man3/<page>.3'")
            elif m.group(1) not in pages or pages[m.group(1)].read_text().startswith(".so"):
                problems.append(f"{path}: links to {m.group(1)}, which is no full page")
            continue
        full[name] = text
        section = path.suffix[1:]
        th = re.search(rf"^\.TH (\S+) {section} ", text, flags=re.M)
        if not th or th.group(1) != path.stem.upper():
            problems.append(f"{path}: .TH must be '{path.stem.upper()} {section} ...'")
    stale, errors, shown, decls = man_synopsis.run(src, check=True, show_diff=show_diff)
    problems += errors
    problems += [f"{rel}: its SYNOPSIS is not what the headers say now (diff above; "
                 f"cmake --build rewrites it)" for rel in stale]
    lint = subprocess.run([mandoc, "-Tlint", "-Wwarning", *(str(pages[n]) for n in sorted(full))],
                          capture_output=True, text=True)
    problems += [line for line in (lint.stdout + lint.stderr).splitlines() if line.strip()]
    if lint.returncode not in (0, 2, 3, 4) or (lint.returncode and not problems):
        problems.append(f"mandoc exited with {lint.returncode}")
    for fn in public_functions(src):
        page = pages.get(f"{fn}.3")
        if page is None:
            problems.append(f"{fn}: no man page ({fn}.3 in {' or '.join(PAGE_DIRS)})")
            continue
        text = page.read_text()
        m = LINK.match(text)
        target = m.group(1) if m else page.name
        if target in full and not re.search(rf"\b{re.escape(fn)}\b", name_section(full[target])):
            problems.append(f"{page}: {target}'s NAME section does not name {fn}")
        if target in full and pages[target].parent.parent == src / "man" \
                and target not in shown.get(fn, []):
            problems.append(f"{target}: its SYNOPSIS does not show {fn} (its '.\\\" show:' line)")
    for fn in public_functions(src, abi=True):
        if f"{fn}.3" in pages:
            problems.append(f"{fn}.3: the generated-code ABI has no man3 pages ({ABI_PAGE} has it)")
        if ABI_PAGE not in shown.get(fn, []):
            problems.append(f"{ABI_PAGE}: its SYNOPSIS does not show {fn}")
    for d in decls.values():
        if d.kind != "struct" or not d.header.startswith("include/"):
            continue
        home = ABI_PAGE if d.header == ABI_HEADER else None
        if not shown.get(d.name):
            problems.append(f"{d.name} ({d.header}) is shown on no man page")
        elif home and home not in shown[d.name]:
            problems.append(f"{d.name} ({d.header}) is not shown on {home}")
    return problems, len(full), len(pages) - len(full)


def copy_tree(src, dst):
    for folder in PAGE_DIRS + ("include/urb", "generated/include/urb"):
        shutil.copytree(src / folder, dst / folder)
    shutil.copy(src / "include/urb.h", dst / "include/urb.h")


# Each self-test: a file of a copied tree, a text in it and what replaces
# it (None: the file goes), which problem the check must then report, and
# what went unnoticed otherwise.
MUTATIONS = [
    ("man/man3/urb_buf_view.3", None, None,
     lambda p: p.startswith("urb_buf_view: no man page"), "a removed urb_buf_view.3"),
    ("generated/man/man3/urb_push_recv.3", ".SH DESCRIPTION\n", ".SH DESCRIPTION\n.TP\n.RE\n",
     lambda p: "urb_push_recv.3" in p and ("WARNING" in p or "ERROR" in p),
     "a lint error in urb_push_recv.3"),
    ("include/urb/completion.h", "\tbool notif;", "\tuint32_t spare;\n\tbool notif;",
     lambda p: p.startswith("man/man3/urb_bearer_completions.3: its SYNOPSIS"),
     "a field added to struct urb_completion"),
    ("man/man3/urb_bearer_stats.3", " struct urb_stats\n", "\n",
     lambda p: p.startswith("struct urb_stats (include/urb/bearer.h) is shown on no"),
     "struct urb_stats on no page"),
]


def self_test(src, mandoc):
    """The check must catch each of MUTATIONS."""
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (path, old, new, caught, what) in enumerate(MUTATIONS):
            tree = Path(tmp) / str(i)
            copy_tree(src, tree)
            target = tree / path
            if old is None:
                target.unlink()
            else:
                target.write_text(target.read_text().replace(old, new, 1))
            problems, _, _ = check(tree, mandoc, False)
            if not any(caught(p) for p in problems):
                failures.append(f"{what} went unnoticed: {problems}")
    return failures


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    src = Path(argv[1]).resolve()
    mandoc = shutil.which("mandoc")
    if not mandoc:
        sys.exit("man_pages: mandoc is not installed (Debian: apt-get install mandoc; "
                 "scripts/deps.sh installs it)")
    problems, nfull, nlinks = check(src, mandoc)
    for p in problems:
        print(p)
    failures = self_test(src, mandoc)
    for f in failures:
        print(f"self-test: {f}")
    names = public_functions(src)
    abi = public_functions(src, abi=True)
    if problems or failures:
        print(f"man_pages: FAILED ({len(problems)} problems, {len(failures)} self-test failures)")
        return 1
    print(f"man_pages: {len(names)} public functions and {len(abi)} of the generated-code ABI, "
          f"{nfull} pages and {nlinks} links, every SYNOPSIS as the headers say and every "
          f"struct shown, all lint clean; the check catches a missing page, a lint error, "
          f"a field added to a header and a struct on no page")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
