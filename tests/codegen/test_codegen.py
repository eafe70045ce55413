#!/usr/bin/env python3
"""Golden and robustness tests for codegen/urb_gen.py (ctest: codegen_golden).

    tests/codegen/test_codegen.py            run every test
    tests/codegen/test_codegen.py -v -k bad  unittest options pass through
    tests/codegen/test_codegen.py --update   rewrite good/expected/ from good/ops/

Run --update after a deliberate change to the templates or the generator,
then read `git diff tests/codegen/good/expected` before committing it.

Data, beside this file:
  good/ops/*.yaml   a few small ops; each test run copies them into a fresh
                    spec dir next to the real spec/schema.yaml
  good/expected/    what the generator writes for them, byte for byte, under
                    the same paths as its outputs (generated/..., docs/...)
  bad/*.yaml        one broken op each, first line `# expect: LINE: substring`:
                    the generator must fail on it with exactly one stderr line
                    `spec/ops/<stem>.yaml:LINE: error: ...` holding substring,
                    and write nothing.  `<0xNN>` in a bad file stands for the
                    raw byte NN (bytes that are awkward to commit).

The generator runs in-process (urb_gen.main) for speed; a few tests run it as
a subprocess too, so that the real CLI, its exit status and hash
randomisation are covered.  The mutation fuzzer is seeded: a failure names
the iteration and prints the mutated file, so it reproduces.
"""

import contextlib
import difflib
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
import unittest
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GEN = REPO / "codegen" / "urb_gen.py"
SCHEMA = REPO / "spec" / "schema.yaml"
REAL_OPS = REPO / "spec" / "ops"
GOOD_OPS = HERE / "good" / "ops"
EXPECTED = HERE / "good" / "expected"
BAD = HERE / "bad"

sys.path.insert(0, str(REPO / "codegen"))
import jinja2  # noqa: E402
import spec_model  # noqa: E402
import urb_gen  # noqa: E402

