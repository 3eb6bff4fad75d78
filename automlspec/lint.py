"""lint's rule runner, by phase: file -> document -> request -> data; then each finding placed once.

- file: the loader's faults (YAML syntax, duplicate keys, ...) placed in the file (``load``);
- document: each YAML document's dialect decided, a stray key of the other dialect reported where it
  belongs, the configuration's defaults merged under it: one ``Spec`` per document (``load``);
- request: the model-limits walk and every rule that reads the spec (with the plugins' rules the
  configuration names), the configuration's policies on the V2 request the spec sends (policy.py), then
  the rules that look across every spec of the run (``run_phase(files, "request")``);
- data: the data checks (AML8xx), on the same Specs, with an injected reader of the training data
  (``run_phase(files, "data", reader)``): plan runs it later than the others, per target;
- then ``finish``: the suppression comments' own findings (only now is it known what each suppressed)
  and the configurations', sorted and deduplicated.

Rules yield Problems (what is wrong, and where in the request); the runner here stamps each with its
rule's code, name, severity and docs URL and places it in the file, once. Nothing here reads a file:
``project`` walks, reads and parses, then runs these phases; the CLI picks a reporter and turns the
result into an exit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .config import Config
from .dialects import decide_dialect, stray_home
from .findings import Fault, Finding, Problem, Severity, Span
from .paths import FieldPath
from .rules import PLUGINS, REGISTRY, Phase, Rule, RuleContext, RunContext, _collect, document, limits
from .rules.config_rules import CONFIG_INVALID
from .rules.document import DIALECT, INTERNAL_ERROR
from .rules.suppression import SUPPRESSION_NOT_ALLOWED, UNKNOWN_SUPPRESSION, UNUSED_SUPPRESSION
from .source import Pos, SourceFile, Suppressions, load_bytes, locate, selector_key
from .spec import Spec

_SELF = (UNKNOWN_SUPPRESSION, UNUSED_SUPPRESSION, SUPPRESSION_NOT_ALLOWED)  # reported after suppression
_LOADER = frozenset(_collect((document,)).values())  # run on every file
#: The phases every lint runs; the data phase is added when lint is given a reader.
OFFLINE: tuple[Phase, ...] = ("file", "document", "request")


@dataclass
class _Located:
    """What is needed to place and filter a document's findings."""

    file: str
    positions: dict[FieldPath, Pos]
    suppressions: Suppressions
    config: Config


@dataclass
class LintedFile:
    """One file through the file and document phases: its source, its configuration, the Spec of each
    document that is one, and the findings of those two phases. The later phases run on these Specs."""

    source: SourceFile
    config: Config
    specs: list[tuple[Spec, _Located]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def checked(self) -> bool:
        """Whether every rule could look at every document of the file: it parsed without a loader fault
        and each document is a spec. Only then can a suppression that suppressed nothing be called unused."""
        return bool(self.source.docs) and not self.source.findings and len(self.specs) == len(self.source.docs)


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    specs: int = 0
    texts: dict[str, str] = field(default_factory=dict)  # display name -> text, for source excerpts
    unreadable: list[str] = field(default_factory=list)  # usage errors: exit code 2
    data_error: str | None = None  # the data checks could not read anything (no credentials...): exit 1
    rules: dict[str, Rule] = field(default_factory=dict)  # the rules that ran, by code (report catalogue)
    excluded: int = 0  # files a configuration's `exclude` skipped (walked, or named with --force-exclude)
    linted: dict[str, LintedFile] = field(default_factory=dict)  # by name: for a later data phase (plan)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def run(
    files: Sequence[LintedFile],
    configs: Iterable[Config],
    reader: Any = None,
    result: LintResult | None = None,
    own: list[Finding] | None = None,
) -> LintResult:
    """The request phase (and the data phase, given a ``reader``) over files ``load`` has taken through
    the file and document phases, then ``finish``: the whole lint of those files, in ``result``.
    ``own``: the request phase's findings of each spec's own rules (``spec_findings`` of every file, in
    order), when worker processes found them (`lint --jobs`, parallel.py); the rules across specs run here."""
    result = result if result is not None else LintResult(files=len(files))
    phases = (*OFFLINE, "data") if reader is not None else OFFLINE
    found = [finding for file in files for finding in file.findings]
    for phase in phases[2:]:
        found.extend(run_phase(files, phase, reader, own=own if phase == "request" else None))
    for file in files:
        result.texts.setdefault(file.source.name, file.source.text)
        result.linted[file.source.name] = file
    result.specs = sum(len(file.specs) for file in files)
    result.findings = finish(found, files, configs, result.texts, phases)
    result.data_error = _data_error(reader)
    result.rules = ran(files, result.findings, phases)
    return result


