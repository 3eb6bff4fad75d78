"""Declarative policies: what a platform team requires of every request in a folder (docs/policies.md).

A policy is configuration, written under ``policies:`` in a project configuration file and layered like
every other setting (a child file replaces a policy of the same id, or switches it off with ``false``)::

    policies:
      prod-output-encrypted:
        message: prod jobs encrypt their output with the team's KMS key
        severity: error            # error (default), warning or info
        suppressible: false        # default true: `# automlspec: ignore[prod-output-encrypted]` works
        check:
          field: OutputDataConfig.KmsKeyId
          matches: '^arn:aws:kms:eu-west-1:111111111111:key/'
        examples:
          pass: [{OutputDataConfig: {S3OutputPath: 's3://b/', KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k'}}]
          fail: [{OutputDataConfig: {S3OutputPath: 's3://b/'}}]

A condition is a field test (``field:`` and one or more operators) or a combination (``all``, ``any``,
``not``, ``when``/``then``). Field paths are CreateAutoMLJobV2 request paths, checked against the
botocore model when the configuration is read; a policy holds V1 and V2 specs alike, because it is
evaluated on the V2 request after the project's and the documented defaults (``request``).

Everything wrong with a policy (an unknown operator or field, an invalid regular expression, a value of
the wrong type, an id that is a built-in rule's) is an AML900 finding at its line, and the policy is left
out. Regular expressions run on the ``regex`` package with a time bound, so a catastrophic pattern costs
at most ``REGEX_TIMEOUT`` once per run and is then reported, never a hang.

This module is imported only when a configuration has ``policies:``: lint without policies pays nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from . import model
from .dialects import CHANNELS, PER_JOB_CHANNEL_FIELDS, TABULAR_CONFIG, V1_HOME, V1_ONLY, V2_HOME
from .findings import Anchor, Problem, Severity, Span
from .paths import FieldPath

POLICY_KEYS = ("message", "severity", "suppressible", "url", "check", "examples")
FIELD_OPERATORS = ("required", "forbidden", "equals", "one_of", "matches", "min", "max")
COMBINATIONS = ("all", "any", "not", "when")
CONDITION_KEYS = ("field", *FIELD_OPERATORS, *COMBINATIONS, "then")
EXAMPLE_KINDS = ("pass", "fail")
# A policy id: what findings show and `ignore[...]` names. Not AML...: those are the built-in rules' codes.
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}\Z")
REGEX_TIMEOUT = 0.1  # seconds for one match; a pattern that takes longer is reported once and not run again
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<missing>"})()


# ----- field paths ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of a field path: a key (``name``), an index, every item or member (``*``), or the list
    items whose ``match_key`` equals ``match_value`` (``Tags[Key=cost-center]``)."""

    kind: str  # "key", "index", "items" ([*]), "members" (*), "where"
    name: str | int = ""
    match_key: str = ""
    match_value: str = ""

    def __str__(self) -> str:
        if self.kind == "key":
            return f".{self.name}"
        if self.kind == "index":
            return f"[{self.name}]"
        if self.kind == "where":
            return f"[{self.match_key}={self.match_value}]"
        return "[*]" if self.kind == "items" else ".*"


_SEGMENT = re.compile(r"(\*|[A-Za-z0-9_-]+)((?:\[[^\[\]]*\])*)\Z")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")


def parse_path(text: str) -> tuple[Step, ...]:
    """``OutputDataConfig.KmsKeyId``, ``AutoMLJobInputDataConfig[*].DataSource.S3DataSource.S3Uri``,
    ``Tags[Key=cost-center].Value``, ``AutoMLProblemTypeConfig.*.CompletionCriteria``; ValueError says
    what is wrong with anything else."""
    if not text or text.strip() != text:
        raise ValueError("a field path is a request path such as OutputDataConfig.KmsKeyId")
    steps: list[Step] = []
    for segment in text.split("."):
        match = _SEGMENT.match(segment)
        if not match:
            raise ValueError(f"{segment!r} is not a field name, * or a field name with [index], [*] or [Key=value]")
        head, brackets = match.groups()
        steps.append(Step("members") if head == "*" else Step("key", head))
        for inside in _BRACKET.findall(brackets):
            inside = inside.strip()
            if inside == "*":
                steps.append(Step("items"))
            elif inside.isdigit() and inside.isascii():
                steps.append(Step("index", int(inside)))
            elif "=" in inside:
                key, value = (part.strip() for part in inside.split("=", 1))
                if not key or not value:
                    raise ValueError(f"[{inside}] needs a field and a value, as in [Key=cost-center]")
                steps.append(Step("where", match_key=key, match_value=value.strip("'\"")))
            else:
                raise ValueError(f"[{inside}] is not an index, [*] or [Field=value]")
    return tuple(steps)