GOOD_NAMES = sorted(p.stem for p in GOOD_OPS.glob("*.yaml"))
OUTPUTS = urb_gen.output_paths(GOOD_NAMES)  # the good ops' outputs
ERROR_LINE = re.compile(r"^(spec/ops/[^:/]+\.yaml):([0-9]+): error: (.+)$")
EXPECT = re.compile(rb"^# expect: ([0-9]+): (.+)$")
PLACEHOLDER = re.compile(rb"<0x([0-9a-fA-F]{2})>")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared across the fuzzer's many runs (the generator
    builds a fresh Environment each run; recompiling costs ~80 ms)."""

    def __init__(self):
        self.store = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


_CACHE = _MemoryBytecodeCache()
_REAL_ENVIRONMENT = jinja2.Environment


def _cached_environment(*args, **kwargs):
    return _REAL_ENVIRONMENT(*args, bytecode_cache=_CACHE, **kwargs)


_SCHEMAS = {}
_REAL_LOAD_SCHEMA = spec_model.load_schema


def _cached_load_schema(path, *rest):
    """The same schema.yaml bytes give the same schema (PyYAML's pure-Python
    composer takes ~30 ms over it)."""
    key = (Path(path).read_bytes(), rest)
    if key not in _SCHEMAS:
        _SCHEMAS[key] = _REAL_LOAD_SCHEMA(path, *rest)
    return _SCHEMAS[key]


def run_gen(spec, out, *extra, fast=False):
    """urb_gen.main in-process: (exit status, stdout, stderr).  An uncaught
    exception becomes status None with its traceback in stderr.  fast=True
    shares compiled templates and the parsed schema across runs."""
    so, se = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if fast:
            stack.enter_context(mock.patch.object(urb_gen.jinja2, "Environment",
                                                  _cached_environment))
            stack.enter_context(mock.patch.object(spec_model, "load_schema",
                                                  _cached_load_schema))
        stack.enter_context(contextlib.redirect_stdout(so))
        stack.enter_context(contextlib.redirect_stderr(se))
        try:
            rc = urb_gen.main(["--spec", str(spec), "--out", str(out), *extra])
        except SystemExit as e:
            rc = e.code
        except Exception:  # noqa: BLE001 - a traceback is what we look for
            traceback.print_exc()
            rc = None
    return rc, so.getvalue(), se.getvalue()


def run_cli(spec, out, *extra, cwd=None, env=None):
    proc = subprocess.run(
        [sys.executable, str(GEN), "--spec", str(spec), "--out", str(out), *extra],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def make_spec(root, ops):
    """root/spec with the real schema.yaml and ops/<name>.yaml for {name: bytes}."""
    spec = Path(root) / "spec"
    (spec / "ops").mkdir(parents=True)
    shutil.copyfile(SCHEMA, spec / "schema.yaml")
    for name, data in ops.items():
        (spec / "ops" / f"{name}.yaml").write_bytes(data)
    return spec


def good_ops():
    return {p.stem: p.read_bytes() for p in sorted(GOOD_OPS.glob("*.yaml"))}


def tree(root):
    """Every file and folder under root, relative, sorted."""
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def read_outputs(out):
    return {rel: (Path(out) / rel).read_bytes() for rel in OUTPUTS}


def text_diff(want, got, name):
    return "".join(difflib.unified_diff(
        want.decode("utf-8", "replace").splitlines(True),
        got.decode("utf-8", "replace").splitlines(True),
        f"expected/{name}", f"generated/{name}"))


def output_tree(names=None):
    """What tree(out) is after a run over the ops @names (default: the good
    ones): the outputs and their folders."""
    paths = set()
    for rel in (OUTPUTS if names is None else urb_gen.output_paths(names)):
        parts = Path(rel).parts
        paths.update(str(Path(*parts[:i])) for i in range(1, len(parts) + 1))
    return sorted(paths)


def yaml_lines(data):
    return max(1, len(data.splitlines()))


class Golden(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        self.spec = make_spec(self.tmp, good_ops())
        self.out = self.tmp / "out"
        self.out.mkdir()

    def generate(self, out=None):
        rc, so, se = run_gen(self.spec, out or self.out)
        self.assertEqual((rc, se), (0, ""), "the good spec must generate")
        return read_outputs(out or self.out)

    def test_matches_expected(self):
        got = self.generate()
        self.assertEqual(tree(self.out), tree(EXPECTED),
                         "the generator writes other files than good/expected holds")
        diffs = [text_diff((EXPECTED / rel).read_bytes(), data, rel)
                 for rel, data in got.items() if (EXPECTED / rel).read_bytes() != data]
        if diffs:
            self.fail("output differs from tests/codegen/good/expected "
                      "(run tests/codegen/test_codegen.py --update if that is "
                      "intended):\n" + "".join(diffs))

    def test_deterministic(self):
        first = self.generate()
        second_dir = self.tmp / "again"
        self.assertEqual(self.generate(second_dir), first, "two in-process runs differ")
        # The CLI, with other hash seeds, from another working directory and
        # with a relative --spec, must write the same bytes.
        for seed in ("1", "4242"):
            out = self.tmp / f"cli{seed}"
            env = dict(os.environ, PYTHONHASHSEED=seed)
            rc, _, se = run_cli("spec", out.name, cwd=self.tmp, env=env)
            self.assertEqual((rc, se), (0, ""))
            self.assertEqual(read_outputs(out), first, f"PYTHONHASHSEED={seed} differs")

    def test_banner_and_no_absolute_paths(self):
        for rel, data in self.generate().items():
            text = data.decode("utf-8")
            first = text.splitlines()[0]
            if rel.endswith("_user.3"):  # the _user form's link page: one line, no banner
                self.assertEqual(text, f".so man3/{Path(rel).stem.removesuffix('_user')}.3\n", rel)
                continue
            if rel.endswith(".3"):  # a man page names the spec of its op
                op = Path(rel).stem.removeprefix("urb_push_")
                self.assertEqual(first, f'.\\" Generated from spec/ops/{op}.yaml by '
                                 f'codegen/urb_gen.py - do not edit.', rel)
                continue
            source = "schema.yaml" if rel.endswith(("sqe.h", "kinds.h")) else "ops/ "
            self.assertRegex(first, r"^(/\*|<!--) Generated from spec/" + source, rel)
            for path in (self.tmp, self.tmp.resolve(), REPO, Path.home()):
                if len(path.parts) > 1:
                    self.assertNotIn(str(path), text, rel)
            self.assertNotIn("/spec/ops", text, f"{rel} names a spec path that is not relative")

    def test_omitted_default_is_zero(self):
        """An optional arg without `default:` is the same as `default: 0`
        (URB_PLAIN for an fd_target): the good ops omit two, and spelling
        them out must not change a byte."""
        ops = good_ops()
        self.assertNotIn(b"default", ops["poke"].split(b"name: prio", 1)[1].split(b"}", 1)[0])
        self.assertNotIn(b"default", ops["take"].split(b"name: into", 1)[1].split(b"}", 1)[0])
        spelt = dict(ops)
        spelt["poke"] = ops["poke"].replace(b"{name: prio, type: i32,",
                                            b"{name: prio, type: i32, default: 0,")
        spelt["take"] = ops["take"].replace(b"{name: into, type: fd_target,",
                                            b"{name: into, type: fd_target, default: URB_PLAIN,")
        self.assertNotEqual(spelt, ops)
        other = self.tmp / "spelt"
        spec = make_spec(other, spelt)
        rc, _, se = run_gen(spec, other / "out")
        self.assertEqual((rc, se), (0, ""))
        self.assertEqual(read_outputs(other / "out"), self.generate())

    def test_man_page_of_removed_op_is_stale(self):
        """A man page whose op is gone fails --check, and a run removes it;
        files in the folder that are not the generator's stay."""
        self.generate()
        page = self.out / "generated/man/man3/urb_push_take.3"
        mine = self.out / "generated/man/man3/notes.txt"
        mine.write_text("not the generator's\n")
        self.assertTrue(page.exists())
        (self.spec / "ops" / "take.yaml").unlink()
        rc, so, se = run_gen(self.spec, self.out, "--check")
        self.assertEqual(rc, 1, se)
        self.assertIn("generated/man/man3/urb_push_take.3: no op generates it", so)
        self.assertTrue(page.exists(), "--check removed a file")
        rc, _, se = run_gen(self.spec, self.out)
        self.assertEqual((rc, se), (0, ""))
        self.assertFalse(page.exists())
        self.assertTrue(mine.exists())

    def test_off_stays_a_field(self):
        ops_c = self.generate()["generated/src/ops.c"].decode()
        self.assertIn("urb__sqe_off(p.sqe, opts->cookie);", ops_c)

    def test_symlinked_ops(self):
        """Ops that are symlinks still print as spec/ops/<name>.yaml."""
        tmp = self.tmp / "links"
        spec = make_spec(tmp, {})
        for path in sorted(GOOD_OPS.glob("*.yaml")):
            (spec / "ops" / path.name).symlink_to(path)
        rc, _, se = run_gen(spec, tmp / "out")
        self.assertEqual((rc, se), (0, ""))
        self.assertEqual(read_outputs(tmp / "out"), self.generate())

    def test_check_fresh_passes(self):
        self.generate()
        before = read_outputs(self.out)
        rc, so, se = run_gen(self.spec, self.out, "--check")
        self.assertEqual(rc, 0, se)
        self.assertIn("up to date", so)
        self.assertEqual(se, "")
        self.assertEqual(read_outputs(self.out), before, "--check wrote something")
        rc, so, se = run_cli(self.spec, self.out, "--check")
        self.assertEqual((rc, se), (0, ""))

    def test_check_modified_fails_with_diff(self):
        self.generate()
        target = self.out / "generated/src/ops.c"
        edited = target.read_bytes().replace(b"URB__LIFE_MULTISHOT", b"URB__LIFE_SINGLE", 1)
        self.assertNotEqual(edited, target.read_bytes())
        target.write_bytes(edited)
        rc, so, se = run_cli(self.spec, self.out, "--check")
        self.assertEqual(rc, 1)
        self.assertIn("+++ b/generated/src/ops.c", so)
        self.assertIn("-\t\t.lifetime = URB__LIFE_SINGLE,", so)
        self.assertIn("+\t\t.lifetime = URB__LIFE_MULTISHOT,", so)
        self.assertIn("stale", se)
        self.assertNotIn("Traceback", se)
        self.assertEqual(target.read_bytes(), edited, "--check rewrote the file")

    def test_check_missing_and_undecodable(self):
        self.generate()
        (self.out / "docs/OPCODES.md").unlink()
        (self.out / "generated/src/ops_records.h").write_bytes(b"\xff\xfe junk\n")
        rc, so, se = run_gen(self.spec, self.out, "--check")
        self.assertEqual(rc, 1, se)
        self.assertNotIn("Traceback", se)
        self.assertIn("2 generated file(s) are stale", se)
        self.assertIn("+++ b/docs/OPCODES.md", so)
        self.assertFalse((self.out / "docs/OPCODES.md").exists())

    def test_rewrites_only_changed_files(self):
        self.generate()
        old = 1_000_000_000
        for rel in OUTPUTS:
            os.utime(self.out / rel, ns=(old, old))
        (self.out / "docs/OPCODES.md").write_bytes(b"stale\n")
        os.utime(self.out / "docs/OPCODES.md", ns=(old, old))
        self.generate()
        changed = [rel for rel in OUTPUTS if (self.out / rel).stat().st_mtime_ns != old]
        self.assertEqual(changed, ["docs/OPCODES.md"])
        self.assertEqual(tree(self.out), output_tree(), "a temporary file was left")

    def test_error_keeps_existing_output(self):
        before = self.generate()
        (self.spec / "ops" / "take.yaml").write_bytes(b"op: take\nsummary: [\n")
        rc, _, se = run_gen(self.spec, self.out)
        self.assertEqual(rc, 1)
        self.assertRegex(se, r"^spec/ops/take\.yaml:[0-9]+: error: YAML: ")
        self.assertEqual(read_outputs(self.out), before)
        self.assertEqual(tree(self.out), output_tree())


