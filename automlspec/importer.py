"""`automlspec import`: existing jobs -> one spec file each, so that `plan` right after says noop.

For each job: DescribeAutoMLJobV2 and ListTags (bounded parallel calls), then ``jobs.request`` (only the
members the create request has, the model's key order, the user's tags: not ``automlspec:*`` nor
``aws:*``) and ``jobs.request.minimal`` (values equal to their documented default dropped, so the spec says what
was chosen). ``--api v1`` converts with the documented V2 -> V1 mapping, only where V1 can express the job.
The file starts with a comment naming the job ARN and the import time, then the request as YAML.

Files are written through ``writer`` (atomic; a new file never replaces one that appeared meanwhile).
A job is refused, and nothing is written for it, when its file exists (unless ``--force``), or when
another spec in the folder already declares the same name (AWS names are case-insensitive), or when V1
cannot express it. After writing, the spec is linted: findings are reported as the live job's own.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .aws import Account, Target
from .errors import AwsError, ConversionError

IMPORT_SUFFIX = ".yaml"


@dataclass(frozen=True)
class Filters:
    """``--all``'s ListAutoMLJobs filters (server side, paged)."""

    name_contains: str | None = None
    status: str | None = None
    created_after: datetime | None = None

    def kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.name_contains:
            out["NameContains"] = self.name_contains
        if self.status:
            out["StatusEquals"] = self.status
        if self.created_after:
            out["CreationTimeAfter"] = self.created_after
        return out


@dataclass
class Imported:
    """What happened to one job."""

    job: str
    path: Path | None = None
    ok: bool = False
    error: str | None = None
    findings: list[str] = field(default_factory=list)  # the live job's own lint findings, one line each
    notes: tuple[str, ...] = ()


def render(request: dict[str, Any], arn: str, moment: datetime, api: str) -> str:
    """The spec text: a header comment, then the request as block YAML (keys in the given order;
    strings that YAML would read as another type are quoted)."""
    from ruamel.yaml import YAML

    from .compile import canonical
    from .model import root_shape
    from .terminal import escape
    from .yamlio import escape_bidi, quote_unsafe

    ordered = canonical(request, root_shape(api))
    # values come from AWS (a tag value may hold anything): never a raw control or bidi character
    yaml = quote_unsafe(YAML(typ="safe", pure=True))
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    out = io.StringIO()
    operation = "CreateAutoMLJobV2" if api == "v2" else "CreateAutoMLJob"
    out.write(f"# Imported by automlspec from {escape(arn)}\n")  # a line break must not end the comment
    out.write(f"# at {moment.strftime('%Y-%m-%dT%H:%M:%SZ')}: the {operation} request that job was created with.\n")
    yaml.dump(ordered, out, transform=escape_bidi)
    return out.getvalue()


def spec_request(
    describe: dict[str, Any], tags: list[dict[str, str]], api: str = "v2", ignore: Any = None
) -> dict[str, Any]:
    """The request a spec for this job declares (pure): see the module docstring. Its tags are the
    user's only: never ours, a service's (``aws:``, ``sagemaker:``) or one the folder's ``ignore_tags``
    (``ignore``) leaves to other automation."""
    from .dialects import convert
    from .jobs.request import minimal
    from .jobs.request import request as request_of

    request = minimal(request_of(describe, tags, ignore))
    objective = request.get("AutoMLJobObjective")
    if isinstance(objective, dict) and objective.get("MetricName") == "":
        # No request can carry an empty metric name (the enum has no such member); it is a filled-in
        # placeholder (moto fills {"MetricName": ""} for text generation, reference D1, whose objective is
        # fixed: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobObjective.html).
        del request["AutoMLJobObjective"]
    if api == "v1":
        kinds = list(request.get("AutoMLProblemTypeConfig") or {})
        if kinds != ["TabularJobConfig"]:
            raise ConversionError(
                f"it is a {', '.join(kinds) or 'problem-type-less'} job, which CreateAutoMLJob (V1) cannot express;"
                " import it with --api v2 (the default)"
            )
        request = convert(request, "v2", "v1")
    return request


def existing_names(folder: Path) -> dict[str, Path]:
    """Lower-cased AutoMLJobName -> the spec file in ``folder`` (not its subfolders) declaring it."""
    from .project import open_project

    out: dict[str, Path] = {}
    if not folder.is_dir():
        return out
    named = [
        str(path)
        for path in sorted(folder.iterdir())
        if path.suffix in (".yaml", ".yml") and not path.name.startswith(".") and path.is_file()
    ]
    for spec_file in open_project(named).files:  # read as lint reads them; one that cannot be read declares nothing
        for doc in spec_file.source.docs:
            name = doc.data.get("AutoMLJobName") if isinstance(doc.data, dict) else None
            if isinstance(name, str):
                out.setdefault(name.lower(), spec_file.path)
    return out


def output_path(folder: Path, job: str, asked: str) -> Path | str:
    """The file a job is imported into, ``folder/<job>.yaml``; or why there is none. ``job`` comes from
    AWS (its spelling of the name) and becomes a path only when it is a valid AutoMLJobName (the model's
    pattern: letters, digits and hyphens, 1-32) and the name that was asked for: an endpoint that answers
    ``../.github/workflows/deploy`` or an absolute name never chooses where automlspec writes."""
    from . import model
    from .terminal import escape

    shape = model.shape("AutoMLJobName")
    valid = (
        isinstance(job, str)
        and len(job) <= int(shape["max"])
        and model.compiled_pattern(str(shape["pattern"])).fullmatch(job)
    )
    if not valid:
        return (
            f"AWS answered with the job name {escape(job)!r}, which is not a valid AutoMLJobName (letters, digits and"
            " hyphens, 1-32 characters); nothing was written"
        )
    if job.lower() != asked.lower():
        return f"AWS answered for the job {job!r} when {escape(asked)!r} was asked for; nothing was written"
    path = folder / f"{job}{IMPORT_SUFFIX}"
    if path.resolve().parent != folder.resolve():  # cannot happen for a valid name; kept as the promise
        return f"{path} is outside {folder}; nothing was written"
    return path


