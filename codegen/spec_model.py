"""Load spec/ops/*.yaml, check them against spec/schema.yaml, and build the
typed model the templates print.

Every error is a SpecError carrying the file and line it is about; nothing
here writes a file.
"""

import dataclasses
import re
from pathlib import Path

import yaml

IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
VERSION = re.compile(r"^([0-9]{1,3})\.([0-9]{1,3})$")
OP_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_OP_NAMES = {"stale", "message", "fd_message"}  # URB_OP_STALE, ... are the dispatcher's own

# C keywords and names the generated code uses itself: an arg may not take them.
RESERVED_NAMES = {
    "auto", "break", "case", "char", "const", "continue", "default", "do",
    "double", "else", "enum", "extern", "float", "for", "goto", "if",
    "inline", "int", "long", "register", "restrict", "return", "short",
    "signed", "sizeof", "static", "struct", "switch", "typedef", "union",
    "unsigned", "void", "volatile", "while", "_Bool", "b", "opts", "p",
    "r", "rc", "submit_flags", "user", "key_out", "sqe_addr", "sqe_len", "sqe_nbufs", "sqe_index",
    "sqe_set",
    "defaults",
}

# How each arg type reaches C, and what it may carry.
ARG_TYPES = {
    #  type:        (C type,                    resource, scalar sqe, optional ok)
    "fixed_fd": ("urb_fd_t", True, True, False),
    "any_fd": ("urb_fd_t", True, True, False),
    "fd_target": ("urb_fd_t", True, True, True),
    "raw_fd": ("urb_fd_t", False, True, False),
    "buffer": ("urb_buf_t", True, False, False),
    "sockaddr_in": ("const struct sockaddr *", False, False, False),
    "key": ("uint64_t", False, True, False),
    "buffer_group": ("uint32_t", True, True, False),
    "buffer_bundle": ("uint32_t", True, False, False),
    "buffer_set": ("uint32_t", True, False, False),
    "futex_vec": ("const struct urb_futex_wait *", True, False, False),
    "value_in": ("const void *", False, True, False),  # c_type: const <ctype> *
    "buffer_vec": ("const urb_buf_t *", True, False, False),
    "fd_vec": ("const int32_t *", True, False, False),
    "msg_fd": ("urb_fd_t", True, False, False),
    "u32": ("uint32_t", False, True, True),
    "i32": ("int32_t", False, True, True),
    "u64": ("uint64_t", False, True, True),
}

# Roles of a pointer-and-length value in the SQE, per type.
SQE_ROLES = {
    "buffer": ("addr", "length"),
    "sockaddr_in": ("addr", "length"),
    "futex_vec": ("addr", "length"),
    "sockaddr_out": ("addr", "length_ptr"),
    "epoll_events_out": ("addr", "length"),
    "value_out": ("addr",),
    "buffer_vec": ("addr", "length"),
    "fd_vec": ("addr", "length", "offset"),
    "msg_fd": ("slot", "data"),
    "buffer_bundle": ("group", "length"),
    ("buffer_set", "provide"): ("addr", "length", "count", "group"),
    ("buffer_set", "remove"): ("count", "group"),
}

# Types the record keeps a copy of (the kernel reads it after the push returns).
COPIED_TYPES = ("sockaddr_in", "value_in", "futex_vec", "buffer_bundle")

# The core's per-record limits (src/internal.h): a spec may not exceed them.
MAX_HOLDS = 4  # URB__REC_MAX_HOLDS: resources one record holds
MAX_BUFFERS = 1
MAX_FUTEXES = 8  # URB__FUTEXV_MAX: words in one futex_vec

# Holds (entries of a record's hold list, one per resource) each arg type
# takes: a buffer vector is its buffers and the record storage for their
# iovec; a plain fd holds nothing.  A value_out record field takes one.
HOLDS_PER_TYPE = {"fixed_fd": 1, "any_fd": 1, "fd_target": 1, "buffer": 1, "buffer_vec": 2,
                  "fd_vec": 2, "msg_fd": 1, "buffer_group": 1,
                  "buffer_bundle": 1, "buffer_set": 1,
                  "futex_vec": 1}

FD_KINDS = ["acceptor", "stream", "socket", "file"]


@dataclasses.dataclass
class KindArg:
    """An arg type a kind defines whole in spec/schema.yaml's kind_args: the
    generator, the templates, the man page and the lifetime tests read
    everything about it from there, in no branch of their own."""
    name: str
    c_type: str
    holds: int
    push: str       # the push call, C, with {value} for the argument
    sqe: object     # what lands in the arg's SQE field, C; or {role: C} over several
    man: str        # the argument's words in urb_push_<op>(3)
    locals: list    # [(C type, name)] urb_push_<op>() declares for the push call
    refusals: list  # [(code, words with {n} for the argument)]
    test: dict      # lifetime test: setup, held, back, idle (C, {name}), refused [(value, code)]
    decl: str = ""  # the push call's prototype, when no header declares it
    include: str = ""  # the system header that declares c_type's struct, if any
    # {arg key: {its value: C for {key}, or {placeholder: C}}}
    options: dict = dataclasses.field(default_factory=dict)
    held_man: str = ""  # what the kernel holds, in the man page's words ({v}: the argument)
    see_also: list = dataclasses.field(default_factory=list)  # man pages the op's page names
    resource: bool = True  # a resource lifetime.holds lists (false: the record's own storage)
    stores: bool = False   # it takes a run of record storage, counted with value_out's

    @property
    def sqe_roles(self):
        """[(role, C)] when the type lands over several SQE fields, else []."""
        return list(self.sqe.items()) if isinstance(self.sqe, dict) else []


# The kind-defined arg types of the schema in use (register_kind_args()).
KIND_ARGS = {}


def register_kind_args(schema):
    """Every kind_args entry of @schema becomes an arg type: the arg type enum,
    ARG_TYPES and HOLDS_PER_TYPE learn it, KIND_ARGS holds the rest."""
    for name, e in (schema.get("kind_args") or {}).items():
        t = e.get("test") or {}
        KIND_ARGS[name] = KindArg(
            name=name, c_type=e["c_type"], holds=int(e.get("holds", 1)), push=e["push"],
            sqe=dict(e["sqe"]) if isinstance(e["sqe"], dict) else e["sqe"], man=e["man"],
            decl=e.get("decl", ""), include=e.get("include", ""),
            options={key: dict(texts) for key, texts in (e.get("options") or {}).items()},
            held_man=e.get("held", ""), see_also=list(e.get("see_also") or []),
            resource=bool(e.get("resource", True)), stores=bool(e.get("stores", False)),
            locals=[(x["type"], x["name"]) for x in e.get("locals") or []],
            refusals=[(r["code"], r["words"]) for r in e.get("refusals") or []],
            test={"setup": t.get("setup", ""), "held": t.get("held", ""),
                  "back": t.get("back", ""), "idle": t.get("idle", ""),
                  "arg": t.get("arg", "v_{name}"), "prelude": t.get("prelude", ""),
                  "refused": [(r["value"], r["code"]) for r in t.get("refused") or []]})
        roles = KIND_ARGS[name].sqe_roles
        ARG_TYPES[name] = (e["c_type"], KIND_ARGS[name].resource, not roles, False)
        HOLDS_PER_TYPE[name] = KIND_ARGS[name].holds
        TYPE_KEYS[name] = set(KIND_ARGS[name].options)
        TYPE_REQUIRED_KEYS[name] = set(KIND_ARGS[name].options)
        if roles:
            SQE_ROLES[name] = tuple(role for role, _ in roles)
        values = schema["arg"]["keys"]["type"]["values"]
        if name not in values:
            values.append(name)

C_TYPE = re.compile(r"^((struct|union) )?[A-Za-z_][A-Za-z0-9_]*$")
HEADER = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*\.h$")

# Extra keys each arg type needs (+) or may not have (everything else).
TYPE_KEYS = {
    "fixed_fd": {"kinds", "becomes"},
    "msg_fd": {"kinds"},
    "any_fd": {"kinds", "slot_sqe", "closes", "becomes"},
    "raw_fd": {"cwd"},
    "fd_target": {"allow", "kind", "plain_only_bits"},
    "buffer": {"access", "fixed", "pages", "nonempty"},
    "buffer_vec": {"access", "fixed"},
    "buffer_bundle": {"access"},
    "buffer_set": {"action"},
    "futex_vec": {"flags"},
    "value_in": {"ctype", "include", "null_only_if"},
    "u32": {"values", "include"},
    "key": {"of"},
}
TYPE_REQUIRED_KEYS = {
    "fixed_fd": {"kinds"},
    "msg_fd": {"kinds"},
    "any_fd": {"kinds", "slot_sqe"},
    "fd_target": {"allow", "kind"},
    "buffer": {"access"},
    "buffer_vec": {"access"},
    "buffer_bundle": {"access"},
    "buffer_set": {"action"},
    "futex_vec": {"flags"},
    "value_in": {"ctype"},
}
COMMON_ARG_KEYS = {"name", "type", "sqe", "default", "doc"}


