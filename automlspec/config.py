"""Project configuration: `.automlspec.yaml` (or `.automlspec.yml`), or `[tool.automlspec]` in
`pyproject.toml`, found by walking up from each linted file's directory; the nearest one wins.

Settings (docs/configuration.md):
  select:   [codes, prefixes or names]   only these rules (default: all)
  ignore:   [codes, prefixes or names]   never these
  severity: {code-or-name: error|warning|info}
  exclude:  [glob, ...]                  paths (relative to the config file) not to lint
  defaults: {request fields}             deep-merged under every spec; the spec wins
  target:   {region, profile, allowed_account_ids}   where `plan`/`apply` send these specs

Tool settings live here, never inside specs: a spec stays a request the AWS CLI accepts as it is.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from .findings import Fault, Severity
from .paths import FieldPath
from .source import MAX_BYTES, Pos, SourceDoc, Span, editor_lines, load_bytes, locate, read_bounded

CONFIG_NAMES = (".automlspec.yaml", ".automlspec.yml")
KEYS = ("select", "ignore", "severity", "exclude", "defaults", "target")
TARGET_KEYS = ("region", "profile", "allowed_account_ids")
_ACCOUNT_ID = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")
CONFIG_RULE = "AML900"


class TargetConfig(NamedTuple):  # NamedTuples are built several times faster than dataclasses, on every start
    """The `target:` setting: the account and region `plan` and `apply` use for these specs."""

    region: str | None = None
    profile: str | None = None
    allowed_account_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    path: str | None = None  # the file, as displayed
    root: Path | None = None  # its directory: exclude globs are relative to it
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)  # by rule code
    exclude: tuple[str, ...] = ()
    defaults: SourceDoc | None = None
    findings: tuple[Fault, ...] = ()  # placed in this file (path)
    content: str | None = None  # the file's text as read (None: unreadable or not UTF-8), to show its lines
    target: TargetConfig | None = None
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
        if not self.exclude or self.root is None:
            return False
        try:
            rel = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return False
        return any(
            fnmatch.fnmatch(rel, pattern) or rel.startswith(pattern.rstrip("/") + "/") for pattern in self.exclude
        )


class Discovery(NamedTuple):
    """Where the configuration for one directory comes from, and why the search ended there."""

    path: Path | None  # the file used, or None
    searched: tuple[Path, ...]  # directories looked in, nearest first
    stop: str  # why the walk went no higher
    ignored: tuple[str, ...] = ()  # warnings: files found but not trusted


def discover(start: Path) -> Path | None:
    """The nearest trusted config file at or above ``start`` (a directory), within its project."""
    return find(start).path


def find(start: Path) -> Discovery:
    """Walk up from ``start`` looking for a configuration file, as git looks for a repository:

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
    for index, directory in enumerate(chain):
        for candidate in _candidates(directory):
            doubt = _untrusted(candidate)
            if doubt:
                ignored.append(f"{candidate}: ignored, {doubt}; pass --config {candidate} to use it anyway")
                continue
            return Discovery(candidate, tuple(chain[: index + 1]), stop, tuple(ignored))
    return Discovery(None, tuple(chain), stop, tuple(ignored))


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

    for what, item in (("the file", path), ("its directory", path.parent)):
        try:
            info = item.stat()
        except OSError:
            continue
        shared = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        if shared and info.st_uid != me:
            who = "others" if info.st_mode & stat.S_IWOTH else "its group"
            return f"{what} is writable by {who} (mode {stat.S_IMODE(info.st_mode):04o}) and owned by user {info.st_uid}, not you"
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


_TOML_KEY = re.compile(r"\s*(?:\[+\s*tool\.automlspec\.)?([^\s=.\]]+)")


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
        match = _TOML_KEY.match(lines[number - 1])
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


