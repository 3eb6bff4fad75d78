"""The saved plan (``plan --out FILE``, ``apply --plan FILE``): its format, and the refusal of a plan that
no longer describes what apply would do (terraform's ``internal/plans/planfile``).

A saved plan holds the options it was made with, the sha256 of every spec file, the accounts, the actions
(with each live job's fingerprint), the tool version and a checksum. ``check_fresh`` compares it with a
plan made now: any difference makes it stale, and apply refuses it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import AutomlspecError, UsageError
from ..jobs.lifecycle import Status
from .desired import repository_root
from .diff import Action, Change, Kept, Plan, PlannedTarget
from .options import Options

if TYPE_CHECKING:
    from .operation import Built

PLAN_FORMAT = "automlspec-plan"
# 2: the options say whether and where the data was checked; 3: fingerprints without the request;
# 4: what `automlspec show` prints besides the actions: each action's live status, the notes, the jobs
# --prune kept, the warnings and the targets (none of them is compared by ``check_fresh``)
PLAN_FORMAT_VERSION = 4
#: What a saved action holds for `show` only: the live job's status when the plan was made.
_SHOWN_ONLY = ("status", "secondary_status")


def _action_record(action: Action) -> dict[str, Any]:
    """An action as saved: everything apply needs, without the live status (it moves on by itself)."""
    return {
        "action": action.action,
        "name": action.name,
        "file": action.file,
        "target": action.target,
        "arn": action.arn,
        "changes": [c.to_json() for c in action.changes],
        "suggested_name": action.suggested_name,
        "request": action.request,
        "add_tags": [list(t) for t in action.add_tags],
        "remove_tags": list(action.remove_tags),
        "live_fingerprint": action.live_fingerprint,
        "spec_tag": action.spec_tag,
    }


def _status_record(action: Action) -> dict[str, Any]:
    return {
        "status": action.status.status if action.status else None,
        "secondary_status": action.status.secondary if action.status else None,
    }


def _checksum(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def saved(built: Built) -> str:
    """The plan file's text: the plan, the fingerprints it was computed from, the tool version, a checksum."""
    body = {
        "format": PLAN_FORMAT,
        "format_version": PLAN_FORMAT_VERSION,
        "tool_version": __version__,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "options": built.options.to_json(),
        "base": _base(),
        "specs": dict(sorted(built.specs.items())),
        "accounts": built.accounts,
        "actions": [{**_action_record(a), **_status_record(a)} for a in built.plan.actions],
        "summary": built.plan.summary,
        "notes": list(built.plan.notes),
        "kept": [
            {
                **k.to_json(),
                "status": k.status.status if k.status else None,
                "secondary_status": k.status.secondary if k.status else None,
            }
            for k in built.plan.kept
        ],
        "warnings": list(built.plan.warnings),
        "targets": [t.to_json() for t in built.plan.targets],
    }
    return json.dumps({**body, "checksum": _checksum(body)}, indent=2, ensure_ascii=False) + "\n"


def _base() -> str | None:
    """Where plan ran, relative to its repository's root (the saved paths are relative to it); None
    outside a git repository."""
    cwd = Path.cwd()
    root = repository_root(cwd)
    return None if root is None else cwd.relative_to(root).as_posix()


def planned_in(data: dict[str, Any]) -> Path | None:
    """The directory a saved plan was made in, found from this one's repository root (a CI job that
    plans at the root and one that applies from a subdirectory share it); None when it cannot be known
    (no repository here, or the plan was made outside one) or does not exist here."""
    base = data.get("base")
    root = repository_root(Path.cwd())
    if base is None or root is None:
        return None
    directory = root / base
    return directory if directory.is_dir() else None


#: A saved plan holds each spec's request (a few KB): 64 MiB is thousands of specs, and bounds what apply reads.
MAX_PLAN_BYTES = 64 * 1024 * 1024


class StalePlan(AutomlspecError):
    """A saved plan that no longer describes what apply would do."""


# What apply reads from a saved plan, with the JSON types it must have. A plan whose checksum was
# recomputed after an edit must still fail with a clear message, not a KeyError (exit 3).
_OPTION_TYPES: dict[str, tuple[type, ...]] = {
    "paths": (list,),
    "prune": (bool,),
    "region": (str, type(None)),
    "profile": (str, type(None)),
    "config": (str, type(None)),
    "no_config": (bool,),
    "data": (bool,),
    "data_root": (str, type(None)),
}


def _options_problem(options: Any) -> str | None:
    """What makes a saved plan's ``options`` unlike the ones this version writes, or None."""
    if not isinstance(options, dict):
        return "'options' is not an object"
    for key, types in _OPTION_TYPES.items():
        if not isinstance(options.get(key), types):
            return f"options.{key} is missing or of the wrong type"
    if not all(isinstance(p, str) for p in options["paths"]):
        return "options.paths holds something other than file names"
    return None


def _shape_problem(data: dict[str, Any]) -> str | None:
    """What makes ``data`` unlike a plan this version writes, or None."""
    problem = _options_problem(data.get("options"))
    if problem is not None:
        return problem
    for key in ("specs", "accounts"):
        if not isinstance(data.get(key), dict):
            return f"'{key}' is not an object"
    base = data.get("base")
    if base is not None and (not isinstance(base, str) or Path(base).is_absolute() or ".." in Path(base).parts):
        return "'base' is not a directory inside the repository"
    actions = data.get("actions")
    if not isinstance(actions, list):
        return "'actions' is not a list"
    for number, action in enumerate(actions, 1):
        if not isinstance(action, dict) or not all(isinstance(action.get(k), str) for k in ("name", "target")):
            return f"action {number} has no name or target"
    return None