SQE_BYTES = 64


@dataclasses.dataclass
class SqeField:
    """A named field of the 64-byte SQE (spec/schema.yaml, sqe_layout)."""
    name: str
    offset: int
    width: int          # bytes: 1, 2, 4 or 8
    member: str = ""    # liburing 2.3's struct io_uring_sqe member on these bytes
    core: bool = False  # urb's core sets it for every op
    zero: bool = False  # reserved: the kernel requires zero

    @property
    def c_type(self):
        return f"uint{self.width * 8}_t"

    @property
    def bytes(self):
        return range(self.offset, self.offset + self.width)


def _ctypes(ops):
    """(ctype, include) of every value_in arg and value_out record field."""
    return [(x.ctype, x.include) for op in ops for x in op.args + op.record
            if x.type in ("value_in", "value_out")]


def _values_includes(ops):
    """Headers naming the values of args that take only some: before any constant defaults;
    and those declaring the C types of kind_args the ops use."""
    return {a.include for op in ops for a in op.args if a.values and a.include} | \
        {a.kind_arg.include for op in ops for a in op.args if a.kind_arg and a.kind_arg.include}


def public_includes(ops):
    """Headers the public ops header needs: those of types it cannot forward-declare, and of values."""
    return sorted({inc for ctype, inc in _ctypes(ops) if inc and not ctype.startswith("struct ")} |
                  _values_includes(ops))


def forward_structs(ops):
    """Struct types the public ops header names only by pointer: declared forward."""
    return sorted({ctype for ctype, _ in _ctypes(ops) if ctype.startswith("struct ")})


def all_includes(ops):
    """Every header the ops' types need, for the code that fills records."""
    return sorted({inc for _, inc in _ctypes(ops) if inc} | _values_includes(ops))


def load_layout(schema, display):
    """The SQE layout of a composed schema, checked: [SqeField] by offset."""
    raw = schema["sqe_layout"]
    fields = []
    for name, spec in raw.items():
        line = raw.line_of(name)
        if not isinstance(spec, Mapping) or set(spec) - {"offset", "width", "member",
                                                          "core", "zero"}:
            raise SpecError(display, line, f"sqe_layout.{name}: offset, width, member, "
                                           f"core, zero")
        field = SqeField(name, spec.get("offset"), spec.get("width"),
                         spec.get("member", ""), spec.get("core", False),
                         spec.get("zero", False))
        if (not isinstance(field.offset, int) or field.width not in (1, 2, 4, 8) or
                field.offset % field.width or field.offset + field.width > SQE_BYTES):
            raise SpecError(display, line, f"sqe_layout.{name}: an aligned field of 1, 2, 4 "
                                           f"or 8 bytes within {SQE_BYTES}")
        fields.append(field)
    return sorted(fields, key=lambda f: (f.offset, -f.width, f.name))


class SpecError(Exception):
    def __init__(self, path, line, message):
        # One line per error, whatever text the file put into the message.
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        super().__init__(f"{path}:{line}: error: {message}")
        self.path = path
        self.line = line
        self.message = message