def show_path(steps: tuple[Step, ...]) -> str:
    return "".join(str(step) for step in steps).lstrip(".")


class PathError(ValueError):
    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def shapes_at(steps: tuple[Step, ...]) -> list[str]:
    """The model shapes a path can reach in a CreateAutoMLJobV2 request (several through ``*``);
    PathError, with the member most likely meant, when the request has no such field."""
    current = [model.root_shape("v2")]
    for number, step in enumerate(steps):
        done = show_path(steps[:number]) or "the request"
        following = [reached for name in current for reached in _shapes_after(name, step, done)]
        if not following:
            raise _no_step(steps, number, current, done)
        current = list(dict.fromkeys(following))
    return current


def _shapes_after(name: str, step: Step, done: str) -> list[str]:
    """The shapes one step reaches from the shape ``name`` (none when the step does not fit it)."""
    entry = model.shape(name)
    kind = entry["type"]
    if kind == "structure":
        if step.kind == "key" and step.name in entry["members"]:
            return [entry["members"][step.name]]
        return list(entry["members"].values()) if step.kind == "members" else []
    if kind == "list" and step.kind in ("index", "items", "where"):
        member = entry["member"]
        if step.kind == "where":
            members = model.shape(member).get("members", {})
            if step.match_key not in members:
                raise PathError(
                    f"the items of {done} have no field {step.match_key!r} to select by"
                    f" (they have {', '.join(members) or 'no fields'})",
                    _closest(step.match_key, members),
                )
        return [member]
    if kind == "map" and step.kind in ("key", "members"):
        return [entry["value"]]
    return []


def _no_step(steps: tuple[Step, ...], number: int, current: list[str], done: str) -> PathError:
    step = steps[number]
    kinds = {model.shape(name)["type"] for name in current}
    if step.kind == "key" and "structure" in kinds:
        members = [m for name in current for m in model.shape(name).get("members", {})]
        if number == 0:
            moved = _v1_path(steps)
            if moved is not None:
                return PathError(
                    f"{show_path(steps)} is a CreateAutoMLJob (V1) path; policies read the CreateAutoMLJobV2"
                    f" request, where it is {moved}",
                    moved,
                )
        guess = _closest(str(step.name), members)
        return PathError(f"{done} has no field {step.name!r}", _replace_step(steps, number, guess))
    if "list" in kinds:
        return PathError(f"{done} is a list: select its items with [0], [*] or [Field=value], not {str(step)!r}")
    if "structure" in kinds or "map" in kinds:
        return PathError(f"{done} is a {'mapping' if 'map' in kinds else 'structure'}, not a list: {str(step)!r}")
    kind = sorted(kinds)[0]
    return PathError(
        f"{done} is a{'n' if kind[0] in 'aeiou' else ''} {kind}; it has no field {str(step).lstrip('.')!r}"
    )


def _closest(value: str, choices) -> str | None:
    from .suggest import closest

    return closest(value, list(choices))


def _replace_step(steps: tuple[Step, ...], number: int, name: str | None) -> str | None:
    if name is None:
        return None
    return show_path((*steps[:number], Step("key", name), *steps[number + 1 :]))


def _v1_path(steps: tuple[Step, ...]) -> str | None:
    """The V2 spelling of a path written in V1 terms (InputDataConfig[*].X, ProblemType, AutoMLJobConfig...)."""
    names = [s.name for s in steps if s.kind == "key"]
    if not names or names[0] not in V1_ONLY:
        return None
    if names[0] == CHANNELS["v1"]:
        rest = steps[1:]
        if len(rest) >= 2 and rest[-1].kind == "key" and rest[-1].name in PER_JOB_CHANNEL_FIELDS:
            return show_path((*(Step("key", n) for n in (*TABULAR_CONFIG, rest[-1].name)),))
        return show_path((Step("key", CHANNELS["v2"]), *rest))
    for depth in range(len(names), 0, -1):
        home = V2_HOME.get(tuple(str(n) for n in names[:depth]))
        if home is not None:
            return show_path((*(Step("key", n) for n in home), *steps[depth:]))
    return None


# ----- where a V2 field is in the spec ------------------------------------------------------------------


def spec_path(dialect: str, path: FieldPath) -> FieldPath:
    """Where a spec of ``dialect`` keeps the field CreateAutoMLJobV2 has at ``path`` (positions are the
    spec's): V1 channels are InputDataConfig, V1 keeps TargetAttributeName on each channel, and the
    moved settings (dialects.MOVES) live under AutoMLJobConfig or at the top level. A V2 field with no
    V1 place is placed at the V1 request itself."""
    if dialect != "v1" or not path:
        return path
    if path[0] == CHANNELS["v2"]:
        return FieldPath((CHANNELS["v1"], *path[1:]))
    if tuple(path[:2]) == TABULAR_CONFIG and len(path) > 2 and path[2] in PER_JOB_CHANNEL_FIELDS:
        return FieldPath((CHANNELS["v1"], 0, *path[2:]))
    for depth in range(len(path), 0, -1):
        home = V1_HOME.get(tuple(str(p) for p in path[:depth]))
        if home is not None:
            return FieldPath((*home, *path[depth:]))
    if path[0] == TABULAR_CONFIG[0]:
        return FieldPath()  # the tabular problem config of a V1 spec is the request itself
    return path


