"""`automlspec plan`: a plan as text (terraform-like), JSON (the contract in README "plan JSON") or
Markdown (a PR comment): FORMATS; and what stops a plan (lint's or the data checks' findings, one error)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..plan.diff import CONFLICT, CREATE, NOOP, STOP, SYMBOLS, UPDATE_TAGS, Action, Change, Kept, Plan

_COLOURS = {CREATE: "green", UPDATE_TAGS: "yellow", STOP: "red", CONFLICT: "bold red", NOOP: "dim"}
_VERBS = {
    CREATE: "will be created",
    UPDATE_TAGS: "tags will be updated",
    STOP: "will be stopped (created by automlspec; no spec names it now)",
    CONFLICT: "cannot be changed",
    NOOP: "matches",
}


def _value(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False)


def _escape(text: Any) -> str:
    """Names and values from a spec or from AWS never reach the terminal raw: the project's one escape."""
    from ..terminal import escape

    return escape(str(text))


def _status(action: Action) -> str:
    return _escape(action.status) if action.status else "not created yet"  # AWS's text


#: A plan that creates more jobs than this lists each create on one line unless -v is given: the fields
#: of hundreds of new jobs are a file to read, not a plan (docs/plan.md, "What a create sends").
FIELDS_LIMIT = 10


def fields_shown(plan: Plan, verbose: bool = False, compact: bool = False) -> bool:
    """Whether the creates' fields are listed: never with --compact, always with -v, else when the plan
    creates at most FIELDS_LIMIT jobs."""
    return not compact and (verbose or plan.count(CREATE) <= FIELDS_LIMIT)


def text_lines(plan: Plan, verbose: bool = False, compact: bool = False) -> list[tuple[str, str | None]]:
    """(line, style) pairs; noops only with ``verbose``; the creates' fields as ``fields_shown`` says."""
    fields = fields_shown(plan, verbose, compact)
    out: list[tuple[str, str | None]] = []
    targets: dict[str, list[Action]] = {}
    kept: dict[str, list[Kept]] = {}
    for action in plan.actions:
        targets.setdefault(action.target, []).append(action)
    for job in plan.kept:
        targets.setdefault(job.target, [])
        kept.setdefault(job.target, []).append(job)
    for target, actions in targets.items():
        shown = [a for a in actions if verbose or a.action != NOOP]
        if not shown and not kept.get(target):
            continue
        out.append((f"Target: {_escape(target)}" if target else "Target: the default session", "bold"))
        for action in shown:
            out.extend(_action_lines(action, fields))
        out.extend(_kept_line(job) for job in kept.get(target, ()))
        out.append(("", None))
    if not fields and not compact:
        out.append(
            (
                f"The fields of the {plan.count(CREATE)} jobs to create are not listed (more than"
                f" {FIELDS_LIMIT}); -v lists them.",
                "dim",
            )
        )
    for note in plan.notes:
        out.append((f"note: {_escape(note)}", "dim"))
    out.append((plan.summary_line(), "bold"))
    return out


def _kept_line(job: Kept) -> tuple[str, str | None]:
    """A job prune found but does not stop, and why (plan.diff.prune_target)."""
    status = str(job.status) if job.status else "?"
    return (
        f"  # {_escape(job.name)} not stopped: {_escape(job.reason)}  (created from"
        f" {_escape(job.spec_tag)})  [{_escape(status)}]",
        "dim",
    )


def _create_line(change: Change) -> str:
    """A field a create sends (``diff.create_fields``), terraform's ``+ attribute = value``."""
    mark = "  (documented default)" if change.default else ""
    return f"      + {_escape(change.path)}: {_escape(_value(change.after))}{mark}"


def _action_lines(action: Action, fields: bool = True) -> list[tuple[str, str | None]]:
    """One action's (line, style) pairs: the action, each change (a create's fields when ``fields``), a
    conflict's way out."""
    where = (
        f"  ({_escape(action.file)})"
        if action.file
        else (f"  (created from {_escape(action.spec_tag)})" if action.spec_tag else "")
    )
    head = f"  {SYMBOLS[action.action]} {_escape(action.name)} {_VERBS[action.action]}{where}  [{_status(action)}]"
    out: list[tuple[str, str | None]] = [(head, _COLOURS[action.action])]
    if action.action == CREATE:
        return out + [(_create_line(change), None) for change in action.changes if fields]
    for change in action.changes:
        before, after = _escape(_value(change.before)), _escape(_value(change.after))
        if action.action == UPDATE_TAGS:
            mark = "+" if change.before is None else "-" if change.after is None else "~"
            out.append((f"      {mark} {_escape(change.path)}: {before} -> {after}", None))
        else:
            out.append((f"      ! {_escape(change.path)}: live {before}, spec {after}", None))
    if action.action == CONFLICT:
        out.append(
            (
                "      AutoML jobs cannot be updated: give the spec a new AutoMLJobName"
                f" (for example {action.suggested_name}) to create a new job",
                None,
            )
        )
    return out


