#!/usr/bin/env python3
"""urb's generator: spec/ops/*.yaml -> generated/ and docs/OPCODES.md.

    urb_gen.py [--spec DIR] [--out DIR]          write the outputs under DIR
                                                 (and remove man pages of ops gone)
    urb_gen.py [--spec DIR] [--out DIR] --check  fail with a diff if any differs
    urb_gen.py --external PREFIX --spec DIR --out DIR [--schema FILE]
        ops from outside the library: DIR/ops/*.yaml become PREFIX_ops.h and
        PREFIX_ops.c in --out, to build against an installed liburb

Errors read `spec/ops/x.yaml:LINE: error: message`; on any error nothing is
written and the exit status is 1.
"""

import argparse
import difflib
import os
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

try:
    import jinja2
    import yaml  # noqa: F401  (spec_model needs it; fail here with the package name)
except ImportError as e:  # pragma: no cover - depends on the machine
    missing = "python3-jinja2" if "jinja2" in str(e) else "python3-yaml"
    sys.exit(f"urb_gen: {e}; install the Debian package {missing}")

import spec_model  # noqa: E402

# template -> output path (relative to --out)
OUTPUTS = {
    "ops.h.j2": "generated/include/urb/ops.h",
    "ops_records.h.j2": "generated/src/ops_records.h",
    "ops.c.j2": "generated/src/ops.c",
    "test_lifetime.c.j2": "generated/tests/test_lifetime.c",
    "opcodes.md.j2": "docs/OPCODES.md",
    "sqe.h.j2": "generated/include/urb/sqe.h",
    "kinds.h.j2": "generated/src/kinds.h",
}


# template -> output path per op (relative to --out): the library's ops only.
OP_OUTPUTS = {"man_op.3.j2": "generated/man/man3/urb_push_{op}.3"}
# Folders holding per-op outputs, and the pattern of what the generator owns
# there: a file matching it that no op renders is stale (its op is gone).
OP_OUTPUT_GLOBS = {"generated/man/man3": "urb_push_*.3"}
# The date on the generated man pages (their .TH line): the last change to
# what they say.  Fixed, so that output depends on the spec alone.
MAN_DATE = "2026-11-30"

# The generated-code ABI (<urb/abi.h>) the external templates are written
# for: URB_ABI_VERSION there, checked by the abi_contract test.
ABI_VERSION = 1

EXTERNAL_OUTPUTS = {"ext_ops.h.j2": "{prefix}_ops.h", "ext_ops.c.j2": "{prefix}_ops.c"}


def output_paths(op_names):
    """Every path the generator writes for the library's ops @op_names."""
    paths = list(OUTPUTS.values())
    for pattern in OP_OUTPUTS.values():
        paths += [pattern.format(op=name) for name in op_names]
    return sorted(paths)


_ROFF_CODE = re.compile(r"`([^`]+)`")


def roff(text):
    """Spec text as man(7) text: backslashes escaped, `code` in bold, and no
    line starting with a control character."""
    text = str(text).replace("\\", "\\e").replace("-", "\\-")
    text = _ROFF_CODE.sub(lambda m: "\\fB" + m.group(1) + "\\fP", text)
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line
                     for line in text.split("\n"))


def sentence(text):
    """Without its final full stop, to end a NAME line or add one after."""
    return text[:-1] if text.endswith(".") else text