# ----- conditions ---------------------------------------------------------------------------------------


class Evaluation:
    """One request being checked: the request, the paths the documented defaults filled, and the
    policy faults found while checking (a regular expression past its time bound)."""

    def __init__(self, request: dict, filled: frozenset[FieldPath] = frozenset(), dialect: str = "v2") -> None:
        self.request = request
        self.filled = filled
        self.dialect = dialect  # the spec's: a field it has is named as the spec writes it
        self.faults: list[tuple[Span, str]] = []


@dataclass(frozen=True)
class Failure:
    path: FieldPath  # the V2 field (missing or not: lint places a missing one at its nearest ancestor)
    detail: str
    anchor: Anchor = "value"


@dataclass(frozen=True)
class Slot:
    """One field a path reaches in one request: its concrete path and value (MISSING when absent)."""

    path: FieldPath
    value: Any
    shown: str  # the path as the message shows it (a selected item keeps its selector)


def slots(steps: tuple[Step, ...], request: dict) -> list[Slot]:
    """Every field ``steps`` reaches. ``[*]`` and ``*`` reach each item or member there is (none: no
    slot, so every test of them holds); ``[Key=value]`` reaches the matching items, or one missing slot
    when none matches; a missing key is one missing slot."""
    out = [Slot(FieldPath(), request, "")]
    for step in steps:
        out = [reached for slot in out for reached in _STEP_SLOTS[step.kind](slot, step)]
    return out


def _key_slots(slot: Slot, step: Step) -> list[Slot]:
    child = slot.value.get(step.name, MISSING) if isinstance(slot.value, dict) else MISSING
    return [Slot(slot.path / step.name, child, f"{slot.shown}.{step.name}" if slot.shown else str(step.name))]


def _index_slots(slot: Slot, step: Step) -> list[Slot]:
    index = int(step.name)
    present = isinstance(slot.value, list) and index < len(slot.value)
    return [Slot(slot.path / index, slot.value[index] if present else MISSING, f"{slot.shown}[{index}]")]


def _items_slots(slot: Slot, step: Step) -> list[Slot]:
    if not isinstance(slot.value, list):
        return []
    return [Slot(slot.path / i, item, f"{slot.shown}[{i}]") for i, item in enumerate(slot.value)]


def _members_slots(slot: Slot, step: Step) -> list[Slot]:
    if not isinstance(slot.value, dict):
        return []
    return [
        Slot(slot.path / key, item, f"{slot.shown}.{key}" if slot.shown else str(key))
        for key, item in slot.value.items()
    ]


def _where_slots(slot: Slot, step: Step) -> list[Slot]:
    shown = f"{slot.shown}[{step.match_key}={step.match_value}]"
    items = slot.value if isinstance(slot.value, list) else []
    hits = [
        Slot(slot.path / i, item, shown)
        for i, item in enumerate(items)
        if isinstance(item, dict) and _text(item.get(step.match_key)) == step.match_value
    ]
    return hits or [Slot(slot.path, MISSING, shown)]


_STEP_SLOTS: dict[str, Callable[[Slot, Step], list[Slot]]] = {
    "key": _key_slots,
    "index": _index_slots,
    "items": _items_slots,
    "members": _members_slots,
    "where": _where_slots,
}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def show(value: Any) -> str:
    """A value as a message shows it: strings quoted, YAML's true/false, numbers as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict | list):
        from .terminal import json_dumps

        text = json_dumps(value)
        return text if len(text) <= 80 else text[:79] + "…"
    return str(value)


def _same(value: Any, expected: Any) -> bool:
    """Equality that keeps YAML's types apart: true is not 1, and "5" is not 5."""
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value == expected
    if isinstance(value, int | float) and isinstance(expected, int | float):
        return value == expected
    return type(value) is type(expected) and value == expected


class Condition:
    def failures(self, evaluation: Evaluation) -> list[Failure]:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def touched(self, evaluation: Evaluation) -> FieldPath:
        """A field this condition looks at, where a finding about it can point."""
        raise NotImplementedError


@dataclass(frozen=True)
class Test:
    """One operator of a field test, with the span it was written at (for a runtime fault)."""

    operator: str
    argument: Any
    span: Span
    pattern: Any = None  # the compiled regular expression of `matches`
    broken: list = field(default_factory=list, compare=False)  # [True] once the pattern ran out of time


