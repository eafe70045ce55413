#!/usr/bin/env python3
"""ctest docs_examples: every ```c block of the Markdown docs compiles.

    docs_examples.py --source-dir DIR --work DIR --cc CC [--cflags FLAGS]
                     [-I DIR]... [--link ARG]... [--extop SPECDIR] [FILE.md]...

Without FILE arguments it reads README.md, BENCHMARKS.md and docs/*.md of
the source dir.  Each ```c block is one of:

  - a program (it has `int main(`): compiled as written (its own
    #includes, nothing added) with -Wall -Wextra -Werror, linked with
    the --link arguments (the built liburb) and run with no
    LD_LIBRARY_PATH; it must exit 0 within --timeout seconds;
  - a fragment, marked by an HTML comment on the line before the fence
    (blank lines between are allowed):
        <!-- fragment -->            the block is the body of a function
        <!-- fragment: PRELUDE -->   the same, PRELUDE (C, any number of
                                     lines) at file scope before it
        <!-- fragment file -->       the block is at file scope
                                     (`fragment file: PRELUDE` too)
    compiled (not linked) after the usual libc headers and <urb.h>, with
    -Wall -Wextra -Werror, unused variables, parameters and functions
    allowed;
  - in a generated file (first line `<!-- Generated from spec/ops/`, i.e.
    docs/OPCODES.md): the op example under `## <op>`, compiled as the body
    of a function whose parameters are urb_push_<op>()'s, read from the
    generated <urb/ops.h>.  Nobody writes those blocks by hand, and the
    generator's template is left as it is.

An unmarked ```c block that is not a program fails, as does an unlabelled
fence whose lines look like C (label it c, or write output differently).
Every block is compiled with `#line` set to its place in the Markdown, so
compiler messages name FILE.md:LINE; the harness prints the same place for
a failed run.  Prints `docs_examples: ok (...)` when everything passes.
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys

HEADERS = """#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <urb.h>
"""
GENERATED_BANNER = "<!-- Generated from spec/ops/"
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)(.*)$")
MAIN = re.compile(r"\bint\s+main\s*\(")
# An unlabelled fence whose lines look like C: an #include, or a statement
# or declaration ending in ; or { that calls or declares something.
LOOKS_C = re.compile(r"^\s*#\s*include\s*[<\"]|^[^:]*\([^)]*\)\s*[;{]\s*$")
FRAGMENT_FLAGS = ["-Wno-unused-variable", "-Wno-unused-but-set-variable",
                  "-Wno-unused-parameter", "-Wno-unused-function"]


class Block:
    def __init__(self, path, rel, line, lang, text, marker, heading):
        # marker: (text, line) of a <!-- ... --> right before the fence, or None
        self.path = path        # the Markdown file
        self.rel = rel          # as printed: relative to the source dir
        self.line = line        # of the opening fence, 1-based
        self.lang = lang
        self.text = text        # the lines between the fences
        self.marker, self.marker_line = marker or (None, line)
        self.heading = heading  # the last "## " heading before the block

    @property
    def where(self):
        return f"{self.rel}:{self.line}"


def read_blocks(path, rel):
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, problems = [], []
    heading = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            heading = line[3:].strip()
        m = FENCE.match(line)
        if not m:
            i += 1
            continue
        indent, fence, lang, _ = m.groups()
        start = i
        body = []
        i += 1
        while i < len(lines):
            close = lines[i].strip()
            if close.startswith(fence[0] * len(fence)) and close.strip(fence[0]) == "":
                break
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        else:
            problems.append(f"{rel}:{start + 1}: code fence never closed")
            break
        i += 1
        blocks.append(Block(path, rel, start + 1, lang.lower(), body,
                            marker_before(lines, start), heading))
    return lines, blocks, problems


def marker_before(lines, fence_index):
    """The text of an HTML comment ending on the last non-blank line before the fence."""
    j = fence_index - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0 or not lines[j].rstrip().endswith("-->"):
        return None
    k = j
    while k >= 0 and "<!--" not in lines[k]:
        k -= 1
    if k < 0:
        return None
    text = "\n".join(lines[k:j + 1])
    text = text[text.index("<!--") + 4:text.rindex("-->")]
    # the prelude's first line is the comment's, after "fragment...:"
    return text.strip(), k + 1


def push_params(ops_h):
    """op name -> urb_push_<op>()'s parameters but the bearer and the opts."""
    text = open(ops_h, encoding="utf-8").read()
    params = {}
    for m in re.finditer(r"\bint\s+urb_push_(\w+)\s*\(([^)]*)\)\s*;", text):
        parts = [" ".join(p.split()) for p in m.group(2).split(",")]
        if not parts or not parts[0].endswith("*b") or not parts[-1].endswith("*opts"):
            continue
        params[m.group(1)] = parts[1:-1]
    return params


def line_directive(block, first):
    return f'#line {first} "{block.rel}"\n'


def translation_unit(block, prelude, scope, params=None):
    """The C source for a block: kind is program, body or file."""
    if scope == "program":  # complete as written: its own #includes only
        return line_directive(block, block.line + 1) + "\n".join(block.text) + "\n"
    src = HEADERS
    if prelude:
        src += line_directive(block, block.marker_line) + prelude + "\n"
    code = line_directive(block, block.line + 1) + "\n".join(block.text) + "\n"
    if scope == "file":
        return src + code
    sig = ", ".join(["struct urb_bearer *b"] + (params or [])) if params is not None else "void"
    return (src + f"void urb_doc_example({sig});\n"
            f"void urb_doc_example({sig})\n{{\n" + code + "}\n")


