"""Project configuration: `.automlspec.yaml` (or `.automlspec.yml`), or `[tool.automlspec]` in
`pyproject.toml`, found by walking up from each linted file's directory; the nearest one wins.

Settings (docs/configuration.md):
  select:   [codes, prefixes or names]   only these rules (default: all)
  ignore:   [codes, prefixes or names]   never these
  severity: {code-or-name: error|warning|info}
  exclude:  [glob, ...]                  paths (relative to the config file) not to lint
  defaults: {request fields}             deep-merged under every spec; the spec wins
  target:   {region, profile, allowed_account_ids, tagging_api}   where `plan`/`apply` send these specs
  policies: {id: policy, ...}            the organisation's rules for these requests (policy.py)
  plugins:  [entry point name, ...]      Python rules from installed packages (plugins.py)
  project:  an id                        this repository's identity on the jobs it creates (what --prune trusts)
  ignore_tags: {keys, key_prefixes}      tags other automation owns: never compared, deleted or imported

Configuration layers: every trusted file from the project root down to the spec's directory applies,
and a nearer file's setting wins over a farther one's (``layered``): a sub-folder that only changes a
severity keeps the root's target and account guard.

Tool settings live here, never inside specs: a spec stays a request the AWS CLI accepts as it is.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .findings import Fault, Severity
from .paths import FieldPath
from .source import MAX_BYTES, Pos, SourceDoc, Span, editor_lines, load_bytes, locate, read_bounded

if TYPE_CHECKING:
    from .policy import Policy
    from .rules import Rule

CONFIG_NAMES = (".automlspec.yaml", ".automlspec.yml")
KEYS = (
    "select",
    "ignore",
    "severity",
    "exclude",
    "defaults",
    "target",
    "policies",
    "plugins",
    "project",
    "ignore_tags",
)
TARGET_KEYS = ("region", "profile", "allowed_account_ids", "tagging_api")
# ASCII digits only: Python's \d also matches fullwidth and other scripts' digits, which no AWS API accepts.
# The patterns of a configuration are strings compiled by re's cache on first use: most lints read no
# configuration, and a pattern compiled at import costs every one (issue 26).
_ACCOUNT_ID = r"[0-9]{12}"
IGNORE_TAGS_KEYS = ("keys", "key_prefixes")
# `project:` is written as a tag value (automlspec:project): at most 256 letters, spaces, digits and
# _.:/=+-@ (the TagValue pattern, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Tag.html).
_PROJECT = r"[\w\s.:/=+\-@]{1,256}"
CONFIG_RULE = "AML900"


class TargetConfig(NamedTuple):  # NamedTuples are built several times faster than dataclasses, on every start
    """The `target:` setting: the account and region `plan` and `apply` use for these specs."""

    region: str | None = None
    profile: str | None = None
    allowed_account_ids: tuple[str, ...] = ()
    # read the jobs' tags through the Resource Groups Tagging API first (docs/plan.md); None: not set here
    tagging_api: bool | None = None


class Exclude(NamedTuple):
    """One `exclude` glob and the directory it is relative to (the file that wrote it)."""

    root: Path
    pattern: str


class IgnoreTags(NamedTuple):
    """The `ignore_tags:` setting (terraform's provider-level ``ignore_tags``,
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#ignore_tags): tag keys, and key
    prefixes, that other automation owns. plan never compares, adds or deletes them; import never copies them."""

    keys: tuple[str, ...] = ()
    key_prefixes: tuple[str, ...] = ()

    def covers(self, key: str) -> bool:
        return key in self.keys or key.startswith(self.key_prefixes)


@dataclass(frozen=True)
class Config:
    path: str | None = None  # the file, as displayed (layered: the nearest file)
    root: Path | None = None  # its directory
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)  # by rule code
    exclude: tuple[Exclude, ...] = ()
    defaults: SourceDoc | None = None
    findings: tuple[Fault, ...] = ()  # placed in this file (path); a layered Config has none of its own
    content: str | None = None  # the file's text as read (None: unreadable or not UTF-8), to show its lines
    target: TargetConfig | None = None
    project: str | None = None  # `project:`: the repository's identity (else git's origin URL gives it)
    ignore_tags: IgnoreTags | None = None
    # Where each setting a file names was written, "file:line", by setting ("select"), or by entry for
    # the settings that layer entry by entry ("severity.AML107", "target.region", "defaults.RoleArn",
    # "exclude.0"): what --show-settings shows, and how a layer tells what its file named.
    origins: dict[str, str] = field(default_factory=dict)
    # Policies by id (policy.py); None: switched off by this file, or by a nearer one when layered
    policies: dict[str, Policy | None] = field(default_factory=dict)
    # Rules of the plugins the configuration names (plugins.py), by code
    plugins: dict[str, Rule] = field(default_factory=dict)
    # The files merged into this one, nearest first (each with its own findings); () for a single file
    layers: tuple[Config, ...] = field(default=(), compare=False, repr=False)
    # enabled()'s answers: every rule is asked about for every spec (thousands of times in a plan)
    _enabled: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    def text(self) -> str | None:
        """The file's text, when findings point into it (its problems, or merged defaults)."""
        return self.content if self.findings or self.defaults is not None else None

    def with_cli(self, select: list[str] | None, ignore: list[str] | None) -> Config:
        """Command-line --select replaces the file's select; --ignore adds to its ignore."""
        return replace(self, select=tuple(select) if select else self.select, ignore=self.ignore + tuple(ignore or ()))

    def enabled(self, code: str, name: str) -> bool:
        answer = self._enabled.get(code)
        if answer is None:  # a rule's name is fixed by its code
            answer = self._enabled[code] = self._decide(code, name)
        return answer

    def _decide(self, code: str, name: str) -> bool:
        def hit(selectors) -> bool:
            return any(code.startswith(s.upper()) or s == name for s in selectors)

        if self.select and not hit(self.select) and not code.startswith("AML0") and code != CONFIG_RULE:
            return False
        return not hit(self.ignore)

    def excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        resolved = path.resolve()
        for root, pattern in self.exclude:
            try:
                rel = resolved.relative_to(root).as_posix()
            except ValueError:
                continue
            if fnmatch.fnmatch(rel, pattern) or rel.startswith(pattern.rstrip("/") + "/"):
                return True
        return False

    def files(self) -> tuple[Config, ...]:
        """Each configuration file this configuration was read from, with its own findings."""
        return self.layers or ((self,) if self.path else ())

    def sources(self, setting: str) -> tuple[str, ...]:
        """The files (as displayed) that wrote ``setting`` or any entry of it, nearest first."""
        files = (where.rsplit(":", 1)[0] for key, where in self.origins.items() if _under(key, setting))
        return tuple(dict.fromkeys(files))


def _under(key: str, setting: str) -> bool:
    return key == setting or key.startswith(setting + ".")


def layered(parent: Config, child: Config) -> Config:
    """``child``'s settings over ``parent``'s: the configuration of a folder below another one's.

    A setting the child names replaces the parent's (``select``, ``ignore``); the settings that are
    mappings merge entry by entry, the child's entry winning (``severity`` by rule, ``target`` by key,
    ``defaults`` field by field as a spec merges over them, Tags by Key); ``exclude`` adds the child's
    globs to the parent's, each relative to its own file, so that a child cannot bring back a folder the
    parent excluded; ``ignore_tags`` adds the child's keys and prefixes to the parent's the same way (a
    child never hands a tag other automation owns back to plan), and a child's ``project`` replaces the
    parent's. Findings stay with the file they are about: the result has none of its own."""
    own = child.origins
    return Config(
        path=child.path,
        root=child.root,
        select=child.select if "select" in own else parent.select,
        ignore=child.ignore if "ignore" in own else parent.ignore,
        severity={**parent.severity, **child.severity},
        exclude=parent.exclude + child.exclude,
        defaults=_layered_defaults(parent, child),
        target=_layered_target(parent, child),
        project=child.project if "project" in own else parent.project,
        ignore_tags=_layered_ignore_tags(parent, child),
        origins=_layered_origins(parent, child),
        policies={**parent.policies, **child.policies},
        plugins={**parent.plugins, **child.plugins},
        layers=(child, *parent.files()),
    )


def _layered_origins(parent: Config, child: Config) -> dict[str, str]:
    own = child.origins
    origins = {**parent.origins, **own}
    for key, where in own.items():  # a defaults field both name is merged from both: both places count
        if key.startswith("defaults.") and key in parent.origins and _merged(parent, child, key):
            origins[key] = f"{where}, {parent.origins[key]}"
    return origins


def _layered_defaults(parent: Config, child: Config) -> SourceDoc | None:
    if child.defaults is None:
        return parent.defaults
    return child.defaults if parent.defaults is None else _layer_defaults(parent.defaults, child.defaults)


def _layered_target(parent: Config, child: Config) -> TargetConfig | None:
    """The target key by key, the child's keys winning."""
    if parent.target is not None and child.target is not None:
        mine = {k for k in TARGET_KEYS if f"target.{k}" in child.origins}
        return TargetConfig(*(getattr(child.target if k in mine else parent.target, k) for k in TARGET_KEYS))
    return parent.target if child.target is None else child.target


def _layered_ignore_tags(parent: Config, child: Config) -> IgnoreTags | None:
    if parent.ignore_tags is not None and child.ignore_tags is not None:  # a child adds, never un-ignores
        return IgnoreTags(
            tuple(dict.fromkeys(parent.ignore_tags.keys + child.ignore_tags.keys)),
            tuple(dict.fromkeys(parent.ignore_tags.key_prefixes + child.ignore_tags.key_prefixes)),
        )
    return child.ignore_tags or parent.ignore_tags


def switched_off_unknown(parent: Config, child: Config) -> list[Fault]:
    """An id the child switches off (``id: false``) that no farther file defines: most likely a typo,
    which would leave the policy it meant running."""
    out = []
    for name, policy in child.policies.items():
        if policy is None and parent.policies.get(name) is None:
            defined = sorted(k for k, v in parent.policies.items() if v is not None)
            from .suggest import closest

            where = child.origins.get(f"policies.{name}", ":1").rsplit(":", 1)[1]
            line = int(where)
            message = f"policies: {name} is switched off here, but no configuration file above defines it" + (
                f" (they define {', '.join(defined)})" if defined else " (they define no policy)"
            )
            out.append(Fault(CONFIG_RULE, message, Span(line, 1, line, 1 + len(name)), closest(name, defined)))
    return out


def _merged(parent: Config, child: Config, key: str) -> bool:
    """Whether the defaults field ``key`` of both layers is merged (mappings, or Tags) rather than replaced."""
    name = key.split(".", 1)[1]
    mine = child.defaults.data.get(name) if child.defaults else None
    theirs = parent.defaults.data.get(name) if parent.defaults else None
    return (isinstance(mine, dict) and isinstance(theirs, dict)) or (
        name == "Tags" and isinstance(mine, list) and isinstance(theirs, list)
    )


def _layer_defaults(parent: SourceDoc, child: SourceDoc) -> SourceDoc:
    """A child's defaults merged over its parent's, as a spec merges over defaults: each value keeps the
    position (and file) where it was written."""
    from .resolve import merge_over

    positions = dict(child.positions)
    data = merge_over(parent.data, child.data, parent.positions, positions)
    return SourceDoc(0, data, positions, 1)


class Discovery(NamedTuple):
    """Where the configuration for one directory comes from, and why the search ended there."""

    path: Path | None  # the nearest file used, or None
    searched: tuple[Path, ...]  # directories looked in, nearest first
    stop: str  # why the walk went no higher
    ignored: tuple[str, ...] = ()  # warnings: files found but not trusted
    layers: tuple[Path, ...] = ()  # every file used, one per directory, nearest first (path is the first)


def discover(start: Path) -> Path | None:
    """The nearest trusted config file at or above ``start`` (a directory), within its project."""
    return find(start).path


def find(start: Path) -> Discovery:
    """Walk up from ``start`` collecting the configuration files that layer over each other (one per
    directory: ``.automlspec.yaml``, ``.automlspec.yml``, then ``pyproject.toml``), as git looks for a
    repository:

    - it stops at the project root: the nearest directory holding ``.git`` (a directory, or the file
      of a worktree); outside git, the nearest directory holding a ``pyproject.toml``; otherwise at
      the file system's root;
    - it never crosses into another file system (a mount point: ``st_dev`` changes), like git
      without GIT_DISCOVERY_ACROSS_FILESYSTEM;
    - a configuration file that another user could have written (the file or its directory is
      writable by group or others, and not owned by you) is skipped with a warning: a shared
      temporary directory must not decide what lint reports or what compile sends to AWS.
    """
    start = start.resolve()
    chain: list[Path] = []
    stop = "the file system root"
    try:
        device = start.stat().st_dev
    except OSError:
        return Discovery(None, (), f"{start} cannot be read")
    for directory in (start, *start.parents):
        try:
            here = directory.stat()
        except OSError:
            stop = f"{directory}, which cannot be read"
            break
        if here.st_dev != device:
            stop = f"the file system boundary below {directory}"
            break
        chain.append(directory)
    root = next((d for d in chain if os.path.lexists(d / ".git")), None)
    marker = ".git"
    if root is None:
        root = next((d for d in chain if (d / "pyproject.toml").is_file()), None)
        marker = "pyproject.toml"
    if root is not None:
        chain = chain[: chain.index(root) + 1]
        stop = f"the project root {root} (it holds {marker})"
    ignored: list[str] = []
    layers: list[Path] = []
    for directory in chain:
        for candidate in _candidates(directory):
            doubt = _untrusted(candidate)
            if doubt:
                ignored.append(f"{candidate}: ignored, {doubt}; pass --config {candidate} to use it anyway")
                continue
            layers.append(candidate)  # the first trusted file of a directory is its configuration
            break
    return Discovery(layers[0] if layers else None, tuple(chain), stop, tuple(ignored), tuple(layers))


def _candidates(directory: Path):
    for name in CONFIG_NAMES:
        candidate = directory / name
        if candidate.is_file():
            yield candidate
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file() and _has_table(pyproject):
        yield pyproject


def _has_table(pyproject: Path) -> bool:
    """Whether ``[tool.automlspec]`` is a table of the parsed TOML (a comment naming it is not). A file
    that is not valid TOML counts if it mentions automlspec at all, so its error is reported instead of
    the file being passed over in silence."""
    try:
        text = read_bounded(pyproject).decode("utf-8", "replace")
    except OSError:
        return False
    if not _may_name_table(text):  # skip importing tomllib and parsing (~10 ms on every lint)
        return False
    from .pyproject import TomlFault, parse

    try:
        tool = parse(text).get("tool")
    except TomlFault:  # not TOML, or past a bound (pyproject.py): reported by load, never a crash
        return True
    return isinstance(tool, dict) and "automlspec" in tool


# [tool.automlspec], [ "tool" . 'automlspec' ], tool.automlspec.x = 1, tool = { automlspec = ... } on one line.
# (Pattern strings, compiled by re's cache on first use: nothing is compiled when no pyproject.toml is found.)
_TOOL_AUTOMLSPEC = r"""tool["']?\s*\.\s*["']?automlspec|\btool["']?\s*=\s*\{.*automlspec"""
_KEY_AUTOMLSPEC = r"""["']?automlspec["']?\s*[.=]"""  # a key of the current table
_HEADER_NOISE = r"""[\s"'\[\]]"""


def _may_name_table(text: str) -> bool:
    """False only when no TOML spelling of the table [tool.automlspec] can be in ``text``: a project's own
    pyproject.toml names its package "automlspec" (this repository's does), and that alone must not cost
    the TOML parser on every lint. Conservative: anything unclear (multi-line strings) says True."""
    if "automlspec" not in text:
        return False
    if '"""' in text or "'''" in text or re.search(_TOOL_AUTOMLSPEC, text):
        return True
    table = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            table = re.sub(_HEADER_NOISE, "", stripped.split("#", 1)[0])
        elif table == "tool" and re.match(_KEY_AUTOMLSPEC, stripped):
            return True
    return False


def _untrusted(path: Path) -> str | None:
    """Why ``path`` may have been written by another user, or None if it cannot have been."""
    if not hasattr(os, "geteuid"):  # pragma: no cover - Windows: no POSIX owners to compare
        return None
    me = current_uid()
    import stat

    places = [("the file", path, True), ("its directory", path.parent, False)]
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop: nothing to read either
        real = path
    if real != path.absolute():  # a symbolic link: the file it reaches is judged where it is
        places += [(f"the file it links to ({real})", real, True), (f"the directory of {real}", real.parent, False)]
    for what, item, is_file in places:
        try:
            info = item.stat()
        except OSError:
            continue
        shared = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        if shared and info.st_uid != me:
            who = "others" if info.st_mode & stat.S_IWOTH else "its group"
            return f"{what} is writable by {who} (mode {stat.S_IMODE(info.st_mode):04o}) and owned by user {info.st_uid}, not you"
        # A file is yours or root's (ssh's StrictModes rule): another user's file, even read-only in a
        # sticky /tmp or in their own 0755 directory, was written by them.
        if is_file and info.st_uid not in (me, 0):
            return f"{what} is owned by user {info.st_uid}, not you"
    return None


def current_uid() -> int:
    """The user whose files are trusted (a function, so tests can pretend to be someone else)."""
    return os.geteuid()


def load(path: Path, display: str | None = None) -> Config:
    """Read (once) and validate a config file; problems become AML900 findings in that file."""
    if display is None:
        display = os.path.relpath(path) if path.is_absolute() else str(path)
    try:
        raw = read_bounded(path)  # at most MAX_BYTES + 1 bytes, and never a FIFO or a device
    except OSError as exc:
        return Config(
            display, path.parent.resolve(), findings=(_problem(display, 1, 1, f"cannot read the configuration: {exc}"),)
        )
    try:
        content: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        content = None
    return replace(_load(path, display, raw), content=content)


def _load(path: Path, display: str, raw: bytes) -> Config:
    if path.name == "pyproject.toml":
        if len(raw) > MAX_BYTES:
            line = raw.count(b"\n", 0, MAX_BYTES) + 1
            message = f"pyproject.toml is larger than {MAX_BYTES:,} bytes; it is not read further"
            return Config(display, path.parent.resolve(), findings=(_problem(display, line, 1, message),))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Config(
                display,
                path.parent.resolve(),
                findings=(_problem(display, 1, 1, f"cannot read the configuration: {exc}"),),
            )
        return _from_pyproject(path, display, text)
    source = load_bytes(display, raw)  # the spec loader, with its bounds (README "Bounds")
    empty = [f for f in source.findings if f.rule == "AML005"]
    faults = [f for f in source.findings if f.rule != "AML005"]
    if faults:
        return Config(display, path.parent.resolve(), findings=tuple(faults))
    extra: list[Fault] = []
    if len(source.docs) + len(empty) > 1:
        # A second document is not read by anything: say so rather than ignore settings in silence.
        lines = sorted([d.line for d in source.docs] + [f.span.line for f in empty])
        extra.append(
            _problem(
                display,
                lines[1],
                1,
                f"the configuration holds {len(lines)} YAML documents; only the first is read: merge them"
                " into one mapping and remove the `---` separators",
            )
        )
    if not source.docs:
        return Config(display, path.parent.resolve(), findings=tuple(extra))
    doc = source.docs[0]
    config = _validate(display, path.parent.resolve(), doc.data, doc.positions)
    return replace(config, findings=config.findings + tuple(extra)) if extra else config


def _from_pyproject(path: Path, display: str, text: str) -> Config:
    from .pyproject import TomlFault, parse

    try:
        document = parse(text)  # bounded like a spec: depth, values, digits, size (pyproject.py)
    except TomlFault as fault:
        problem = _problem(display, fault.line, fault.column, str(fault))
        return Config(display, path.parent.resolve(), findings=(problem,))
    tool = document.get("tool", {})
    table = tool.get("automlspec", {}) if isinstance(tool, dict) else {}
    return _validate(display, path.parent.resolve(), table, _toml_positions(text, table))


_TOML_KEY = r"\s*(?:\[+\s*tool\.automlspec\.)?([^\s=.\]]+)"


def _toml_positions(text: str, table: Any) -> dict[FieldPath, Pos]:
    """TOML gives no positions: every value points at the first line at or below the [tool.automlspec]
    header that starts with its key (``key =`` or a ``[tool.automlspec.key]`` header), else at its parent's
    line (a list item, a key of an inline table: `select = ["AMLX"]` on line 2 is reported on line 2), the
    header for a top-level key that starts no line. The first line of each key is indexed once, so the
    cost is lines plus values, not their product."""
    lines = editor_lines(text)
    header = next((i for i, line in enumerate(lines, 1) if line.strip().startswith("[tool.automlspec")), 1)
    first: dict[str, int] = {}
    for number in range(header, len(lines) + 1):
        match = re.match(_TOML_KEY, lines[number - 1])
        if match:
            first.setdefault(match.group(1), number)
    positions: dict[FieldPath, Pos] = {}
    # iterative: parse() bounded the depth; each entry carries its parent's line
    stack: list[tuple[Any, FieldPath, int]] = [(table, FieldPath(), header)]
    while stack:
        value, where, parent = stack.pop()
        key = where[-1] if where else None
        # a key starting a line at or below its parent's (`key =`, a `[tool.automlspec.key]` header), or the parent's line
        line = first[key] if isinstance(key, str) and first.get(key, 0) >= parent else parent
        span = Span(line, 1, line, len(lines[line - 1]) + 1 if line <= len(lines) else 1)
        positions[where] = Pos(span, span)
        if isinstance(value, dict):
            stack.extend((item, where / k, line) for k, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, where / index, line) for index, item in enumerate(value))
    return positions


