#!/usr/bin/env python3
"""ctest man_pages: every public function has a man page, and every page
lints clean.

    tests/man/check_pages.py SOURCE_DIR

Public functions are the names declared with URB_API in include/urb/*.h and
generated/include/urb/ops.h.  Pages are man/man3/*.3 (hand-written) and
generated/man/man3/*.3 (one per op, from the spec); both install into
share/man/man3, so a link page `.so man3/<page>.3` may name a page of either.

A name is covered when <name>.3 exists and the page it is (or links to)
names it in its NAME section.  A full page must have a .TH title that is its
file name, and `mandoc -Tlint -Wwarning` must report nothing (mandoc's
STYLE hints, below WARNING, are allowed).  A link page is exactly one line,
`.so man3/<page>.3`, naming a full page; mandoc is not run on it (it calls
every .so fragile).

After checking the tree, the script checks itself: a copy of the pages with
one page removed, and one with a lint error, must both fail.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

API = re.compile(r"\bURB_API\b[^;{}]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")
LINK = re.compile(r"^\.so man3/([A-Za-z0-9_]+\.3)\n$")
PAGE_DIRS = ("man/man3", "generated/man/man3")


def public_functions(src):
    headers = sorted((src / "include/urb").glob("*.h")) + [src / "generated/include/urb/ops.h"]
    names = set()
    for header in headers:
        text = re.sub(r"/\*.*?\*/", " ", header.read_text(), flags=re.S)
        text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # URB_API's own #define
        names.update(m.group(1) for m in API.finditer(text))
    return sorted(names)


def name_section(text):
    m = re.search(r"^\.SH NAME\n(.*?)^\.SH ", text, flags=re.S | re.M)
    return m.group(1) if m else ""


def check(src, mandoc="mandoc"):
    """Problems found, one line each."""
    problems = []
    pages = {}
    for folder in PAGE_DIRS:
        for path in sorted((src / folder).glob("*.3")):
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
        th = re.search(r"^\.TH (\S+) 3 ", text, flags=re.M)
        if not th or th.group(1) != path.stem.upper():
            problems.append(f"{path}: .TH must be '{path.stem.upper()} 3 ...'")
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
    return problems, len(full), len(pages) - len(full)


def copy_tree(src, dst):
    for folder in PAGE_DIRS + ("include/urb", "generated/include/urb"):
        shutil.copytree(src / folder, dst / folder)


def self_test(src, mandoc):
    """The check must catch a missing page and a lint error."""
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        missing = tmp / "missing"
        copy_tree(src, missing)
        (missing / "man/man3/urb_buf_view.3").unlink()
        problems, _, _ = check(missing, mandoc)
        if not any(p.startswith("urb_buf_view: no man page") for p in problems):
            failures.append(f"a removed urb_buf_view.3 went unnoticed: {problems}")
        broken = tmp / "broken"
        copy_tree(src, broken)
        page = broken / "generated/man/man3/urb_push_recv.3"
        page.write_text(page.read_text().replace(".SH DESCRIPTION\n", ".SH DESCRIPTION\n.TP\n.RE\n", 1))
        problems, _, _ = check(broken, mandoc)
        if not any("urb_push_recv.3" in p and ("WARNING" in p or "ERROR" in p)
                   for p in problems):
            failures.append(f"a lint error in urb_push_recv.3 went unnoticed: {problems}")
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
    if problems or failures:
        print(f"man_pages: FAILED ({len(problems)} problems, {len(failures)} self-test failures)")
        return 1
    print(f"man_pages: {len(names)} public functions, {nfull} pages and {nlinks} links, "
          f"all lint clean; the check catches a missing page and a lint error")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
