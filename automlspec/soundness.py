"""A suggestion is shown only when following it makes the spec better (issue 22).

Rules propose, this module decides. For each problem whose suggestion replaces what the finding
underlines (the field's value, or its key), the suggestion is applied to the document and the document
is checked again by every rule that ran on it (those that need S3 data or the live job excepted). It is
kept when

- the problem is gone: no problem of the same rule at the same field, and
- no new error appears: every error of the changed document, by rule and field, was there before.

Otherwise the problem's next alternative is tried (rules/limits.py passes the rest of an enum, nearest
first: this spec's problem type or mode may allow only some of it); when none passes, the suggestion is
withheld and the finding says what is wrong without a `help:` (its "did you mean" goes too). A problem
whose suggestion is a value for another field, or for a field that is not written, is shown without it:
the message names the value, and `help:` and JSON's `suggestion` are a replacement for the underlined
text only.

A kept suggestion is a fix (findings.Fix): the rule's own when it has one (safe: the one reading of what
was written), else an unsafe one that only `--unsafe-fixes` applies, since a did-you-mean, however
sound, might not be what was meant.

The suggestion's text is read as a user pasting it would have it read: as YAML reads the plain text,
and, when that is not what the field takes, as a string (a string field that holds digits is offered
`'64'`, quoted: ``yaml_text``). A key rename changes no value: errors the model's limits (AML1xx) find
in the renamed field's own value, which lint could not check under the wrong name, are not counted as
new (they were there all along, and lint reports them next); any other rule's error is.

Each document gets at most MAX_CHECKS checks of a changed copy; suggestions past the bound are
withheld, so a file of thousands of typos costs bounded time (README, "Bounds").
tests/test_soundness.py proves the property again from the outside: it applies every `help:` to the
text, as a user would, and lints the file again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from .findings import Fix, Problem
from .paths import ABSENT, FieldPath, get
from .source import resolve_plain

#: Re-checks of one document at most (each is one run of every rule on a changed copy: 2-10 ms).
MAX_CHECKS = 40

Pair = tuple[Any, Problem]  # (rules.Rule, Problem): the rule is only compared and passed through
Check = Callable[[dict], list[Pair]]
IsError = Callable[[Any, Problem], bool]

MISSING: Any = ABSENT  # a path that is not in the data, a token that is not one scalar
_MISSING = MISSING
# A plain scalar that reads the same in a block and in a flow collection: no indicator first, no flow
# indicator, quote, comment or `: ` inside, no space at either end, no control character.
_PLAIN = re.compile(r"[A-Za-z0-9_./+=@$^()~;<>\\-](?:[^\x00-\x1f\x7f-\x9f,\[\]{}#'\"]*[^\s,\[\]{}#'\":])?")


def _plain_token(text: str) -> bool:
    """Whether ``text`` is one plain scalar, in a block as in a flow collection."""
    return (
        bool(_PLAIN.fullmatch(text))
        and ": " not in text
        and " #" not in text
        and not text.startswith(("- ", "? "))
        and text not in ("-", "?")
        and "\u2028" not in text
        and "\u2029" not in text
    )


def plain(text: str) -> bool:
    """Whether ``text`` may be written unquoted as a YAML string and read back as itself."""
    return _plain_token(text) and isinstance(resolve_plain(text), str)


def yaml_text(value: Any) -> str:
    """``value`` as YAML text that reads back as exactly it: `64` for the number, `'64'` for the string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if plain(text):
        return text
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    import json

    return json.dumps(text, ensure_ascii=False)


def readings(text: str, target: str) -> list[Any]:
    """What ``text`` may stand for, in the order tried: as YAML reads it plain, then as a string. A key
    is a string."""
    if target == "key" or not _plain_token(text):
        return [text]
    value = resolve_plain(text)
    return [text] if value == text else [value, text]


def value_at(data: Any, path: Iterable) -> Any:
    """The value at ``path`` in ``data``, or MISSING."""
    return get(data, path, default=MISSING) if all(not isinstance(p, int) or p >= 0 for p in path) else MISSING


def _changed(data: Any, path: FieldPath, value: Any, target: str) -> Any:
    """A copy of ``data`` (copied along ``path`` only) with the field's value, or its key, replaced;
    _MISSING when the path is not there or the new key is set beside it already."""
    if not path:
        return _MISSING
    head, rest = path[0], FieldPath(path[1:])
    if isinstance(data, dict):
        if head not in data:
            return _MISSING
        if not rest:
            return _set_in_mapping(data, head, value, target)
        inner = _changed(data[head], rest, value, target)
        return _MISSING if inner is _MISSING else {**data, head: inner}
    if isinstance(data, list) and isinstance(head, int) and 0 <= head < len(data):
        if not rest:
            return _MISSING if target == "key" else [*data[:head], value, *data[head + 1 :]]
        inner = _changed(data[head], rest, value, target)
        return _MISSING if inner is _MISSING else [*data[:head], inner, *data[head + 1 :]]
    return _MISSING


def _set_in_mapping(data: dict, head: Any, value: Any, target: str) -> Any:
    """A copy of ``data`` with ``head``'s value (or the key itself, in place in the key order) replaced."""
    if target == "value":
        return {**data, head: value}
    if value in data or not isinstance(value, str):
        return _MISSING
    return {(value if key == head else key): item for key, item in data.items()}


class _Budget:
    def __init__(self, checks: int) -> None:
        self.left = checks