def _data_error(reader: Any) -> str | None:
    """The one line for a data reader that could read nothing (the findings are still reported)."""
    if reader is None or reader.fatal is None:
        return None
    return f"data checks skipped: {reader.fatal}"


def finish(
    found: list[Finding],
    files: Sequence[LintedFile],
    configs: Iterable[Config],
    texts: dict[str, str],
    phases: Sequence[Phase] = OFFLINE,
) -> list[Finding]:
    """Add the suppression comments' own findings (AML901, AML902: only now is it known what each
    suppressed, of the rules of ``phases``) and the configurations' findings; sort and deduplicate."""
    found = list(found)
    for file in files:
        found.extend(suppression_findings(file.source, file.config, file.checked, phases))
    for config in configs:
        found.extend(_placed(fault, config.path or "", config) for fault in config.findings)
        text = config.text()
        if text is not None and config.path is not None:
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


# ----- suppression comments (AML901, AML902) -------------------------------------------------------------------


_MAX_GUESSES = 50  # did-you-mean for the first unknown selectors of a file; the rest are reported without


def _shown(selector: str) -> str:
    return selector if len(selector) <= 64 else selector[:63] + "…"


def suppression_findings(
    source: SourceFile, config: Config, checked: bool, phases: Sequence[Phase] = OFFLINE
) -> list[Finding]:
    """The suppression comments' own findings, once every rule has run on the file: a selector that
    names no rule (AML901, with did-you-mean), and, in a fully checked file, a comment or selector that
    suppressed nothing although the rules it names ran (AML902). A selector whose rules did not run
    (switched off by the configuration, a data rule when the data phase did not run, a rule that compares
    specs across a run) is never called unused: with other options it may well suppress something."""
    if not source.suppressions.directives:
        return []
    review = _SuppressionReview(source, config, checked, phases)
    for directive in source.suppressions.directives:
        where = "in the file" if directive.kind == "ignore-file" else "on its line"
        for selector, column in directive.selectors:
            if selector in config.policies:  # a policy's id, exactly (switched off here: it did not run)
                review.policy_selector(directive.line, selector, column, where)
            else:
                review.rule_selector(directive.line, selector, column, where)
        if not directive.selectors and checked and (directive.line, "") not in source.suppressions.used:
            review.emit(
                UNUSED_SUPPRESSION,
                directive.line,
                directive.column,
                directive.end_column - directive.column,
                f"this `# automlspec: {directive.kind}` suppressed no finding {where}; remove it",
            )
    return review.out