def render_text(
    plan: Plan, stream: TextIO, color: bool | None = None, verbose: bool = False, compact: bool = False
) -> None:
    lines = text_lines(plan, verbose, compact)
    use_color = color if color is not None else (hasattr(stream, "isatty") and stream.isatty())
    if not use_color:
        stream.write("".join(line + "\n" for line, _ in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for line, style in lines:
        console.print(Text(line, style=style or ""))


def render_json(plan: Plan, stream: TextIO) -> None:
    from ..terminal import json_dumps

    stream.write(json_dumps(plan.to_json(), indent=2) + "\n")


def _cell(text: Any) -> str:
    return _escape(str(text)).replace("|", "\\|").replace("`", "'")


def _targets_in_order(plan: Plan) -> list[str]:
    """The target labels of the plan's actions and kept jobs, the planned targets' order first."""
    labels = [t.label for t in plan.targets]
    for label in [a.target for a in plan.actions] + [k.target for k in plan.kept]:
        if label not in labels:
            labels.append(label)
    return labels


def _where(plan: Plan, label: str) -> str:
    """A target for the Markdown comment: its account, region, profile and configuration file."""
    found = next((t for t in plan.targets if t.label == label), None)
    if found is None:
        return _cell(label) if label else "the default session"
    text = f"account `{_cell(found.account)}`, region `{_cell(found.region or '?')}`"
    if found.profile:
        text += f", profile `{_cell(found.profile)}`"
    return text + (f" (target from `{_cell(found.source)}`)" if found.source else " (the default session)")


def _heading(plan: Plan) -> str:
    """The comment's title names the account and region when the plan has one target, so that the
    comments of several environments (docs/gitops.md) tell themselves apart at a glance."""
    if len(plan.targets) == 1:
        only = plan.targets[0]
        return f"### automlspec plan: account {_cell(only.account)}, region {_cell(only.region or '?')}"
    return "### automlspec plan"


def _finding_items(found: list[dict[str, Any]]) -> list[str]:
    """Findings (lint's JSON objects) as a GitHub-flavoured Markdown list, one item each."""
    return [
        f"- `{_cell(f['file'])}:{f['line']}:{f['column']}` **{_cell(f['rule'])}** {_cell(f['severity'])}"
        f" [{_cell(f['name'])}]: {_cell(f['message'])}"
        + (f" (help: `{_cell(f['suggestion'])}`)" if f.get("suggestion") is not None else "")
        for f in found
    ]


def _action_table(actions: list[Action]) -> list[str]:
    lines = ["| | Job | Action | Spec | Status |", "|---|---|---|---|---|"]
    for a in actions:
        lines.append(
            f"| `{SYMBOLS[a.action]}` | `{_cell(a.name)}` | {a.action} | {_cell(a.file or a.spec_tag or '')} | {_cell(_status(a))} |"
        )
    return [*lines, ""]


def _create_details(a: Action) -> list[str]:
    """A create's fields (``diff.create_fields``), collapsed."""
    lines = [f"<details><summary><code>{_cell(a.name)}</code>: {len(a.changes)} field(s)</summary>", ""]
    lines += ["| Field | Value |", "|---|---|"]
    lines += [
        f"| `{_cell(c.path)}` | `{_cell(_value(c.after))}`{' (documented default)' if c.default else ''} |"
        for c in a.changes
    ]
    return [*lines, "", "</details>", ""]


def _change_details(a: Action) -> list[str]:
    lines = [f"<details><summary><code>{_cell(a.name)}</code>: {len(a.changes)} change(s)</summary>", ""]
    lines += ["| Field | Live | Spec |", "|---|---|---|"]
    lines += [f"| `{_cell(c.path)}` | `{_cell(_value(c.before))}` | `{_cell(_value(c.after))}` |" for c in a.changes]
    if a.action == CONFLICT:
        lines += [
            "",
            f"AutoML jobs cannot be updated: give the spec a new AutoMLJobName (for example `{a.suggested_name}`).",
        ]
    return [*lines, "", "</details>", ""]


def _target_section(plan: Plan, label: str, fields: bool) -> list[str]:
    """One target of the comment: its name, its actions' table, each action's changes collapsed."""
    mine = [a for a in plan.actions if a.target == label]
    shown = [a for a in mine if a.action != NOOP]
    lines = [f"**Target:** {_where(plan, label)}", ""]
    lines += _action_table(shown) if shown else [f"No changes ({len(mine)} unchanged).", ""]
    for a in shown:
        if a.action == CREATE:
            lines += _create_details(a) if fields and a.changes else []
        elif a.changes:
            lines += _change_details(a)
    return lines


def render_markdown(plan: Plan, stream: TextIO, verbose: bool = False, compact: bool = False) -> None:
    """A pull-request comment: the summary, then per target (its account and region) a table of the
    actions and the changes of each (a create's fields as ``fields_shown`` says); the jobs --prune
    keeps, the warnings and the notes."""
    fields = fields_shown(plan, verbose, compact)
    lines = [_heading(plan), "", f"**{plan.summary_line()}**", ""]
    for label in _targets_in_order(plan):
        lines += _target_section(plan, label, fields)
    if plan.kept:
        lines += ["Not stopped by --prune:", ""]
        lines += [f"- `{_cell(k.name)}` ({_cell(k.spec_tag)}): {_cell(k.reason)}" for k in plan.kept]
        lines.append("")
    if plan.warnings:
        lines += [f"**Warnings** ({len(plan.warnings)}):", "", *_finding_items(plan.warnings), ""]
    for note in plan.notes:
        lines.append(f"> {_cell(note)}")
    stream.write("\n".join(lines).rstrip("\n") + "\n")


def render_failure_markdown(result, stream: TextIO) -> None:
    """The pull-request comment of a plan that stopped (``commands.plan.Planned`` without a plan): why,
    with lint's or the data checks' findings as a list, so that `gh pr comment --body-file` posts
    something instead of an empty comment (issue 21)."""
    if result.failed is not None:
        why = str(result.failed)
        found = [f.to_json() for f in result.failed.result.findings]
    else:
        why, found = f"{result.error}{result.hint}", []
    lines = ["### automlspec plan failed", "", f"**{_cell(why)}**", ""]
    if found:
        lines += _finding_items(found)
    stream.write("\n".join(lines).rstrip("\n") + "\n")


#: `plan --format`: the one list of its formats (the CLI's choices are built from it).
FORMATS = {
    "text": lambda plan, stream, color, verbose, compact: render_text(plan, stream, color, verbose, compact),
    "json": lambda plan, stream, color, verbose, compact: render_json(plan, stream),
    "markdown": lambda plan, stream, color, verbose, compact: render_markdown(plan, stream, verbose, compact),
}


def render(
    name: str, plan: Plan, stream: TextIO, color: bool | None = None, verbose: bool = False, compact: bool = False
) -> None:
    """The plan in a format; -v and --compact choose how much of each create the text and Markdown list
    (JSON lists every field of every create)."""
    FORMATS[name](plan, stream, color, verbose, compact)


def planned(planned, color: str = "auto") -> None:
    """What `plan` and `apply` show before the plan itself: the findings that stopped it (on stderr, as
    `lint` shows them) and one error line, or the data checks' warnings."""
    import sys

    from . import console, findings

    if planned.failed is not None:
        findings.render(planned.failed.result, sys.stderr, None, color)
        console.error(str(planned.failed))
    elif planned.error is not None:
        console.error(f"{planned.error}{planned.hint}")
    else:
        # lint's warnings and info, as `compile` shows them (issue 21: a spec with a warning planned silently)
        for result in planned.built.lint_results:
            findings.render(result, sys.stderr, None, color)
        if planned.built.data_result is not None and planned.built.data_result.findings:
            findings.render(planned.built.data_result, sys.stderr, None, color)


def show(
    result, output_format: str = "text", color: str = "auto", verbose: bool = False, compact: bool = False
) -> None:
    """Print a ``commands.plan.Planned``: the plan in a format, and where it was saved (--out)."""
    import sys

    from . import console

    planned(result, color)
    if result.built is None:
        if output_format == "markdown":
            render_failure_markdown(result, sys.stdout)
        return
    render(output_format, result.built.plan, sys.stdout, console.use_color(color, sys.stdout), verbose, compact)
    if result.save_error is not None:
        console.error(str(result.save_error))
    elif result.saved is not None:
        out = console.escape(str(result.saved))
        console.line(
            f"Saved the plan to {out}; run `automlspec apply --plan {out}` to apply exactly this plan.", err=True
        )