def _problem(file: str, line: int, column: int, message: str, suggestion: str | None = None) -> Fault:
    return Fault(CONFIG_RULE, message, Span(line, column, line, column + 1), suggestion)


@dataclass
class _Reading:
    """One configuration file being validated: its faults and the origin of each setting it names."""

    display: str
    positions: dict[FieldPath, Pos]
    problems: list[Fault] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)

    def report(self, path: FieldPath, message: str, suggestion: str | None = None, key: bool = False) -> None:
        _, span = locate(self.positions, FieldPath(path), "key" if key else "value", self.display)
        self.problems.append(Fault(CONFIG_RULE, message, span, suggestion))

    def named(self, setting: str, *path: str | int) -> None:
        """Record that this file names ``setting`` (a whole setting, or one entry), at ``path``'s line."""
        self.origins[setting] = f"{self.display}:{locate(self.positions, FieldPath(path), 'key', self.display)[1].line}"

    def span_of(self, path: FieldPath, key: bool) -> Span:
        return locate(self.positions, path, "key" if key else "value", self.display)[1]


def _validate(display: str, root: Path, data: Any, positions: dict[FieldPath, Pos]) -> Config:
    from .suggest import report_unknown_keys

    reading = _Reading(display, positions)
    report, named = reading.report, reading.named
    if data is None:
        data = {}
    if not isinstance(data, dict):
        report(
            FieldPath(), "the configuration must be a mapping of settings (select, ignore, severity, exclude, defaults)"
        )
        return Config(display, root, findings=tuple(reading.problems))

    report_unknown_keys(
        data, KEYS, FieldPath(), report, lambda key: f"unknown configuration key '{key}'; valid keys: {', '.join(KEYS)}"
    )

    plugins: dict[str, Rule] = {}
    if "plugins" in data:  # before select, ignore and severity, which may name the plugins' rules
        from .plugins import read as read_plugins

        plugins = read_plugins(data["plugins"], FieldPath(("plugins",)), report, named)
    select, ignore = _selectors(data, "select", reading), _selectors(data, "ignore", reading)
    severity = _severities(data, reading)
    exclude = _excludes(data, reading)
    defaults_doc = _defaults(data["defaults"], reading) if data.get("defaults") is not None else None
    target = _target(data.get("target"), report, named) if "target" in data else None
    policies = _policies(data["policies"], reading) if "policies" in data else {}
    project = _project(data.get("project"), report) if "project" in data else None
    if project is not None:
        named("project", "project")
    ignore_tags = _ignore_tags(data.get("ignore_tags"), report) if "ignore_tags" in data else None
    if ignore_tags is not None:
        named("ignore_tags", "ignore_tags")
    return Config(
        display,
        root,
        select,
        ignore,
        severity,
        tuple(Exclude(root, pattern) for pattern in exclude),
        defaults_doc,
        tuple(reading.problems),
        target=target,
        project=project,
        ignore_tags=ignore_tags,
        origins=reading.origins,
        policies=policies,
        plugins=plugins,
    )