@dataclass(frozen=True)
class FieldTest(Condition):
    path: tuple[Step, ...]
    tests: tuple[Test, ...]

    def failures(self, evaluation: Evaluation) -> list[Failure]:
        out = []
        for slot in slots(self.path, evaluation.request):
            for test in self.tests:
                if evaluation.dialect != "v2" and slot.value is not MISSING:
                    slot = Slot(slot.path, slot.value, str(spec_path(evaluation.dialect, slot.path)) or slot.shown)
                detail = _fails(test, slot, evaluation)
                if detail is not None:
                    if slot.path in evaluation.filled:
                        detail += " (its documented default)"
                    out.append(Failure(slot.path, detail, "key" if test.operator == "forbidden" else "value"))
        return out

    def describe(self) -> str:
        where = show_path(self.path)
        return " and ".join(_phrase(where, test) for test in self.tests)

    def touched(self, evaluation: Evaluation) -> FieldPath:
        found = slots(self.path, evaluation.request)
        return found[0].path if found else FieldPath()


def _phrase(where: str, test: Test) -> str:
    argument = test.argument
    return {
        "required": f"{where} is set",
        "forbidden": f"{where} is not set",
        "equals": f"{where} is {show(argument)}",
        "one_of": f"{where} is one of {', '.join(show(a) for a in argument) if isinstance(argument, list) else ''}",
        "matches": f"{where} matches {show(argument)}",
        "min": f"{where} is at least {show(argument)}",
        "max": f"{where} is at most {show(argument)}",
    }[test.operator]


def _wanted(test: Test) -> str:
    argument = test.argument
    if test.operator == "one_of":
        return "one of " + ", ".join(show(a) for a in argument)
    if test.operator == "matches":
        return f"a value matching {show(argument)}"
    if test.operator in ("min", "max"):
        return f"at {'least' if test.operator == 'min' else 'most'} {show(argument)}"
    return show(argument)


def _fails(test: Test, slot: Slot, evaluation: Evaluation) -> str | None:
    """Why ``slot`` does not pass ``test``, or None when it does. A value test of a missing field fails:
    `max: 14400` asks for a runtime limit, and no limit is not within it."""
    operator, value, where = test.operator, slot.value, slot.shown
    missing = value is MISSING or value is None
    if operator == "required":
        return f"{where} is not set" if missing else None
    if operator == "forbidden":
        if missing:
            return None
        return f"{where} is set" + ("" if isinstance(value, dict | list) else f" ({show(value)})")
    if missing:
        return f"{where} is not set; it must be {_wanted(test)}"
    return _VALUE_FAILS[operator](test, value, where, evaluation)


def _equals_fails(test: Test, value: Any, where: str, evaluation: Evaluation) -> str | None:
    return None if _same(value, test.argument) else f"{where} is {show(value)}, not {show(test.argument)}"


def _one_of_fails(test: Test, value: Any, where: str, evaluation: Evaluation) -> str | None:
    if any(_same(value, choice) for choice in test.argument):
        return None
    return f"{where} is {show(value)}, not one of {', '.join(show(a) for a in test.argument)}"


def _matches_fails(test: Test, value: Any, where: str, evaluation: Evaluation) -> str | None:
    argument = test.argument
    if not isinstance(value, str):
        return f"{where} is {show(value)}, not a string to match {show(argument)}"
    if test.broken:
        return None  # reported once, as a fault of the policy, when it ran out of time
    try:
        found = test.pattern.search(value, timeout=REGEX_TIMEOUT)
    except TimeoutError:
        test.broken.append(True)
        evaluation.faults.append(
            (
                test.span,
                f"the pattern {show(argument)} took more than {REGEX_TIMEOUT} s on one value (catastrophic"
                " backtracking: nested or overlapping repetition); it is not checked until it is rewritten",
            )
        )
        return None
    return None if found else f"{where} {show(value)} does not match {show(argument)}"


def _bound_fails(test: Test, value: Any, where: str, evaluation: Evaluation) -> str | None:
    operator, argument = test.operator, test.argument
    if not isinstance(value, int | float) or isinstance(value, bool):
        return f"{where} is {show(value)}, not a number"
    if operator == "min" and value < argument:
        return f"{where} is {show(value)}, less than {show(argument)}"
    if operator == "max" and value > argument:
        return f"{where} is {show(value)}, more than {show(argument)}"
    return None


_VALUE_FAILS: dict[str, Callable[[Test, Any, str, Evaluation], str | None]] = {
    "equals": _equals_fails,
    "one_of": _one_of_fails,
    "matches": _matches_fails,
    "min": _bound_fails,
    "max": _bound_fails,
}