def job_names(account: Account, names: Sequence[str], every: bool, filters: Filters) -> list[str]:
    """The jobs to import: the names given, or with ``every`` every job ListAutoMLJobs returns
    (all pages) under ``filters``."""
    if not every:
        return list(dict.fromkeys(names))
    from .aws.sagemaker import SageMaker

    summaries = SageMaker(account).list_jobs(**filters.kwargs())
    return [str(s["AutoMLJobName"]) for s in summaries]


def import_jobs(
    names: Sequence[str],
    folder: Path,
    *,
    api: str = "v2",
    force: bool = False,
    every: bool = False,
    filters: Filters | None = None,
    target: Target | None = None,
    parallel: int = 8,
    now: datetime | None = None,
    ignore: Any = None,
) -> list[Imported]:
    """Import jobs into ``folder``; one Imported per job, in order. AwsError only for what stops the
    whole run (no credentials, an unreachable endpoint, ListAutoMLJobs failing)."""
    from .aws.sagemaker import SageMaker
    from .config import ConfigResolver
    from .plan.observe import describe_each

    account = Account(target)
    if account.target.allowed_account_ids:
        account.check_account()
    wanted = job_names(account, names, every, filters or Filters())
    answers = describe_each(SageMaker(account, parallel), wanted)
    moment = now or datetime.now(UTC)
    writing = _Writing(folder, existing_names(folder), ConfigResolver(), api, force, moment, ignore)
    results: list[Imported] = []
    for name in wanted:
        answer = answers[name]
        if isinstance(answer, AwsError):
            missing = answer.code == "ResourceNotFound"
            error = f"no AutoML job named {name!r} in {account.region}" if missing else str(answer)
            results.append(Imported(name, error=error))
        else:
            results.append(writing.write(name, *answer))
    return results


@dataclass
class _Writing:
    """Where and how `import` writes specs, and the names the folder declares so far."""

    folder: Path
    taken: dict[str, Path]  # lower-cased AutoMLJobName -> the spec in the folder declaring it
    resolver: Any  # config.ConfigResolver: the folder's configuration, for the baseline lint
    api: str
    force: bool
    moment: datetime
    ignore: Any = None  # the folder's ignore_tags: tags left to other automation, never imported

    def write(self, name: str, describe: dict[str, Any], tags: list[dict[str, str]]) -> Imported:
        """One job's spec, written unless a spec declares its name (--force replaces only its own file)."""
        from . import writer

        job = str(describe.get("AutoMLJobName") or name)  # AWS's spelling of the name
        path = output_path(self.folder, job, name)
        if isinstance(path, str):  # AWS's answer names no valid file for what was asked
            return Imported(name, error=path)
        refusal = self._declared(job, path)
        if refusal is not None:
            return refusal
        try:
            request = spec_request(describe, tags, self.api, self.ignore)
        except ConversionError as exc:
            return Imported(job, path, error=str(exc))
        text = render(request, str(describe.get("AutoMLJobArn", "")), self.moment, self.api)
        text, findings = baseline(str(path), text, self.resolver.for_file(path))
        self.folder.mkdir(parents=True, exist_ok=True)
        outcome = writer.write_text(path, text, writer.ANY if self.force else writer.MISSING)
        if not outcome.ok:
            return Imported(job, path, error=outcome.error)
        self.taken[job.lower()] = path
        return Imported(job, path, ok=True, findings=findings, notes=outcome.notes)

    def _declared(self, job: str, path: Path) -> Imported | None:
        """The refusal when a spec in the folder already declares ``job``; --force replaces this job's own
        file only, never another spec that declares the name."""
        declared = self.taken.get(job.lower())
        if declared is None:
            return None
        own = declared.resolve() == path.resolve()  # this job's own file
        if self.force and own:
            return None
        remedy = (
            "pass --force to replace it"
            if own
            else f"rename or remove that spec first (--force replaces only {path.name})"
        )
        return Imported(job, declared, error=f"{declared} already declares AutoMLJobName {job!r}; {remedy}")


def baseline(name: str, text: str, config) -> tuple[str, list[str]]:
    """Lint the imported spec; the live job's own findings are reported (one line each) and suppressed
    on their lines with ``# automlspec: ignore[CODE] (imported as the live job has it)``, as ruff's
    ``--add-noqa`` baselines existing code: the job cannot change, so the spec says what it is, lints
    clean, and `plan` compares it. Removing a suppression shows the finding again."""
    from .lint import lint_text

    found = [f for f in lint_text(name, text, config) if f.file == name and f.line >= 1]
    if not found:
        return text, []
    lines = text.split("\n")
    codes: dict[int, list[str]] = {}
    for finding in found:
        codes.setdefault(finding.line, [])
        if finding.rule not in codes[finding.line]:
            codes[finding.line].append(finding.rule)
    for line, rules in codes.items():
        lines[line - 1] += f"  # automlspec: ignore[{','.join(rules)}] (imported as the live job has it)"
    reported = [f"{f.line}:{f.column}: {f.rule} {f.severity.value if f.severity else ''} {f.message}" for f in found]
    return "\n".join(lines), reported