def _selectors(data: dict, key: str, reading: _Reading) -> tuple[str, ...]:
    """``select`` or ``ignore``: the selectors that name a rule (each other one is reported)."""
    from .rules import lookup, rule_guess

    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        reading.report(FieldPath((key,)), f"'{key}' must be a list of rule codes, code prefixes or rule names")
        return ()
    if key in data:
        reading.named(key, key)
    out = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not lookup(item):
            guess = rule_guess(item)
            reading.report(
                FieldPath((key, index)),
                f"'{key}' names no rule: {item!r} is not a rule code, code prefix or rule name",
                guess,
            )
        else:
            out.append(item)
    return tuple(out)


def _severities(data: dict, reading: _Reading) -> dict[str, Severity]:
    """``severity``: each rule's severity by code (each entry naming no rule or no severity is reported)."""
    from .rules import lookup, rule_guess
    from .suggest import closest

    severity: dict[str, Severity] = {}
    raw_severity = data.get("severity", {})
    if not isinstance(raw_severity, dict):
        reading.report(
            FieldPath(("severity",)), "'severity' must be a mapping of rule code or name to error, warning or info"
        )
        raw_severity = {}
    for key, value in raw_severity.items():
        rules = lookup(str(key))
        if not rules:
            guess = rule_guess(key)
            reading.report(FieldPath(("severity", key)), f"'severity' names no rule: '{key}'", guess, key=True)
        elif value not in ("error", "warning", "info"):
            guess = closest(str(value), ("error", "warning", "info"))
            reading.report(
                FieldPath(("severity", key)),
                f"severity of {key} must be error, warning or info, not {value!r}",
                guess,
            )
        else:
            for found in rules:
                severity[found.code] = Severity(value)
                reading.named(f"severity.{found.code}", "severity", key)
    return severity