@dataclass(frozen=True)
class _Combination(Condition):
    """Conditions combined: described with ``joiner`` between them; a finding points where the first looks."""

    parts: tuple[Condition, ...]
    joiner: ClassVar[str]

    def describe(self) -> str:
        return self.joiner.join(_grouped(part) for part in self.parts)

    def touched(self, evaluation: Evaluation) -> FieldPath:
        return self.parts[0].touched(evaluation)


@dataclass(frozen=True)
class All(_Combination):
    joiner = " and "

    def failures(self, evaluation: Evaluation) -> list[Failure]:
        return [failure for part in self.parts for failure in part.failures(evaluation)]


@dataclass(frozen=True)
class AnyOf(_Combination):
    joiner = " or "

    def failures(self, evaluation: Evaluation) -> list[Failure]:
        failed = []
        for part in self.parts:
            found = part.failures(evaluation)
            if not found:
                return []
            failed.append(found)
        details = "; ".join(f[0].detail for f in failed)
        return [Failure(failed[0][0].path, f"none of these holds: {details}", failed[0][0].anchor)]


@dataclass(frozen=True)
class Not(Condition):
    part: Condition

    def failures(self, evaluation: Evaluation) -> list[Failure]:
        if self.part.failures(evaluation):
            return []
        return [Failure(self.part.touched(evaluation), self.part.describe())]

    def describe(self) -> str:
        return f"not ({self.part.describe()})"

    def touched(self, evaluation: Evaluation) -> FieldPath:
        return self.part.touched(evaluation)


@dataclass(frozen=True)
class When(Condition):
    condition: Condition
    then: Condition

    def failures(self, evaluation: Evaluation) -> list[Failure]:
        if self.condition.failures(evaluation):
            return []
        return [
            Failure(f.path, f"{f.detail}, and {self.condition.describe()}", f.anchor)
            for f in self.then.failures(evaluation)
        ]

    def describe(self) -> str:
        return f"if {self.condition.describe()} then {self.then.describe()}"

    def touched(self, evaluation: Evaluation) -> FieldPath:
        return self.then.touched(evaluation)


def _grouped(condition: Condition) -> str:
    text = condition.describe()
    return f"({text})" if isinstance(condition, All | AnyOf | When) else text


# ----- policies -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    expect: str  # "pass" or "fail"
    index: int
    request: dict
    line: int


@dataclass(frozen=True)
class Policy:
    id: str
    message: str
    severity: Severity
    suppressible: bool
    check: Condition
    file: str  # the configuration file, as displayed
    span: Span  # the policy's id in it
    url: str = ""
    examples: tuple[Example, ...] = ()

    @property
    def origin(self) -> str:
        return f"{self.file}:{self.span.line}"

    @property
    def rule(self):
        """The policy as a Rule, for the report catalogue (SARIF's rules list, `ran`)."""
        return _rule_of(self)

    def problems(self, evaluation: Evaluation) -> list[Failure]:
        seen: set[tuple[FieldPath, str]] = set()
        out = []
        for failure in self.check.failures(evaluation):
            if (failure.path, failure.detail) not in seen:
                seen.add((failure.path, failure.detail))
                out.append(failure)
        return out


_RULES: dict[int, Any] = {}


def _rule_of(policy: Policy):
    from .rules import Rule

    key = id(policy)
    cached = _RULES.get(key)
    if cached is None or cached[0] is not policy:
        doc = (
            f"{policy.message}\n\n## What it does\nPolicy `{policy.id}` ({policy.origin}) requires that"
            f" {policy.check.describe()}."
        )
        rule = Rule(policy.id, "policy", policy.severity, doc, scope="policy", example_kind="none", link=policy.url)
        cached = _RULES[key] = (policy, rule)
    return cached[1]


# ----- reading policies from a configuration ----------------------------------------------------------------


Report = Callable[..., None]  # report(path, message, suggestion=None, key=False)


def read(data: Any, where: FieldPath, display: str, report: Report, span_of) -> dict[str, Policy | None]:
    """The ``policies:`` mapping of one configuration file: each valid policy by id, None for an id the
    file switches off (``id: false``). Every problem is reported at its line and the policy left out."""
    from .rules import BY_NAME, lookup

    if not isinstance(data, dict):
        report(where, "'policies' must be a mapping of policy id to a policy (message, check, ...)")
        return {}
    out: dict[str, Policy | None] = {}
    for key, body in data.items():
        here = where / key
        name = str(key)
        if not isinstance(key, str) or not _ID.match(name):
            report(
                here,
                f"policy id {name!r} must start with a letter and hold only letters, digits, '.', '_' and '-'"
                " (at most 64)",
                key=True,
            )
            continue
        if name.upper().startswith("AML") or name in BY_NAME or lookup(name):
            report(
                here,
                f"policy id {name!r} is a built-in rule's code or name, or starts with AML (reserved for them);"
                " choose another id",
                key=True,
            )
            continue
        if body is False or body == "off":
            out[name] = None
            continue
        policy = _policy(name, body, here, display, report, span_of)
        if policy is not None:
            out[name] = policy
    return out