@dataclass
class _SuppressionReview:
    """The findings about one file's suppression comments, as they are found."""

    source: SourceFile
    config: Config
    checked: bool
    phases: Sequence[Phase]
    out: list[Finding] = field(default_factory=list)
    guesses: int = 0

    def emit(self, rule: Rule, line: int, column: int, width: int, message: str, suggestion: str | None = None) -> None:
        config, suppressions = self.config, self.source.suppressions
        if config.enabled(rule.code, rule.name) and not suppressions.names(line, rule.code, rule.name):
            span = Span(line, column, line, column + max(1, width))
            self.out.append(_stamp(rule, Problem(FieldPath(), message, suggestion), self.source.name, span, 0, config))

    def ran(self, selector: str) -> bool:
        """Whether some rule ``selector`` names ran on this file (so that it could have been suppressed)."""
        from .rules import lookup

        rules = lookup(selector) if selector else list(REGISTRY.values())
        return any(
            r.scope != "run"
            and r not in _SELF
            and r.phase in self.phases
            and (r.code in REGISTRY or r.code in self.config.plugins)
            and self.config.enabled(r.code, r.name)
            for r in rules
        )

    def policy_selector(self, line: int, selector: str, column: int, where: str) -> None:
        policy = self.config.policies[selector]
        if policy is not None and not policy.suppressible:
            self.emit(
                SUPPRESSION_NOT_ALLOWED,
                line,
                column,
                len(selector),
                f"'{selector}' in this suppression comment cannot suppress policy {selector}: the policy"
                f" ({policy.origin}) does not allow suppression; change the spec to meet it",
            )
        elif policy is not None and self.checked and (line, selector) not in self.source.suppressions.used:
            self._unused(line, selector, column, where)

    def rule_selector(self, line: int, selector: str, column: int, where: str) -> None:
        from .rules import lookup, rule_guess

        if not lookup(selector):
            self.guesses += 1  # difflib is not free: a comment of 100,000 selectors must not take minutes
            guess = rule_guess(selector) if self.guesses <= _MAX_GUESSES and len(selector) <= 64 else None
            self.emit(
                UNKNOWN_SUPPRESSION,
                line,
                column,
                len(selector),
                f"'{_shown(selector)}' in this suppression comment is not a rule code, code prefix or rule name, so"
                f" it suppresses nothing{'; did you mean ' + repr(guess) + '?' if guess else ''}",
                guess,
            )
        elif (
            self.checked and (line, selector_key(selector)) not in self.source.suppressions.used and self.ran(selector)
        ):
            self._unused(line, selector, column, where)

    def _unused(self, line: int, selector: str, column: int, where: str) -> None:
        self.emit(
            UNUSED_SUPPRESSION,
            line,
            column,
            len(selector),
            f"'{_shown(selector)}' in this suppression comment suppressed no finding {where}; remove it",
        )


# ----- one file -----------------------------------------------------------------------------------------


def lint_text(name: str, text: str, config: Config | None = None, reader: Any = None) -> list[Finding]:
    """Lint one file's text (tests, editors, stdin); includes the run-level rules for that file alone."""
    from .source import load_text

    return lint_loaded(load_text(name, text), config or Config(), reader).findings


def lint_bytes(name: str, raw: bytes, config: Config, reader: Any = None) -> tuple[LintResult, SourceFile]:
    """Every phase of one file's bytes, as read (``project.check_file``): `migrate` lints exactly the
    bytes it converts, at the positions they have on disk."""
    source = load_bytes(name, raw)
    return lint_loaded(source, config, reader), source


def lint_loaded(source: SourceFile, config: Config, reader: Any = None) -> LintResult:
    """Every phase of one file already loaded, with the run-level rules for that file alone (and the
    findings of every configuration file its configuration was layered from)."""
    return run([load(source, config)], list(config.files()), reader)


# ----- the phases ---------------------------------------------------------------------------------------


def load(source: SourceFile, config: Config) -> LintedFile:
    """The file and document phases of one loaded file: its faults placed, and each document's Spec
    (dialect decided, stray keys reported, the configuration's defaults merged under it)."""
    linted = LintedFile(source, config)
    for fault in source.findings:
        if not source.suppressions.covers(fault.span.line, fault.rule, REGISTRY[fault.rule].name):
            linted.findings.append(_placed(fault, source.name, config))
    for doc in source.docs:
        located = _Located(source.name, doc.positions, source.suppressions, config)
        decision = decide_dialect(doc.data)
        dialect = decision.dialect
        if dialect is None:
            problem = _dialect_problem(doc.data, decision.v1, decision.v2)
            linted.findings.extend(_emit([(DIALECT, problem)], located, doc.index))
            continue
        request, positions = doc.data, doc.positions
        if decision.stray:
            # each stray key where it belongs; the rest of the spec is still checked, without them
            stray = [Problem(FieldPath((k,)), stray_home(dialect, k, request[k]), anchor="key") for k in decision.stray]
            linted.findings.extend(_emit([(DIALECT, p) for p in stray], located, doc.index))
            request = {k: v for k, v in request.items() if k not in decision.stray}
        if config.defaults is not None:
            from .resolve import merge_defaults  # only then: resolve's dataclasses cost ~2 ms to build on start

            request, positions = merge_defaults(config.defaults, dialect, request, positions)
            located.positions = positions
        target = (config.target.region, config.target.allowed_account_ids) if config.target else None
        linted.specs.append((Spec(request, dialect, source.name, doc.index, target), located))
    return linted