def _excludes(data: dict, reading: _Reading) -> list[str]:
    exclude = data.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        reading.report(FieldPath(("exclude",)), "'exclude' must be a list of glob patterns")
        exclude = []
    if exclude:
        reading.named(f"exclude.{reading.display}", "exclude")
    return exclude


def _defaults(defaults: Any, reading: _Reading) -> SourceDoc | None:
    """``defaults``: request fields merged under every spec, at the positions the file gives them."""
    from . import model
    from .suggest import closest

    if not isinstance(defaults, dict):
        reading.report(
            FieldPath(("defaults",)), "'defaults' must be a mapping of request fields merged under every spec"
        )
        return None
    allowed = set(model.shape(model.root_shape("v1"))["members"]) | set(model.shape(model.root_shape("v2"))["members"])
    for key in defaults:
        reading.named(f"defaults.{key}", "defaults", key)
        if key not in allowed:
            guess = closest(str(key), sorted(allowed))
            reading.report(
                FieldPath(("defaults", key)),
                f"defaults: '{key}' is not a request field",
                guess,
                key=True,
            )
        elif key == "AutoMLJobName":
            reading.report(
                FieldPath(("defaults", key)),
                "defaults: AutoMLJobName is unique per job and cannot be a default",
                key=True,
            )
    prefix = FieldPath(("defaults",))
    shifted = {
        FieldPath(p[1:]): pos._replace(origin=reading.display)
        for p, pos in reading.positions.items()
        if p[:1] == prefix
    }
    return SourceDoc(0, defaults, shifted, 1)