def bad_cases():
    """(name, contents, line, substring) for each tests/codegen/bad/*.yaml."""
    cases = []
    for path in sorted(BAD.glob("*.yaml")):
        raw = path.read_bytes()
        m = EXPECT.match(raw.split(b"\n", 1)[0])
        if not m:
            raise AssertionError(f"{path}: first line must be '# expect: LINE: substring'")
        data = PLACEHOLDER.sub(lambda p: bytes([int(p.group(1), 16)]), raw)
        cases.append((path.stem, data, int(m.group(1)), m.group(2).decode()))
    return cases


class BadInputs(unittest.TestCase):
    def assert_fails(self, name, data, line, substring, runner=None):
        runner = runner or (lambda spec, out: run_gen(spec, out, fast=True))
        with tempfile.TemporaryDirectory() as tmp:
            spec = make_spec(tmp, {name: data})
            out = Path(tmp) / "out"
            out.mkdir()
            rc, so, se = runner(spec, out)
            self.assertNotIn("Traceback", se)
            self.assertEqual(rc, 1, f"exit status; stderr: {se!r}")
            self.assertEqual(so, "")
            self.assertTrue(se.endswith("\n") and se.count("\n") == 1,
                            f"want exactly one stderr line, got {se!r}")
            m = ERROR_LINE.match(se.rstrip("\n"))
            self.assertIsNotNone(m, f"not 'file:line: error: message': {se!r}")
            self.assertEqual(m.group(1), f"spec/ops/{name}.yaml")
            self.assertEqual(int(m.group(2)), line, se)
            self.assertIn(substring, m.group(3))
            self.assertEqual(tree(out), [], "an error wrote output")

    def test_bad_files(self):
        cases = bad_cases()
        self.assertGreaterEqual(len(cases), 20)
        for name, data, line, substring in cases:
            with self.subTest(bad=name):
                self.assert_fails(name, data, line, substring)

    def test_bad_file_through_cli(self):
        name, data, line, substring = next(c for c in bad_cases() if c[0] == "unknown_key")
        self.assert_fails(name, data, line, substring, runner=run_cli)

    def test_generated_bad_inputs(self):
        deep = b"op: deep\nsummary: " + b"[" * 5000 + b"]" * 5000 + b"\n"
        for name, data, line, substring in [
            ("zero_bytes", b"", 1, "file is empty"),
            ("deep", deep, 1, "nests too deeply"),
            ("bom_only", b"\xef\xbb\xbf", 1, "file is empty"),
            ("nul", b"op: nul\nsummary: a\x00b\n", 2, "unacceptable character #x0000"),
            ("crlf_dup", b"op: crlf_dup\r\nsummary: a\r\nsummary: b\r\n", 3, "duplicate key"),
        ]:
            with self.subTest(case=name):
                self.assert_fails(name, data, line, substring)

    def test_library_kind_arg_outside(self):
        """An op generated outside the library may not take an argument type whose
        push call only the library declares (kind_args with decl)."""
        data = (REAL_OPS / "write_set.yaml").read_bytes()
        line = data.decode().splitlines().index(next(
            x for x in data.decode().splitlines() if "type: set_read" in x)) + 1
        self.assert_fails("write_set", data, line, "is the library's own",
                          runner=lambda spec, out: run_gen(spec, out, "--external", "myx",
                                                           fast=True))

    def test_library_kind_arg_linked_static(self):
        """The same op generated outside the library for a program linked with
        liburb.a (--linked-static): the push call is declared in PREFIX_ops.c."""
        with tempfile.TemporaryDirectory() as tmp:
            spec = make_spec(tmp, {"write_set": (REAL_OPS / "write_set.yaml").read_bytes()})
            out = Path(tmp) / "out"
            rc, _, se = run_gen(spec, out, "--external", "myx", "--linked-static", fast=True)
            self.assertEqual(rc, 0, se)
            ops_c = (out / "myx_ops.c").read_text()
            self.assertIn(spec_model.KIND_ARGS["set_read"].decl + ";\n", ops_c)
            self.assertIn("rc = urb__setread_push(&p, set, &sqe_addr, &sqe_len);", ops_c)

    def test_kinds_header(self):
        """The library's generation writes the kinds header from the schema: every
        kind in order, and the push calls only the library declares."""
        with tempfile.TemporaryDirectory() as tmp:
            spec = make_spec(tmp, good_ops())
            out = Path(tmp) / "out"
            rc, _, se = run_gen(spec, out)
            self.assertEqual(rc, 0, se)
            text = (out / "generated/src/kinds.h").read_text()
            kinds = spec_model.load_kinds(spec, tmp)
            enum = re.findall(r"^\tURB__KIND_(\w+), ", text, flags=re.M)
            self.assertEqual(enum, [k["name"].upper() for k in kinds])
            for k in spec_model.KIND_ARGS.values():
                if k.decl:
                    self.assertIn(k.decl + ";\n", text)

    def test_kind_arg_options(self):
        """A kind_args entry's options: the arg must give each, with a value the
        entry names, and {key} in the push call becomes that value's C; include
        puts its header before the push functions' declarations."""
        entry = ("kind_args:\n"
                 "  probe_mem:\n"
                 "    c_type: 'const struct iovec *'\n"
                 "    include: sys/uio.h\n"
                 "    push: 'probe_push(&p, {value}, {access}, &sqe_addr)'\n"
                 "    locals: [{type: uint64_t, name: sqe_addr}]\n"
                 "    sqe: sqe_addr\n"
                 "    man: 'Memory.'\n"
                 "    options: {access: {read: 'false', write: 'true'}}\n")
        op = ("op: probe\nsummary: s\nkernel: {opcode: IORING_OP_READ, number: 22, since: '5.6'}\n"
              "args:\n  required:\n    - {name: m, type: probe_mem, %s sqe: addr}\n"
              "lifetime: {kind: single, holds: [m]}\ncompletion: {result: bytes}\n")
        for access, line, want in (("access: write,", 0, "probe_push(&p, m, true, &sqe_addr)"),
                                   ("access: read,", 0, "probe_push(&p, m, false, &sqe_addr)"),
                                   ("", 6, "type probe_mem needs 'access'")):
            with self.subTest(access=access), tempfile.TemporaryDirectory() as tmp:
                spec = make_spec(tmp, {"probe": (op % access).encode()})
                schema = spec / "schema.yaml"
                schema.write_text(schema.read_text().replace("kind_args:\n", entry, 1))
                out = Path(tmp) / "out"
                rc, _, se = run_gen(spec, out, "--external", "pr", "--linked-static")
                if not line:  # the library's own op: its lifetime tests need test.setup
                    rc2, _, se2 = run_gen(spec, Path(tmp) / "lib")
                    self.assertEqual(rc2, 1)
                    self.assertIn("probe.yaml:6: error: arg 'm': type probe_mem has no test.setup",
                                  se2)
                if line:
                    self.assertEqual(rc, 1)
                    self.assertIn(f"probe.yaml:{line}: error:", se)
                    self.assertIn(want, se)
                    continue
                self.assertEqual(rc, 0, se)
                self.assertIn(want, (out / "pr_ops.c").read_text())
                self.assertIn("#include <sys/uio.h>", (out / "pr_ops.h").read_text())

    def test_no_op_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            spec = make_spec(tmp, {})
            rc, _, se = run_gen(spec, Path(tmp) / "out")
            self.assertEqual((rc, se), (1, "spec/ops:0: error: no op files\n"))
            self.assertFalse((Path(tmp) / "out").exists())