def _policy(name: str, body: Any, here: FieldPath, display: str, report: Report, span_of) -> Policy | None:
    if not isinstance(body, dict):
        report(here, f"policy {name} must be a mapping with message and check (or false, to switch it off here)")
        return None
    good = _known_keys(name, body, here, report)
    good = _settings_valid(name, body, here, report) and good
    if "check" not in body:
        if good:  # a misspelt `check` was reported as an unknown key already
            report(here, f"policy {name} needs a check: the condition every request must meet")
        return None
    check = _condition(body["check"], here / "check", report, span_of)
    examples = _examples(name, body.get("examples"), here / "examples", report, span_of) if "examples" in body else ()
    if check is None or not good or examples is None:
        return None
    return Policy(
        name,
        " ".join(str(body["message"]).split()),
        Severity(body.get("severity", "error")),
        bool(body.get("suppressible", True)),
        check,
        display,
        span_of(here, True),
        body.get("url", ""),
        examples,
    )


def _known_keys(name: str, body: dict, here: FieldPath, report: Report) -> bool:
    """Whether every key of a policy is one a policy has; each other one is reported."""
    from .suggest import report_unknown_keys

    return not report_unknown_keys(
        body,
        POLICY_KEYS,
        here,
        report,
        lambda key: f"policy {name}: unknown key {key!r}; valid keys: {', '.join(POLICY_KEYS)}",
    )


def _settings_valid(name: str, body: dict, here: FieldPath, report: Report) -> bool:
    """Whether a policy's message, severity, suppressible and url are valid; each fault is reported."""
    from .suggest import closest

    good = True
    message = body.get("message")
    if not isinstance(message, str) or not message.strip():
        report(
            here / "message" if "message" in body else here, f"policy {name} needs a message: what it requires, and why"
        )
        good = False
    severity = body.get("severity", "error")
    if severity not in ("error", "warning", "info"):
        report(
            here / "severity",
            f"policy {name}: severity must be error, warning or info, not {severity!r}",
            closest(str(severity), ("error", "warning", "info")),
        )
        good = False
    suppressible = body.get("suppressible", True)
    if not isinstance(suppressible, bool):
        report(here / "suppressible", f"policy {name}: suppressible must be true or false, not {suppressible!r}")
        good = False
    if not isinstance(body.get("url", ""), str):
        report(here / "url", f"policy {name}: url must be a string (a page that explains the policy)")
        good = False
    return good


def _examples(name: str, value: Any, here: FieldPath, report: Report, span_of) -> tuple[Example, ...] | None:
    if not isinstance(value, dict) or not value or any(k not in EXAMPLE_KINDS for k in value):
        report(here, f"policy {name}: examples must be a mapping with pass and/or fail, each a list of requests")
        return None
    out = []
    for kind in EXAMPLE_KINDS:
        items = value.get(kind, [])
        if not isinstance(items, list):
            report(here / kind, f"policy {name}: examples {kind} must be a list of requests (mappings)")
            return None
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                report(here.join(kind, index), f"policy {name}: example {kind}[{index}] must be a request (a mapping)")
                return None
            out.append(Example(kind, index, item, span_of(here.join(kind, index), False).line))
    return tuple(out)


def _condition(value: Any, here: FieldPath, report: Report, span_of) -> Condition | None:
    if not isinstance(value, dict) or not value:
        report(here, "a condition is a mapping: field with operators, or all, any, not, or when with then")
        return None
    if _unknown_operators(value, here, report):
        return None
    combos = [k for k in value if k in COMBINATIONS]
    if "field" in value:
        if combos or "then" in value:
            report(here, f"a field test cannot also hold {', '.join(combos or ['then'])}: put them in an all list")
            return None
        return _field_test(value, here, report, span_of)
    kind = _combination(value, combos, here, report)
    return None if kind is None else _COMBINATION[kind](value, here, report, span_of)


def _combination(value: dict, combos: list[str], here: FieldPath, report: Report) -> str | None:
    """The one combination (all, any, not, when) a condition without field is, or None (reported)."""
    if len(combos) != 1:
        report(
            here,
            "a condition needs field (with operators), or exactly one of all, any, not, when"
            + (f"; this one has {', '.join(combos)}" if combos else ""),
        )
        return None
    kind = combos[0]
    extra = [k for k in value if k not in (kind, "then")] + (["then"] if kind != "when" and "then" in value else [])
    if extra:
        report(here / extra[0], f"{extra[0]} belongs in a field test (with field), not beside {kind}", key=True)
        return None
    return kind