def _validate(display: str, root: Path, data: Any, positions: dict[FieldPath, Pos]) -> Config:
    from .rules import lookup, rule_guess
    from .suggest import closest

    problems: list[Fault] = []

    def report(path: FieldPath, message: str, suggestion: str | None = None, key: bool = False) -> None:
        _, span = locate(positions, FieldPath(path), "key" if key else "value", display)
        problems.append(Fault(CONFIG_RULE, message, span, suggestion))

    if data is None:
        data = {}
    if not isinstance(data, dict):
        report(
            FieldPath(), "the configuration must be a mapping of settings (select, ignore, severity, exclude, defaults)"
        )
        return Config(display, root, findings=tuple(problems))

    for key in data:
        if key not in KEYS:
            guess = closest(str(key), KEYS)
            report(
                FieldPath((key,)),
                f"unknown configuration key '{key}'; valid keys: {', '.join(KEYS)}",
                guess,
                key=True,
            )

    def selectors(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            report(FieldPath((key,)), f"'{key}' must be a list of rule codes, code prefixes or rule names")
            return ()
        out = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not lookup(item):
                guess = rule_guess(item)
                report(
                    FieldPath((key, index)),
                    f"'{key}' names no rule: {item!r} is not a rule code, code prefix or rule name",
                    guess,
                )
            else:
                out.append(item)
        return tuple(out)

    select, ignore = selectors("select"), selectors("ignore")

    severity: dict[str, Severity] = {}
    raw_severity = data.get("severity", {})
    if not isinstance(raw_severity, dict):
        report(FieldPath(("severity",)), "'severity' must be a mapping of rule code or name to error, warning or info")
        raw_severity = {}
    for key, value in raw_severity.items():
        rules = lookup(str(key))
        if not rules:
            guess = rule_guess(key)
            report(FieldPath(("severity", key)), f"'severity' names no rule: '{key}'", guess, key=True)
        elif value not in ("error", "warning", "info"):
            guess = closest(str(value), ("error", "warning", "info"))
            report(
                FieldPath(("severity", key)),
                f"severity of {key} must be error, warning or info, not {value!r}",
                guess,
            )
        else:
            for found in rules:
                severity[found.code] = Severity(value)

    exclude = data.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        report(FieldPath(("exclude",)), "'exclude' must be a list of glob patterns")
        exclude = []

    defaults_doc = None
    defaults = data.get("defaults")
    if defaults is not None:
        if not isinstance(defaults, dict):
            report(FieldPath(("defaults",)), "'defaults' must be a mapping of request fields merged under every spec")
        else:
            from . import model

            allowed = set(model.shape(model.root_shape("v1"))["members"]) | set(
                model.shape(model.root_shape("v2"))["members"]
            )
            for key in defaults:
                if key not in allowed:
                    guess = closest(str(key), sorted(allowed))
                    report(
                        FieldPath(("defaults", key)),
                        f"defaults: '{key}' is not a request field",
                        guess,
                        key=True,
                    )
                elif key == "AutoMLJobName":
                    report(
                        FieldPath(("defaults", key)),
                        "defaults: AutoMLJobName is unique per job and cannot be a default",
                        key=True,
                    )
            prefix = FieldPath(("defaults",))
            shifted = {
                FieldPath(p[1:]): pos._replace(origin=display) for p, pos in positions.items() if p[:1] == prefix
            }
            defaults_doc = SourceDoc(0, defaults, shifted, 1)

    target = _target(data.get("target"), report) if "target" in data else None
    return Config(display, root, select, ignore, severity, tuple(exclude), defaults_doc, tuple(problems), target=target)


def _region_guess(region: str) -> str | None:
    """The region name a malformed one most likely means, from its form alone (no region list, so the
    lint path imports no botocore): ``us-east1`` -> ``us-east-1``, ``US_EAST_1`` -> ``us-east-1``,
    ``eu west 1`` -> ``eu-west-1``; None when no such repair gives a well-formed name."""
    fixed = re.sub(r"[\s_]+", "-", region.strip().lower())
    fixed = re.sub(r"(?<=[a-z])(?=\d+$)", "-", fixed)  # the missing hyphen before the number
    return fixed if fixed != region and _REGION.fullmatch(fixed) else None


def _account_guess(text: str) -> str | None:
    """``1234-5678-9012`` (as the console shows it) -> ``123456789012``."""
    digits = re.sub(r"[\s-]", "", text)
    return digits if digits != text and _ACCOUNT_ID.fullmatch(digits) else None


def _target(value: Any, report) -> TargetConfig | None:
    """Validate `target: {region, profile, allowed_account_ids}`; problems are reported, bad parts dropped."""
    from .suggest import closest

    where = FieldPath(("target",))
    if value is None:
        return None
    if not isinstance(value, dict):
        report(where, f"'target' must be a mapping with {', '.join(TARGET_KEYS)}")
        return None
    for key in value:
        if key not in TARGET_KEYS:
            guess = closest(str(key), TARGET_KEYS)
            report(
                where / key,
                f"unknown target key '{key}'; valid keys: {', '.join(TARGET_KEYS)}",
                guess,
                key=True,
            )
    texts: dict[str, str | None] = {}
    for key in ("region", "profile"):
        item = value.get(key)
        if item is not None and (not isinstance(item, str) or not item):
            report(where / key, f"target {key} must be a non-empty string, not {item!r}")
            item = None
        texts[key] = item
    region = texts["region"]
    if region is not None and not _REGION.fullmatch(region):
        report(
            where / "region",
            f"target region {region!r} is not an AWS region name such as eu-west-1",
            _region_guess(region),
        )
        region = None
    ids = value.get("allowed_account_ids", [])
    if isinstance(ids, str | int) and not isinstance(ids, bool):
        ids = [ids]
    accounts: list[str] = []
    if not isinstance(ids, list):
        report(where / "allowed_account_ids", "target allowed_account_ids must be a list of 12-digit account ids")
        ids = []
    for index, item in enumerate(ids):
        text = str(item) if isinstance(item, str | int) and not isinstance(item, bool) else None
        if text is None or not _ACCOUNT_ID.fullmatch(text):
            hint = " (quote it: YAML reads a number with a leading 0 differently)" if isinstance(item, int) else ""
            report(
                where.join("allowed_account_ids", index),
                f"target allowed_account_ids: {item!r} is not a 12-digit AWS account id{hint}",
                _account_guess(text) if text is not None else None,
            )
        else:
            accounts.append(text)
    return TargetConfig(region, texts["profile"], tuple(accounts))


# ----- --show-settings ----------------------------------------------------------------------------


def render_settings(
    file: str,
    base: Config,
    how: str,
    discovery: Discovery | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> str:
    """The effective settings for one file and where each value came from (`lint --show-settings`).

    ``base`` is the configuration file's settings (before the command line), ``how`` says how the file
    was chosen (discovered, --config, --no-config)."""
    import json

    source = base.path or "default"
    lines = [f"Settings for {file}", f"  configuration file: {base.path or 'none'} ({how})"]
    if discovery is not None:
        looked = ", ".join(str(d) for d in discovery.searched) or "nowhere"
        lines.append(f"  searched: {looked}; the search stops at {discovery.stop}")
        lines.extend(f"  warning: {warning}" for warning in discovery.ignored)
    for finding in base.findings:
        lines.append(f"  error: {base.path}:{finding.span.line}: {finding.message}")

    def origin(present: bool) -> str:
        return source if present else "default"

    effective = base.with_cli(select, ignore)
    rows = [
        (
            "select",
            json.dumps(list(effective.select)) if effective.select else "all rules",
            "command line --select" if select else origin(bool(base.select)),
        ),
        (
            "ignore",
            json.dumps(list(effective.ignore)),
            " + ".join(filter(None, (base.path if base.ignore else None, "command line --ignore" if ignore else None)))
            or "default",
        ),
        (
            "severity",
            json.dumps({code: level.value for code, level in effective.severity.items()}),
            origin(bool(base.severity)),
        ),
        (
            "exclude",
            json.dumps(list(effective.exclude)) + (f" (relative to {base.root})" if base.exclude else ""),
            origin(bool(base.exclude)),
        ),
        (
            "defaults",
            json.dumps(base.defaults.data, ensure_ascii=False, default=str) if base.defaults else "{}",
            origin(base.defaults is not None),
        ),
    ]
    width = max(len(name) for name, _, _ in rows)
    lines.extend(f"  {name:<{width}} = {value}    # from {where}" for name, value, where in rows)
    return "\n".join(lines) + "\n"


# ----- which configuration each file gets ----------------------------------------------------------


class ConfigResolver:
    """The configuration for each file: explicit, none, or the nearest one above it (cached)."""

    def __init__(self, explicit: Path | None = None, disabled: bool = False, select=None, ignore=None):
        self.explicit = explicit
        self.disabled = disabled
        self.select, self.ignore = select, ignore
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}
        self.discoveries: dict[Path, Discovery] = {}  # by directory, for --show-settings
        self.warnings: list[str] = []  # configuration files skipped as untrusted (printed once each)

    def _load(self, path: Path | None) -> Config:
        if path is None:
            base = Config()
        else:
            key = path.resolve()
            if key not in self._by_file:
                self._by_file[key] = load(path, _display(path))
            base = self._by_file[key]
        return base.with_cli(self.select, self.ignore)

    def for_file(self, file: Path) -> Config:
        if self.disabled:
            return self._load(None)
        if self.explicit is not None:
            return self._load(self.explicit)
        directory = file.resolve().parent
        if directory not in self._by_dir:
            found = find(directory)
            self.discoveries[directory] = found
            self.warnings.extend(w for w in found.ignored if w not in self.warnings)
            self._by_dir[directory] = self._load(found.path)
        return self._by_dir[directory]

    def loaded(self) -> list[Config]:
        return [c for c in {id(c): c for c in (*self._by_dir.values(), *self._by_file.values())}.values() if c.path]


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)