# ------------------------------------------------------------------- fuzzer

FUZZ_SEED = 0x5EC0DE
FUZZ_ITERATIONS = 300
TOKENS = [
    b"lenght", b"x" * 70, b"99999999999999999999999", b"-1", b"0", b"256", b"''",
    b'""', b"on", b"off", b"yes", b"no", b"null", b"~", b"[", b"]", b"{", b"}",
    b"*/", b"\xff", b"\xc3", b"\x01", b"0x10", b"5.5", b'"5.99"', b'"5.256"',
    b"&a", b"*a", b"!!bool maybe", b"!!int x", b"!!timestamp x", b"!!binary",
    b"{a: 1}", b"[a, b]", b":", b"- x", b"#", b"\t", b"'", b'"', b"|", b">",
    b"opts", b"rc", b"file_index", b"addr2", b"off", b"len", b"accept_flags",
    b"buffer", b"fd_target", b"any_fd", b"raw_fd", b"key", b"sockaddr_in",
    b"sockaddr_out", b"multishot", b"allowed", b"refused", b"true", b"false",
    b"URB_PLAIN", b"fd", b"target", b"buf", b"peer", b"write", b"read",
    b"none", b"bytes", b"[]", b"{}", b"1e400", b"3.0", b"-0",
]
WORD = re.compile(rb"[A-Za-z0-9_.\"']+")


