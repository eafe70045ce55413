#!/usr/bin/env python3
"""The SYNOPSIS of every hand-written man page, from the headers.

    tools/man_synopsis.py SOURCE_DIR           rewrite the pages whose SYNOPSIS is stale
    tools/man_synopsis.py SOURCE_DIR --check   write nothing; exit 1 with a diff if one is

A page (man/man3/*.3, man/man7/*.7) says what its SYNOPSIS shows in a comment
line right after `.SH SYNOPSIS`:

    .\\" show: urb_completion_fn urb_bearer_completions struct urb_completion

Each item is a function declared with URB_API (shown as its prototype), a
`struct NAME` or `enum NAME` (its whole definition, comments and all), a
typedef (urb_completion_fn, urb_fd_t: its definition), a macro (its name and
parameters, and a plain value), or `<urb/HEADER.h>`: every struct, enum and URB_API function of
that header, in its order.  Everything else of the section, up to the next
`.SH`, is written here from include/urb/*.h and generated/include/urb/ops.h,
so a page cannot say of a struct or a signature anything its header does
not.  `cmake --build` runs this; the man_pages test runs it with --check.
"""

import difflib
import re
import sys
from pathlib import Path

HEADER_GLOBS = ("include/urb/*.h", "generated/include/urb/ops.h")
PAGE_GLOBS = ("man/man3/*.3", "man/man7/*.7")
SHOW = re.compile(r'^\.\\" show: (.*)$', re.M)
NOTE = '.\\" Written by tools/man_synopsis.py from the headers: edit the header, not this.'
WIDTH = 78


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


class Decl:
    """One thing a header declares: kind is function, struct, enum, typedef or macro."""

    def __init__(self, kind, name, header, text, pos):
        self.kind, self.name, self.header, self.text, self.pos = kind, name, header, text, pos
        self.names = [name]  # what showing it shows: a typedef of a struct shows both


def parse_header(path, rel):
    raw = path.read_text()
    code = strip_comments(raw)
    decls = []
    for m in re.finditer(r"\bURB_API\s+([^;{}]*?)\b([A-Za-z_]\w*)\s*\(([^;{}]*?)\)\s*;", code):
        ret = " ".join(m.group(1).split())
        params = [" ".join(p.split()) for p in m.group(3).split(",")]
        decls.append(Decl("function", m.group(2), rel, (ret, params), m.start()))
    # struct/enum definitions at the start of a line, with their comments (raw text)
    for m in re.finditer(r"^(typedef\s+)?(struct|enum)\s+(\w+)\s*\{", code, flags=re.M):
        depth, i = 0, m.end() - 1
        while True:
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            if depth == 0:
                break
            i += 1
        end = code.index(";", i) + 1
        text = raw[m.start():end]
        kind, name = m.group(2), m.group(3)
        decls.append(Decl(kind, f"{kind} {name}", rel, text, m.start()))
        if m.group(1):
            alias = code[i + 1:end - 1].strip()
            decls.append(Decl("typedef", alias, rel, text, m.start()))
            decls[-1].names.append(f"{kind} {name}")
    for m in re.finditer(r"^typedef\s[^;{}]*?\(\s*\*\s*(\w+)\s*\)\s*\([^;{}]*\)\s*;", code, flags=re.M):
        decls.append(Decl("typedef", m.group(1), rel, raw[m.start():m.end()], m.start()))
    for m in re.finditer(r"^typedef\s+([\w ]+?)\s+(\w+)\s*;", code, flags=re.M):
        decls.append(Decl("typedef", m.group(2), rel, raw[m.start():m.end()], m.start()))
    for m in re.finditer(r"^#define\s+(URB_[A-Z0-9_]*[A-Z0-9])(\([^)]*\))?(.*)$", code, flags=re.M):
        if not m.group(1).startswith("URB__") and not m.group(1).endswith("_H"):
            value = m.group(3).strip()
            # an object-like macro shows a plain value (16, (1u << 3)), not an expression of internals
            shown = (" " + value if not m.group(2) and len(value) <= 24
                     and re.fullmatch(r"[\w()<> ]+", value) and "URB__" not in value else "")
            decls.append(Decl("macro", m.group(1), rel, (m.group(2) or "") + shown, m.start()))
    return decls


def load_decls(src):
    decls = {}
    by_header = {}
    for pattern in HEADER_GLOBS:
        for path in sorted(src.glob(pattern)):
            rel = str(path.relative_to(src))
            found = sorted(parse_header(path, rel), key=lambda d: d.pos)
            by_header[f"<urb/{path.name}>"] = found
            for d in found:
                decls.setdefault(d.name, d)
    return decls, by_header


def umbrella(src):
    """The headers <urb.h> includes."""
    text = (src / "include/urb.h").read_text()
    return set(re.findall(r"#include <urb/(\w+\.h)>", text))


def esc(text):
    """C text as man(7) text in no-fill mode."""
    text = text.replace("\\", "\\e").replace("-", "\\-").replace('"', '\\(dq')
    return "\\&" + text if text[:1] in (".", "'") else text


def quoted(text):
    return '"' + text + '"' if (" " in text or not text) else text