def _unknown_operators(value: dict, here: FieldPath, report: Report) -> bool:
    """Whether a condition holds a key no condition has; each one is reported."""
    from .suggest import report_unknown_keys

    return report_unknown_keys(
        value,
        CONDITION_KEYS,
        here,
        report,
        lambda key: (
            f"unknown operator {key!r}; field tests take {', '.join(FIELD_OPERATORS)};"
            f" combinations are {', '.join(COMBINATIONS)} (when with then)"
        ),
    )


def _list_of_conditions(value: dict, here: FieldPath, report: Report, span_of) -> Condition | None:
    kind = "all" if "all" in value else "any"
    items = value[kind]
    if not isinstance(items, list) or not items:
        report(here / kind, f"{kind} takes a non-empty list of conditions")
        return None
    parts = [_condition(item, here.join(kind, i), report, span_of) for i, item in enumerate(items)]
    if any(p is None for p in parts):
        return None
    return All(tuple(parts)) if kind == "all" else AnyOf(tuple(parts))  # type: ignore[arg-type]


def _not_condition(value: dict, here: FieldPath, report: Report, span_of) -> Condition | None:
    part = _condition(value["not"], here / "not", report, span_of)
    return None if part is None else Not(part)


def _when_condition(value: dict, here: FieldPath, report: Report, span_of) -> Condition | None:
    if "then" not in value:
        report(here / "when", "when needs then: the condition that must hold when this one does", key=True)
        return None
    condition = _condition(value["when"], here / "when", report, span_of)
    then = _condition(value["then"], here / "then", report, span_of)
    return None if condition is None or then is None else When(condition, then)


_COMBINATION: dict[str, Callable[[dict, FieldPath, Report, Any], Condition | None]] = {
    "all": _list_of_conditions,
    "any": _list_of_conditions,
    "not": _not_condition,
    "when": _when_condition,
}


def _field_test(value: dict, here: FieldPath, report: Report, span_of) -> Condition | None:
    text = value["field"]
    if not isinstance(text, str):
        report(here / "field", f"field must be a request path such as OutputDataConfig.KmsKeyId, not {text!r}")
        return None
    try:
        steps = parse_path(text)
        shapes = shapes_at(steps)
    except PathError as exc:
        report(here / "field", f"field {text}: {exc}", exc.suggestion)
        return None
    except ValueError as exc:
        report(here / "field", f"field {text!r}: {exc}")
        return None
    operators = [k for k in value if k != "field"]
    if not operators:
        report(here, f"field {text} needs an operator: {', '.join(FIELD_OPERATORS)}")
        return None
    tests = []
    for operator in operators:
        test = _test(operator, value[operator], text, shapes, here / operator, report, span_of)
        if test is None:
            return None
        tests.append(test)
    return FieldTest(steps, tuple(tests))


_TYPES = {"string": "a string", "integer": "an integer", "float": "a number", "boolean": "true or false"}


def _kind(shapes: list[str]) -> set[str]:
    return {model.shape(name)["type"] for name in shapes}


# Which Python values can stand for a value of each model type (a bool is not a number in YAML's sense).
_FITS: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "float": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "structure": lambda value: isinstance(value, dict),
    "map": lambda value: isinstance(value, dict),
    "list": lambda value: isinstance(value, list),
}


def _fits(value: Any, shapes: list[str]) -> bool:
    return any(_FITS.get(model.shape(name)["type"], lambda _: False)(value) for name in shapes)


def _enum(shapes: list[str]) -> list[str]:
    return [v for name in shapes for v in model.shape(name).get("enum", [])]


def _test(
    operator: str, argument: Any, text: str, shapes: list[str], here: FieldPath, report: Report, span_of
) -> Test | None:
    span = span_of(here, False)
    kinds = _kind(shapes)
    expected = " or ".join(sorted(_TYPES.get(k, f"a {k}") for k in kinds))
    if operator in ("required", "forbidden"):
        if argument is not True:
            report(here, f"{operator} takes true (leave it out to say nothing), not {show(argument)}")
            return None
        return Test(operator, True, span)
    if operator in ("equals", "one_of"):
        ok = _values_valid(operator, argument, text, shapes, expected, here, report)
        return Test(operator, argument, span) if ok else None
    if operator == "matches":
        return _matches_test(argument, text, kinds, expected, span, here, report)
    # min, max
    if not kinds & {"integer", "float"}:
        report(here, f"{operator} compares numbers, and {text} is {expected}")
        return None
    if not isinstance(argument, int | float) or isinstance(argument, bool) or not math.isfinite(argument):
        report(here, f"{operator} takes a number, not {show(argument)}")
        return None
    return Test(operator, argument, span)