def run_phase(
    files: Sequence[LintedFile],
    phase: Phase,
    reader: Any = None,
    only: Sequence[LintedFile] | None = None,
    own: list[Finding] | None = None,
) -> list[Finding]:
    """The findings of the ``phase`` ("request" or "data") of every spec of ``files``: first each spec's
    rules (the request phase adds the model-limits walk), then the rules that look across every spec of
    the run. The data phase needs a ``reader`` of the training data; each rule runs where its file's
    configuration enables it, and a suppression comment covers it as any other.

    ``only``: each spec's own rules run on these files alone, the rules across specs still on all of
    ``files`` (the language server re-lints the file being typed against the rest of its folder).
    ``own``: those findings, already found (``run``)."""
    rules = _checks(phase, reader)
    specs = [entry for file in files for entry in file.specs]
    if own is None:
        ones = files if only is None else only
        chosen: dict[int, list[Rule]] = {}  # by configuration: its enabled rules (a run's specs share a few)
        out = [found for file in ones for found in _own_findings(rules, file, phase, reader, chosen)]
    else:
        out = list(own)
    # the run-scope rules of the plugins some configuration names (each reports only where it is named)
    plugged = {r.code: r for _, located in specs for r in located.config.plugins.values() if r.phase == phase}
    out.extend(_run_scope([rule for rule in (*rules, *plugged.values()) if rule.scope == "run"], specs, reader))
    return out


def spec_findings(file: LintedFile) -> list[Finding]:
    """The request phase's findings of the own rules of each spec of ``file``: what ``run_phase`` finds
    first, for this file alone. A worker process of `lint --jobs` finds them (parallel.py)."""
    return _own_findings(_checks("request", None), file, "request", None)


def _own_findings(
    rules: list[Rule], file: LintedFile, phase: Phase, reader: Any, chosen: dict[int, list[Rule]] | None = None
) -> list[Finding]:
    return [
        found
        for spec, located in file.specs
        for found in _spec_scope(rules, spec, located, phase, reader, file.source, chosen)
    ]


def _checks(phase: Phase, reader: Any) -> list[Rule]:
    """The rules with a check of ``phase``, which must be one ``run_phase`` runs, with what it needs."""
    if phase not in ("request", "data"):
        raise ValueError(f"run_phase runs the request or the data phase; load() runs {phase!r}")
    if phase == "data" and reader is None:
        raise ValueError("the data phase needs a reader of the training data")
    return [rule for rule in REGISTRY.values() if rule.phase == phase and rule.check is not None]


def _spec_scope(
    rules: list[Rule],
    spec: Spec,
    located: _Located,
    phase: Phase,
    reader: Any,
    source: SourceFile | None = None,
    chosen: dict[int, list[Rule]] | None = None,
) -> list[Finding]:
    """One spec's findings of the phase: its rules that its configuration enables (with the rules of the
    plugins it names and, in the request phase, the model-limits walk and its policies), each suggestion
    proved (``_vetted``), placed in its file (``source``). ``chosen`` keeps each configuration's rules
    for the next spec that shares it."""
    raw = _limits(spec.request, spec.dialect) if phase == "request" else []
    context = RuleContext(spec, reader)
    config = located.config
    enabled = None if chosen is None else chosen.get(id(config))
    if enabled is None:
        enabled = _enabled_rules(rules, config, phase)
        if chosen is not None:
            chosen[id(config)] = enabled
    for rule in enabled:
        raw.extend(_run(rule, context))
    out = _emit(_vetted(raw, spec, config, phase), located, spec.doc)
    if source is not None:
        out = _underlined(out, source, spec.request)
    if phase == "request" and config.policies:
        out.extend(_policy_findings(spec, located))
    return out