def vet(
    pairs: list[Pair],
    data: Any,
    check: Check,
    is_error: IsError,
    checks: int = MAX_CHECKS,
    baseline: Callable[[], list[Pair]] | None = None,
) -> list[Pair]:
    """``pairs`` (a document's (rule, problem) list) with each suggestion kept (and made a fix), replaced by
    the first alternative that passes, or withheld; ``check`` runs the rules on a changed copy of
    ``data``; ``is_error`` says whether a problem is an error under the run's configuration. When
    ``pairs`` are not what ``check`` finds (the data checks, which ``check`` does not run), ``baseline``
    gives what it finds in ``data`` as it is: its errors are not new either."""
    if not any(problem.suggestion is not None or problem.fix is not None for _, problem in pairs):
        return pairs
    before = {
        (_code(rule), problem.path)
        for rule, problem in [*pairs, *(baseline() if baseline else ())]
        if is_error(rule, problem)
    }
    budget = _Budget(checks)
    out: list[Pair] = []
    for rule, problem in pairs:
        if problem.suggestion is None and problem.fix is None:
            out.append((rule, problem))
            continue
        out.append((rule, _decided(rule, problem, data, check, is_error, before, budget)))
    return out


def _code(rule: Any) -> str:
    return getattr(rule, "code", str(rule))


def _candidates(problem: Problem, target: str) -> list[tuple[str, Any]]:
    """(text, value) pairs to try, in order: the rule's own fix, then each reading of the suggestion and
    of each alternative."""
    out: list[tuple[str, Any]] = []
    suggestion = problem.suggestion if problem.suggestion is not None else str(getattr(problem.fix, "value", ""))
    if problem.fix is not None:
        out.append((suggestion, problem.fix.value))
    for text in (suggestion, *problem.alternatives):
        for value in readings(text, target):
            if not any(t == text and _same(v, value) for t, v in out):
                out.append((text, value))
    return out


def _decided(
    rule: Any, problem: Problem, data: Any, check: Check, is_error: IsError, before: set, budget: _Budget
) -> Problem:
    target = "key" if problem.anchor == "key" else "value"
    if not problem.replaces or value_at(data, problem.path) is _MISSING:
        return withheld(problem)  # a value for another field, or for one not written: the message says it
    for text, value in _candidates(problem, target):
        if budget.left <= 0:
            break
        changed = _changed(data, problem.path, value, target)
        if changed is _MISSING:
            continue
        budget.left -= 1
        if _sound(rule, problem, value, target, check(changed), is_error, before):
            return _kept(problem, text, value, target)
    return withheld(problem)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _sound(
    rule: Any, problem: Problem, value: Any, target: str, after: list[Pair], is_error: IsError, before: set
) -> bool:
    code, path = _code(rule), problem.path
    renamed = path.parent / value if target == "key" else None
    for other, found in after:
        other_code = _code(other)
        if other_code == code and found.path == path:
            return False  # not gone
        if not is_error(other, found):
            continue
        where = found.path
        if renamed is not None and where[: len(renamed)] == renamed:
            if other_code.startswith("AML1"):
                continue  # the renamed field's own value, unchecked under the wrong name
            where = FieldPath((*path, *where[len(renamed) :]))
        if (other_code, where) not in before:
            return False  # a new error
    return True


def _kept(problem: Problem, text: str, value: Any, target: str) -> Problem:
    fix = problem.fix
    if fix is None or text != (problem.suggestion or text) or not _same(fix.value, value):
        fix = Fix(value, "unsafe", target)  # type: ignore[arg-type]
    elif fix.target != target:
        fix = replace(fix, target=target)  # type: ignore[arg-type]
    message = problem.message
    if text != problem.suggestion:
        message = _reworded(message, problem.suggestion, text)
    return replace(problem, suggestion=text, fix=fix, message=message, alternatives=())


def withheld(problem: Problem) -> Problem:
    """``problem`` without its suggestion, fix and alternatives, and without a "did you mean" naming it."""
    return replace(
        problem,
        suggestion=None,
        fix=None,
        alternatives=(),
        message=_reworded(problem.message, problem.suggestion, None),
    )


def _reworded(message: str, old: str | None, new: str | None) -> str:
    if old is None:
        return message
    for form in ("; did you mean '{}'?", " (did you mean '{}'?)"):
        if form.format(old) in message:
            return message.replace(form.format(old), form.format(new) if new is not None else "")
    return message


def scalar(token: str) -> Any:
    """What a YAML scalar token alone reads as (the loader's own rules), or _MISSING."""
    return _scalar(token) if len(token) <= 4096 else _MISSING


@lru_cache(maxsize=1024)
def _scalar(token: str) -> Any:
    from .source import load_text

    parsed = load_text("token", f"v: {token}\n")
    if parsed.findings or len(parsed.docs) != 1 or not isinstance(parsed.docs[0].data, dict):
        return _MISSING
    return parsed.docs[0].data.get("v", _MISSING)


def underlines(line: str | None, column: int, end_column: int, current: Any) -> bool:
    """Whether the span [column, end_column) of ``line`` is exactly a scalar that reads as ``current``:
    the text a `help:` (and a fix) replaces. A span over several lines, or around more than the value,
    is not."""
    if line is None or not 0 < column < end_column:
        return False
    token = line[column - 1 : end_column - 1]
    read = scalar(token)
    return read is not _MISSING and _same(read, current)
