#!/usr/bin/env python3
"""ctest docs_agree: where a document restates the code, it says what the
code says.

    tests/docs_agree.py SOURCE_DIR

- README.md's list of ops ("The N ops, ...") is every spec/ops/*.yaml, and N
  their count;
- docs/ADDING_AN_OPCODE.md's "Argument types" list names every argument type
  of spec/schema.yaml's arg type enum and every kind_args entry an op of
  spec/ops uses, and no name the schema lacks (a kind_args entry only a
  kind's own tests use, tests/kinds/<name>/, is said by its schema entry);
- urb_bearer_free(3) (and so urb_bearer_drain(3)) lists, as "(ops: ...)",
  every op whose completion can carry a new plain fd, which a drain closes:
  from the specs, an op whose result is an fd or whose record holds new
  fds (`new_fds`);
- docs/TESTING.md names the tests the Makefile leaves out of the sanitized
  pass (PYTHON_TESTS) and runs under ThreadSanitizer (TSAN_TESTS), and the
  tests scripts/valgrind.py skips (SKIP).

Then it checks itself: each check must fail on a copy of its document with
one name taken out.
"""

import re
import sys
from pathlib import Path

import yaml


def specs(src):
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted((src / "spec/ops").glob("*.yaml"))}


def ticked(text):
    return re.findall(r"`([a-z0-9_]+)`", text)


def same(what, said, truth):
    """Problems when the names @said differ from @truth."""
    out = []
    said_set = set(said)
    if len(said) != len(said_set):
        out.append(f"{what}: names some twice")
    for name in sorted(set(truth) - said_set):
        out.append(f"{what}: does not name {name}")
    for name in sorted(said_set - set(truth)):
        out.append(f"{what}: names {name}, which is not there")
    return out


def readme_ops(readme, ops):
    m = re.search(r"^The (\d+) ops, each a `urb_push_<op>\(\)`: (.*?): see the \[op reference\]",
                  readme, flags=re.S | re.M)
    if not m:
        return ["README.md: no 'The N ops, each a `urb_push_<op>()`: ...: see the [op reference]'"]
    out = same("README.md's list of ops", ticked(m.group(2)), ops)
    if int(m.group(1)) != len(ops):
        out.append(f"README.md: says {m.group(1)} ops, spec/ops has {len(ops)}")
    return out


def bullet_heads(text):
    """The names that start each `- `a`, `b`: ...` bullet of @text."""
    said = []
    for line in text.splitlines():
        b = re.match(r"^- ((?:`[a-z0-9_]+`(?:, )?)+):", line)
        if b:
            said += ticked(b.group(1))
    return said


def arg_types(doc, schema, all_specs):
    m = re.search(r"^### Argument types\n(.*?)^#", doc, flags=re.S | re.M)
    if not m:
        return ["docs/ADDING_AN_OPCODE.md: no '### Argument types' section"]
    said = bullet_heads(m.group(1))
    kind_args = list(schema.get("kind_args") or {})
    used = {a["type"] for s in all_specs.values()
            for part in ("required", "optional") for a in s["args"].get(part) or []}
    truth = list(schema["arg"]["keys"]["type"]["values"]) + \
        [k for k in kind_args if k in used or k in said]
    return same("docs/ADDING_AN_OPCODE.md's argument types", said, truth)


def new_fd_ops(all_specs):
    return sorted(name for name, s in all_specs.items()
                  if s["completion"]["result"] == "fd"
                  or any(r.get("new_fds") for r in s.get("record") or []))


def drain_page(page, all_specs):
    m = re.search(r"\(ops: ([a-z0-9_, \n]+);", page)
    if not m:
        return ["man/man3/urb_bearer_free.3: no '(ops: ...;' list of the ops whose new fds a drain closes"]
    said = [w.strip() for w in m.group(1).replace("\n", " ").split(",") if w.strip()]
    return same("urb_bearer_free(3)'s ops whose new fds a drain closes", said, new_fd_ops(all_specs))


def make_list(makefile, var):
    m = re.search(rf"^{var} = \^\((.*?)\)\$\$$", makefile, flags=re.M)
    return m.group(1).split("|") if m else []


def testing(doc, makefile, valgrind):
    out = []
    passes = {
        "PYTHON_TESTS": r"^2\. \*\*Sanitized\*\*(.*?)^3\. ",
        "TSAN_TESTS": r"^4\. \*\*ThreadSanitizer\*\*(.*?)^   No suppressions",
    }
    for var, pattern in passes.items():
        truth = make_list(makefile, var)
        m = re.search(pattern, doc, flags=re.S | re.M)
        if not truth or not m:
            out.append(f"docs/TESTING.md or the Makefile: cannot find {var}")
            continue
        said = [n for n in ticked(m.group(1)) if n not in ("build", "thread", "send_zc")]
        out += same(f"docs/TESTING.md's {var}", said, truth)
    skip = re.search(r"^SKIP = \{(.*?)^\}", valgrind, flags=re.S | re.M)
    m = re.search(r"^Skipped, each with its reason printed:\n(.*?)^`test_threads` does run",
                  doc, flags=re.S | re.M)
    if not skip or not m:
        out.append("docs/TESTING.md or scripts/valgrind.py: cannot find the valgrind skips")
    else:
        truth = re.findall(r'^\s+"([a-z0-9_]+)":', skip.group(1), flags=re.M)
        said = bullet_heads(m.group(1))
        out += same("docs/TESTING.md's valgrind skips", said, truth)
    return out


def check(texts, all_specs, schema):
    return (readme_ops(texts["readme"], sorted(all_specs))
            + arg_types(texts["adding"], schema, all_specs)
            + drain_page(texts["free"], all_specs)
            + testing(texts["testing"], texts["makefile"], texts["valgrind"]))


def self_test(texts, all_specs, schema):
    """Each check must notice one name taken out of its document."""
    cuts = {
        "readme": "`accept_multi`, ",
        "adding": "- `futex`: a bearer futex id.\n",
        "free": "openat2, ",
        "testing": "`test_messages` (bearers on two threads\n   message each other), ",
        "valgrind": '    "futex_wake": THREADS_WAIT,\n',
    }
    failures = []
    for key, cut in cuts.items():
        if cut not in texts[key]:
            failures.append(f"self-test: '{cut.strip()}' is not in the {key} text any more")
            continue
        broken = dict(texts, **{key: texts[key].replace(cut, "", 1)})
        if not check(broken, all_specs, schema):
            failures.append(f"self-test: taking '{cut.strip()}' out of the {key} text went unnoticed")
    return failures


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[3].strip())
    src = Path(argv[1]).resolve()
    texts = {
        "readme": (src / "README.md").read_text(),
        "adding": (src / "docs/ADDING_AN_OPCODE.md").read_text(),
        "free": (src / "man/man3/urb_bearer_free.3").read_text(),
        "testing": (src / "docs/TESTING.md").read_text(),
        "makefile": (src / "Makefile").read_text(),
        "valgrind": (src / "scripts/valgrind.py").read_text(),
    }
    all_specs = specs(src)
    schema = yaml.safe_load((src / "spec/schema.yaml").read_text())
    problems = check(texts, all_specs, schema) + self_test(texts, all_specs, schema)
    for p in problems:
        print(p)
    if problems:
        print(f"docs_agree: FAILED ({len(problems)} problems)")
        return 1
    print(f"docs_agree: README's {len(all_specs)} ops, the schema's argument types, the ops "
          f"whose new fds a drain closes ({', '.join(new_fd_ops(all_specs))}) and "
          f"TESTING.md's test lists agree with the code; each check catches a name left out")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