def function_lines(name, ret, params):
    """A prototype as .BI lines, wrapped after a comma under its parenthesis."""
    head = f"{ret}{'' if ret.endswith('*') else ' '}{name}("
    if params == ["void"] or params == [""]:
        return [f'.B "{esc(head)}void);"']
    parts = []
    for p in params:
        m = re.match(r"^(.*?)(\w+)(\[[^\]]*\])?$", p)
        parts.append((m.group(1), m.group(2) + (m.group(3) or "")))
    lines, bold, ital, width = [], [head], [], len(head)
    indent = " " * len(head)
    for i, (ptype, pname) in enumerate(parts):
        tail = ");" if i == len(parts) - 1 else ","
        piece = len(ptype) + len(pname) + len(tail) + (1 if i else 0)
        if ital and width + piece > WIDTH:
            lines.append((bold, ital, ","))
            bold, ital, width = [indent], [], len(indent)
            sep = ""
        else:
            sep = ", " if ital else ""
        if ital:
            bold.append(sep + ptype)
        else:
            bold[-1] += ptype
        ital.append(pname)
        width += piece + (1 if sep else 0)
    lines.append((bold, ital, ");"))
    out = []
    for bolds, itals, end in lines:
        args = []
        for b, it in zip(bolds, itals):
            args += [quoted(esc(b)), esc(it)]
        args.append(end)
        out.append(".BI " + " ".join(args))
    return out


def verbatim_lines(text):
    """A definition as it is in the header: tabs expanded, indented by 4."""
    lines = text.expandtabs(8).split("\n")
    out = []
    for line in lines:
        if line.startswith("        "):
            line = line[4:]
        out.append(esc(line.rstrip()))
    return out


def render(show, decls, by_header, umbrella_headers, page):
    """The section's lines after the show comment; raises ValueError for an unknown item."""
    items = []
    for item in show.split():
        if item.startswith("<"):
            if item not in by_header:
                raise ValueError(f"{page}: show: no header {item}")
            items += [d for d in by_header[item] if d.kind != "macro"]
        elif item in ("struct", "enum"):
            items.append(item)
        else:
            name = f"{items.pop()} {item}" if items and items[-1] in ("struct", "enum") else item
            if name not in decls:
                raise ValueError(f"{page}: show: {name} is declared in no public header")
            items.append(decls[name])
    includes = []
    for d in items:
        h = Path(d.header).name
        inc = "<urb.h>" if h in umbrella_headers else f"<urb/{h}>"
        if inc not in includes:
            includes.append(inc)
    out = [".nf"] + [f".B #include {inc}" for inc in includes]
    prev = None
    for d in items:
        if d.kind == "function":
            if prev != "function":
                out.append(".PP")
            out += function_lines(d.name, *d.text)
        elif d.kind == "macro":
            if prev != "macro":
                out.append(".PP")
            out.append(f'.B "#define {esc(d.name + d.text)}"')
        else:
            out.append(".PP")
            out += verbatim_lines(d.text)
        prev = d.kind
    out.append(".fi")
    return out, items


def pages(src):
    found = []
    for pattern in PAGE_GLOBS:
        found += sorted(src.glob(pattern))
    return [p for p in found if not p.read_text().startswith(".so")]


def synopsis(src, path, decls, by_header, umbrella_headers):
    """(new text of the page, the Decls it shows), or raises ValueError."""
    text = path.read_text()
    m = re.search(r"^\.SH SYNOPSIS\n(.*?)(?=^\.SH )", text, flags=re.S | re.M)
    if not m:
        raise ValueError(f"{path}: no SYNOPSIS section")
    show = SHOW.search(m.group(1))
    if not show:
        raise ValueError(f"{path}: its SYNOPSIS has no '.\\\" show: ...' line")
    body, items = render(show.group(1), decls, by_header, umbrella_headers, path.name)
    section = "\n".join([show.group(0), NOTE] + body) + "\n"
    return text[:m.start(1)] + section + text[m.end(1):], items


def run(src, check, show_diff=True):
    decls, by_header = load_decls(src)
    umbrella_headers = umbrella(src)
    stale, errors, shown = [], [], {}
    for path in pages(src):
        try:
            new, items = synopsis(src, path, decls, by_header, umbrella_headers)
        except ValueError as e:
            errors.append(str(e))
            continue
        for d in items:
            for name in d.names:
                shown.setdefault(name, []).append(path.name)
        old = path.read_text()
        if new != old:
            rel = str(path.relative_to(src))
            stale.append(rel)
            if check and show_diff:
                sys.stdout.writelines(difflib.unified_diff(
                    old.splitlines(True), new.splitlines(True),
                    f"a/{rel} (committed)", f"b/{rel} (from the headers)"))
            else:
                path.write_text(new)
    return stale, errors, shown, decls


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--check"):
        sys.exit("usage: tools/man_synopsis.py SOURCE_DIR [--check]")
    check = len(argv) == 3
    stale, errors, _, _ = run(Path(argv[1]).resolve(), check)
    for e in errors:
        print(e, file=sys.stderr)
    if check and stale:
        print(f"man_synopsis: {len(stale)} page(s) stale: run cmake --build (or "
              f"tools/man_synopsis.py .)", file=sys.stderr)
    return 1 if errors or (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
