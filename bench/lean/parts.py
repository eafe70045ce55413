#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Splits a callgrind profile of a benchmark loop into the parts of an op.

    parts.py OPS LABEL=CALLGRIND_OUT...

Prints for each profile the instructions per op (its total over OPS), that
over the first profile's, and the instructions per op of each part:

  push      the calls to urb_push_* / lean_push_* (inclusive), or for raw
            liburing the lines of liburing.h's get_sqe, prep and set_data
  submit    the calls to *_submit_and_wait and *_submit_and_complete
            (inclusive), less the walk the latter goes on to
  walk      the calls to urb_bearer_completions / lean_completions, less the
            callbacks they call, less the two parts below; for raw liburing
            the other lines of liburing.h (the CQE loop and cq_advance)
  give-back lines in the library of the functions that hand a completed
            op's fd slot and buffer back (lean: give_back; urb: done_<op>
            and the *give_back* helpers they inline)
  release   lines in the library of the functions that free the record
            (lean: release; urb: urb__rec_free*)
  caller    the rest: the benchmark's own loop and callback

Each line of code is put in the C function it was written in (inlined code
keeps its own source lines), found by reading the source file itself.
"""
import re
import sys
from collections import defaultdict

PUSH_ENTRY = re.compile(r'^(urb|lean)_push_')
SUBMIT_ENTRY = re.compile(r'_submit_and_(wait|complete)$')
WALK_ENTRY = re.compile(r'^(urb_bearer|lean)_completions$')
FUSED_ENTRY = re.compile(r'_submit_and_complete$')  # a submit that goes on to walk
FUSED_WALK = re.compile(r'^urb__walk_lifo$')
LIBRARY = re.compile(r'/lib(urb|lean)\.so')
GIVE_BACK = re.compile(r'^(give_back|slot_empty|done_\w+|\w*give_back\w*)$')
RELEASE = re.compile(r'^(release|urb__rec_free\w*|urb__slab_give\w*)$')
RAW_PUSH = re.compile(r'^(_?_?io_uring_get_sqe|io_uring_prep_\w+|io_uring_sqe_set_\w+)$')
NOT_A_NAME = {'__attribute__', 'visibility', 'aligned', 'section', 'format', 'sizeof',
              '__typeof__', 'typeof', 'if', 'while', 'for', 'switch', 'return'}


def functions_of(path, cache={}):
    """line number -> the C function whose body holds it (kernel style: braces at column 0)."""
    if path in cache:
        return cache[path]
    owner = {}
    try:
        text = open(path, errors='replace').read().split('\n')
    except OSError:
        text = []
    current = pending = None
    for num, line in enumerate(text, 1):
        if current:
            owner[num] = current
            if line.startswith('}'):
                current = None
            continue
        if line.startswith('{') and pending:
            current = owner[num] = pending
            continue
        if line and not line[0].isspace() and line[0] not in '#/*}':
            names = [n for n in re.findall(r'([A-Za-z_]\w*)\s*\(', line) if n not in NOT_A_NAME]
            pending = names[0] if names and not line.rstrip().endswith(';') else None
    cache[path] = owner
    return owner


def read(path):
    """Self costs by (object, fn, file, line) and call edges with inclusive costs."""
    names = defaultdict(dict)
    selfs = defaultdict(int)
    calls = []  # (caller ob, caller fn, callee ob, callee fn, inclusive)
    total = 0
    ob = fl = fi = fn = cob = cfn = None
    line = 0
    pending_call = False

    def name(kind, value):
        m = re.match(r'\((\d+)\)\s*(.*)', value)
        if not m:
            return value
        if m.group(2):
            names[kind][m.group(1)] = m.group(2)
        return names[kind].get(m.group(1), value)

    for raw in open(path):
        raw = raw.rstrip('\n')
        if not raw or raw.startswith('#'):
            continue
        key, _, value = raw.partition('=')
        if key in ('ob', 'fl', 'fi', 'fe', 'fn', 'cob', 'cfi', 'cfl', 'cfn', 'jfi', 'jfn') and _:
            kind = {'fi': 'fl', 'fe': 'fl', 'cfi': 'fl', 'cfl': 'fl', 'jfi': 'fl', 'cob': 'ob',
                    'cfn': 'fn', 'jfn': 'fn'}.get(key, key)
            value = name(kind, value)
            if key == 'ob':
                ob = value
            elif key == 'fl':
                fl = fi = value
            elif key in ('fi', 'fe'):
                fi = value
            elif key == 'fn':
                fn, fi, cob = value, fl, None
            elif key == 'cob':
                cob = value
            elif key == 'cfn':
                cfn = value
            continue
        if raw.startswith('calls='):
            pending_call = True
            continue
        if raw.startswith(('summary:', 'totals:')):
            total = max(total, int(raw.split()[1]))
            continue
        if ':' in raw.split(' ')[0]:
            continue  # a header line
        parts = raw.split()
        pos = parts[0]
        if pos.startswith('+'):
            line += int(pos[1:])
        elif pos.startswith('-'):
            line -= int(pos[1:])
        elif pos != '*':
            line = int(pos)
        cost = int(parts[1]) if len(parts) > 1 else 0
        if pending_call:
            calls.append((ob, fn, cob or ob, cfn, cost))
            pending_call, cob = False, None
        else:
            selfs[(ob, fn, fi, line)] += cost
    return selfs, calls, total


def split(path):
    selfs, calls, total = read(path)
    part = defaultdict(int)
    in_lib = lambda o: bool(o and LIBRARY.search(o))
    for cob_, cfn_, cob2, cfn2, cost in calls:
        if in_lib(cob_):
            if cfn2 and not in_lib(cob2) and not re.search(r'liburing|libc|ld-linux', cob2 or ''):
                part['callbacks'] += cost  # the library calling the benchmark back
            elif FUSED_ENTRY.search(cfn_ or '') and FUSED_WALK.match(cfn2 or ''):
                part['walk+'] += cost  # the walk of a submit that walks: not the submit's
                part['submit'] -= cost
            continue
        if PUSH_ENTRY.search(cfn2 or ''):
            part['push'] += cost
        elif SUBMIT_ENTRY.search(cfn2 or ''):
            part['submit'] += cost
        elif WALK_ENTRY.search(cfn2 or ''):
            part['walk+'] += cost
    for (ob, fn, fi, line), cost in selfs.items():
        src = functions_of(fi).get(line, '') if fi else ''
        if in_lib(ob):
            if GIVE_BACK.match(src):
                part['give-back'] += cost
            elif RELEASE.match(src):
                part['release'] += cost
        elif fi and fi.endswith('/liburing.h') and not in_lib(ob) and 'liburing.so' not in (ob or ''):
            part['push' if RAW_PUSH.match(src) else 'walk'] += cost  # raw liburing, inlined
    family = part['walk+'] - part['callbacks']
    if family:
        part['walk'] += family - part['give-back'] - part['release']
    part['caller'] = total - part['push'] - part['submit'] - part['walk'] - part['give-back'] - \
        part['release']
    return total, part


def main():
    if len(sys.argv) < 3 or not all('=' in a for a in sys.argv[2:]):
        sys.exit(__doc__)
    ops = float(sys.argv[1])
    cols = ['push', 'submit', 'walk', 'give-back', 'release', 'caller']
    print('%-6s %7s %6s ' % ('', 'total', 'x') + ' '.join('%9s' % c for c in cols))
    first = None
    for arg in sys.argv[2:]:
        label, path = arg.split('=', 1)
        total, part = split(path)
        first = first or total
        print('%-6s %7.1f %5.2fx ' % (label, total / ops, total / first) +
              ' '.join('%9.1f' % (part[c] / ops) for c in cols))


if __name__ == '__main__':
    main()
