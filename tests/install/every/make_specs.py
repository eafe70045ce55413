#!/usr/bin/env python3
"""Specs of ops from outside the library covering every type of the schema.

    make_specs.py SCHEMA LIBRARY_SPEC_OPS OUT_DIR

For every argument type (arg.type, and each kind_args entry whose push
call <urb/abi.h> declares) and record type (record.type) the schema lists, one op of the library's own spec/ops that uses it, copied
to OUT_DIR/ops/x<op>.yaml with its name changed to x<op> (the library's
names are taken).  The ops come from OPS, the ones every_arg.c pushes; a
type no op of OPS uses is an error naming it, so a new type of the schema
fails the install test until every_arg.c runs an op that has it.
"""
import sys
from pathlib import Path

import yaml

OPS = ["openat", "read", "readv", "statx", "pipe", "socket", "bind", "accept", "sendmsg",
       "recvmsg", "recvmsg_multi", "cancel", "recv_bundle", "provide_buffers", "futex_wake",
       "futex_waitv", "timeout", "files_update", "fixed_fd_install", "msg_ring_fd",
       "epoll_wait"]


def types_of(spec):
    args = spec["args"]
    found = {a["type"] for part in ("required", "optional") for a in args.get(part) or []}
    return found | {f"record {r['type']}" for r in spec.get("record") or []}


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    schema = yaml.safe_load(Path(argv[1]).read_text())
    wanted = set(schema["arg"]["keys"]["type"]["values"])
    # the kinds' argument types ops from outside may take: those whose push
    # call is in <urb/abi.h> (no decl: only the library declares that one)
    wanted |= {name for name, e in (schema.get("kind_args") or {}).items() if "decl" not in e}
    record = schema["root"]["keys"]["record"]["item"]["keys"]["type"]["values"]
    wanted |= {f"record {t}" for t in record}
    out = Path(argv[3]) / "ops"
    out.mkdir(parents=True, exist_ok=True)
    covered = set()
    for op in OPS:
        text = (Path(argv[2]) / f"{op}.yaml").read_text()
        covered |= types_of(yaml.safe_load(text))
        (out / f"x{op}.yaml").write_text(text.replace(f"op: {op}\n", f"op: x{op}\n", 1))
    missing = sorted(wanted - covered)
    if missing:
        sys.exit(f"make_specs: no op of every_arg.c takes {', '.join(missing)}")
    print(f"make_specs: {len(OPS)} ops cover the schema's {len(wanted)} types")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