def _policies(value: Any, reading: _Reading) -> dict[str, Policy | None]:
    from . import policy

    policies = policy.read(value, FieldPath(("policies",)), reading.display, reading.report, reading.span_of)
    for name in policies:
        reading.named(f"policies.{name}", "policies", name)
    return policies


def _project(value: Any, report) -> str | None:
    """Validate `project: <id>`: the identity plan records on every job it creates (a tag value)."""
    if isinstance(value, str) and re.fullmatch(_PROJECT, value) and value.strip():
        return value
    report(
        FieldPath(("project",)),
        f"project must be an id of 1-256 letters, digits, spaces and _.:/=+-@ (it is a tag value), not {value!r}",
    )
    return None


def _mapping_of(setting: str, allowed: tuple[str, ...], value: Any, report) -> bool:
    """Whether the setting's value is a mapping (else reported); each key of it not ``allowed`` is reported."""
    from .suggest import report_unknown_keys

    where = FieldPath((setting,))
    if not isinstance(value, dict):
        report(where, f"'{setting}' must be a mapping with {', '.join(allowed)}")
        return False
    report_unknown_keys(
        value, allowed, where, report, lambda key: f"unknown {setting} key '{key}'; valid keys: {', '.join(allowed)}"
    )
    return True


def _ignore_tags(value: Any, report) -> IgnoreTags | None:
    """Validate `ignore_tags: {keys: [...], key_prefixes: [...]}`; problems are reported, bad parts dropped."""
    where = FieldPath(("ignore_tags",))
    if not _mapping_of("ignore_tags", IGNORE_TAGS_KEYS, value, report):
        return None
    lists: dict[str, tuple[str, ...]] = {}
    for key in IGNORE_TAGS_KEYS:
        items = value.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
            report(where / key, f"ignore_tags {key} must be a list of strings (tag keys)")
            items = []
        lists[key] = tuple(items)
    return IgnoreTags(lists["keys"], lists["key_prefixes"])


