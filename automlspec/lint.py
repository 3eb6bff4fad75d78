"""source -> spec -> rules -> positions -> suppressions -> sorted findings.

Everything here is pure except ``collect`` and ``lint_paths``, which read files; the CLI picks a
reporter and turns the result into an exit code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import config as config_module
from .config import Config
from .dialects import detect_dialect
from .findings import FieldPath, Finding, Severity
from .rules import REGISTRY, Rule, limits
from .rules.document import DIALECT, INTERNAL_ERROR
from .source import Pos, SourceFile, Suppressions, load_bytes
from .spec import Spec
from .walk import read_spec, walk

if TYPE_CHECKING:
    from .dataset import DataContext


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    specs: int = 0
    texts: dict[str, str] = field(default_factory=dict)  # display name -> text, for source excerpts
    unreadable: list[str] = field(default_factory=list)  # usage errors: exit code 2
    data_error: str | None = None  # the data checks could not read anything (no credentials...): exit 1

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


@dataclass
class _Located:
    """What is needed to place and filter a document's findings."""

    file: str
    positions: dict[FieldPath, Pos]
    suppressions: Suppressions
    config: Config


# ----- files ----------------------------------------------------------------------------------------


def collect(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Spec files under ``paths`` and the paths that do not exist (walk.walk has the rules and also
    the entries that could not be used)."""
    walked = walk(paths)
    return walked.files, walked.missing


class ConfigResolver:
    """The configuration for each file: explicit, none, or the nearest one above it (cached)."""

    def __init__(self, explicit: Path | None = None, disabled: bool = False, select=None, ignore=None):
        self.explicit = explicit
        self.disabled = disabled
        self.select, self.ignore = select, ignore
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}
        self.discoveries: dict[Path, config_module.Discovery] = {}  # by directory, for --show-settings
        self.warnings: list[str] = []  # configuration files skipped as untrusted (printed once each)

    def _load(self, path: Path | None) -> Config:
        if path is None:
            base = Config()
        else:
            key = path.resolve()
            if key not in self._by_file:
                self._by_file[key] = config_module.load(path, _display(path))
            base = self._by_file[key]
        return base.with_cli(self.select, self.ignore)

    def for_file(self, file: Path) -> Config:
        if self.disabled:
            return self._load(None)
        if self.explicit is not None:
            return self._load(self.explicit)
        directory = file.resolve().parent
        if directory not in self._by_dir:
            found = config_module.find(directory)
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


def lint_paths(
    paths: list[str],
    resolver: ConfigResolver | None = None,
    data: DataContext | None = None,
    sources: dict | None = None,
) -> LintResult:
    """Lint files and directories; with ``data`` (a reader of the specs' S3 data), the data rules too.
    ``sources``, when given, receives ``{name: (bytes, SourceFile)}`` of each file linted, so that a
    caller (plan) works from exactly the bytes that were checked."""
    resolver = resolver or ConfigResolver()
    walked = walk(paths)
    result = LintResult(unreadable=[f"{p}: no such file or directory" for p in walked.missing] + walked.errors)
    specs: list[tuple[Spec, _Located]] = []
    for file in walked.files:
        config = resolver.for_file(file)
        if config.excluded(file):
            continue
        name = str(file)
        try:
            raw = read_spec(file)
        except OSError as exc:
            result.unreadable.append(f"{name}: {exc.strerror or exc}")
            continue
        source = load_bytes(name, raw)
        if sources is not None:
            sources[name] = (raw, source)
        result.files += 1
        result.texts[name] = source.text
        found, file_specs = lint_source(source, config, data)
        result.findings.extend(found)
        specs.extend(file_specs)
    result.specs = len(specs)
    result.findings = _complete(result.findings, specs, resolver.loaded(), result.texts)
    result.data_error = _data_error(data)
    return result


def _data_error(data: DataContext | None) -> str | None:
    """The one line for a data reader that could read nothing (the findings are still reported)."""
    if data is None or data.fatal is None:
        return None
    return f"data checks skipped: {data.fatal}"


def _complete(found: list[Finding], specs: list, configs, texts: dict[str, str]) -> list[Finding]:
    """Add the run-level rules' and the configurations' findings; sort and deduplicate."""
    found = found + run_rules(specs)
    for config in configs:
        found.extend(_finish(f, config) for f in config.findings)
        text = config.text()
        if text is not None:
            texts[config.path] = text
    return _dedupe(sorted(found, key=lambda f: f.sort_key))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    out, seen = [], set()
    for finding in findings:
        key = (finding.file, finding.line, finding.column, finding.rule, finding.message)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


# ----- one file -----------------------------------------------------------------------------------------


def lint_text(name: str, text: str, config: Config | None = None, data: DataContext | None = None) -> list[Finding]:
    """Lint one file's text (tests, editors, stdin); includes the run-level rules for that file alone."""
    from .source import load_text

    config = config or Config()
    found, specs = lint_source(load_text(name, text), config, data)
    return _complete(found, specs, [config], {})


def lint_file(path: Path, config: Config, data: DataContext | None = None) -> tuple[LintResult, SourceFile]:
    """One named file, linted as `lint` would (its configuration's `exclude` does not skip it), and
    its parsed source: what `resolve` and `compile` work from. Raises OSError if it cannot be read."""
    name = str(path)
    source = load_bytes(name, path.read_bytes())
    found, specs = lint_source(source, config, data)
    texts = {name: source.text}
    result = LintResult(_complete(found, specs, [config], texts), 1, len(specs), texts)
    result.data_error = _data_error(data)
    return result, source


def lint_source(
    source: SourceFile, config: Config, data_context: DataContext | None = None
) -> tuple[list[Finding], list[tuple[Spec, _Located]]]:
    findings: list[Finding] = []
    for fault in source.findings:
        if not source.suppressions.covers(fault.line, fault.rule, REGISTRY[fault.rule].name):
            findings.append(_finish(fault.at(file=source.name), config))
    specs = []
    for doc in source.docs:
        located = _Located(source.name, doc.positions, source.suppressions, config)
        dialect, v1_keys, v2_keys = detect_dialect(doc.data)
        if dialect is None:
            findings.extend(_emit([_dialect_finding(v1_keys, v2_keys)], located, doc.index))
            continue
        data, positions = doc.data, doc.positions
        if config.defaults is not None:
            data, positions = config_module.merge_defaults(config.defaults, dialect, data, positions)
            located.positions = positions
        target = (config.target.region, config.target.allowed_account_ids) if config.target else None
        spec = Spec(data, dialect, source.name, doc.index, target)
        raw = list(limits.check(data, dialect))
        for rule in REGISTRY.values():
            if rule.scope != "spec" or not config.enabled(rule.code, rule.name):
                continue
            if "data" in rule.needs:
                if data_context is not None:
                    raw.extend(_run(rule, spec, data_context))
            else:
                raw.extend(_run(rule, spec))
        findings.extend(_emit(raw, located, doc.index))
        specs.append((spec, located))
    return findings, specs


def run_rules(specs: list[tuple[Spec, _Located]]) -> list[Finding]:
    """Rules that look across every spec of a run (for example job names used twice)."""
    if not specs:
        return []
    where = {(s.file, s.doc): located for s, located in specs}
    out = []
    for rule in REGISTRY.values():
        if rule.scope != "run":
            continue
        for finding in _run(rule, [s for s, _ in specs]):
            located = where.get((finding.file, finding.doc))
            if located is not None:
                out.extend(_emit([finding], located, finding.doc))
    return out


def _run(rule: Rule, target, *needed) -> list[Finding]:
    try:
        return [f if f.rule else f.at(rule=rule.code) for f in rule.check(target, *needed)]
    except Exception as exc:  # a rule bug must not hide the other findings or print a traceback
        return [
            Finding(
                INTERNAL_ERROR.code, FieldPath(), f"rule {rule.code} ({rule.name}) failed: {type(exc).__name__}: {exc}"
            )
        ]


def _dialect_finding(v1_keys: list[str], v2_keys: list[str]) -> Finding:
    if v1_keys and v2_keys:
        return Finding(
            DIALECT.code,
            FieldPath((v2_keys[0] if len(v2_keys) <= len(v1_keys) else v1_keys[0],)),
            f"the spec mixes CreateAutoMLJob (V1) fields {', '.join(v1_keys)} with CreateAutoMLJobV2 fields"
            f" {', '.join(v2_keys)}; write one request or the other (`automlspec migrate` turns V1 into V2)",
            anchor="key",
        )
    return Finding(
        DIALECT.code,
        FieldPath(),
        "cannot tell which request this is: a CreateAutoMLJob (V1) spec has InputDataConfig, a"
        " CreateAutoMLJobV2 spec has AutoMLJobInputDataConfig and AutoMLProblemTypeConfig",
    )


def _emit(raw: list[Finding], located: _Located, doc: int) -> list[Finding]:
    out = []
    config = located.config
    for finding in raw:
        rule = REGISTRY[finding.rule]
        if not config.enabled(rule.code, rule.name):
            continue
        placed = locate(finding, located.positions, located.file).at(doc=doc)
        if placed.file == located.file and located.suppressions.covers(placed.line, rule.code, rule.name):
            continue
        out.append(_finish(placed, config))
    return out


def _finish(finding: Finding, config: Config) -> Finding:
    rule = REGISTRY[finding.rule]
    severity = config.severity.get(rule.code) or finding.severity or rule.severity
    return finding.at(name=rule.name, severity=severity)


def locate(finding: Finding, positions: dict[FieldPath, Pos], file: str) -> Finding:
    """Resolve a finding's path to file:line:column, once. A missing field has no position of its
    own: it points at the nearest ancestor that exists (the parent mapping's key)."""
    probe = finding.path
    while probe not in positions and probe:
        probe = probe.parent
    pos = positions.get(probe)
    if pos is None:
        return finding.at(file=file, line=1, column=1, end_column=2)
    if probe == finding.path:
        span = pos.key if finding.anchor == "key" and pos.key is not None else pos.value
        if pos.key is not None and span.line != pos.key.line:
            span = pos.key  # a block list or mapping starts on the next line: point at its key
    else:
        span = pos.key or pos.value
    end = span.end_column if span.end_line == span.line and span.end_column > span.column else span.column + 1
    return finding.at(file=pos.origin or file, line=span.line, column=span.column, end_column=end)