class Mapping(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    def __init__(self, line):
        super().__init__()
        self.line = line
        self.key_lines = {}

    def line_of(self, key):
        return self.key_lines.get(key, self.line)


class Sequence(list):
    def __init__(self, line):
        super().__init__()
        self.line = line
        self.item_lines = []


def _line(node):
    return node.start_mark.line + 1


def compose_file(path, display):
    """Parse @path into Mapping/Sequence/scalars, keeping line numbers."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SpecError(display, line, "file is not valid UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            raise SpecError(display, 1, "file is empty")
        return _convert(node, display)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark and mark.index >= len(text.rstrip()):
            mark = e.context_mark  # unclosed at the end: point at where it opened
        line = mark.line + 1 if mark else 1
        line = max(1, min(line, text.count("\n") + (0 if text.endswith("\n") else 1)))
        problem = e.problem or e.context or "malformed YAML"
        raise SpecError(display, line, f"YAML: {problem}") from None
    except yaml.reader.ReaderError as e:
        line = len(_LINE_BREAK.split(text[: e.position]))
        raise SpecError(display, line, f"YAML: unacceptable character "
                        f"#x{e.character:04x}: {e.reason}") from None
    except yaml.YAMLError as e:
        raise SpecError(display, 1, f"YAML: {str(e).splitlines()[0]}") from None
    except RecursionError:
        raise SpecError(display, 1, "YAML nests too deeply") from None


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a new line


def _convert(node, display, active=frozenset()):
    if id(node) in active:
        raise SpecError(display, _line(node), "an alias refers to a node that contains it")
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        active = active | {id(node)}
    if isinstance(node, yaml.MappingNode):
        out = Mapping(_line(node))
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise SpecError(display, _line(knode), "mapping keys must be plain names")
            key = knode.value
            if key in out:
                raise SpecError(display, _line(knode), f"duplicate key '{key}'")
            out[key] = _convert(vnode, display, active)
            out.key_lines[key] = _line(knode)
        return out
    if isinstance(node, yaml.SequenceNode):
        out = Sequence(_line(node))
        for item in node.value:
            out.append(_convert(item, display, active))
            out.item_lines.append(_line(item))
        return out
    if (node.tag == "tag:yaml.org,2002:bool" and node.style is None
            and node.value.lower() not in ("true", "false")):
        return node.value  # YAML 1.1 reads on/off/yes/no as booleans; specs mean words
    try:
        value = yaml.SafeLoader("").construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as e:
        raise SpecError(display, _line(node), f"bad scalar: {e}") from None
    except Exception:  # a tagged scalar PyYAML cannot build: !!bool "x", !!timestamp "x"
        raise SpecError(display, _line(node),
                        f"bad scalar: {node.value!r} is no {node.tag}") from None
    return value


class SchemaChecker:
    """Checks a composed file against the node types of spec/schema.yaml."""

    def __init__(self, schema):
        self.schema = schema
        self.sqe_fields = {f.name: f for f in load_layout(schema, "spec/schema.yaml")}

    def check(self, value, rule, display, line, where):
        if isinstance(rule, str):
            rule = {"type": rule}
        kind = rule["type"]
        if isinstance(kind, str) and kind in self.schema and kind not in (
            "root", "sqe_layout"
        ):
            return self.check(value, self.schema[kind], display, line, where)
        check = getattr(self, "_" + kind, None)
        if check is None:
            raise RuntimeError(f"schema: unknown type {kind!r}")
        return check(value, rule, display, line, where)

    def _fail(self, display, line, where, message):
        raise SpecError(display, line, f"{where}: {message}" if where else message)

    def _map(self, value, rule, display, line, where):
        if not isinstance(value, Mapping):
            self._fail(display, line, where, "expected a mapping")
        keys = rule.get("keys", {})
        for key in value:
            if key not in keys:
                known = ", ".join(sorted(keys))
                self._fail(display, value.line_of(key), where,
                           f"unknown key '{key}' (known: {known})")
        for key, sub in keys.items():
            if key in value:
                self.check(value[key], sub, display, value.line_of(key),
                           f"{where}.{key}" if where else key)
            elif sub.get("required"):
                self._fail(display, value.line, where, f"missing key '{key}'")

    def _dict(self, value, rule, display, line, where):
        if not isinstance(value, Mapping):
            self._fail(display, line, where, "expected a mapping")
        for key, sub in value.items():
            kline = value.line_of(key)
            self.check(key, rule["key"], display, kline, where)
            self.check(sub, rule["value"], display, kline, f"{where}.{key}")

    def _list(self, value, rule, display, line, where):
        if not isinstance(value, Sequence):
            self._fail(display, line, where, "expected a list")
        for i, item in enumerate(value):
            self.check(item, rule["item"], display, value.item_lines[i],
                       f"{where}[{i}]")

    def _string(self, value, rule, display, line, where):
        if not isinstance(value, str) or not value.strip():
            self._fail(display, line, where, "expected a non-empty string")
        if "*/" in value:
            self._fail(display, line, where, "text may not contain '*/'")

    def _identifier(self, value, rule, display, line, where):
        if not isinstance(value, str) or not IDENT.match(value) or len(value) > 64:
            self._fail(display, line, where,
                       f"expected a C identifier, got {value!r}")

    def _constant(self, value, rule, display, line, where):
        if isinstance(value, bool) or not (
            (isinstance(value, int) and -(2**63) <= value < 2**64)
            or (isinstance(value, str) and IDENT.match(value))
        ):
            self._fail(display, line, where,
                       f"expected an integer or a C constant name, got {value!r}")

    def _int(self, value, rule, display, line, where):
        if isinstance(value, bool) or not isinstance(value, int):
            self._fail(display, line, where, f"expected an integer, got {value!r}")
        lo, hi = rule.get("min"), rule.get("max")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self._fail(display, line, where, f"{value} is outside {lo}..{hi}")

    def _version(self, value, rule, display, line, where):
        if not isinstance(value, str) or not VERSION.match(value):
            self._fail(display, line, where,
                       f"expected a kernel version \"MAJOR.MINOR\", got {value!r}")

    def _bool(self, value, rule, display, line, where):
        if not isinstance(value, bool):
            self._fail(display, line, where, f"expected true or false, got {value!r}")

    def _enum(self, value, rule, display, line, where):
        if isinstance(value, bool) or value not in rule["values"]:
            self._fail(display, line, where,
                       f"{value!r} is not one of {', '.join(rule['values'])}")

    def _constants(self, value, rule, display, line, where):
        if isinstance(value, Sequence):
            if not value:
                self._fail(display, line, where, "expected at least one constant")
            for i, item in enumerate(value):
                self._constant(item, rule, display, value.item_lines[i], f"{where}[{i}]")
            return
        self._constant(value, rule, display, line, where)

    def _sqe_field(self, value, rule, display, line, where):
        if not isinstance(value, str) or value not in self.sqe_fields:
            self._fail(display, line, where,
                       f"{value!r} is not an SQE field (known: "
                       f"{', '.join(sorted(self.sqe_fields))})")

    def _sqe_target(self, value, rule, display, line, where):
        if isinstance(value, Mapping):
            for role, field in value.items():
                self._sqe_field(field, rule, display, value.line_of(role),
                                f"{where}.{role}")
            return
        self._sqe_field(value, rule, display, line, where)


# ---------------------------------------------------------------- the model


@dataclasses.dataclass
class Arg:
    name: str
    type: str
    optional: bool
    sqe: object          # str, or {role: field}
    line: int
    doc: str = ""
    default: object = None
    default_line: int = 0  # the line of `default:`, or of the arg when it has none
    kinds: list = dataclasses.field(default_factory=list)
    slot_sqe: str = ""
    closes: bool = False
    becomes: str = ""    # fixed_fd, any_fd: the slot's kind after success
    cwd: bool = False    # raw_fd: URB_CWD (AT_FDCWD) is taken too
    allow: list = dataclasses.field(default_factory=list)
    kind: str = ""
    plain_only: tuple = ()  # (arg, mask): bits refused with a direct target
    plain_only_arg: object = None  # the Arg plain_only names
    ctype: str = ""           # value_in: its C type
    include: str = ""         # value_in: the header declaring ctype
    store_index: int = -1     # path: its run of record storage
    null_only_if: tuple = ()  # (arg, constant): NULL only when that arg equals it
    null_only_if_arg: object = None  # the Arg null_only_if names
    access: str = ""
    fixed: dict = dataclasses.field(default_factory=dict)  # buffer: how a fixed set lands
    action: str = ""    # buffer_set: provide or remove
    flags: list = dataclasses.field(default_factory=list)  # futex_vec: per-word flags
    pages: bool = False       # buffer: whole pages of it only
    nonempty: bool = False    # buffer the kernel reads: an empty slice is refused
    of: list = dataclasses.field(default_factory=list)  # key: the ops whose key it takes (empty: any)
    values: list = dataclasses.field(default_factory=list)  # u32: the only values taken

    @property
    def c_type(self):
        if self.type == "value_in":
            return f"const {self.ctype} *"
        return ARG_TYPES[self.type][0]

    @property
    def is_resource(self):
        return ARG_TYPES[self.type][1]

    @property
    def kind_arg(self):
        """The schema's kind_args entry of this arg's type, or None."""
        return KIND_ARGS.get(self.type)

    def kind_fill(self, text):
        """@text of the kind_args entry with its placeholders filled for this arg:
        its options' ({key}, or the names an option value maps), {value}, {name}."""
        for key, texts in self.kind_arg.options.items():
            chosen = texts[getattr(self, key)]
            for placeholder, c in (chosen.items() if isinstance(chosen, dict)
                                   else [(key, chosen)]):
                text = text.replace("{" + placeholder + "}", c)
        return text.replace("{value}", self.value_c).replace("{name}", self.name)

    def kind_c(self, what, indent="\t"):
        """A C snippet of the kind_args entry, filled for this arg: the push call
        ("push"), a lifetime test step ("setup", "held", "back", "idle", "arg",
        "prelude"), or man page words ("man", "held_man").  A snippet of several
        lines goes on at @indent after its first line (blank lines stay blank)."""
        k = self.kind_arg
        text = {"push": k.push, "man": k.man, "held_man": k.held_man}.get(what)
        text = self.kind_fill(k.test[what] if text is None else text).rstrip("\n")
        return "\n".join(line if i == 0 or not line else indent + line
                         for i, line in enumerate(text.split("\n")))

    @property
    def c_params(self):
        """The C parameters this arg becomes, as (type, name) pairs."""
        if self.type == "sockaddr_in":
            return [("const struct sockaddr *", self.name),
                    ("socklen_t", self.name + "_len")]
        if self.type in ("futex_vec", "buffer_vec"):
            return [(self.c_type, self.name), ("uint32_t", self.name + "_count")]
        if self.type == "msg_fd":
            return [(self.c_type, self.name), ("uint32_t", self.name + "_data")]
        if self.type == "fd_vec":
            return [(self.c_type, self.name), ("uint32_t", self.name + "_count"),
                    ("urb_fd_t", self.name + "_target"), ("enum urb_fd_kind", self.name + "_kind")]
        return [(self.c_type, self.name)]

    @property
    def slice_fields(self):
        """A buffer's slice in the opts struct: (name, doc) of its offset and length."""
        if self.type != "buffer":
            return []
        what = ("bytes of room" if self.access == "write" else "valid bytes")
        return [(f"{self.name}_offset", f"{self.name}: first byte the op uses (0: the start)"),
                (f"{self.name}_len", f"{self.name}: bytes the op uses (0: every one of its "
                                     f"{what} from the offset)")]

    @property
    def flags_c(self):
        return " | ".join(str(f) for f in self.flags) or "0"

    @property
    def null_ok_c(self):
        """C expression: may this pointer arg be NULL in this push?"""
        if not self.null_only_if:
            return "false"
        return f"{self.null_only_if_arg.value_c} == {self.null_only_if[1]}"

    @property
    def null_refusal_c(self):
        """C string literal: why a NULL value_in pointer is refused in this push."""
        why = f"the {self.ctype.removeprefix('struct ')} is NULL, and this push needs one"
        if self.null_only_if:
            why += f" (only {self.null_only_if[1]} may omit it)"
        return f'"{why}"'

    @property
    def set_action_c(self):
        return f"URB__SET_{self.action.upper()}"

    @property
    def kinds_mask(self):
        return " | ".join(f"URB__FDK(URB_FD_{k.upper()})" for k in self.kinds)

    @property
    def allow_mask(self):
        if self.type == "fd_target":
            return " | ".join(f"URB__ALLOW_{a.upper()}" for a in self.allow)
        return " | ".join(f"URB__ALLOW_{a.upper()}" for a in self.fd_forms)

    @property
    def fd_forms(self):
        """An fd argument's forms the kernel takes: plain, slot, cwd."""
        return {"any_fd": ["plain", "slot"], "fixed_fd": ["slot"], "msg_fd": ["slot"],
                "raw_fd": ["plain", "cwd"] if self.cwd else ["plain"]}.get(self.type, [])

    @property
    def fd_forms_c(self):
        """The forms an fd argument takes, as a user writes them."""
        spelt = {"plain": "URB_FD(fd)", "slot": "URB_SLOT(n)", "cwd": "URB_CWD"}
        return " or ".join(spelt[f] for f in self.fd_forms)

    @property
    def value_c(self):
        """The C expression for this arg inside urb_push_<op>()."""
        return f"opts->{self.name}" if self.optional else self.name

    def member(self, role=None):
        """The SQE field (urb__sqe_<field>() in <urb/sqe.h>) this arg, or a role of it, lands in."""
        return self.sqe[role] if role else self.sqe

    @property
    def slot_member(self):
        return self.slot_sqe


@dataclasses.dataclass
class RecordField:
    name: str
    type: str
    sqe: dict
    line: int
    doc: str = ""
    count: int = 0  # epoll_events_out: how many events the record holds
    ctype: str = ""     # value_out: the C type the kernel writes
    include: str = ""   # value_out: the header declaring it
    store_index: int = -1  # value_out: its run of record storage
    new_fds: int = 0       # value_out: new plain fds it starts with


@dataclasses.dataclass
class PayloadField:
    name: str
    source: str          # arg or record field name
    c_type: str          # struct urb_new_fd / urb_peer / urb_data
    filler: str          # how the core fills it
    doc: str = ""


@dataclasses.dataclass
class Op:
    name: str
    path: str
    summary: str
    doc: str
    opcode: str
    number: int
    since: tuple
    required: list
    optional: list
    record: list
    sqe_set: list        # [(field, constant)]
    lifetime: str
    holds: list
    skip_success: bool
    retain: bool
    result: str
    payload: list
    constants: list = dataclasses.field(default_factory=list)  # [(name, value, line)]
    binds_previous: bool = False  # link_timeout: bound to the op before it, not a chain member
    sqe_widths: dict = dataclasses.field(default_factory=dict)  # SQE field -> its bytes

    @property
    def upper(self):
        return self.name.upper()

    @property
    def args(self):
        return self.required + self.optional

    @property
    def c_params(self):
        return [p for a in self.required for p in a.c_params]

    @property
    def fast(self):
        """Whether urb_push_<op>() has a fast path with no call in it (src/hot.h's
        *_try steps): every arg an integer, or an fd or whole buffer whose plain
        case an inline test passes; anything else on it goes to the op's full path."""
        def plain(a):
            return a.type in ("u32", "i32", "u64", "raw_fd") or \
                (a.type in ("fixed_fd", "any_fd") and not a.becomes) or \
                (a.type == "buffer" and not a.pages)
        return all(plain(a) for a in self.args) and \
            all(f.type in ("sockaddr_out", "epoll_events_out") for f in self.record) and \
            not self.binds_previous

    @property
    def fast_fd_splits(self):
        """The fd args (a slot or a plain fd) with a buffer after them: the fast
        path's steps after each are written twice, once for a slot and once for a
        plain fd, so that each copy knows where the buffer's hold goes."""
        return [a for i, a in enumerate(self.args)
                if a.type == "any_fd" and any(b.type == "buffer" for b in self.args[i + 1:])]

    @property
    def fast_head_in_copies(self):
        """Whether the fast path writes the SQE's first word in each copy of its
        one split (IOSQE_FIXED_FILE in the slot's) rather than at begin: where the
        split is the first arg, so that no step before it writes into that word."""
        splits = self.fast_fd_splits
        return len(splits) == 1 and splits[0] is self.args[0] and \
            splits[0].slot_sqe not in ("file_index", "splice_fd_in")

    @property
    def fast_early_scalars(self):
        """The fast path's integer args that land in the SQE as they are, whole:
        written right after begin, before any step that may hand the push to the
        full path, which then reads them back from the SQE (fast_retry_args), so
        that no register keeps them across the steps."""
        width = {"u32": 4, "i32": 4, "u64": 8}
        return [a for a in self.required
                if a.type in width and not a.values and not a.kind_arg and
                isinstance(a.sqe, str) and self.sqe_widths.get(a.sqe) == width[a.type]]

    @property
    def fast_early_indexes(self):
        """The buffers that go as fixed buffers whatever their set: the fast path
        writes their set's index, which needs nothing but the arg, right after begin."""
        return [a for a in self.required
                if a.type == "buffer" and a.fixed and a.fixed.get("required")]

    @property
    def fast_retry_args(self):
        """The fast path's args to its full path once it has begun: each of
        fast_early_scalars read back from the SQE, which holds it whole."""
        early = self.fast_early_scalars
        return [f"({a.c_type})urb__sqe_get_{a.member()}(p.sqe)" if a in early else name
                for a in self.required for _, name in a.c_params]

    @property
    def fast_holds(self):
        """How many holds the fast path's steps may add (an fd slot, a buffer each)."""
        return sum(a.type in ("fixed_fd", "any_fd", "raw_fd", "buffer") for a in self.args)

    @property
    def fast_asks_fixed(self):
        """Whether the fast path's buffer step tells whether the buffer's set is fixed
        (sqe_fixed): a buffer that goes as fixed buffers when its set is registered so."""
        return any(a.type == "buffer" and a.fixed and not a.fixed.get("required")
                   for a in self.args)

    @property
    def can_fail(self):
        """Whether pushing validates anything beyond the bearer and flags."""
        return any(a.type not in ("u32", "i32", "u64") or a.values for a in self.args) or \
            any(f.type == "value_out" for f in self.record) or self.binds_previous

    @property
    def sqe_set_members(self):
        return [(f, " | ".join(str(x) for x in v) if isinstance(v, list) else v)
                for f, v in self.sqe_set]

    @property
    def example(self):
        """A minimal call, for the reference."""
        values = [n for a in self.required for _, n in a.c_params]
        call = ", ".join(["b"] + values + ["NULL"])
        lines = [f"int rc = urb_push_{self.name}({call});",
                 "/* rc < 0: refused, nothing was queued; else submit and wait */"]
        if self.payload:
            fields = ", ".join(f"c->u.{self.name}.{f.name}" for f in self.payload)
            lines.append(f"/* in the completion callback: c->op == URB_OP_{self.upper}, {fields} */")
        return "\n".join(lines)

    @property
    def has_record(self):
        """Whether the op keeps fields in its record (value_out lives in record storage)."""
        return any(f.type != "value_out" for f in self.record) or \
            any(a.type in COPIED_TYPES for a in self.args)

    @property
    def push_locals(self):
        """Locals urb_push_<op>() needs for what the core hands back."""
        types = {a.type for a in self.args}
        wanted = [("uint64_t", "sqe_addr", {"buffer", "buffer_set", "buffer_vec", "fd_vec"}),
                  ("uint32_t", "sqe_len", {"buffer", "buffer_set", "buffer_vec", "fd_vec",
                                           "buffer_bundle"}),
                  ("uint32_t", "sqe_off", {"fd_vec"}),
                  ("uint32_t", "sqe_slot", {"msg_fd"}),
                  ("uint64_t", "sqe_data", {"msg_fd"}),
                  ("uint32_t", "sqe_set", {"buffer_vec"}),
                  ("int32_t", "sqe_nbufs", {"buffer_set"}),
                  ("uint32_t", "sqe_index", {"fd_target"})]
        kinds = [loc for a in self.args if a.kind_arg for loc in a.kind_arg.locals]
        if any(f.type == "value_out" for f in self.record):
            kinds.append(("uint64_t", "sqe_addr"))  # urb__push_out()
        out = [(t, n) for t, n, users in wanted if types & users or (t, n) in kinds]
        return out + [loc for loc in dict.fromkeys(kinds) if loc not in out]

    @property
    def done_holds(self):
        """The args whose holds a plain final CQE gives back, in push order, when the
        op's own done hook can name them without a search: at most one fd slot and at
        most one buffer (a record holding anything else takes the generic path).
        None when the op has more of either."""
        fds = [a for a in self.args if a.type in ("fixed_fd", "any_fd", "msg_fd")]
        bufs = [a for a in self.args if a.type == "buffer"]
        if len(fds) > 1 or len(bufs) > 1:
            return None
        return [a for a in self.args if a in fds or a in bufs]

    @property
    def fill_reads_record(self):
        return any(f.filler in ("peer", "events") for f in self.payload)

    @property
    def fill_unused(self):
        """Parameters of the payload filler this op's payload does not read."""
        fillers = {f.filler for f in self.payload}
        used_b = fillers & {"data", "selected", "out", "msg", "msg_part", "bundle"}
        used_rec = fillers & {"new_fd", "peer", "data", "events", "out", "msg", "msg_part",
                              "bundle"}
        return [n for n, used in (("b", used_b), ("rec", used_rec)) if not used]

    @property
    def out_fds(self):
        """(count, store run) of the new plain fds a value_out carries, or (0, 0)."""
        f = next((f for f in self.record if f.new_fds), None)
        return (f.new_fds, f.store_index) if f else (0, 0)

    def store_index_of(self, name):
        """The run of record storage a path arg or value_out record field has."""
        return next(x.store_index for x in self.args + self.record if x.name == name)

    @property
    def holds_futexes(self):
        return any(a.type in ("futex", "futex_vec") for a in self.args)

    @property
    def selects_plain(self):
        """Whether a CQE with more to come can take dispatch's select path: a
        multishot op whose holds are at most an fd slot and one buffer group,
        and whose whole payload is the buffer the kernel selected."""
        return self.lifetime == "multishot" and \
            [f.filler for f in self.payload] == ["selected"] and \
            [a.type for a in self.args if a.type == "buffer_group"] == ["buffer_group"] and \
            all(a.type in ("fixed_fd", "any_fd", "buffer_group", "u32", "i32", "u64")
                for a in self.args)

    @property
    def selected_payload(self):
        """The payload field showing the buffer the kernel selected, or None."""
        return next((f for f in self.payload if f.filler == "selected"), None)

    @property
    def runs_alone(self):
        """A receive bundle: refused with ASYNC or in a link chain (a worker's run cannot be known)."""
        return any(a.type == "buffer_bundle" and a.access == "write" for a in self.args)

    @property
    def selects(self):
        """The buffer_group (or buffer_bundle) arg the kernel selects buffers from, or None."""
        return next((a for a in self.args if a.type in ("buffer_group", "buffer_bundle")), None)

    @property
    def doc_lines(self):
        return [line.rstrip() for line in self.doc.strip().splitlines()] if self.doc else []


def zero_default(kind):
    """The default of an optional arg: zero, spelt as its type spells it."""
    return "URB_PLAIN" if kind == "fd_target" else 0


def _arg(raw, optional, display, checker, line):
    name = raw["name"]
    kind = raw["type"]
    allowed = COMMON_ARG_KEYS | TYPE_KEYS.get(kind, set())
    for key in raw:
        if key not in allowed:
            raise SpecError(display, raw.line_of(key),
                            f"arg '{name}': key '{key}' does not apply to type {kind}")
    for key in TYPE_REQUIRED_KEYS.get(kind, set()):
        if key not in raw:
            raise SpecError(display, raw.line, f"arg '{name}': type {kind} needs '{key}'")
    if name in RESERVED_NAMES:
        raise SpecError(display, raw.line_of("name"),
                        f"arg name '{name}' is reserved in generated C")
    for key, texts in (KIND_ARGS[kind].options.items() if kind in KIND_ARGS else []):
        if raw[key] not in texts:
            raise SpecError(display, raw.line_of(key), f"arg '{name}': type {kind} takes "
                            f"{key} {' or '.join(map(str, texts))}, not {raw[key]!r}")
    if optional:
        if not ARG_TYPES[kind][3]:
            raise SpecError(display, raw.line_of("type"),
                            f"arg '{name}': an optional arg may not be of type {kind}")
    elif "default" in raw:
        raise SpecError(display, raw.line_of("default"),
                        f"required arg '{name}' may not have a default")
    sqe = raw["sqe"]
    roles = SQE_ROLES.get((kind, raw.get("action")), SQE_ROLES.get(kind))
    if roles:
        if not isinstance(sqe, Mapping) or set(sqe) != set(roles):
            raise SpecError(display, raw.line_of("sqe"),
                            f"arg '{name}': type {kind} lands as a map of "
                            f"{', '.join(roles)}")
    elif isinstance(sqe, Mapping):
        raise SpecError(display, raw.line_of("sqe"),
                        f"arg '{name}': type {kind} lands in one SQE field")
    if kind == "fd_target" and sqe != "file_index":
        raise SpecError(display, raw.line_of("sqe"),
                        f"arg '{name}': an fd_target lands in file_index")
    if kind == "fixed_fd" and sqe != "fd":
        raise SpecError(display, raw.line_of("sqe"),
                        f"arg '{name}': a {kind} lands in fd")
    if kind == "any_fd" and (sqe, raw.get("slot_sqe")) not in (
            ("fd", "fd"), ("fd", "file_index"), ("splice_fd_in", "splice_fd_in")):
        raise SpecError(display, raw.line_of("sqe"),
                        f"arg '{name}': an any_fd lands in fd (a slot as a fixed file, or in "
                        f"file_index), or in splice_fd_in (a slot with SPLICE_F_FD_IN_FIXED)")
    if "fixed" in raw and (("flag" in raw["fixed"]) != ("flag_field" in raw["fixed"]) or
                           ("flag" not in raw["fixed"] and not raw["fixed"].get("required"))):
        raise SpecError(display, raw.line_of("fixed"),
                        f"arg '{name}': fixed needs flag and flag_field, or required: true")
    if kind == "value_in" and not C_TYPE.match(raw["ctype"]):
        raise SpecError(display, raw.line_of("ctype"),
                        f"arg '{name}': ctype is a C type name (struct x, union x or x)")
    if "include" in raw and not HEADER.match(raw["include"]):
        raise SpecError(display, raw.line_of("include"),
                        f"arg '{name}': include is a system header path (linux/x.h)")
    if "values" in raw and optional:
        raise SpecError(display, raw.line_of("values"),
                        f"arg '{name}': values goes with a required arg (an optional one "
                        f"defaults to zero)")
    if "include" in raw and kind == "u32" and "values" not in raw:
        raise SpecError(display, raw.line_of("include"),
                        f"arg '{name}': include goes with values")
    for listed in ("kinds", "allow", "values"):
        values = raw.get(listed)
        if values is not None:
            if not values:
                raise SpecError(display, raw.line_of(listed),
                                f"arg '{name}': '{listed}' may not be empty")
            if len(set(values)) != len(values):
                raise SpecError(display, raw.line_of(listed),
                                f"arg '{name}': '{listed}' repeats a value")
    doc = raw.get("doc", "")
    if "values" in raw:
        doc += f"{': ' if doc else ''}one of {', '.join(str(v) for v in raw['values'])}"
    return Arg(
        name=name, type=kind, optional=optional, sqe=dict(sqe) if roles else sqe,
        line=line, doc=doc,
        # An optional arg without `default:` defaults to zero: zeroed opts
        # mean the defaults (build_op refuses any other default).
        default=raw.get("default", zero_default(kind) if optional else None),
        default_line=raw.line_of("default") if "default" in raw else line,
        kinds=list(raw.get("kinds", [])), slot_sqe=raw.get("slot_sqe", ""),
        closes=raw.get("closes", False), becomes=raw.get("becomes", ""),
        cwd=raw.get("cwd", False),
        allow=list(raw.get("allow", [])),
        kind=raw.get("kind", ""), access=raw.get("access", ""),
        plain_only=(raw["plain_only_bits"]["arg"], raw["plain_only_bits"]["mask"])
        if "plain_only_bits" in raw else (),
        null_only_if=(raw["null_only_if"]["arg"], raw["null_only_if"]["equals"])
        if "null_only_if" in raw else (),
        fixed=dict(raw.get("fixed", {})), action=raw.get("action", ""),
        flags=list(raw.get("flags", [])), ctype=raw.get("ctype", ""),
        include=raw.get("include", ""), pages=raw.get("pages", False), nonempty=raw.get("nonempty", False), of=list(raw.get("of", [])),
        values=list(raw.get("values", [])),
    )


def build_op(doc, display, checker):
    """Semantic checks on a schema-valid file; returns an Op."""
    name = doc["op"]
    stem = Path(display).stem
    if not OP_NAME.match(name) or name in RESERVED_OP_NAMES:
        raise SpecError(display, doc.line_of("op"),
                        f"op name '{name}' must be lower-case letters, digits and '_', "
                        f"start with a letter, and not be one of "
                        f"{', '.join(sorted(RESERVED_OP_NAMES))}")
    if name != stem:
        raise SpecError(display, doc.line_of("op"),
                        f"op '{name}' must live in {name}.yaml, not {stem}.yaml")
    kernel = doc["kernel"]
    if not kernel["opcode"].startswith("IORING_OP_"):
        raise SpecError(display, kernel.line_of("opcode"),
                        "kernel.opcode must be an IORING_OP_* symbol")
    major, minor = (int(x) for x in VERSION.match(kernel["since"]).groups())
    if major > 255 or minor > 255:
        raise SpecError(display, kernel.line_of("since"), "kernel version out of range")

    args_node = doc["args"]
    required, optional = [], []
    for section, out, is_opt in (("required", required, False),
                                 ("optional", optional, True)):
        seq = args_node.get(section, Sequence(args_node.line))
        for i, raw in enumerate(seq):
            out.append(_arg(raw, is_opt, display, checker, seq.item_lines[i]))

    record = []
    for i, raw in enumerate(doc.get("record", [])):
        sqe = raw["sqe"]
        roles = SQE_ROLES[raw["type"]]
        line = doc["record"].item_lines[i]
        if not isinstance(sqe, Mapping) or set(sqe) != set(roles):
            raise SpecError(display, raw.line_of("sqe"),
                            f"record '{raw['name']}': lands as a map of {', '.join(roles)}")
        if (raw["type"] == "epoll_events_out") != ("count" in raw):
            raise SpecError(display, raw.line,
                            f"record '{raw['name']}': 'count' goes with epoll_events_out, "
                            f"and only there")
        if (raw["type"] == "value_out") != ("ctype" in raw):
            raise SpecError(display, raw.line,
                            f"record '{raw['name']}': 'ctype' goes with value_out, and only there")
        if "ctype" in raw and not C_TYPE.match(raw["ctype"]):
            raise SpecError(display, raw.line_of("ctype"),
                            f"record '{raw['name']}': ctype is a C type name")
        if "include" in raw and not HEADER.match(raw["include"]):
            raise SpecError(display, raw.line_of("include"),
                            f"record '{raw['name']}': include is a system header path")
        if "new_fds" in raw and raw["type"] != "value_out":
            raise SpecError(display, raw.line_of("new_fds"),
                            f"record '{raw['name']}': new_fds goes with value_out")
        record.append(RecordField(raw["name"], raw["type"], dict(sqe), line,
                                  raw.get("doc", ""), raw.get("count", 0),
                                  raw.get("ctype", ""), raw.get("include", ""),
                                  new_fds=raw.get("new_fds", 0)))

    names = {}
    for item in record:
        if item.name in RESERVED_NAMES:
            raise SpecError(display, item.line,
                            f"record name '{item.name}' is reserved in generated C")
    for item in required + optional + record:
        if item.name in names:
            raise SpecError(display, item.line,
                            f"name '{item.name}' is used twice in this op")
        names[item.name] = item

    # Each byte of the SQE may be set once; reserved bytes stay zero.
    field_of = checker.sqe_fields
    owner = [None] * SQE_BYTES
    for core, who in (("opcode", "the op"), ("flags", "submit flags"), ("user_data", "the key")):
        for i in field_of[core].bytes:
            owner[i] = who

    def claim(field_name, line, who):
        field = field_of[field_name]
        if field.zero:
            raise SpecError(display, line, f"{who} sets SQE field '{field_name}', "
                                           f"which the kernel requires zero")
        taken = next((owner[i] for i in field.bytes if owner[i]), None)
        if taken:
            raise SpecError(display, line,
                            f"{who} sets SQE field '{field_name}', already set by {taken}")
        for i in field.bytes:
            owner[i] = who

    for item in required + optional + record:
        targets = item.sqe.values() if isinstance(item.sqe, dict) else [item.sqe]
        for field in targets:
            claim(field, item.line, f"'{item.name}'")
        if isinstance(item, Arg) and item.fixed:
            claim(item.fixed["index_field"], item.line, f"'{item.name}' (fixed index)")
        if isinstance(item, Arg) and item.slot_sqe and item.slot_sqe != item.sqe:
            claim(item.slot_sqe, item.line, f"'{item.name}' (slot)")
    sqe_set = []
    raw_set = doc.get("sqe_set", Mapping(doc.line))
    for field, value in raw_set.items():
        claim(field, raw_set.line_of(field), "sqe_set")
        sqe_set.append((field, value))
    for item in required + optional:
        flag_field = item.fixed.get("flag_field")  # none for required: there is no flag
        if flag_field and field_of[flag_field].offset not in (field_of["ioprio"].offset,
                                                              field_of["op_flags"].offset):
            raise SpecError(display, item.line,
                            f"arg '{item.name}': fixed.flag_field must be a flags field")

    def integer_arg(item, rule, key):
        other = names.get(rule[0])
        if other is None or other.type not in ("u32", "i32", "u64"):
            raise SpecError(display, item.line,
                            f"arg '{item.name}': {key}.arg must name an "
                            f"integer arg of this op")
        return other

    for item in required + optional:
        if item.plain_only:
            item.plain_only_arg = integer_arg(item, item.plain_only, "plain_only_bits")
        if item.null_only_if:
            item.null_only_if_arg = integer_arg(item, item.null_only_if, "null_only_if")

    # Zeroed opts must mean the defaults, so every default is zero.
    for item in optional:
        zero = zero_default(item.type)
        if item.default != zero:
            raise SpecError(display, item.default_line,
                            f"arg '{item.name}': the default must be {zero}, so that "
                            f"zeroed opts mean the defaults")
        if item.type == "fd_target" and "plain" not in item.allow:
            raise SpecError(display, item.line,
                            f"arg '{item.name}': the default URB_PLAIN must be allowed")

    life = doc["lifetime"]
    holds = list(life["holds"])
    resources = [a.name for a in required + optional if a.is_resource]
    for held in holds:
        if held not in names:
            raise SpecError(display, life.line_of("holds"),
                            f"lifetime.holds names '{held}', which is no arg")
        if held not in resources:
            raise SpecError(display, life.line_of("holds"),
                            f"lifetime.holds names '{held}', which is not a resource")
    for res in resources:
        if res not in holds:
            raise SpecError(display, life.line_of("holds"),
                            f"arg '{res}' is a resource the kernel holds: list it in lifetime.holds")
    if len(set(holds)) != len(holds):
        raise SpecError(display, life.line_of("holds"), "lifetime.holds repeats a name")
    fd_holds = [a for a in required + optional if a.type in ("fixed_fd", "any_fd")]
    nholds = sum(HOLDS_PER_TYPE.get(a.type, 0) for a in required + optional) + \
        len([f for f in record if f.type == "value_out"])
    if nholds > MAX_HOLDS:
        raise SpecError(display, life.line_of("holds"),
                        f"the op's resources take {nholds} holds; a record has {MAX_HOLDS} "
                        "(a buffer_vec takes 2, a value_out 1, a plain fd none)")
    if len([a for a in required + optional if a.type == "buffer"]) > MAX_BUFFERS:
        raise SpecError(display, life.line_of("holds"),
                        f"an op holds at most {MAX_BUFFERS} buffer")
    stored = [a for a in required + optional
              if a.type in ("buffer_vec", "fd_vec") or (a.kind_arg and a.kind_arg.stores)] + \
        [f for f in record if f.type == "value_out"]
    for i, item in enumerate(stored):
        item.store_index = i
    for a in required:
        for field, _ in a.slice_fields:
            if field in names:
                raise SpecError(display, a.line,
                                f"arg '{a.name}': its slice field '{field}' is also an arg")
    if len([a for a in required + optional if a.type == "fd_target"]) > 1:
        raise SpecError(display, life.line_of("holds"), "an op creates at most one fd")
    if len([a for a in required + optional
            if a.type in ("buffer_group", "buffer_bundle", "buffer_set")]) > 1:
        raise SpecError(display, life.line_of("holds"),
                        "an op holds at most one buffer group or set")
    for i, a in enumerate(required):
        if a.type == "msg_room" and not any(x.type == "buffer_group" for x in required[:i]):
            raise SpecError(display, a.line,
                            f"arg '{a.name}': a msg_room follows the buffer_group it lays out")
    closing = [a for a in required + optional if a.closes]
    if len(closing) > 1 or (closing and len(fd_holds) > 1):
        raise SpecError(display, closing[0].line,
                        "a closing op holds exactly one fd, the one it closes")

    completion = doc["completion"]
    skip = life.get("skip_success", "refused") == "allowed"
    if skip:
        touched = holds + [r.name for r in record] + [
            a.name for a in required + optional if a.type in COPIED_TYPES]
        if touched or completion["result"] != "none":
            what = (f"'{touched[0]}', which the kernel may touch after submission"
                    if touched else f"result '{completion['result']}', which a skipped CQE would lose")
            raise SpecError(display, life.line_of("skip_success"),
                            f"skip_success: allowed, but the op has {what}")

    payload = []
    seen = set()
    sources = set()
    pay_seq = completion.get("payload", Sequence(completion.line))
    for i, raw in enumerate(pay_seq):
        line = pay_seq.item_lines[i]
        source = names.get(raw["from"])
        if raw["name"] in seen:
            raise SpecError(display, line, f"payload '{raw['name']}' is named twice")
        seen.add(raw["name"])
        if source is None:
            raise SpecError(display, raw.line_of("from"),
                            f"payload '{raw['name']}' is from '{raw['from']}', which is no arg or record field")
        if source.name in sources:
            raise SpecError(display, raw.line_of("from"),
                            f"payload '{raw['name']}' repeats another payload's source '{source.name}'")
        sources.add(source.name)
        if source.type == "fd_target":
            if completion["result"] != "fd":
                raise SpecError(display, line, "a new fd payload needs result: fd")
            c_type, filler = "struct urb_new_fd", "new_fd"
        elif source.type == "sockaddr_out":
            c_type, filler = "struct urb_peer", "peer"
        elif (source.type == "buffer" and source.access == "write") or \
                source.type == "buffer_group":
            if completion["result"] != "bytes":
                raise SpecError(display, line, "a data payload needs result: bytes")
            c_type = "struct urb_data"
            filler = "selected" if source.type == "buffer_group" else "data"
        elif source.type == "value_out":
            c_type, filler = f"const {source.ctype} *", "out"
        elif source.type == "buffer_bundle":
            if completion["result"] != "bytes":
                raise SpecError(display, line, "a bundle payload needs result: bytes")
            c_type, filler = "struct urb_bundle", "bundle"
        elif source.type == "msg" and source.access == "write":
            if completion["result"] != "bytes":
                raise SpecError(display, line, "a message payload needs result: bytes")
            c_type, filler = "struct urb_msg_done", "msg"
        elif source.type == "msg_room":
            if completion["result"] != "bytes":
                raise SpecError(display, line, "a message part payload needs result: bytes")
            c_type, filler = "struct urb_msg_part", "msg_part"
        elif source.type == "fd_vec":
            if completion["result"] != "count":
                raise SpecError(display, line, "a slots payload needs result: count")
            c_type, filler = "const int32_t *", "out"
        elif source.type == "epoll_events_out":
            if completion["result"] != "count":
                raise SpecError(display, line, "an events payload needs result: count")
            c_type, filler = "struct urb_events", "events"
        else:
            raise SpecError(display, raw.line_of("from"),
                            f"payload from '{source.name}': a {source.type} "
                            f"{'(' + source.access + ') ' if source.access else ''}"
                            f"carries nothing to a completion")
        if raw["name"] in RESERVED_NAMES:
            raise SpecError(display, line, f"payload name '{raw['name']}' is reserved")
        payload.append(PayloadField(raw["name"], source.name, c_type, filler,
                                    raw.get("doc", "")))

    return Op(
        name=name, path=display, summary=doc["summary"].strip(),
        doc=doc.get("doc", ""), opcode=kernel["opcode"], number=kernel["number"],
        since=(major, minor), required=required, optional=optional,
        record=record, sqe_set=sqe_set, lifetime=life["kind"], holds=holds,
        skip_success=skip, retain=life.get("retain", "allowed") == "allowed",
        binds_previous=life.get("binds_previous", False),
        result=completion["result"], payload=payload,
        constants=[(k, v, doc["constants"].line_of(k)) for k, v in doc.get("constants", {}).items()],
        sqe_widths={n: f.width for n, f in checker.sqe_fields.items()},
    )


def load_schema(path, display=None):
    return compose_file(path, display or str(path))


def _schema_path(spec_dir, schema_path):
    if schema_path is None:
        schema_path = Path(spec_dir) / "schema.yaml"
        if not schema_path.exists():  # outside the library: the installed schema
            schema_path = Path(__file__).resolve().parent.parent / "spec" / "schema.yaml"
    return Path(schema_path)


@dataclasses.dataclass
class KernelOpcode:
    """One IORING_OP_* of spec/opcodes.yaml, with the ops that use it."""
    number: int
    name: str
    since: str
    reason: str
    ops: list  # names of the specs whose kernel.opcode is this one


def load_kernel_opcodes(spec_dir, root, ops):
    """spec/opcodes.yaml checked against the ops: [KernelOpcode], or [] without the file."""
    path = Path(spec_dir) / "opcodes.yaml"
    if not path.exists():
        return []
    display = _display(path, root)
    doc = compose_file(path, display)
    if not isinstance(doc, Mapping) or set(doc) != {"opcodes"}:
        raise SpecError(display, getattr(doc, "line", 1), "one key: opcodes, a list")
    seq = doc["opcodes"]
    table = []
    for i, raw in enumerate(seq):
        line = seq.item_lines[i]
        if not isinstance(raw, Mapping) or not {"number", "name", "since"} <= set(raw) or \
                set(raw) - {"number", "name", "since", "reason"}:
            raise SpecError(display, line, "an opcode is number, name, since and maybe reason")
        if raw["number"] != i:
            raise SpecError(display, line, f"opcode {raw['name']} is number {raw['number']}, "
                                           f"listed at {i}: list them in order, none left out")
        users = [op.name for op in ops if op.opcode == raw["name"]]
        for op in ops:
            if op.opcode == raw["name"] and op.number != raw["number"]:
                raise SpecError(op.path, 1, f"{op.opcode} is {raw['number']} in "
                                            f"{display}, not {op.number}")
        if users and "reason" in raw:
            raise SpecError(display, raw.line_of("reason"),
                            f"{raw['name']} has specs ({', '.join(users)}) and a reason")
        if not users and not raw.get("reason"):
            raise SpecError(display, line, f"{raw['name']} has no spec in ops/: say why "
                                           f"with a reason")
        table.append(KernelOpcode(raw["number"], raw["name"], str(raw["since"]),
                                  raw.get("reason", ""), users))
    listed = {k.name for k in table}
    for op in ops:
        if op.opcode not in listed:
            raise SpecError(op.path, 1, f"{op.opcode} is not in {display}")
    return table


def load_sqe_layout(spec_dir, root, schema_path=None):
    """The SQE layout the schema of @spec_dir gives: [SqeField] by offset."""
    schema_path = _schema_path(spec_dir, schema_path)
    display = _display(schema_path, root)
    return load_layout(load_schema(schema_path, display), display)


def load_kinds(spec_dir, root, schema_path=None):
    """The schema's kinds, in order: [{name, doc, each, release}]."""
    schema_path = _schema_path(spec_dir, schema_path)
    display = _display(schema_path, root)
    schema = load_schema(schema_path, display)
    kinds = []
    for k in schema.get("kinds") or []:
        if not IDENT.match(str(k.get("name", ""))) or k["name"] in [x["name"] for x in kinds]:
            raise SpecError(display, getattr(k, "line", 0), f"kinds: a bad or repeated name "
                            f"{k.get('name')!r}")
        kinds.append({"name": k["name"], "doc": k.get("doc", ""),
                      "each": bool(k.get("each")), "release": bool(k.get("release"))})
    return kinds


def load_ops(spec_dir, root, schema_path=None):
    """All ops under @spec_dir/ops, sorted by name; raises SpecError."""
    spec_dir = Path(spec_dir)
    schema_path = _schema_path(spec_dir, schema_path)
    schema = load_schema(schema_path, _display(schema_path, root))
    register_kind_args(schema)
    checker = SchemaChecker(schema)
    ops = []
    files = sorted((spec_dir / "ops").glob("*.yaml"))
    if not files:
        raise SpecError(_display(spec_dir / "ops", root), 0, "no op files")
    for path in files:
        display = _display(path, root)
        doc = compose_file(path, display)
        checker.check(doc, schema["root"], display, getattr(doc, "line", 1), "")
        ops.append(build_op(doc, display, checker))
    all_constants(ops)  # conflicts are errors
    by_name = {}
    for op in ops:
        if op.name in by_name:
            raise SpecError(op.path, 1, f"op '{op.name}' is also defined in {by_name[op.name].path}")
        by_name[op.name] = op
    if len(ops) > 253:
        raise SpecError(_display(spec_dir / "ops", root), 0, "at most 253 ops")
    return ops


@dataclasses.dataclass
class Names:
    """What an op's generated C is called, inside the library or outside it."""
    push: str            # the push function
    opts: str            # struct of optional arguments
    done: str            # struct of the completion payload
    rec: str             # struct of the record fields
    id: str              # the op id expression
    rec_area: str        # the record fields, in urb_push_<op>()
    rec_area_const: str  # the record fields, in the payload filler
    payload: str         # prefix of a payload field, in the filler
    payload_var: str     # how the filler finds the payload, when it needs a variable
    payload_doc: str     # how a user reaches the payload


def assign_names(ops, prefix=None):
    """Names for the library's own ops, or (with @prefix) for ops from outside."""
    for op in ops:
        if prefix is None:
            base = f"urb_{op.name}"
            op.n = Names(
                push=f"urb_push_{op.name}", opts=f"struct {base}_opts",
                done=f"struct {base}_done", rec=f"struct {base}_rec",
                id=f"URB_OP_{op.upper}", rec_area=f"&p.rec->u.{op.name}",
                rec_area_const=f"&rec->u.{op.name}", payload=f"c->u.{op.name}.",
                payload_var="", payload_doc=f"c->u.{op.name}")
        else:
            base = f"{prefix}_{op.name}"
            op.n = Names(
                push=f"{prefix}_push_{op.name}", opts=f"struct {base}_opts",
                done=f"struct {base}_done", rec=f"struct {base}_rec",
                id=f"{prefix.upper()}_OP_{op.upper}", rec_area="urb__rec_area(p.rec)",
                rec_area_const="urb__rec_area_const(rec)", payload="d->",
                payload_var="(void *)c->u.ext",
                payload_doc=f"URB_EXT_PAYLOAD(c, struct {base}_done)")
    return ops


def all_constants(ops):
    """Every spec constant once, sorted: [(name, value, first op)]."""
    seen = {}
    for op in ops:
        for name, value, line in op.constants:
            if name in seen and seen[name][0] != value:
                raise SpecError(op.path, line,
                                f"constant {name} = {value}, but {seen[name][1].path} "
                                f"says {seen[name][0]}")
            seen.setdefault(name, (value, op))
    return [(name, value, op) for name, (value, op) in sorted(seen.items())]


def _display(path, root):
    path = Path(path)  # resolve its folder, not the file: an op may be a symlink
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


# ------------------------------------------------------------ man pages
# What an op's man page (templates/man_op.3.j2) says beyond the spec's own
# words: the refusals urb_push_<op>() can answer, from the arg kinds it
# takes (the checks in src/push.c, src/kind_fd.c, the buffer group files and
# src/kind_futex.c), and the pages it points at.

def _refusals(op):
    """[(code, reason)] in the order a reader meets them."""
    out = [
        ("URB_EINVAL", "\\fIb\\fP is NULL, or \\fIopts->submit_flags\\fP has a bit "
                       "that is no URB_SUBMIT_* flag."),
        ("URB_ENOTSUP", f"The running kernel lacks the op (it needs Linux "
                        f"{op.since[0]}.{op.since[1]})."),
        ("URB_EATCAPACITY", "Every submission queue entry (core_queue) or every record "
                            "(pending_completions) is in use; "
                            "\\fBurb_bearer_at_capacity\\fP(3) names which."),
    ]
    if not op.skip_success:
        out.append(("URB_ENOTALLOWED", "\\fIopts->submit_flags\\fP has "
                    "URB_SUBMIT_SKIP_SUCCESS, which this op refuses: its completion "
                    "gives something back."))
    for a in op.args:
        n = f"\\fI{a.value_c}\\fP".replace("opts->", "opts->")
        kinds = " or ".join(a.kinds)
        if a.type in ("fixed_fd", "any_fd", "msg_fd", "raw_fd"):
            out.append(("URB_EINVAL", f"{n} is not {a.fd_forms_c}: URB_FD(fd) with a "
                        f"negative fd (a failed open()'s -1, a -errno), a zeroed urb_fd_t, "
                        f"or a form this op does not take."))
        if a.type in ("fixed_fd", "any_fd", "msg_fd"):
            slot = f"URB_SLOT(n) in {n}"
            out.append(("URB_ENOTREGISTERED", f"{slot} names a slot that is not "
                        f"registered, or one an earlier op is closing."))
            out.append(("URB_EFDKIND", f"The slot {slot} names holds a kind other "
                        f"than {kinds}."))
            if a.closes:
                out.append(("URB_EBUSY", f"Other pending ops use the slot {slot} names."))
        elif a.type == "fd_target":
            allowed = ", ".join({"plain": "URB_PLAIN", "auto": "URB_AUTO_SLOT",
                                 "slot": "URB_SLOT(n)"}[x] for x in a.allow)
            out.append(("URB_EINVAL", f"{n} is not one of {allowed}."))
            if "auto" in a.allow:
                out.append(("URB_ENOTSUP", f"{n} is URB_AUTO_SLOT and the kernel is "
                            f"older than 6.0."))
                out.append(("URB_EATCAPACITY", f"{n} is URB_AUTO_SLOT and every "
                            f"direct_fd slot is in use."))
            if "slot" in a.allow:
                out.append(("URB_ERANGE", f"{n} is URB_SLOT(n) with n at or above "
                            f"registered_fd."))
                out.append(("URB_EBUSY", f"{n} is URB_SLOT(n) and that slot is not free."))
            if a.plain_only:
                other = a.plain_only_arg.value_c if a.plain_only_arg else a.plain_only[0]
                out.append(("URB_EINVAL", f"\\fI{other}\\fP has {a.plain_only[1]} and "
                            f"{n} is not URB_PLAIN."))
        elif a.type == "buffer":
            out.append(("URB_EINVAL", f"{n} names no buffer."))
            out.append(("URB_EOWNERSHIP", f"{n} is not the user's: the kernel has it, "
                        f"or it is between \\fBurb_buf_fill\\fP(3) and "
                        f"\\fBurb_buf_filled\\fP(3)."))
            if a.fixed.get("required"):
                out.append(("URB_EINVAL", f"The set of {n} is not registered as fixed buffers."))
            what = "its room" if a.access == "write" else "its valid bytes"
            out.append(("URB_ERANGE", f"The slice \\fIopts->{a.name}_offset\\fP, "
                        f"\\fIopts->{a.name}_len\\fP reaches past {what}"
                        f"{' (or is empty)' if a.access == 'write' or a.nonempty else ''}."))
        elif a.type == "key":
            out.append(("URB_ESTALE", f"{n} names no pending op."))
            if a.of:
                out.append(("URB_EINVAL", f"{n} names a pending op other than "
                            f"{' or '.join(a.of)}."))
        elif a.type == "buffer_bundle":
            out.append(("URB_EINVAL", f"{n} names no buffer set, a set that is not a "
                        f"buffer group, or a group that is not a plain buffer ring."))
            out.append(("URB_EBUSY", f"The group {n} names is being removed."))
        elif a.type == "buffer_group":
            out.append(("URB_EINVAL", f"{n} names no buffer set, or a set that is "
                        f"not a buffer group."))
            out.append(("URB_EBUSY", f"The group {n} names is being removed "
                        f"(its remove_buffers is in flight)."))
        elif a.type == "buffer_set" and a.action == "provide":
            out.append(("URB_EINVAL", f"{n} names no buffer set."))
            out.append(("URB_EBUSY", f"The set {n} names is a buffer group already."))
            out.append(("URB_EOWNERSHIP", f"A buffer of the set {n} names is not the user's."))
        elif a.type == "buffer_set":
            out.append(("URB_EINVAL", f"{n} names no buffer set, or a set that is not "
                        f"a provided group."))
            out.append(("URB_EBUSY", f"The group {n} names is being removed already, "
                        f"or pending ops select buffers from it."))
        elif a.kind_arg:
            out.extend((code, a.kind_fill(words).replace("{n}", n))
                       for code, words in a.kind_arg.refusals)
        elif a.type == "futex_vec":
            out.append(("URB_EINVAL", f"{n} is NULL, \\fI{a.name}_count\\fP is 0 or above "
                        f"{MAX_FUTEXES}, or an entry names no futex."))
        elif a.type == "buffer_vec":
            out.append(("URB_EINVAL", f"{n} is NULL, \\fI{a.name}_count\\fP is 0 or above 64, "
                        f"an entry names no buffer, a buffer is there twice"
                        f"{', or the buffers are not all in one registered set' if a.fixed.get('required') else ''}."))
            out.append(("URB_EOWNERSHIP", f"A buffer of {n} is not the user's."))
            out.append(("URB_EATCAPACITY", f"The record_bytes storage has no room for the iovec."))
        elif a.type == "fd_vec":
            out.append(("URB_EINVAL", f"{n} is NULL, \\fI{a.name}_count\\fP is 0 or above 64, "
                        f"an entry is not a plain fd, \\fI{a.name}_kind\\fP is no "
                        f"enum urb_fd_kind, or \\fI{a.name}_target\\fP is not "
                        f"URB_SLOT(n) or URB_AUTO_SLOT."))
            out.append(("URB_ERANGE", f"A slot of the range \\fI{a.name}_target\\fP names "
                        f"is beyond registered_fd."))
            out.append(("URB_EBUSY", f"A slot of the range \\fI{a.name}_target\\fP names "
                        f"is not free."))
            out.append(("URB_EATCAPACITY", f"The record_bytes storage has no room for {n}, "
                        f"or URB_AUTO_SLOT finds no free slot of direct_fd."))
        elif a.type == "sockaddr_in":
            out.append(("URB_EINVAL", f"{n} is NULL, or \\fI{a.name}_len\\fP is below "
                        f"sizeof(sa_family_t) or above sizeof(struct sockaddr_storage)."))
    return out


def _see_also(op):
    pages = {"urb_bearer_submit", "urb_bearer_completions", "urb_bearer_explain",
             "urb_op_supported"}
    by_type = {
        "fixed_fd": ["urb_fd_register"], "any_fd": ["urb_fd_register"],
        "fd_target": ["urb_fd_register"],
        "buffer": ["urb_bufset_create", "urb_buf_fill"],
        "buffer_group": ["urb_bufring_create", "urb_buf_recycle"],
        "buffer_bundle": ["urb_bufring_create", "urb_buf_recycle"],
        "buffer_set": ["urb_bufset_create", "urb_buf_recycle"],
        "futex_vec": ["urb_futex_create"],
    }
    for a in op.args:
        pages.update(by_type.get(a.type, []) + (a.kind_arg.see_also if a.kind_arg else []))
        if a.type == "value_in" and a.ctype == "struct epoll_event":
            pages.add("urb_epoll_create")
        if a.fixed:
            pages.add("urb_bufset_register_fixed")
    if op.retain:
        pages.add("urb_release")
    return sorted(pages)


def _refusals_by_code(op):
    """[(code, [reasons])], each code once, in the order it first appears."""
    grouped = {}
    for code, reason in _refusals(op):
        grouped.setdefault(code, []).append(reason)
    return list(grouped.items())


Op.man_refusals = property(_refusals_by_code)
Op.man_see_also = property(_see_also)