def read_saved(path: Path) -> tuple[Options, dict[str, Any]]:
    """The options of a saved plan and its body; ``StalePlan`` when it was edited or another version wrote it."""
    from ..source import read_bounded

    try:
        # bounded, and never a FIFO or a device (issue 13): `--plan /dev/zero` grew memory, a FIFO blocked
        raw = read_bounded(path, MAX_PLAN_BYTES, "a saved plan")
    except OSError as exc:
        raise UsageError(f"--plan {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_PLAN_BYTES:
        raise StalePlan(f"{path} is larger than {MAX_PLAN_BYTES:,} bytes: not a saved plan; plan again")
    try:
        data = json.loads(raw.decode("utf-8"))
    # ValueError: not UTF-8, not JSON, or a number past Python's 4,300 digits; RecursionError: 100k nested [
    except (ValueError, RecursionError) as exc:
        reason = "it nests too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise StalePlan(f"{path} is not a saved plan ({reason}); write one with `automlspec plan --out FILE`") from None
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        raise StalePlan(f"{path} is not a saved plan; write one with `automlspec plan --out FILE`")
    checksum = data.pop("checksum", None)
    if checksum != _checksum(data):
        raise StalePlan(f"{path} was edited after `automlspec plan` wrote it (its checksum does not match); plan again")
    if data.get("tool_version") != __version__:
        raise StalePlan(
            f"{path} was written by automlspec {data.get('tool_version')}, this is {__version__}; plan again"
        )
    if data.get("format_version") != PLAN_FORMAT_VERSION:
        raise StalePlan(
            f"{path} is in saved-plan format {data.get('format_version')}; this automlspec reads format"
            f" {PLAN_FORMAT_VERSION} only; plan again"
        )
    problem = _shape_problem(data)
    if problem is not None:
        raise StalePlan(f"{path} is not a plan automlspec wrote ({problem}); plan again")
    raw = data["options"]
    options = Options(
        tuple(raw["paths"]),
        raw["prune"],
        raw["region"],
        raw["profile"],
        raw["config"],
        raw["no_config"],
        check_data=raw["data"],
        data_root=raw["data_root"],
    )
    return options, data


def check_fresh(path: Path, data: dict[str, Any], built: Built) -> None:
    """``StalePlan`` unless ``built`` (planned now) is the plan that was saved: same spec files, same live jobs."""
    old, new = data["specs"], built.specs
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    if changed:
        raise StalePlan(
            f"{path} is stale: {', '.join(changed[:5])}{' and others' if len(changed) > 5 else ''}"
            " changed since it was planned; plan again"
        )
    if data["accounts"] != built.accounts:
        raise StalePlan(f"{path} is stale: it was planned for other accounts ({data['accounts']}); plan again")
    before = {
        (a["target"], a["name"].lower()): {k: v for k, v in a.items() if k not in _SHOWN_ONLY} for a in data["actions"]
    }
    after = {(a.target, a.name.lower()): _action_record(a) for a in built.plan.actions}
    moved = sorted(
        name for key, name in ((k, k[1]) for k in before.keys() | after.keys()) if before.get(key) != after.get(key)
    )
    if moved:
        raise StalePlan(
            f"{path} is stale: the live job{'s' * (len(moved) != 1)} {', '.join(moved[:5])} changed since it was"
            " planned; plan again"
        )


def restored(path: Path, data: dict[str, Any]) -> Plan:
    """The plan a saved plan holds (``read_saved``'s body), for `automlspec show`: its actions with the
    live status they had, its notes, kept jobs, warnings and targets. ``StalePlan`` when a part of it is
    not what this version writes (an edit with a recomputed checksum), never a KeyError."""
    try:
        return Plan(
            [_restored_action(a) for a in data["actions"]],
            [str(n) for n in data.get("notes", [])],
            [
                Kept(k["name"], k["target"], k["spec_tag"], k["reason"], _restored_status(k))
                for k in data.get("kept", [])
            ],
            [dict(w) for w in data.get("warnings", [])],
            [
                PlannedTarget(t["target"], t["account"], t.get("region"), t.get("profile"), t.get("source"))
                for t in data.get("targets", [])
            ],
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StalePlan(f"{path} is not a plan automlspec wrote (cannot read {exc}); plan again") from None


def _restored_status(record: dict[str, Any]) -> Status | None:
    status = record.get("status")
    return Status(str(status), str(record.get("secondary_status") or "")) if status else None


def _restored_action(a: dict[str, Any]) -> Action:
    changes = tuple(Change(c["path"], c["before"], c["after"], c.get("default")) for c in a.get("changes", []))
    return Action(
        str(a["action"]),
        a["name"],
        a.get("file"),
        a["target"],
        _restored_status(a),
        changes,
        a.get("arn"),
        a.get("suggested_name"),
        a.get("request"),
        tuple((str(k), str(v)) for k, v in a.get("add_tags", [])),
        tuple(str(k) for k in a.get("remove_tags", [])),
        a.get("live_fingerprint"),
        a.get("spec_tag"),
    )


def is_saved_plan(path: Path) -> bool:
    """Whether ``path`` is a regular file that starts as a saved plan does (`plan --out` writes the
    format first), read no further than its first bytes: `apply tags.plan` means `apply --plan tags.plan`."""
    import re
    import stat

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return re.match(rb'\s*\{\s*"format"\s*:\s*"' + PLAN_FORMAT.encode() + rb'"', head) is not None


def write_atomic(path: Path, text: str) -> None:
    """Write the plan file through the one atomic writer (a reader sees the old file or the new one)."""
    from .. import writer
    from ..errors import WriteError

    outcome = writer.write_text(path, text, writer.ANY)
    if not outcome.ok:
        raise WriteError(f"{path}: cannot write the plan: {outcome.error}")
