#!/usr/bin/env python3
"""ctest docs_architecture: docs/ARCHITECTURE.md names only what exists.

    tests/docs_architecture.py SOURCE_DIR

Every `backticked` name in it is checked against the tree:
- a path (it has a '/', or ends in a file suffix) must be a file or folder
  of the source tree;
- a function, written `name()`, must be defined or declared at the start
  of a line (as the library's C is written) in src/, include/ or
  generated/, or be a Python function of codegen/;
- any other urb name (`urb_...`, `urb__...`, `URB_...`, also after
  `struct ` or `enum `) must occur as a word in those C files.
Names with a placeholder (`src/kind_<name>.c`, `urb_push_<op>()`) are not
checked.  And every kind of spec/schema.yaml's kinds (enum urb__kind,
which the build generates from them) must be named (`URB__KIND_<NAME>`),
so the kind table keeps up; but for a kind added from its own files, whose
tests' folder tests/kinds/<name>/ says what it is.  Then it checks
itself: a copy of the document with a path, a function and a name that do
not exist must give three problems, and one without a kind's name one.
"""

import re
import sys
from pathlib import Path

import yaml

SUFFIXES = (".c", ".h", ".py", ".j2", ".yaml", ".md", ".3", ".7", ".map", ".txt", ".cmake")
C_DIRS = ("src", "include", "generated")


def c_text(src):
    parts = []
    for d in C_DIRS:
        for p in sorted((src / d).rglob("*")):
            if p.suffix in (".c", ".h") and p.is_file():
                parts.append(p.read_text(errors="replace"))
    return "\n".join(parts)


def problems(src, doc, c, py):
    out = []
    for token in sorted(set(re.findall(r"`([^`\n]+)`", doc))):
        if "<" in token:
            continue
        name = re.sub(r"^(struct|enum) ", "", token)
        if "/" in name or name.endswith(SUFFIXES):
            if not (src / name).exists():
                out.append(f"docs/ARCHITECTURE.md: `{token}`: no such file")
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*\(\)", name):
            fn = name[:-2]
            if not re.search(rf"^[^\s#/*].*\b{fn}\(", c, flags=re.M) and \
                    not re.search(rf"^\s*def {fn}\(", py, flags=re.M):
                out.append(f"docs/ARCHITECTURE.md: `{token}`: no such function in "
                           f"{', '.join(C_DIRS)} or codegen/")
        elif re.fullmatch(r"(urb_|urb__|URB_|URB__)[A-Za-z0-9_]*", name):
            if not re.search(rf"\b{name}\b", c):
                out.append(f"docs/ARCHITECTURE.md: `{token}`: no such name in "
                           f"{', '.join(C_DIRS)}")
    return out


def kinds_unnamed(src, doc):
    schema = yaml.safe_load((src / "spec/schema.yaml").read_text())
    kinds = [f"URB__KIND_{k['name'].upper()}" for k in schema.get("kinds") or []
             if not (src / "tests/kinds" / k["name"]).is_dir()]
    if not kinds:
        return ["spec/schema.yaml: no kinds found"]
    return [f"docs/ARCHITECTURE.md: names no `{k}`: the kind table lacks it"
            for k in kinds if f"`{k}`" not in doc]


def main():
    src = Path(sys.argv[1])
    doc = (src / "docs/ARCHITECTURE.md").read_text()
    c = c_text(src)
    py = "\n".join(p.read_text() for p in sorted((src / "codegen").glob("*.py")))
    found = problems(src, doc, c, py) + kinds_unnamed(src, doc)
    for p in found:
        print(p)
    bogus = doc + "\n`src/no_such_file.c` `urb__no_such_function()` `URB__NO_SUCH_NAME`\n"
    caught = len(problems(src, bogus, c, py)) - len(found)
    if caught != 3:
        print(f"docs_architecture: the check caught {caught} of 3 planted names: it is broken")
        found.append("self-check")
    if not kinds_unnamed(src, doc.replace("`URB__KIND_FD`", "")):
        print("docs_architecture: a document without URB__KIND_FD passed: it is broken")
        found.append("self-check")
    if found:
        print(f"docs_architecture: FAILED, {len(found)} problems")
        return 1
    print("docs_architecture: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