def _account_guess(text: str) -> str | None:
    """``1234-5678-9012`` (as the console shows it) -> ``123456789012``; fullwidth or other scripts'
    digits (``１２３…``, which Python's ``int`` and ``\\d`` accept but no AWS API does) -> ASCII."""
    import unicodedata

    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in re.sub(r"[\s-]", "", text))
    return digits if digits != text and re.fullmatch(_ACCOUNT_ID, digits) else None


def _target(value: Any, report, named) -> TargetConfig | None:
    """Validate `target: {region, profile, allowed_account_ids, tagging_api}`; problems are reported, bad parts
    dropped."""
    where = FieldPath(("target",))
    if value is None or not _mapping_of("target", TARGET_KEYS, value, report):
        return None
    texts: dict[str, str | None] = {}
    for key in ("region", "profile"):
        item = value.get(key)
        if item is not None and (not isinstance(item, str) or not item):
            report(where / key, f"target {key} must be a non-empty string, not {item!r}")
            item = None
        texts[key] = item
    region = _valid_region(texts["region"], where, report)
    for key, text in (("region", region), ("profile", texts["profile"])):
        if text is not None:
            named(f"target.{key}", "target", key)
    accounts = _accounts(value, where / "allowed_account_ids", report) if "allowed_account_ids" in value else ()
    if accounts:
        named("target.allowed_account_ids", "target", "allowed_account_ids")
    tagging = value.get("tagging_api")
    if tagging is not None and not isinstance(tagging, bool):
        report(where / "tagging_api", f"target tagging_api must be true or false, not {tagging!r}")
        tagging = None
    if tagging is not None:
        named("target.tagging_api", "target", "tagging_api")
    return TargetConfig(region, texts["profile"], accounts, tagging)


def _valid_region(region: str | None, where: FieldPath, report) -> str | None:
    """The target's region, or None when it is none AWS has (reported)."""
    if region is None:
        return None
    from .regions import problem

    found = problem(region)
    if found is not None and found.error:  # a warning (a region newer than botocore) is left to the call
        report(where / "region", f"target region {found.message}", found.suggestion)
        return None
    return region


def _accounts(value: dict, where: FieldPath, report) -> tuple[str, ...]:
    """The valid ids of ``allowed_account_ids``. An empty list is an error, not "any account" (issue 20):
    written down, the guard must guard. A list with no valid id is not named at all, so a parent's guard
    still applies: a broken setting never widens what plan and apply may touch."""
    ids = value["allowed_account_ids"]
    if isinstance(ids, str | int) and not isinstance(ids, bool):
        ids = [ids]
    if not isinstance(ids, list):
        report(where, "target allowed_account_ids must be a list of 12-digit account ids")
        return ()
    if not ids:
        report(
            where,
            "target allowed_account_ids is empty, so it would guard nothing; list the 12-digit account ids plan"
            " and apply may use, or remove the key (the folder then keeps its parent folder's list)",
        )
        return ()
    accounts: list[str] = []
    for index, item in enumerate(ids):
        text = str(item) if isinstance(item, str | int) and not isinstance(item, bool) else None
        if text is None or not re.fullmatch(_ACCOUNT_ID, text):
            report(
                where / index,
                f"target allowed_account_ids: {item!r} is not a 12-digit AWS account id{_account_hint(item, text)}",
                _account_guess(text) if text is not None else None,
            )
        else:
            accounts.append(text)
    return tuple(accounts)