def _enabled_rules(rules: list[Rule], config: Config, phase: Phase) -> list[Rule]:
    """The spec-scope rules of ``rules`` and of the plugins ``config`` names that it enables in ``phase``."""
    plugged = [rule for rule in config.plugins.values() if rule.phase == phase]
    return [rule for rule in (*rules, *plugged) if rule.scope == "spec" and config.enabled(rule.code, rule.name)]


def _policy_findings(spec: Spec, located: _Located) -> list[Finding]:
    """The configuration's policies, on the V2 request this spec sends (policy.py). A policy's finding is
    suppressed by a comment naming its id only when the policy allows it; select and ignore, which
    choose among rules, do not switch policies off (a configuration's `policies: {id: false}` does)."""
    from . import policy as policies

    config = located.config
    checked = policies.check(config.policies, spec.request, spec.dialect)
    out = []
    for policy, problem in checked.problems:
        file, span = locate(located.positions, problem.path, problem.anchor, located.file)
        if policy.suppressible and file == located.file and located.suppressions.covers(span.line, "", policy.id):
            continue
        out.append(_stamp(policy.rule, problem, file, span, spec.doc, config))
    for file, span, message in checked.faults:
        out.append(_stamp(CONFIG_INVALID, Problem(FieldPath(), message), file, span, 0, config))
    return out


def _vetted(raw: list[tuple[Rule, Problem]], spec: Spec, config: Config, phase: Phase) -> list[tuple[Rule, Problem]]:
    """``raw`` with each suggestion proved by soundness.vet: applied to the spec, the request phase run
    again (never the data phase: it reads S3), with the plugins' rules and the policies the configuration
    names, finds the problem gone and no new error. A spec whose findings suggest nothing pays nothing."""
    if not any(problem.suggestion is not None or problem.fix is not None for _, problem in raw):
        return raw
    from . import soundness

    rules = [
        rule
        for rule in (*_checks("request", None), *config.plugins.values())
        if rule.phase == "request" and rule.scope == "spec" and config.enabled(rule.code, rule.name)
    ]

    def again(changed: dict) -> list[tuple[Rule, Problem]]:
        out = _limits(changed, spec.dialect)
        context = RuleContext(Spec(changed, spec.dialect, spec.file, spec.doc, spec.target), None)
        for rule in rules:
            out.extend(_run(rule, context))
        return out + _policy_problems(changed, spec.dialect, config)

    def is_error(rule: Rule, problem: Problem) -> bool:
        enabled = rule.scope == "policy" or config.enabled(rule.code, rule.name)
        return enabled and _severity(rule, problem.severity, config) is Severity.ERROR

    # what ``again`` finds that ``raw`` lacks (the policies; for the data phase, the request phase's
    # errors) is weighed as it is in the spec as written (the baseline), so only new errors count
    if phase == "request":
        baseline = (lambda: _policy_problems(spec.request, spec.dialect, config)) if config.policies else None
    else:
        baseline = lambda: again(spec.request)  # noqa: E731
    return soundness.vet(raw, spec.request, again, is_error, baseline=baseline)


def _policy_problems(request: dict, dialect: str, config: Config) -> list[tuple[Rule, Problem]]:
    """The policies' problems with ``request``, as (rule, problem) pairs (soundness.vet weighs them)."""
    if not config.policies:
        return []
    from . import policy as policies

    return [(policy.rule, problem) for policy, problem in policies.check(config.policies, request, dialect).problems]