def render_all(spec_dir, root, prefix=None, schema=None):
    ops = spec_model.assign_names(spec_model.load_ops(spec_dir, root, schema), prefix)
    for op in ops if prefix else []:
        for a in op.args:
            if a.kind_arg and a.kind_arg.decl:
                raise spec_model.SpecError(
                    op.path, a.line, f"arg '{a.name}': type {a.type} is the library's own: "
                    f"its push call is no part of <urb/abi.h>, so ops from outside cannot use it")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["chomp"] = lambda text: text[:-1] if text.endswith("\n") else text
    env.filters["roff"] = roff
    env.filters["sentence"] = sentence
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    sources = sorted(op.path for op in ops)
    banner_source = os.path.dirname(sources[0]) + "/ (one YAML file per op)"
    context = {
        "ops": ops,
        "constants": spec_model.all_constants(ops),
        "includes": spec_model.all_includes(ops),
        "public_includes": spec_model.public_includes(ops),
        "forward_structs": spec_model.forward_structs(ops),
        "banner": f"Generated from {banner_source} by codegen/urb_gen.py - do not edit.",
        "sources": sources,
        "prefix": prefix,
        "layout": spec_model.load_sqe_layout(spec_dir, root, schema),
        "kernel_opcodes": spec_model.load_kernel_opcodes(spec_dir, root, ops),
        "kinds": spec_model.load_kinds(spec_dir, root, schema),
        "kind_args": list(spec_model.KIND_ARGS.values()),
        "sqe_bytes": spec_model.SQE_BYTES,
        "abi_version": ABI_VERSION,
    }
    outputs = ({tpl: out.format(prefix=prefix) for tpl, out in EXTERNAL_OUTPUTS.items()}
               if prefix else OUTPUTS)
    rendered = {out: env.get_template(tpl).render(**context) for tpl, out in outputs.items()}
    if not prefix:
        for tpl, pattern in OP_OUTPUTS.items():
            template = env.get_template(tpl)
            for op in ops:
                rendered[pattern.format(op=op.name)] = template.render(
                    context, op=op, man_date=MAN_DATE,
                    banner=f"Generated from {op.path} by codegen/urb_gen.py - do not edit.")
    return rendered


def stale_outputs(rendered, out_dir):
    """Per-op outputs under @out_dir that no op renders any more, relative."""
    stale = []
    for folder, pattern in OP_OUTPUT_GLOBS.items():
        for path in sorted((Path(out_dir) / folder).glob(pattern)):
            rel = f"{folder}/{path.name}"
            if rel not in rendered:
                stale.append(rel)
    return stale


def write_outputs(rendered, out_dir):
    """Write the files whose bytes change: every one to a temporary first, then
    rename them all, so that a failed write leaves no half-updated set."""
    pending = []
    try:
        for rel, text in rendered.items():
            path = Path(out_dir) / rel
            data = text.encode("utf-8")
            if path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".tmp")
            pending.append((tmp, path))
            tmp.write_bytes(data)
    except OSError:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in pending:
        os.replace(tmp, path)
    for rel in stale_outputs(rendered, out_dir):
        (Path(out_dir) / rel).unlink()


def check_outputs(rendered, out_dir):
    stale = 0
    for rel, text in rendered.items():
        path = Path(out_dir) / rel
        old = path.read_bytes() if path.exists() else b""
        if old != text.encode("utf-8"):
            old = old.decode("utf-8", errors="replace")
            stale += 1
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), text.splitlines(True),
                f"a/{rel} (committed)", f"b/{rel} (from the spec)"))
    for rel in stale_outputs(rendered, out_dir):
        stale += 1
        print(f"{rel}: no op generates it any more (its spec is gone)")
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", default=str(HERE.parent / "spec"),
                        help="spec folder (holds schema.yaml and ops/)")
    parser.add_argument("--out", default=str(HERE.parent),
                        help="folder the outputs go under")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 with a diff if the outputs are stale")
    parser.add_argument("--external", metavar="PREFIX",
                        help="generate ops from outside the library, named PREFIX_*")
    parser.add_argument("--schema", help="the spec schema (default: SPEC/schema.yaml, "
                        "else the one beside this generator)")
    args = parser.parse_args(argv)
    if args.external is not None and not spec_model.IDENT.match(args.external):
        parser.error(f"--external: {args.external!r} is not a C identifier")
    root = Path(args.spec).resolve().parent
    try:
        rendered = render_all(args.spec, root, args.external, args.schema)
    except spec_model.SpecError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(f"urb_gen: {e}", file=sys.stderr)
        return 1
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                write_outputs(rendered, tmp)  # the same bytes a real run would write
                fresh = {rel: (Path(tmp) / rel).read_text(encoding="utf-8")
                         for rel in rendered}
            stale = check_outputs(fresh, args.out)
            if stale:
                print(f"urb_gen: {stale} generated file(s) are stale; run codegen/urb_gen.py",
                      file=sys.stderr)
                return 1
            print(f"urb_gen: {len(rendered)} generated files are up to date")
            return 0
        write_outputs(rendered, args.out)
    except OSError as e:
        print(f"urb_gen: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
