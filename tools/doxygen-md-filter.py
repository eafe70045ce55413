#!/usr/bin/env python3
"""Doxygen filter for urb's Markdown pages (docs/Doxyfile FILTER_PATTERNS).

    doxygen-md-filter.py <file.md>   -> the page as Doxygen should read it

Doxygen turns a link to a .md file into a reference to that page and warns
when the page is not one of its inputs.  This keeps links to the pages
Doxygen reads (README.md and docs/{OPCODES,ERRORS,ADDING_AN_OPCODE}.md) and
writes any other .md link (BENCHMARKS.md, ...) as plain text naming the
file.  It also gives "## name" headings the {#name} anchor that the op
reference's [`name`](#name) links point at.  The files are not changed.
"""
import pathlib
import re
import sys

DOXYGEN_PAGES = {"README.md", "docs/OPCODES.md", "docs/ERRORS.md",
                 "docs/ADDING_AN_OPCODE.md"}
ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s#]+\.md)(#[^)\s]*)?\)")
HEADING = re.compile(r"^(##+) ([a-z][a-z0-9_]*)$")


def main():
    page = pathlib.Path(sys.argv[1]).resolve()
    text = page.read_text(encoding="utf-8")

    def link(m):
        target = (page.parent / m.group(2)).resolve()
        try:
            rel = target.relative_to(ROOT).as_posix()
        except ValueError:
            rel = None
        if rel in DOXYGEN_PAGES:
            return m.group(0)
        return f"{m.group(1)} (`{m.group(2)}`)"

    out = []
    for line in text.splitlines(keepends=True):
        line = LINK.sub(link, line)
        line = HEADING.sub(r"\1 \2 {#\2}", line)
        out.append(line)
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