def _account_hint(item: Any, text: str | None) -> str:
    """Why an account id that is not one may look like one."""
    if isinstance(item, int):
        return " (quote it: YAML reads a number with a leading 0 differently)"
    if text is not None and any(c.isdigit() and not c.isascii() for c in text):
        return " (it has digits other than ASCII 0-9, which AWS account ids never have)"
    return ""


# ----- --show-settings ----------------------------------------------------------------------------


def render_settings(
    file: str,
    base: Config,
    how: str,
    discovery: Discovery | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    layers: tuple[Config, ...] = (),
) -> str:
    """The effective settings for one file and where each value came from (`lint --show-settings`).

    ``base`` is the configuration the file gets before the command line (all its layers merged),
    ``layers`` each configuration file's own, nearest first (their errors are listed), ``how`` says how
    the files were chosen (discovered, --config, --no-config). Settings that merge entry by entry
    (severity, defaults, target) get a row per entry, each with the file and line that wrote it."""
    layers = layers or base.files()
    lines = _settings_header(file, base, how, discovery, layers)
    effective = base.with_cli(select, ignore)
    rows = [
        *_selection_rows(effective, base.origins, select, ignore),
        *_entry_rows("severity", {code: level.value for code, level in effective.severity.items()}, base.origins),
        *_exclude_rows(effective, base.origins),
        *_entry_rows("defaults", dict(base.defaults.data) if base.defaults else {}, base.origins),
        *_entry_rows("target", _target_values(base.target), base.origins),
        *_entry_rows("policies", _policy_values(base.policies), base.origins),
        *_entry_rows("plugins", _plugin_values(base), base.origins),
        *_identity_rows(base, layers),
    ]
    width = max(len(name) for name, _, _ in rows)
    lines.extend(f"  {name:<{width}} = {value}    # from {where}" for name, value, where in rows)
    return "\n".join(lines) + "\n"


_Row = tuple[str, str, str]  # a setting (or one entry of it), its value shown, where it came from