def _underlined(findings: list[Finding], source: SourceFile, request: Any) -> list[Finding]:
    """A `help:` (and a fix) replaces the underlined text: a suggestion whose span in this file is not
    exactly the field's value (or key) as written (a scalar over several lines) is withheld."""
    if all(finding.suggestion is None and finding.fix is None for finding in findings):
        return findings
    from . import soundness

    lines: list[str] | None = None
    out = []
    for finding in findings:
        if (finding.suggestion is None and finding.fix is None) or finding.file != source.name:
            out.append(finding)
            continue
        if lines is None:
            lines = source.text.split("\n")
        key = finding.fix is not None and finding.fix.target == "key"
        current = finding.path.leaf if key else soundness.value_at(request, finding.path)
        line = lines[finding.line - 1] if finding.line == finding.end_line and finding.line <= len(lines) else None
        if not soundness.underlines(line, finding.column, finding.end_column, current):
            problem = soundness.withheld(Problem(finding.path, finding.message, finding.suggestion))
            finding = finding.at(suggestion=None, fix=None, message=problem.message)
        out.append(finding)
    return out


def _run_scope(rules: list[Rule], specs: list[tuple[Spec, _Located]], reader: Any) -> list[Finding]:
    """Rules that look across every spec of a run (for example job names used twice)."""
    if not specs:
        return []
    where: dict[tuple[str | None, int | None], _Located] = {(s.file, s.doc): located for s, located in specs}
    context = RunContext(tuple(s for s, _ in specs), reader)
    out = []
    for rule in rules:
        for reported, problem in _run(rule, context):
            located = where.get((problem.file, problem.doc))
            if located is None and reported is INTERNAL_ERROR:  # a failed run rule names no spec
                located = specs[0][1]
            if located is not None:
                out.extend(_emit([(reported, problem)], located, problem.doc or 0))
    return out


def ran(files: Sequence[LintedFile], findings: list[Finding], phases: Sequence[Phase] = OFFLINE) -> dict[str, Rule]:
    """The rules a run applied: the loader's on every file, each rule of a phase that ran that is enabled
    for some spec, and any rule that reported. The SARIF driver lists exactly these."""
    configs = list({id(located.config): located.config for file in files for _, located in file.specs}.values())
    codes = {f.rule for f in findings}
    for rule in REGISTRY.values():
        if rule in _LOADER or (rule.phase in phases and any(c.enabled(rule.code, rule.name) for c in configs)):
            codes.add(rule.code)
    extra = _configured_rules(configs, phases)
    codes.update(extra)
    return {code: REGISTRY.get(code) or extra.get(code) or PLUGINS[code] for code in sorted(codes)}


def _configured_rules(configs: list[Config], phases: Sequence[Phase]) -> dict[str, Rule]:
    """The configurations' policies (never switched off by select) and the plugin rules they name."""
    extra: dict[str, Rule] = {}
    for config in configs:
        if "request" in phases:
            extra.update((p.id, p.rule) for p in config.policies.values() if p is not None)
        extra.update(
            (r.code, r) for r in config.plugins.values() if r.phase in phases and config.enabled(r.code, r.name)
        )
    return extra


def _limits(request: dict, dialect: str) -> list[tuple[Rule, Problem]]:
    """The model-limits walk, which reports several rules; a rule it does not declare is a bug."""
    out = []
    for rule, problem in limits.check(request, dialect):
        if rule not in limits.LIMIT_RULES:
            problem = _internal(rule, f"the limits walk reported {rule.code}, which it does not declare")
            rule = INTERNAL_ERROR
        out.append((rule, problem))
    return out


def _run(rule: Rule, context: RuleContext | RunContext) -> list[tuple[Rule, Problem]]:
    """Call one rule; stamp it on what it yields. A rule cannot report under another rule's code."""
    assert rule.check is not None
    try:
        problems = list(rule.check(context))
    except Exception as exc:  # a rule bug must not hide the other findings or print a traceback
        return [(INTERNAL_ERROR, _internal(rule, f"failed: {type(exc).__name__}: {exc}"))]
    if not problems:  # most rules on most specs: nothing to stamp
        return []
    out: list[tuple[Rule, Problem]] = []
    for problem in problems:
        if isinstance(problem, Problem):
            out.append((rule, problem))
        else:
            out.append((INTERNAL_ERROR, _internal(rule, f"yielded {type(problem).__name__}, not a Problem")))
    return out