def classify(block, generated, params):
    """(scope, prelude, op params or None) or raises ValueError with the reason."""
    is_program = bool(MAIN.search("\n".join(block.text)))
    marker = block.marker
    fragment = marker is not None and re.match(r"fragment\b", marker)
    if generated:
        if is_program:
            return "program", "", None
        op = block.heading
        if op not in params:
            raise ValueError(f"generated block under '## {op}': no urb_push_{op}() in <urb/ops.h>")
        return "body", "", params[op]
    if is_program:
        if fragment:
            raise ValueError("a program (it has main()) marked as a fragment: drop the mark")
        return "program", "", None
    if not fragment:
        raise ValueError("a ```c block that is neither a program (no `int main(`) nor marked "
                         "`<!-- fragment -->` on the line before its fence (docs/TESTING.md)")
    m = re.match(r"fragment(\s+file)?\s*(?::(.*))?$", marker, re.S)
    if not m:
        raise ValueError(f"cannot read the mark '<!-- {marker} -->': "
                         "fragment, fragment: PRELUDE, fragment file or fragment file: PRELUDE")
    return ("file" if m.group(1) else "body"), (m.group(2) or "").strip(), None


def run(cmd, timeout, env=None):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, env=env)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        return None, out


def check_block(n, block, scope, prelude, params, args):
    """None when the block passes, else the failure in words."""
    name = f"block{n:03d}"
    src = os.path.join(args.work, name + ".c")
    with open(src, "w", encoding="utf-8") as f:
        f.write(translation_unit(block, prelude, scope, params))
    base = [args.cc] + shlex.split(args.cflags) + ["-std=gnu11", "-Wall", "-Wextra", "-Werror"]
    base += [f"-I{d}" for d in args.include]
    if scope != "program":
        rc, out = run(base + FRAGMENT_FLAGS + ["-c", "-o", src[:-2] + ".o", src], args.timeout)
        if rc != 0:
            return f"{block.where}: fragment does not compile ({src}):\n{out}"
        return None
    exe = src[:-2]
    rc, out = run(base + ["-o", exe, src] + args.link, args.timeout)
    if rc != 0:
        return f"{block.where}: program does not compile or link ({src}):\n{out}"
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    rc, out = run([exe], args.timeout, env)
    if rc is None:
        return f"{block.where}: program ran more than {args.timeout} s ({exe}):\n{out}"
    if rc != 0:
        return f"{block.where}: program exited with {rc} ({exe}):\n{out}"
    print(f"{block.where}: program output:\n  " + "\n  ".join(out.rstrip("\n").split("\n")))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work", required=True, help="scratch directory (emptied of old blocks)")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--cflags", default=os.environ.get("CFLAGS", ""))
    ap.add_argument("-I", dest="include", action="append", default=[])
    ap.add_argument("--link", action="append", default=[], help="one link argument for programs")
    ap.add_argument("--ops-h", help="the generated <urb/ops.h> (default: generated/include/urb/ops.h)")
    ap.add_argument("--extop", help="spec dir: generate extop_ops.h from it with urb-gen --external extop")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per compile and per run")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()

    src_dir = os.path.abspath(args.source_dir)
    os.makedirs(args.work, exist_ok=True)
    for f in os.listdir(args.work):
        if f.startswith("block"):
            os.remove(os.path.join(args.work, f))
    if args.extop:
        out = os.path.join(args.work, "extop")
        rc, text = run([sys.executable, os.path.join(src_dir, "codegen", "urb_gen.py"),
                        "--external", "extop", "--spec", args.extop, "--out", out], 120)
        if rc != 0:
            print(f"FAILED: urb_gen.py --external extop:\n{text}")
            return 1
        args.include.append(out)
    params = push_params(args.ops_h or os.path.join(src_dir, "generated", "include", "urb", "ops.h"))

    files = args.files or (
        [os.path.join(src_dir, f) for f in ("README.md", "BENCHMARKS.md")] +
        sorted(os.path.join(src_dir, "docs", f) for f in os.listdir(os.path.join(src_dir, "docs"))
               if f.endswith(".md")))
    failures, jobs, seen, generated_count = [], [], 0, 0
    counts = {"program": 0, "body": 0, "file": 0}
    for path in files:
        if not os.path.exists(path):
            continue
        rel = os.path.relpath(path, src_dir)
        lines, blocks, problems = read_blocks(path, rel)
        failures += problems
        generated = bool(lines) and lines[0].startswith(GENERATED_BANNER)
        for block in blocks:
            if block.lang == "":
                looks = [t for t in block.text if LOOKS_C.search(t)]
                if looks:
                    failures.append(f"{block.where}: an unlabelled block that looks like C "
                                    f"({looks[0].strip()!r}): fence it as ```c (and mark it) "
                                    "or make it plainly not C")
                continue
            if block.lang not in ("c", "h"):
                continue
            seen += 1
            try:
                scope, prelude, op_params = classify(block, generated, params)
            except ValueError as e:
                failures.append(f"{block.where}: {e}")
                continue
            counts[scope] += 1
            generated_count += op_params is not None
            jobs.append((len(jobs), block, scope, prelude, op_params))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = pool.map(lambda j: check_block(*j, args), jobs)
        failures += [r for r in results if r]

    summary = (f"{seen} C blocks in {len(files)} files: {counts['program']} programs run, "
               f"{counts['body'] + counts['file']} fragments compiled"
               f" ({counts['body'] + counts['file'] - generated_count} marked, {generated_count} generated)")
    if failures:
        for f in failures:
            print("FAILED: " + f)
        print(f"docs_examples: {len(failures)} FAILED of {summary}")
        return 1
    print(f"docs_examples: ok ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