def _dump(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def _settings_header(
    file: str, base: Config, how: str, discovery: Discovery | None, layers: tuple[Config, ...]
) -> list[str]:
    """Which configuration files apply, how they were found, and their errors."""
    if len(layers) > 1:
        names = ", ".join(layer.path or "" for layer in layers)
        lines = [f"Settings for {file}", f"  configuration files: {names} ({how}; the nearest first, and it wins)"]
    else:
        lines = [f"Settings for {file}", f"  configuration file: {base.path or 'none'} ({how})"]
    if discovery is not None:
        looked = ", ".join(str(d) for d in discovery.searched) or "nowhere"
        lines.append(f"  searched: {looked}; the search stops at {discovery.stop}")
        lines.extend(f"  warning: {warning}" for warning in discovery.ignored)
    for layer in layers:
        lines.extend(f"  error: {layer.path}:{finding.span.line}: {finding.message}" for finding in layer.findings)
    return lines


def _selection_rows(
    effective: Config, origins: dict[str, str], select: list[str] | None, ignore: list[str] | None
) -> list[_Row]:
    return [
        (
            "select",
            _dump(list(effective.select)) if effective.select else "all rules",
            "command line --select" if select else origins.get("select", "default"),
        ),
        (
            "ignore",
            _dump(list(effective.ignore)),
            " + ".join(filter(None, (origins.get("ignore"), "command line --ignore" if ignore else None))) or "default",
        ),
    ]


def _entry_rows(setting: str, values: dict[str, Any], origins: dict[str, str]) -> list[_Row]:
    """A row per entry of a setting that merges entry by entry; one `{}` row when it has none."""
    if not values:
        return [(setting, "{}", "default")]
    return [
        (f"{setting}.{key}", _dump(value), origins.get(f"{setting}.{key}", "default")) for key, value in values.items()
    ]


def _exclude_rows(effective: Config, origins: dict[str, str]) -> list[_Row]:
    """A row per file that excludes something: its globs, relative to its folder."""
    by_file: dict[Path, list[str]] = {}
    for root, pattern in effective.exclude:
        by_file.setdefault(root, []).append(pattern)
    excludes = [k for k in origins if k.startswith("exclude.")]
    rows = [
        ("exclude", f"{_dump(patterns)} (relative to {root})", origins[key])
        for (root, patterns), key in zip(by_file.items(), excludes, strict=False)
    ]
    return rows or [("exclude", "[]", "default")]


def _target_values(target: TargetConfig | None) -> dict[str, Any]:
    return {k: v for k, v in target._asdict().items() if v not in (None, ())} if target else {}


def _policy_values(policies: dict[str, Policy | None]) -> dict[str, Any]:
    return {
        name: "off"
        if policy is None
        else f"{policy.severity.value}, {'suppressible' if policy.suppressible else 'not suppressible'}: {policy.message}"
        for name, policy in policies.items()
    }


def _plugin_values(base: Config) -> dict[str, Any]:
    """Each plugin the configuration names, with the codes of its rules."""
    plugins: dict[str, list[str]] = {}
    for key in base.origins:
        if key.startswith("plugins."):
            plugins[key.split(".", 1)[1]] = []
    if base.plugins:
        from .plugins import plugin_of

        for rule in base.plugins.values():
            plugins.setdefault(plugin_of(rule.code), []).append(rule.code)
    return plugins


def _identity_rows(base: Config, layers: tuple[Config, ...]) -> list[_Row]:
    """`project` (the repository identity --prune trusts) and `ignore_tags`, each shown only when set."""
    rows = []
    if base.project is not None:
        rows.append(("project", _dump(base.project), base.origins.get("project", "default")))
    if base.ignore_tags is not None:
        where = " + ".join(layer.origins["ignore_tags"] for layer in layers if "ignore_tags" in layer.origins)
        rows.append(("ignore_tags", _dump(base.ignore_tags._asdict()), where or "default"))
    return rows


# ----- every configuration file of a tree (`automlspec policy test`) ----------------------------------


def files_under(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Every trusted configuration file that applies at or below ``paths``: the layers above each path
    (as lint finds them) and the configuration of every folder below it (hidden folders are not
    entered). Also the warnings of the untrusted files passed over."""
    found: dict[Path, None] = {}
    warnings: list[str] = []
    for start in paths:
        folder = start if start.is_dir() else start.parent
        discovery = find(folder)
        found.update((layer.resolve(), None) for layer in reversed(discovery.layers))
        warnings.extend(w for w in discovery.ignored if w not in warnings)
        if not start.is_dir():
            continue
        for directory, subfolders, _ in os.walk(start):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for candidate in _candidates(Path(directory)):
                doubt = _untrusted(candidate)
                if doubt:
                    warning = f"{candidate}: ignored, {doubt}; pass --config {candidate} to use it anyway"
                    if warning not in warnings:
                        warnings.append(warning)
                    continue
                found[candidate.resolve()] = None
                break
    return list(found), warnings


# ----- which configuration each file gets ----------------------------------------------------------


class ConfigResolver:
    """The configuration for each file: explicit, none, or every file from the project root down to the
    file's directory, layered (cached by directory, each file read once)."""

    def __init__(
        self, explicit: Path | None = None, disabled: bool = False, select=None, ignore=None, base: Path | None = None
    ):
        self.explicit = explicit
        self.disabled = disabled
        self.base = base  # configuration files are named relative to it (None: the working directory)
        self.select, self.ignore = select, ignore
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}
        self._by_layers: dict[tuple[Path, ...], Config] = {}
        self._real_dirs: dict[Path, Path] = {}  # a directory as named -> as resolved (_real_parent)
        self.discoveries: dict[Path, Discovery] = {}  # by directory, for --show-settings
        self.warnings: list[str] = []  # configuration files skipped as untrusted (printed once each)

    def _file(self, path: Path) -> Config:
        where = path if self.base is None or path.is_absolute() else self.base / path
        key = where.resolve()
        if key not in self._by_file:
            self._by_file[key] = load(where, _display(path, self.base))
        return self._by_file[key]

    def layers(self, file: Path) -> tuple[Config, ...]:
        """Each configuration file's own settings for ``file``, nearest first (--show-settings)."""
        if self.disabled:
            return ()
        if self.explicit is not None:
            return (self._file(self.explicit),)
        directory = file.resolve().parent
        if directory not in self.discoveries:
            self.for_file(file)
        return tuple(self._file(path) for path in self.discoveries[directory].layers)

    def unlayered(self, file: Path) -> Config:
        """``file``'s configuration without the command line's --select and --ignore."""
        if self.disabled:
            return Config()
        if self.explicit is not None:
            return self._layer(self.explicit, None)
        directory = file.resolve().parent
        found = self.discoveries.get(directory)
        if found is None:
            found = self.discoveries[directory] = find(directory)
            self.warnings.extend(w for w in found.ignored if w not in self.warnings)
        if found.layers not in self._by_layers:
            merged: Config | None = None
            for path in reversed(found.layers):
                layer = self._layer(path, merged)
                merged = layer if merged is None else layered(merged, layer)
            self._by_layers[found.layers] = merged or Config()
        return self._by_layers[found.layers]

    def _layer(self, path: Path, parent: Config | None) -> Config:
        """One file's configuration, with the findings only its place among the layers shows (an id it
        switches off that no file above defines): once, as its parents are the same for every spec below."""
        layer = self._file(path)
        extra = [f for f in switched_off_unknown(parent or Config(), layer) if f not in layer.findings]
        if extra:
            layer = self._by_file[path.resolve()] = replace(layer, findings=layer.findings + tuple(extra))
        return layer

    def _real_parent(self, file: Path) -> Path:
        """``file.resolve().parent``, resolving each named directory once: unless the file is itself a
        link (or ``..``), its real directory is its named directory's. A walk of 1,000 specs in one
        folder resolved every path, component by component (about 4% of the run, issue 26)."""
        if file.name == ".." or file.is_symlink():
            return file.resolve().parent
        parent = file.parent
        real = self._real_dirs.get(parent)
        if real is None:
            real = self._real_dirs[parent] = parent.resolve()
        return real

    def for_file(self, file: Path) -> Config:
        directory = self._real_parent(file)
        if directory not in self._by_dir:
            self._by_dir[directory] = self.unlayered(file).with_cli(self.select, self.ignore)
        return self._by_dir[directory]

    def loaded(self) -> list[Config]:
        """Each configuration file read, with its own findings."""
        return [c for c in self._by_file.values() if c.path]


def display(path: Path) -> str:
    """A configuration file's name as findings show it: relative to the working directory when below it."""
    return _display(path)


def _display(path: Path, base: Path | None = None) -> str:
    """How a configuration file is named: relative to ``base`` (None: the working directory), else as found."""
    try:
        rel = os.path.relpath(path if base is None or path.is_absolute() else base / path, base)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)