def _internal(rule: Rule, what: str) -> Problem:
    if rule.code not in REGISTRY:  # a plugin's rule: the bug is the plugin's, and its package is the one to tell
        return Problem(FieldPath(), f"plugin rule {rule.code} ({rule.name}) {what}; report it to the plugin's authors")
    return Problem(FieldPath(), f"rule {rule.code} ({rule.name}) {what}")


def _dialect_problem(request: dict, v1_keys: tuple[str, ...], v2_keys: tuple[str, ...]) -> Problem:
    """A spec whose dialect cannot be decided: as many keys of each, none, or no request key at all."""
    if v1_keys and v2_keys:
        return Problem(
            FieldPath((v2_keys[0],)),
            f"the spec has as many CreateAutoMLJob (V1) fields ({', '.join(v1_keys)}) as CreateAutoMLJobV2"
            f" fields ({', '.join(v2_keys)}); write one request or the other (`automlspec migrate` turns V1 into V2)",
            anchor="key",
        )
    from .model import root_shape, shape

    members = set(shape(root_shape("v1"))["members"]) | set(shape(root_shape("v2"))["members"])
    if request and not any(key in members for key in request):
        keys = [str(k) for k in list(request)[:3]]
        return Problem(
            FieldPath(),
            f"not a CreateAutoMLJob or CreateAutoMLJobV2 spec: no request field among its keys"
            f" ({', '.join(keys)}{', ...' if len(request) > 3 else ''}); if a pre-commit hook passed it, narrow"
            " the hook's `files:` pattern to the folder of your specs (docs/pre-commit.md)",
        )
    return Problem(
        FieldPath(),
        "cannot tell which request this is: a CreateAutoMLJob (V1) spec has InputDataConfig, a"
        " CreateAutoMLJobV2 spec has AutoMLJobInputDataConfig and AutoMLProblemTypeConfig",
    )


def _emit(raw: list[tuple[Rule, Problem]], located: _Located, doc: int) -> list[Finding]:
    out = []
    config = located.config
    for rule, problem in raw:
        if not config.enabled(rule.code, rule.name):
            continue
        if rule.code not in REGISTRY and rule.code not in config.plugins:
            continue  # a run-scope plugin rule, on a spec whose configuration does not name its plugin
        file, span = locate(located.positions, problem.path, problem.anchor, located.file)
        if file == located.file and located.suppressions.covers(span.line, rule.code, rule.name):
            continue
        finding = _stamp(rule, problem, file, span, doc, config)
        if not problem.replaces or (problem.suggestion is not None and problem.path not in located.positions):
            finding = finding.at(replaces=False)  # another field's value, or a missing field (an ancestor's span)
        out.append(finding)
    return out


def _severity(rule: Rule, own: Severity | None, config: Config) -> Severity:
    return config.severity.get(rule.code) or own or rule.severity


def _stamp(rule: Rule, problem: Problem, file: str, span: Span, doc: int, config: Config) -> Finding:
    return Finding.located(
        file,
        span,
        rule=rule.code,
        name=rule.name,
        severity=_severity(rule, problem.severity, config),
        message=problem.message,
        path=problem.path,
        suggestion=problem.suggestion,
        doc=doc,
        url=rule.url,
        fix=problem.fix,
    )


def _placed(fault: Fault, file: str, config: Config) -> Finding:
    """A fault the loader (or the configuration check) already placed in ``file``: stamped like a rule's
    problem, at the span the fault carries instead of one resolved from a path."""
    problem = Problem(FieldPath(), fault.message, fault.suggestion, severity=fault.severity)
    return _stamp(REGISTRY[fault.rule], problem, file, fault.span, 0, config)