def _values_valid(
    operator: str, argument: Any, text: str, shapes: list[str], expected: str, here: FieldPath, report: Report
) -> bool:
    """Whether the value of ``equals`` (or each of ``one_of``) is one the field can have; else reported."""
    from .suggest import closest

    values = argument if operator == "one_of" else [argument]
    if operator == "one_of" and (not isinstance(argument, list) or not argument):
        report(here, f"one_of takes a non-empty list of values for {text}")
        return False
    enum = _enum(shapes)
    for index, item in enumerate(values):
        at = here / index if operator == "one_of" else here
        if not _fits(item, shapes):
            report(at, f"{operator}: {text} is {expected}, so {show(item)} can never match it")
            return False
        if enum and isinstance(item, str) and item not in enum:
            report(
                at,
                f"{operator}: {show(item)} is not a value {text} can have ({', '.join(enum)})",
                closest(item, enum),
            )
            return False
    return True


def _matches_test(
    argument: Any, text: str, kinds: set[str], expected: str, span: Span, here: FieldPath, report: Report
) -> Test | None:
    if "string" not in kinds:
        report(here, f"matches tests strings, and {text} is {expected}; use equals, one_of, min or max")
        return None
    if not isinstance(argument, str):
        report(here, f"matches takes a regular expression (a string), not {show(argument)}")
        return None
    import regex

    try:
        pattern = regex.compile(argument)
    except regex.error as exc:
        report(here, f"matches: {show(argument)} is not a valid regular expression: {exc}")
        return None
    return Test("matches", argument, span, pattern)


# ----- checking a spec ------------------------------------------------------------------------------------


def request(data: dict, dialect: str) -> tuple[dict, frozenset[FieldPath]] | None:
    """The CreateAutoMLJobV2 request a spec (with the project's defaults already merged) sends, with the
    documented defaults filled in, and the paths those filled; None when a V1 spec cannot be converted
    (lint reports why)."""
    from .compile import default_objective
    from .dialects import v1_to_v2
    from .errors import ConversionError
    from .resolve import resolve

    try:
        v2 = v1_to_v2(data) if dialect == "v1" else data
    except ConversionError:
        return None
    if dialect == "v1":
        metric = default_objective(v2)
        if metric is not None:
            v2 = {**v2, "AutoMLJobObjective": {"MetricName": metric}}
    resolved = resolve(v2, "v2")
    return resolved.request, frozenset(entry.path for entry in resolved.filled)


@dataclass
class Checked:
    """What the policies found in one spec: problems to place in the spec, and faults of the policies
    themselves (a pattern past its time bound) to place in their configuration file."""

    problems: list[tuple[Policy, Problem]] = field(default_factory=list)
    faults: list[tuple[str, Span, str]] = field(default_factory=list)  # (file, span, message)


def check(policies: dict[str, Policy | None], data: dict, dialect: str) -> Checked:
    """Each policy's problems with one spec: a Problem at the field in the spec's own dialect (or its
    nearest ancestor), whose message is the policy's followed by what was found there."""
    out = Checked()
    built = request(data, dialect)
    if built is None:
        return out
    evaluation = Evaluation(*built, dialect=dialect)
    for policy in policies.values():
        if policy is None:
            continue
        for failure in policy.problems(evaluation):
            problem = Problem(
                spec_path(dialect, failure.path), f"{policy.message} ({failure.detail})", anchor=failure.anchor
            )
            out.problems.append((policy, problem))
        out.faults.extend((policy.file, span, text) for span, text in evaluation.faults)
        evaluation.faults.clear()
    return out


# ----- a policy's own examples (`automlspec policy test`) -------------------------------------------------


@dataclass(frozen=True)
class ExampleResult:
    policy: Policy
    example: Example
    ok: bool
    detail: str = ""  # why an example did not do what it says


def run_examples(policy: Policy) -> list[ExampleResult]:
    """Each example of ``policy`` against the policy alone: a `pass` example must meet it, a `fail` one
    must not. An example is a request (whole or the fields the policy reads, V1 or V2), checked with the
    documented defaults but no project defaults, so that it says the same wherever the policy is used."""
    from .dialects import decide_dialect

    out = []
    for example in policy.examples:
        dialect = decide_dialect(example.request).dialect or "v2"
        built = request(example.request, dialect)
        if built is None:
            out.append(ExampleResult(policy, example, False, "it is a V1 request that cannot be converted to V2"))
            continue
        evaluation = Evaluation(*built, dialect=dialect)
        failures = policy.problems(evaluation)
        if evaluation.faults:
            out.append(ExampleResult(policy, example, False, evaluation.faults[0][1]))
        elif example.expect == "pass":
            detail = f"breaks the policy: {failures[0].detail}" if failures else ""
            out.append(ExampleResult(policy, example, not failures, detail))
        else:
            detail = "" if failures else "meets the policy; it was written to break it"
            out.append(ExampleResult(policy, example, bool(failures), detail))
    return out