def mutate(rng, data, pool):
    """One random edit of data; returns (new data, what was done)."""
    lines = data.split(b"\n")
    kind = rng.choice(["delete", "duplicate", "swap", "scalar", "scalar", "scalar",
                       "scalar", "insert", "truncate"])
    i = rng.randrange(len(lines))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        kind = f"swap {j + 1} and"
    elif kind == "insert":
        lines.insert(i, rng.choice(pool))
    elif kind == "truncate":
        cut = rng.randrange(len(data) + 1)
        return data[:cut], f"truncate at byte {cut}"
    else:
        words = list(WORD.finditer(lines[i]))
        if not words:
            return data, "no-op"
        w = rng.choice(words)
        token = rng.choice(TOKENS + [rng.choice(pool).strip() or b"x"] +
                           [rng.choice(WORD.findall(data))] * 3)
        lines[i] = lines[i][: w.start()] + token + lines[i][w.end():]
        kind = f"replace {w.group()!r} with {token!r} in"
    return b"\n".join(lines), f"{kind} line {i + 1}"


class Fuzz(unittest.TestCase):
    def test_mutations(self):
        rng = random.Random(FUZZ_SEED)
        sources = sorted(REAL_OPS.glob("*.yaml"))
        texts = {p.stem: p.read_bytes() for p in sources}
        pool = [line for t in texts.values() for line in t.split(b"\n")]
        failures, outcomes = [], {"ok": 0, "error": 0}
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(FUZZ_ITERATIONS):
                name = rng.choice(sorted(texts))
                data, done = texts[name], []
                for _ in range(rng.choice([1, 1, 2, 3])):
                    data, what = mutate(rng, data, pool)
                    done.append(what)
                spec = make_spec(Path(tmp) / str(n), {name: data})
                out = Path(tmp) / str(n) / "out"
                out.mkdir()
                rc, so, se = run_gen(spec, out, fast=True)
                problem = self.judge(rc, so, se, out, name, data)
                if problem:
                    failures.append(f"iteration {n}: {name}.yaml, {'; '.join(done)}: "
                                    f"{problem}\n--- stderr:\n{se}--- file:\n"
                                    f"{data.decode('utf-8', 'replace')}\n")
                else:
                    outcomes["ok" if rc == 0 else "error"] += 1
        if failures:
            self.fail(f"{len(failures)} of {FUZZ_ITERATIONS} mutations misbehaved "
                      f"(seed {FUZZ_SEED:#x}):\n\n" + "\n".join(failures[:10]))
        # Both outcomes must occur, or the fuzzer tests little.
        self.assertGreater(outcomes["ok"], FUZZ_ITERATIONS // 50, outcomes)
        self.assertGreater(outcomes["error"], FUZZ_ITERATIONS // 3, outcomes)

    @staticmethod
    def judge(rc, so, se, out, name, data):
        if "Traceback" in se or rc is None:
            return "traceback"
        if rc == 0:
            if se:
                return "exit 0 with stderr"
            if tree(out) != output_tree([name]):
                return f"exit 0 but wrote {tree(out)}"
            return None
        if rc != 1:
            return f"exit status {rc!r}"
        if tree(out):
            return f"exit 1 but wrote {tree(out)}"
        if not (se.endswith("\n") and se.count("\n") == 1):
            return "stderr is not exactly one line"
        m = ERROR_LINE.match(se.rstrip("\n"))
        if not m:
            return "stderr is not 'file:line: error: message'"
        if m.group(1) != f"spec/ops/{name}.yaml":
            return f"error names {m.group(1)}"
        if not 1 <= int(m.group(2)) <= yaml_lines(data):
            return f"line {m.group(2)} is outside the file's {yaml_lines(data)} lines"
        return None


# ------------------------------------------------------------------- update

def update_expected():
    with tempfile.TemporaryDirectory() as tmp:
        spec = make_spec(tmp, good_ops())
        out = Path(tmp) / "out"
        rc, _, se = run_gen(spec, out)
        if rc != 0:
            sys.exit(f"test_codegen: the good spec does not generate:\n{se}")
        if EXPECTED.exists():
            shutil.rmtree(EXPECTED)
        shutil.copytree(out, EXPECTED)
    for rel in tree(EXPECTED):
        print(f"wrote {EXPECTED.relative_to(REPO) / rel}")


if __name__ == "__main__":
    if "--update" in sys.argv[1:]:
        update_expected()
        sys.exit(0)
    unittest.main()
