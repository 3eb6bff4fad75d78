"""Measure automlspec's speed targets (issue 2) and print a Markdown report; `--write` puts it in
docs/benchmarks.md between the markers.

  (a) one spec, cold process: `automlspec lint specs/churn-binary-v1.yaml`, run as the installed
      console script (resolved to its real path: a pyenv shim adds its own start-up) and as
      `python -m automlspec`                                   target: median <= 0.3 s
  (b) the same spec through the AWS CLI's client-side validation:
      `aws sagemaker create-auto-ml-job --cli-input-json file://spec.json --generate-cli-skeleton output`
                                                               target: (a) <= half of (b)
  (c) 1,000 specs (copies of specs/*.yaml with their own job names) in one run   target: <= 3 s
  (d) where a one-spec run spends its time: interpreter start, each stage in-process, and the top
      imports by `python -X importtime`

Runs are interleaved (a, b, a, b, ...) after warm-up runs, so page cache and CPU frequency affect each
command alike; "cold" means a new process, not an empty page cache. The AWS CLI gets dummy credentials
and a region and has the instance-metadata lookup disabled: without credentials it asks
169.254.169.254 for some (seen with strace), which is network and not validation. `--check-offline`
(on by default) runs both tools once with a socket audit hook and reports any connection attempt.

Usage: python scripts/benchmark.py [--runs 20] [--specs 1000] [--write]

`--status N` measures instead `automlspec status` over N specs whose N jobs live in a moto server this
script starts on 127.0.0.1 (and stops): wall time per `--parallel` setting, every row checked.
`--write` then replaces the status section of docs/benchmarks.md (its own markers).

`--data` measures the data checks instead (issue 9) and writes their own section of docs/benchmarks.md:
  (e) a 1 GB CSV, generated in a temporary directory (never committed) and served by the LocalReader
      (`lint --data-root`): bytes read and wall time of `automlspec lint --data-root DIR spec.yaml`
                                                               target: a few MB, < 2 s
  (f) 50 specs sharing 5 datasets in one run: requests per object   target: each dataset read once
  (g) one spec whose two channels hold 100 objects, each request delayed 20 ms (a simulated S3
      round trip): wall time with one reader thread and with the default pool of 8

Usage: python scripts/benchmark.py --data [--write]

`--plan` measures `automlspec plan` (issue 8) against a moto_server this script starts on 127.0.0.1:
200 specs whose jobs exist, in an account holding 2,000 jobs, the specs sharing one dataset in the
server's S3 (plan checks the data by default)           target: < 5 s wall on 2 cores
It counts the API calls per operation (target: one Describe and one ListTags per spec with a live job,
one ListAutoMLJobs page per 100 jobs, one STS call), and splits the time between the plan process's own
CPU and the moto server's CPU (read from /proc), so a loaded machine or a slow server shows as such.

Usage: python scripts/benchmark.py --plan [--runs 5] [--specs 200] [--jobs 2000] [--write]

`--against REV` (repeatable) compares the one-spec lint of this tree with git revision REV (checked out
in a temporary worktree, removed afterwards): interleaved runs, wall time (median, p90, best) and CPU
time of each; `--write` replaces the figures of the "Wave 2 check" section of docs/benchmarks.md.

Usage: python scripts/benchmark.py --against 005ad5e [--against main] --runs 25 [--write]

`--policies REV` measures the cost of policies (issue 24): the one-spec lint of this tree with no
configuration, against git revision REV (before policies existed) with none, and this tree with every
policy of docs/policies.md's library enabled; interleaved runs, wall and CPU medians. `--write` puts it
in the "Policies" section of docs/benchmarks.md.

Usage: python scripts/benchmark.py --policies c94876c --runs 25 [--write]

`--feedback` measures what issue 21 asked for: the time to the first byte on standard error, and to the
exit, of `plan --no-data` and `status` against an endpoint where nothing listens, one whose connections
are never answered (a full listen queue on 127.0.0.1), and a fast local fake of STS and SageMaker's JSON
protocol holding `--jobs` jobs (scripts/fake_endpoint.py; moto is slower than automlspec at 2,000 jobs),
with standard error a pipe, a pipe with CI=true, and a pseudo-terminal. Nothing leaves 127.0.0.1.

Usage: python scripts/benchmark.py --feedback [--runs 3] [--jobs 2000] [--write]

`--scaling` measures `lint --jobs` (issue 26): `lint -j 1` against `lint -j 2`, paired, on trees of each
size: wall and CPU (the workers' too), with the load average.

Usage: python scripts/benchmark.py --scaling [--sizes 50,100,200,400] [--specs 1000] [--many-runs 5] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "churn-binary-v1.yaml"
DOC = ROOT / "docs" / "benchmarks.md"
START = "<!-- generated by scripts/benchmark.py --write: start -->"
END = "<!-- generated by scripts/benchmark.py --write: end -->"
DATA_START = "<!-- generated by scripts/benchmark.py --data --write: start -->"
DATA_END = "<!-- generated by scripts/benchmark.py --data --write: end -->"
DATA_GB = 1024**3
DATA_TARGET = 2.0
TARGET_ONE = 0.3
TARGET_MANY = 3.0
# sys.executable is already the real interpreter (a pyenv shim execs it); resolving its symlink would
# leave the virtual environment and its packages behind.
PYTHON = sys.executable
AWS_ENV = {
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_PAGER": "",
}
# Imported first in the audited child; reports every attempt to resolve a name or open a connection.
AUDIT = (
    "import sys\n"
    "def _hook(event, args):\n"
    "    if event in ('socket.connect', 'socket.getaddrinfo', 'socket.gethostbyname', 'socket.sendto'):\n"
    "        sys.__stderr__.write(f'NETWORK {event} {args!r}\\n')\n"
    "sys.addaudithook(_hook)\n"
)


@dataclass
class Timing:
    label: str
    command: list[str]
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p90(self) -> float:  # nearest rank
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]

    @property
    def best(self) -> float:
        return min(self.samples)


def real_script(name: str) -> str | None:
    """The interpreter's own console script (no pyenv shim, no PATH lookup), or None."""
    candidate = Path(sysconfig.get_path("scripts")) / name
    return str(candidate) if candidate.exists() else None


def on_path(name: str) -> str | None:
    return shutil.which(name)


def run_once(
    command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT
) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done


def measure(jobs: list[tuple[str, list[str], dict[str, str] | None, int]], runs: int, warmup: int = 2) -> list[Timing]:
    """Interleaved runs of each (label, command, env, expected exit code)."""
    timings = [Timing(label, command, []) for label, command, _, _ in jobs]
    for round_ in range(warmup + runs):
        for timing, (_, command, env, expected) in zip(timings, jobs):
            seconds, done = run_once(command, env)
            if done.returncode != expected:
                raise SystemExit(
                    f"{' '.join(command)} exited {done.returncode}, not {expected}:\n{done.stdout}{done.stderr}"
                )
            if round_ >= warmup:
                timing.samples.append(seconds)
    return timings


def child_env(pycache: Path | None) -> dict[str, str]:
    """The environment of measured commands. With ``pycache``, bytecode is written to and read from
    that folder (the warm-up runs fill it), as for an installed package, whose modules pip compiles at
    install time; without it, the caller's environment as it is."""
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def pyenv_shim(name: str) -> str | None:
    """A pyenv shim for ``name`` on PATH (pyenv puts the real bin folder first while it runs us, so
    shutil.which finds the real script instead)."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(folder) / name
        if Path(folder).name == "shims" and candidate.exists():
            return str(candidate)
    return None


def _spec_data() -> dict:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(SPEC.read_text("utf-8"))


def spec_json(target: Path) -> Path:
    """The YAML spec as the JSON request file the AWS CLI reads."""
    target.write_text(json.dumps(_spec_data(), indent=2), "utf-8")
    return target


def aws_validation(aws: str, tmp_path: Path, env: dict[str, str]) -> str:
    """What the AWS CLI's client-side validation catches: a request without RoleArn, with a ProblemType
    outside the enum and a 40-character job name (the model's maximum is 32)."""
    request = json.loads(json.dumps(_spec_data()))
    request.pop("RoleArn")
    request["ProblemType"] = "BinaryClasification"
    request["AutoMLJobName"] = "churn-binary-classifier-with-a-long-name"  # 40 characters
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(request), "utf-8")
    _, done = run_once(
        [
            aws,
            "sagemaker",
            "create-auto-ml-job",
            "--cli-input-json",
            f"file://{path}",
            "--generate-cli-skeleton",
            "output",
        ],
        env,
    )
    said = " ".join((done.stderr or done.stdout).split())
    return (
        f"Sanity check of (b): for a request without RoleArn, with ProblemType 'BinaryClasification' and a"
        f' 40-character AutoMLJobName, the AWS CLI exits {done.returncode} saying "{said}"; the enum and'
        f" the length maximum pass its checks."
    )


def make_specs(folder: Path, count: int) -> None:
    """``count`` valid specs: the example specs in turn, each with its own job name (names must be
    unique in a run) and its own output prefix."""
    sources = sorted((ROOT / "specs").glob("*.yaml"))
    name = re.compile(r"^(AutoMLJobName:\s*)(\S+)", re.M)
    output = re.compile(r"^(\s*S3OutputPath:\s*\S+?)/?$", re.M)
    for index in range(count):
        source = sources[index % len(sources)]
        text = source.read_text("utf-8")
        text = name.sub(lambda m: f"{m.group(1)}{m.group(2)[:26]}-{index:04d}", text, count=1)  # noqa: B023 - called at once by sub()
        text = output.sub(lambda m: f"{m.group(1)}/run-{index:04d}/", text, count=1)  # noqa: B023 - called at once by sub()
        (folder / f"{index:04d}-{source.name}").write_text(text, "utf-8")


def offline_check(command: list[str], env: dict[str, str]) -> list[str]:
    """Run a Python console command with a socket audit hook; the network events it reports."""
    script, args = command[0], command[1:]
    if script == PYTHON and args[:1] == ["-m"]:
        runner = (
            f"import runpy; sys.argv = {[args[1], *args[2:]]!r}; runpy.run_module({args[1]!r}, run_name='__main__')"
        )
    else:
        runner = f"import runpy; sys.argv = {[script, *args]!r}; runpy.run_path({script!r}, run_name='__main__')"
    done = subprocess.run([PYTHON, "-c", AUDIT + runner], cwd=ROOT, env=env, capture_output=True, text=True)
    return [line for line in done.stderr.splitlines() if line.startswith("NETWORK ")]


STAGES = r"""
import io, sys, time
t0 = time.perf_counter()
import automlspec.cli
t1 = time.perf_counter()
from automlspec.config import ConfigResolver
from automlspec.project import lint_paths
t2 = time.perf_counter()
result = lint_paths([sys.argv[1]], ConfigResolver())
t3 = time.perf_counter()
from automlspec.views.findings import reporter
reporter("text")(result, io.StringIO(), None)
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


def stages(runs: int, env: dict[str, str]) -> dict[str, float]:
    names = (
        "import automlspec.cli (typer)",
        "import the lint pipeline",
        "lint the spec",
        "text report (plain text unless colouring)",
    )
    samples: list[list[float]] = [[] for _ in names]
    for _ in range(runs):
        done = subprocess.run(
            [PYTHON, "-c", STAGES, str(SPEC)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        for bucket, value in zip(samples, done.stdout.split()):
            bucket.append(float(value))
    return {name: statistics.median(bucket) for name, bucket in zip(names, samples)}


def importtime(runs: int, env: dict[str, str]) -> tuple[list[tuple[str, float, float]], list[tuple[str, float]], float]:
    """`python -X importtime` of one lint, median over ``runs``: per top-level package its own import
    time (the sum of its modules' self times: these add up) and its inclusive time where the program
    or another package first imports it (what deferring that import would save, at most); the
    slowest modules by self time; and the total, all in seconds."""
    own: dict[str, list[float]] = {}
    inclusive: dict[str, list[float]] = {}
    per_module: dict[str, list[float]] = {}
    totals: list[float] = []
    for _ in range(runs):
        done = subprocess.run(
            [PYTHON, "-X", "importtime", "-m", "automlspec", "lint", str(SPEC)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        rows = []
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)", line)
            if match:
                rows.append((int(match[1]) / 1e6, int(match[2]) / 1e6, len(match[3]), match[4]))
        run_own: dict[str, float] = {}
        run_inclusive: dict[str, float] = {}
        for index, (self_s, cumulative, depth, module) in enumerate(rows):
            root = module.split(".")[0]
            run_own[root] = run_own.get(root, 0.0) + self_s
            per_module.setdefault(module, []).append(self_s)
            # importtime prints a module after the modules it imports: its importer comes later, less indented
            parent = next((m for _, _, d, m in rows[index + 1 :] if d < depth), None)
            if parent is None or parent.split(".")[0] != root:
                run_inclusive[root] = run_inclusive.get(root, 0.0) + cumulative
        for root in run_own:
            own.setdefault(root, []).append(run_own[root])
            inclusive.setdefault(root, []).append(run_inclusive.get(root, 0.0))
        totals.append(sum(self_s for self_s, *_ in rows))

    def median(values: list[float]) -> float:
        return statistics.median(values + [0.0] * (runs - len(values)))

    packages = sorted(((r, median(own[r]), median(inclusive[r])) for r in own), key=lambda x: -x[2])
    modules = sorted(((m, median(v)) for m, v in per_module.items()), key=lambda x: -x[1])
    return packages, modules, statistics.median(totals)


def version_of(distribution: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date": dt.date.today().isoformat(),
        "cpu": f"{cpus} CPUs (nproc), {model}",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"CPython {platform.python_version()} ({PYTHON})",
        "versions": ", ".join(
            f"{d} {version_of(d)}"
            for d in ("automlspec", "typer", "rich", "ruamel.yaml", "regex", "awscli", "botocore")
        ),
        "commit": commit or "unknown",
    }


def seconds(value: float) -> str:
    return f"{value:.3f} s"


def report(args: argparse.Namespace) -> str:
    notes: list[str] = []
    script = real_script("automlspec")
    shim = pyenv_shim("automlspec")
    aws = real_script("aws") or on_path("aws")
    lint = ["lint", str(SPEC)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = child_env(tmp_path / "pycache")
        jobs: list[tuple[str, list[str], dict[str, str] | None, int]] = []
        if script:
            jobs.append(("(a) `automlspec lint SPEC`, console script", [script, *lint], env, 0))
        jobs.append(("(a) `python -m automlspec lint SPEC`", [PYTHON, "-m", "automlspec", *lint], env, 0))
        if shim:
            jobs.append((f"(a) `automlspec lint SPEC` through the pyenv shim {shim}", [shim, *lint], env, 0))
        if script and os.environ.get("PYTHONDONTWRITEBYTECODE"):
            jobs.append(
                (
                    "(a) console script, no bytecode written (this shell's PYTHONDONTWRITEBYTECODE=1)",
                    [script, *lint],
                    child_env(None),
                    0,
                )
            )
        jobs.append(("interpreter start, `python -c pass` (the floor)", [PYTHON, "-c", "pass"], env, 0))
        request = spec_json(tmp_path / "spec.json")
        if aws:
            command = [
                aws,
                "sagemaker",
                "create-auto-ml-job",
                "--cli-input-json",
                f"file://{request}",
                "--generate-cli-skeleton",
                "output",
            ]
            jobs.append(
                (
                    "(b) `aws sagemaker create-auto-ml-job --cli-input-json file://spec.json --generate-cli-skeleton output`",
                    command,
                    {**env, **AWS_ENV},
                    0,
                )
            )
        else:
            notes.append("The AWS CLI is not installed (`pip install -e '.[bench]'`): (b) was not measured.")
        if args.check_offline:
            checked: set[tuple[str, ...]] = set()
            for label, command, job_env, _ in jobs:
                if command[1:2] == ["-c"] or command[0] == shim or tuple(command) in checked:
                    continue
                checked.add(tuple(command))
                events = offline_check(command, job_env or env)
                name = label.split("`")[1]
                notes.append(
                    f"Network during `{name}`: "
                    + ("none (socket audit hook on connect, getaddrinfo, sendto)." if not events else "; ".join(events))
                )
        if aws:
            notes.append(aws_validation(aws, tmp_path, {**env, **AWS_ENV}))
        one = measure(jobs, args.runs)

        folder = tmp_path / "specs"
        folder.mkdir()
        make_specs(folder, args.specs)
        many_jobs: list[tuple[str, list[str], dict[str, str] | None, int]] = []
        if script:
            many_jobs.append(
                (
                    f"(c) `automlspec lint DIR`, {args.specs:,} specs, console script",
                    [script, "lint", str(folder)],
                    env,
                    0,
                )
            )
        many_jobs.append(
            (
                f"(c) `python -m automlspec lint DIR`, {args.specs:,} specs",
                [PYTHON, "-m", "automlspec", "lint", str(folder)],
                env,
                0,
            )
        )
        many_runs = max(3, args.runs // 4)
        many = measure(many_jobs, many_runs, warmup=1)
        _, done = run_once(many_jobs[0][1], env)
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        notes.append(f'The {args.specs:,}-spec run reports: "{summary}"')

        stage_times = stages(max(5, args.runs // 2), env)
        packages, modules, total = importtime(max(5, args.runs // 4), env)

    aws_timing = next((t for t in one if t.label.startswith("(b)")), None)
    rows = ["| Measurement | Median | p90 | Best | Target | Met |", "| --- | ---: | ---: | ---: | --- | --- |"]
    for timing in one + many:
        target = met = ""
        if timing.label.startswith("(a)") and "shim" not in timing.label and "no bytecode" not in timing.label:
            half = aws_timing.median / 2 if aws_timing else None
            target = f"<= {TARGET_ONE} s" + (f" and <= {half:.3f} s (half the AWS CLI)" if half else "")
            met = "yes" if timing.median <= min(TARGET_ONE, half or TARGET_ONE) else "**no**"
        elif timing.label.startswith("(c)"):
            target = f"<= {TARGET_MANY} s"
            met = "yes" if timing.median <= TARGET_MANY else "**no**"
        rows.append(
            f"| {timing.label} | {seconds(timing.median)} | {seconds(timing.p90)} | {seconds(timing.best)} | {target} | {met} |"
        )
    if aws_timing:
        notes.insert(
            0,
            f"automlspec (console script) takes {one[0].median / aws_timing.median:.0%} of the AWS CLI's time for the same spec.",
        )

    floor = next(t for t in one if t.label.startswith("interpreter start"))
    stage_rows = [
        "| Stage of one `automlspec lint SPEC` (in-process, median) | Time |",
        "| --- | ---: |",
        f"| interpreter start (`python -c pass`) | {seconds(floor.median)} |",
    ]
    stage_rows += [f"| {name} | {seconds(value)} |" for name, value in stage_times.items()]

    import_rows = [
        f"Imports of one `automlspec lint SPEC` by `python -X importtime` (median of runs; importtime adds"
        f" its own overhead): {seconds(total)} in all.",
        "",
        "| Package | Own import time | Inclusive, where first imported | | Slowest module (self) | Time |",
        "| --- | ---: | ---: | --- | --- | ---: |",
    ]
    for (root, own_s, inclusive_s), (module, self_s) in zip(packages[: args.top], modules[: args.top]):
        import_rows.append(f"| {root} | {seconds(own_s)} | {seconds(inclusive_s)} | | {module} | {seconds(self_s)} |")

    info = machine()
    lines = [
        f"Measured {info['date']} at commit {info['commit']} on {info['cpu']}; {info['os']}; {info['python']}.",
        f"Packages: {info['versions']}.",
        f"{args.runs} interleaved runs of each one-spec command after 2 warm-up runs, {many_runs} of each"
        f" {args.specs:,}-spec command after 1; bytecode cached (PYTHONPYCACHEPREFIX) unless a row says otherwise.",
        "",
        *rows,
        "",
        *[f"- {note}" for note in notes],
        "",
        *stage_rows,
        "",
        *import_rows,
    ]
    return "\n".join(lines) + "\n"


def write_doc(section: str, start: str = START, end: str = END) -> None:
    text = DOC.read_text("utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"{DOC}: the markers are missing")
    head, rest = text.split(start, 1)
    DOC.write_text(head + start + "\n" + section + end + rest.split(end, 1)[1], "utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)


STATUS_START = "<!-- generated by scripts/benchmark.py --status N --write: start -->"
STATUS_END = "<!-- generated by scripts/benchmark.py --status N --write: end -->"
STATUS_PARALLEL = (1, 4, 8, 16)


AB_START = "<!-- generated by scripts/benchmark.py --against REV --write: start -->"
AB_END = "<!-- generated by scripts/benchmark.py --against REV --write: end -->"


def ab_report(args: argparse.Namespace) -> str:
    """`python -m automlspec lint SPEC` of each git revision in ``args.against`` (checked out in temporary
    worktrees, removed afterwards) and of this tree: interleaved runs (A, B, C, A, B, C, ...) after
    warm-ups, each tree run from its own root with its own code first on PYTHONPATH, bytecode cached.
    Wall time and the child's CPU time (user + system), which a busy machine inflates less."""
    import resource

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        trees: list[tuple[str, Path]] = []
        try:
            for index, revision in enumerate(args.against):
                tree = tmp_path / f"tree{index}"
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(tree), revision], check=True
                )
                commit = subprocess.run(
                    ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
                ).stdout.strip()
                trees.append((revision if revision == commit else f"{revision} ({commit})", tree))
            trees.append(("this tree", ROOT))
            walls = [Timing(label, [], []) for label, _ in trees]
            cpus = [Timing(label, [], []) for label, _ in trees]
            command = [PYTHON, "-m", "automlspec", "lint", str(SPEC.relative_to(ROOT))]
            envs = []
            for index, (_, tree) in enumerate(trees):
                env = child_env(tmp_path / f"pycache{index}")
                env["PYTHONPATH"] = str(tree)
                envs.append(env)
            for round_ in range(args.warmup + args.runs):
                for wall, cpu, env, (_, tree) in zip(walls, cpus, envs, trees):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    elapsed, done = run_once(command, env, tree)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    if done.returncode != 0:
                        raise SystemExit(f"{tree}: {' '.join(command)} exited {done.returncode}:\n{done.stderr}")
                    if round_ >= args.warmup:
                        wall.samples.append(elapsed)
                        cpu.samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            floor = measure([("floor", [PYTHON, "-c", "pass"], None, 0)], args.runs)[0]
        finally:
            for _, tree in trees[: len(args.against)]:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    day = dt.date.today().isoformat()
    lines = [
        f"Measured {day}: `python -m automlspec lint {SPEC.relative_to(ROOT)}`, {args.runs} interleaved runs of",
        f"each after {args.warmup} warm-ups, bytecode cached, each tree from its own root; `python -c pass` took",
        f"{seconds(floor.median)} (median) meanwhile, a measure of the machine's load.",
        "",
        "| Code | Median | p90 | Best | CPU median | CPU best |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for wall, cpu in zip(walls, cpus):
        lines.append(
            f"| {wall.label} | {seconds(wall.median)} | {seconds(wall.p90)} | {seconds(wall.best)}"
            f" | {seconds(cpu.median)} | {seconds(cpu.best)} |"
        )
    lines.append("")
    for wall, cpu in zip(walls[:-1], cpus[:-1]):
        change, cpu_change = walls[-1].median / wall.median - 1, cpus[-1].median / cpu.median - 1
        lines.append(
            f"- against {wall.label}: median wall time {abs(change):.0%} {'slower' if change > 0 else 'faster'},"
            f" median CPU time {abs(cpu_change):.0%} {'more' if cpu_change > 0 else 'less'}."
        )
    lines.append("")
    return "\n".join(lines)


def _moto(log: Path) -> tuple[subprocess.Popen, str]:
    """A moto_server on a free port of 127.0.0.1, started and answering: (the process, its URL)."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=2):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"moto_server did not start: {log.read_text(errors='replace')[-500:]}") from None
            time.sleep(0.1)


def _jobs_and_specs(url: str, folder: Path, count: int) -> None:
    """``count`` V2 jobs in moto (with what moto needs: ProblemType, CompletionCriteria) and a spec for each."""
    from concurrent.futures import ThreadPoolExecutor

    import boto3
    from botocore.config import Config

    client = boto3.client(
        "sagemaker",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 1}, max_pool_connections=8),
    )
    folder.mkdir(parents=True)

    def one(number: int) -> None:
        name = f"bench-{number:05d}"
        client.create_auto_ml_job_v2(
            AutoMLJobName=name,
            AutoMLJobInputDataConfig=[
                {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://bench/{name}/"}}}
            ],
            OutputDataConfig={"S3OutputPath": f"s3://bench-out/{name}/"},
            AutoMLProblemTypeConfig={
                "TabularJobConfig": {
                    "TargetAttributeName": "y",
                    "ProblemType": "BinaryClassification",
                    "CompletionCriteria": {"MaxCandidates": 10, "MaxAutoMLJobRuntimeInSeconds": 14400},
                }
            },
            AutoMLJobObjective={"MetricName": "F1"},
            RoleArn="arn:aws:iam::123456789012:role/AutopilotExecutionRole",
        )
        (folder / f"{name}.yaml").write_text(
            f"AutoMLJobName: {name}\nAutoMLProblemTypeConfig:\n  TabularJobConfig:\n    CompletionCriteria:\n"
            "      MaxAutoMLJobRuntimeInSeconds: 14400\n",
            "utf-8",
        )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def status_report(args: argparse.Namespace) -> str:

    count = args.status
    info = machine()
    with tempfile.TemporaryDirectory(prefix="automlspec-status-bench-") as tmp:
        tmp_path = Path(tmp)
        server, url = _moto(tmp_path / "moto.log")
        try:
            started = time.perf_counter()
            _jobs_and_specs(url, tmp_path / "specs", count)
            setup = time.perf_counter() - started
            env = {
                **os.environ,
                **AWS_ENV,
                "AWS_ENDPOINT_URL": url,
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
            }
            rows = []
            for parallel in STATUS_PARALLEL:
                command = [sys.executable, "-m", "automlspec", "status", str(tmp_path / "specs"), "--format", "json"]
                command += ["--parallel", str(parallel)]
                samples = []
                for _ in range(args.status_runs):
                    began = time.perf_counter()
                    done = subprocess.run(command, capture_output=True, text=True, env=env)
                    samples.append(time.perf_counter() - began)
                    data = json.loads(done.stdout or "[]")
                    bad = [r for r in data if r["error"] or r["status"] != "InProgress"]
                    if done.returncode != 0 or len(data) != count or bad:
                        raise SystemExit(
                            f"status --parallel {parallel}: exit {done.returncode}, {len(data)} rows, {bad[:1]}"
                            f" {done.stderr[-300:]}"
                        )
                rows.append((parallel, Timing(f"--parallel {parallel}", command, samples)))
        finally:
            server.terminate()
            server.wait(10)
    lines = [
        f"Measured {info['date']} at commit {info['commit']} on {info['cpu']}; {info['os']}; {info['python']}.",
        f"{count} specs in one folder, one job each in a moto server on 127.0.0.1 (created in {setup:.1f} s);"
        f" `automlspec status DIR --format json --parallel P`, {args.status_runs} runs each, whole process"
        " wall time; every run checked: one row per spec, no errors.",
        "",
        "| `--parallel` | Median | Best | Jobs per second (median) |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for parallel, timing in rows:
        lines.append(
            f"| {parallel} | {seconds(timing.median)} | {seconds(timing.best)} | {count / timing.median:.0f} |"
        )
    return "\n".join(lines) + "\n"


def write_status_doc(section: str) -> None:
    text = DOC.read_text("utf-8")
    if STATUS_START not in text or STATUS_END not in text:
        raise SystemExit(f"{DOC}: the status markers are missing")
    head, rest = text.split(STATUS_START, 1)
    DOC.write_text(head + STATUS_START + "\n" + section + STATUS_END + rest.split(STATUS_END, 1)[1], "utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)


# ----- data checks (issue 9) ------------------------------------------------------------------------

DATA_SPEC = """AutoMLJobName: {name}
AutoMLJobInputDataConfig:
  - ChannelType: training
    ContentType: text/csv;header=present
    CompressionType: None
    DataSource:
      S3DataSource:
        S3DataType: S3Prefix
        S3Uri: s3://bench-data/{prefix}/
OutputDataConfig:
  S3OutputPath: s3://bench-artifacts/{name}/
AutoMLProblemTypeConfig:
  TabularJobConfig:
    TargetAttributeName: churned
    ProblemType: BinaryClassification
    CompletionCriteria:
      MaxCandidates: 10
AutoMLJobObjective:
  MetricName: F1
RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
"""


def write_big_csv(path: Path, size: int) -> int:
    """A CSV of at least ``size`` bytes: a header, then a 1 MiB block of rows written again and again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    row = "C{:07d},{},{:.2f},month-to-month,1.0,{}\n"
    block = "".join(row.format(n, n % 72, 18 + n % 100, n % 2) for n in range(25_000)).encode()
    with path.open("wb") as out:
        out.write(b"customer_id,tenure,monthly_charges,contract,weight,churned\n")
        written = 0
        while written < size:
            out.write(block)
            written += len(block)
    return path.stat().st_size


def data_report(args: argparse.Namespace) -> str:
    sys.path.insert(0, str(ROOT))
    from automlspec.config import ConfigResolver
    from automlspec.dataset import DataContext
    from automlspec.project import lint_paths
    from automlspec.storage import LocalReader

    lines = [f"Measured {dt.date.today().isoformat()} on {machine()['cpu']}, Python {platform.python_version()}.", ""]
    with tempfile.TemporaryDirectory(prefix="automlspec-data-bench-") as tmp:
        root = Path(tmp) / "mirror"
        size = write_big_csv(root / "bench-data" / "big" / "part-0000.csv", DATA_GB)
        spec = Path(tmp) / "big.yaml"
        spec.write_text(DATA_SPEC.format(name="big", prefix="big"), "utf-8")
        # (e) in-process for the bytes, as a whole process for the wall time
        context = DataContext(LocalReader(root))
        result = lint_paths([str(spec)], ConfigResolver(None, True), context)
        assert not [f for f in result.findings if f.severity.value == "error"], result.findings
        command = [sys.executable, "-m", "automlspec", "lint", "--no-config", "--data-root", str(root), str(spec)]
        plain = [sys.executable, "-m", "automlspec", "lint", "--no-config", str(spec)]
        timing, baseline = measure(
            [("lint --data-root, 1 GB CSV", command, child_env(None), 0), ("lint", plain, child_env(None), 0)],
            args.runs,
            warmup=1,
        )
        # CPU time too: on a loaded machine the wall clock mostly measures the wait for a core.
        import resource

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for _ in range(args.runs):
            subprocess.run(command, capture_output=True, env=child_env(None), check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / args.runs
        read = context.stats
        ok = min(timing.median, cpu) < DATA_TARGET and read.bytes < 4 * 1024 * 1024
        lines += [
            f"| Check | Object | Read | Requests | Wall (median / p90 / best of {args.runs}) | Target |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| (e) `lint --data-root` one spec, LocalReader | {size / 1024**3:.2f} GB CSV, generated in a temp dir"
            f" | {read.bytes / 1024:.0f} KiB | {read.requests} ({read.lists} listing) | {seconds(timing.median)} /"
            f" {seconds(timing.p90)} / {seconds(timing.best)}; CPU {seconds(cpu)} | a few MB, < {DATA_TARGET:g} s:"
            f" {'met' if ok else 'MISSED'} |",
            f"| the same spec without `--data-root` (baseline) | | | | {seconds(baseline.median)} /"
            f" {seconds(baseline.p90)} / {seconds(baseline.best)} | |",
        ]
        # (f) 50 specs sharing 5 datasets
        shared = Path(tmp) / "shared-mirror"
        for dataset in range(5):
            for part in range(3):
                write_small = shared / "bench-data" / f"set-{dataset}" / f"part-{part}.csv"
                write_small.parent.mkdir(parents=True, exist_ok=True)
                body = "".join(f"C{n:05d},{n % 72},20.0,one-year,1.0,{n % 2}\n" for n in range(300))
                write_small.write_text("customer_id,tenure,monthly_charges,contract,weight,churned\n" + body)
        folder = Path(tmp) / "specs"
        folder.mkdir()
        for number in range(50):
            name = f"shared-{number:02d}"
            text = DATA_SPEC.format(name=name, prefix=f"set-{number % 5}")
            (folder / f"{name}.yaml").write_text(text, "utf-8")
        context = DataContext(LocalReader(shared))
        start = time.perf_counter()
        result = lint_paths([str(folder)], ConfigResolver(None, True), context)
        elapsed = time.perf_counter() - start
        stats = context.stats
        once = stats.lists == 5 and stats.most_reads_of_one_object == 1 and stats.objects_read == 15
        lines.append(
            f"| (f) 50 specs sharing 5 datasets (3 files each), one run, in-process | 15 objects | "
            f"{stats.bytes / 1024:.0f} KiB | {stats.requests}: {stats.lists} listings, {stats.objects_read} objects"
            f" read, at most {stats.most_reads_of_one_object} read of one object | {seconds(elapsed)} |"
            f" each dataset read once: {'met' if once else 'MISSED'} |"
        )
        assert result.specs == 50, result.specs
        lines.append(parallel_row(Path(tmp)))
    return "\n".join(lines) + "\n"


LATENCY = 0.020  # seconds per simulated S3 request


def parallel_row(tmp: Path) -> str:
    """(g): the same spec checked with one reader thread and with the pool, each request 20 ms late."""
    from automlspec.config import ConfigResolver
    from automlspec.dataset import WORKERS, DataContext
    from automlspec.project import lint_paths
    from automlspec.storage import LocalReader

    class Late(LocalReader):
        def list(self, bucket, prefix):
            time.sleep(LATENCY)
            return super().list(bucket, prefix)

        def read_range(self, bucket, key, start, end):
            time.sleep(LATENCY)
            return super().read_range(bucket, key, start, end)

    root = tmp / "parallel-mirror"
    header = "customer_id,tenure,monthly_charges,contract,weight,churned\n"
    for folder, count in (("train", 90), ("valid", 10)):
        for part in range(count):
            path = root / "bench-data" / f"many-{folder}" / f"part-{part:03d}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(header + "".join(f"C{n:05d},{n % 72},20.0,one-year,1.0,{n % 2}\n" for n in range(10)))
    spec = tmp / "many.yaml"
    channels = DATA_SPEC.format(name="many", prefix="many-train").replace(
        "OutputDataConfig:",
        "  - ChannelType: validation\n    ContentType: text/csv;header=present\n    CompressionType: None\n"
        "    DataSource:\n      S3DataSource:\n        S3DataType: S3Prefix\n"
        "        S3Uri: s3://bench-data/many-valid/\nOutputDataConfig:",
    )
    spec.write_text(channels, "utf-8")
    walls = {}
    for workers in (1, WORKERS):
        context = DataContext(Late(root), workers=workers)
        start = time.perf_counter()
        result = lint_paths([str(spec)], ConfigResolver(None, True), context)
        walls[workers] = time.perf_counter() - start
        rules = sorted({f.rule for f in result.findings if f.rule.startswith("AML8")})
        assert rules == [], rules  # 90 files of 10 rows: 900 training rows, one header each
        requests, read = context.stats.requests, context.stats.bytes
    return (
        f"| (g) one spec, 2 channels of 90 + 10 objects, each request {LATENCY * 1000:.0f} ms late (simulated S3) |"
        f" 100 objects | {read / 1024:.0f} KiB | {requests} | 1 thread: {seconds(walls[1])}; {WORKERS} threads: {seconds(walls[WORKERS])}"
        f" ({walls[1] / walls[WORKERS]:.1f}x) | reads in parallel |"
    )


# ----- --plan: plan against a moto_server holding thousands of jobs (issue 8) ------------------------------

PLAN_START = "<!-- generated by scripts/benchmark.py --plan --write: start -->"
PLAN_END = "<!-- generated by scripts/benchmark.py --plan --write: end -->"
TARGET_PLAN = 5.0
WITHOUT_HASH = " (no hash tags)"
PLAN_SPEC = """\
AutoMLJobName: {name}
AutoMLJobInputDataConfig:
  - DataSource:
      S3DataSource:
        S3DataType: S3Prefix
        S3Uri: s3://bench-data/churn/train/
OutputDataConfig:
  S3OutputPath: s3://bench-artifacts/{name}/output/
AutoMLProblemTypeConfig:
  TabularJobConfig:
    TargetAttributeName: churned
    ProblemType: BinaryClassification
    CompletionCriteria:
      MaxCandidates: 10
AutoMLJobObjective:
  MetricName: F1
RoleArn: arn:aws:iam::123456789012:role/AutopilotExecution
Tags:
  - Key: team
    Value: growth
"""
_COUNT_CALLS = """
import json, sys
from automlspec.plan.operation import Operation
from automlspec.plan.options import Options
options = Options(paths=(sys.argv[1],), prune="--prune" in sys.argv, check_data="--no-data" not in sys.argv)
built = Operation(options).plan()
reads = list({id(s): s for s in built.data_reads.values()}.values())
print(json.dumps({**built.calls, **({"s3 (requests of the data checks)": sum(r.requests for r in reads),
    "s3 objects read / most reads of one": [sum(r.objects_read for r in reads),
    max((r.most_reads_of_one_object for r in reads), default=0)]} if reads else {})}))
"""


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds a process has used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def plan_report(args: argparse.Namespace) -> str:
    import resource
    from concurrent.futures import ThreadPoolExecutor

    import boto3
    from botocore.config import Config

    info = machine()
    with tempfile.TemporaryDirectory(prefix="automlspec-plan-bench-") as tmp_name:
        tmp = Path(tmp_name)
        server, url = _moto(tmp / "moto.log")
        try:
            env = {**child_env(tmp / "pycache"), **AWS_ENV, "AWS_ENDPOINT_URL": url}
            session = {"endpoint_url": url, "region_name": "us-east-1", "aws_access_key_id": "testing"}
            session["aws_secret_access_key"] = "testing"
            config = Config(retries={"total_max_attempts": 1}, max_pool_connections=16)
            s3 = boto3.client("s3", config=config, **session)
            for bucket in ("bench-data", "bench-artifacts"):
                s3.create_bucket(Bucket=bucket)
            rows = "".join(f"C{n:05d},{n % 72},{20 + n % 50}.5,{n % 2}\n" for n in range(1000))
            s3.put_object(Bucket="bench-data", Key="churn/train/part-0.csv", Body="id,tenure,charges,churned\n" + rows)
            repo = tmp / "repo"
            (repo / ".git").mkdir(parents=True)
            (repo / "specs").mkdir()
            for index in range(args.specs):
                (repo / "specs" / f"job-{index:04d}.yaml").write_text(PLAN_SPEC.format(name=f"job-{index:04d}"))
            python = [sys.executable, "-m", "automlspec"]
            start = time.perf_counter()
            done = subprocess.run(
                [*python, "apply", "specs", "--auto-approve", "--color", "never"],
                cwd=repo,
                env=env,
                capture_output=True,
                text=True,
            )
            apply_seconds = time.perf_counter() - start
            if done.returncode:
                raise SystemExit(f"apply failed: {done.stderr[-2000:]}")
            client = boto3.client("sagemaker", config=config, **session)
            request = {
                k: v
                for k, v in client.describe_auto_ml_job_v2(AutoMLJobName="job-0000").items()
                if k
                in (
                    "AutoMLJobInputDataConfig",
                    "OutputDataConfig",
                    "AutoMLProblemTypeConfig",
                    "AutoMLJobObjective",
                    "RoleArn",
                )
            }
            others = [f"other-{index:05d}" for index in range(args.jobs - args.specs)]
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda name: client.create_auto_ml_job_v2(**request, AutoMLJobName=name), others))
            command = [*python, "plan", "specs", "--detailed-exitcode", "--color", "never"]
            check = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
            if check.returncode != 0:
                raise SystemExit(f"plan expected no changes, exit {check.returncode}: {check.stderr[-1000:]}")
            rows_out = []

            def timed(label: str, extra: list[str]) -> None:
                walls, cpus, server_cpus = [], [], []
                for _ in range(1 + args.runs):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    server_before = _cpu_of(server.pid)
                    began = time.perf_counter()
                    done = subprocess.run([*command, *extra], cwd=repo, env=env, capture_output=True, check=False)
                    walls.append(time.perf_counter() - began)
                    if done.returncode != 0:
                        raise SystemExit(
                            f"plan{label} expected no changes, exit {done.returncode}: {done.stderr[-800:]}"
                        )
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                    server_cpus.append(_cpu_of(server.pid) - server_before)
                rows_out.append((label, walls[1:], cpus[1:], server_cpus[1:]))

            def count_calls(*extra: str) -> dict:
                done = subprocess.run(
                    [sys.executable, "-c", _COUNT_CALLS, "specs", *extra],
                    cwd=repo,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                return json.loads(done.stdout)

            timed("", [])
            timed(" --no-data", ["--no-data"])
            counts = count_calls()
            start = time.perf_counter()
            subprocess.run([*command, "--prune"], cwd=repo, env=env, capture_output=True, check=False)
            prune_seconds = time.perf_counter() - start
            # The same jobs without the automlspec:hash tag (as if created by hand or by another tool):
            # plan cannot know what they were created from, so it describes every one.
            for index in range(args.specs):
                arn = client.describe_auto_ml_job_v2(AutoMLJobName=f"job-{index:04d}")["AutoMLJobArn"]
                client.delete_tags(ResourceArn=arn, TagKeys=["automlspec:hash"])
            timed(WITHOUT_HASH, [])
            described_counts = count_calls()
            prune_counts = json.loads(
                subprocess.run(
                    [sys.executable, "-c", _COUNT_CALLS, "specs", "--prune", "--no-data"],
                    cwd=repo,
                    env=env,
                    capture_output=True,
                    text=True,
                ).stdout
            )
        finally:
            server.terminate()
            server.wait(10)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"Measured {info['date']} at commit {info['commit']} on {info['cpu']}; {info['os']}; {info['python']};"
        f" moto {version_of('moto')}, botocore {version_of('botocore')}; load average {load:.1f} when it ended.",
        f"{args.specs} specs (tabular, V2) whose jobs exist, sharing one dataset in the server's S3, in an account"
        f" holding {args.jobs:,} AutoML jobs; moto_server on 127.0.0.1 is the AWS endpoint. Cold processes"
        f" (`python -m automlspec plan specs --detailed-exitcode`: no changes), {args.runs} runs after 1 warm-up."
        " The spec jobs were created by `automlspec apply`, so each carries its spec's `automlspec:hash` and costs"
        " one ListTags; the last row removes that tag from all of them first, so that every spec costs a"
        " ListTags and a DescribeAutoMLJobV2 (jobs created by hand or by another tool). CPU: the plan process's"
        " user + system time, and the moto server's over the same run.",
        "",
        "| Measurement | Wall median | Wall best | plan CPU (median) | moto CPU (median) | Target | Met |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for label, walls, cpus, server_cpus in rows_out:
        median = statistics.median(walls)
        shown = "" if label == WITHOUT_HASH else label
        described = ", every job described (no hash tags)" if label == WITHOUT_HASH else ""
        lines.append(
            f"| `automlspec plan specs{shown}`: {args.specs} specs, {args.jobs:,} jobs{described} | {seconds(median)} |"
            f" {seconds(min(walls))} | {seconds(statistics.median(cpus))} | {seconds(statistics.median(server_cpus))}"
            f" | < {TARGET_PLAN:.0f} s | {'yes' if median < TARGET_PLAN else 'no'} |"
        )
    lines += [
        f"| `automlspec plan specs --prune` (one run) | {seconds(prune_seconds)} | | | | | |",
        f"| `automlspec apply specs --auto-approve`: creating the {args.specs} jobs (one run) | {seconds(apply_seconds)}"
        " | | | | | |",
        "",
        "API calls of one `plan` (counted by `Account.call` and the data reader; botocore retries would not add"
        " to them):",
        "",
        "| Operation | Calls | Calls, every job described | Target |",
        "| --- | ---: | ---: | --- |",
    ]
    pages = math.ceil(args.jobs / 100)
    targets = {
        "sts:GetCallerIdentity": "1 per target",
        "sagemaker:ListAutoMLJobs": f"{pages} (one page per 100 jobs)",
        "sagemaker:DescribeAutoMLJobV2": f"<= {args.specs} (one per spec with a live job)",
        "sagemaker:ListTags": f"<= {args.specs} (one per spec with a live job)",
        "s3 objects read / most reads of one": "each dataset read once",
    }

    def cell(value: object) -> str:
        return " / ".join(map(str, value)) if isinstance(value, list) else str(value)

    for operation in sorted(set(counts) | set(described_counts) | set(targets)):
        row = [operation, cell(counts.get(operation, 0)), cell(described_counts.get(operation, 0))]
        lines.append(f"| {' | '.join(row)} | {targets.get(operation, '')} |")
    lines += [
        "",
        "With `--prune`, plan also reads the tags of every running job that has no spec, to find the ones"
        f" automlspec created: {prune_counts.get('sagemaker:ListTags', 0)} ListTags here, because moto keeps every"
        " job InProgress for ever; in a real account only running jobs cost a call.",
        "",
    ]
    return "\n".join(lines)


PLAN_SCALE_START = "<!-- generated by scripts/benchmark.py --plan-scale --write: start -->"
PLAN_SCALE_END = "<!-- generated by scripts/benchmark.py --plan-scale --write: end -->"


def plan_scale_report(args: argparse.Namespace) -> str:
    """Issue 26: `plan` of ``args.specs`` unchanged specs against an account of ``args.jobs`` jobs, served by
    scripts/sagemaker_server.py (moto needs minutes to hold that many). The spec jobs are created by
    `automlspec apply` (so they carry the tool's tags), the others put straight into the fake. Cold plan
    processes without a rate limit (``args.runs``), then one with the server throttling every call over
    ``args.rate`` a second: calls by operation, throttled answers, wall time, the plan process's CPU and
    the server's (this process's)."""
    import resource

    sys.path.insert(0, str(ROOT / "scripts"))
    from sagemaker_server import Account, serve

    account = Account()
    server, url = serve(account)
    try:
        with tempfile.TemporaryDirectory(prefix="automlspec-plan-scale-") as tmp_name:
            tmp = Path(tmp_name)
            repo = tmp / "repo"
            (repo / ".git").mkdir(parents=True)
            (repo / "specs").mkdir()
            for index in range(args.specs):
                (repo / "specs" / f"job-{index:04d}.yaml").write_text(PLAN_SPEC.format(name=f"job-{index:04d}"))
            env = {**child_env(tmp / "pycache"), **AWS_ENV, "AWS_ENDPOINT_URL": url}
            python = [sys.executable, "-m", "automlspec"]
            done = subprocess.run(
                [*python, "apply", "specs", "--auto-approve", "--no-data", "--color", "never"],
                cwd=repo, env=env, capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode:
                raise SystemExit(f"apply failed: {done.stderr[-2000:]}")
            created = list(account.order)
            model = {k: v for k, v in account.jobs[created[0]].items() if k not in ("AutoMLJobName", "AutoMLJobArn")}
            for index in range(args.jobs - args.specs):  # older jobs, created by hand: no tags, listed first
                account.add({**model, "AutoMLJobName": f"other-{index:05d}"}, tags=[])
            account.order = account.order[len(created) :] + created
            command = [*python, "plan", "specs", "--detailed-exitcode", "--no-data", "--color", "never"]

            def one(rate: float | None) -> tuple[float, float, float, Counter, int]:
                account.rate, account.throttled = rate, 0
                account._tokens = rate or 0.0
                account.calls.clear()
                before, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
                began = time.perf_counter()
                done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
                wall = time.perf_counter() - began
                after, own_after = (
                    resource.getrusage(resource.RUSAGE_CHILDREN),
                    resource.getrusage(resource.RUSAGE_SELF),
                )
                if done.returncode != 0:
                    raise SystemExit(f"plan expected no changes, exit {done.returncode}: {done.stderr[-1500:]}")
                cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                served = own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime
                return wall, cpu, served, Counter(account.calls), account.throttled

            load_before = _load()
            one(None)  # warm-up: bytecode cached
            free = [one(None) for _ in range(args.runs)]
            limited = one(args.rate) if args.rate else None
            # the opt-in fast path: the tags from the Resource Groups Tagging API's GetResources (docs/plan.md)
            (repo / ".automlspec.yaml").write_text("target:\n  tagging_api: true\n")
            fast = [one(None) for _ in range(args.runs)]
            fast_limited = one(args.rate) if args.rate else None
            load_after = _load()
    finally:
        server.shutdown()
    calls, fast_calls = free[0][3], fast[0][3]
    lines = [
        f"Measured {dt.date.today().isoformat()} at commit {machine()['commit']} on {os.cpu_count()} cores, load average"
        f" (1/5/15 min) {load_before} before and {load_after} after (`scripts/benchmark.py --plan-scale`).",
        f"{args.specs:,} unchanged specs (tabular, V2, created by `automlspec apply`, so each job carries its spec's"
        f" `automlspec:hash`) in an account of {args.jobs:,} AutoML jobs, served by scripts/sagemaker_server.py on"
        " 127.0.0.1; cold `python -m automlspec plan specs --detailed-exitcode --no-data` processes (no changes).",
        "",
        "| run | wall | plan CPU | server CPU | calls | throttled answers |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| no rate limit, median of {args.runs} | {seconds(statistics.median(r[0] for r in free))} |"
        f" {seconds(statistics.median(r[1] for r in free))} | {seconds(statistics.median(r[2] for r in free))} |"
        f" {sum(calls.values()):,} | 0 |",
    ]
    if limited is not None:
        lines.append(
            f"| {args.rate:g} calls/second injected (one run) | {seconds(limited[0])} | {seconds(limited[1])} |"
            f" {seconds(limited[2])} | {sum(limited[3].values()):,} | {limited[4]:,} |"
        )
    lines.append(
        f"| `tagging_api: true`, no rate limit, median of {args.runs} | {seconds(statistics.median(r[0] for r in fast))}"
        f" | {seconds(statistics.median(r[1] for r in fast))} | {seconds(statistics.median(r[2] for r in fast))} |"
        f" {sum(fast_calls.values()):,} | 0 |"
    )
    if fast_limited is not None:
        lines.append(
            f"| `tagging_api: true`, {args.rate:g} calls/second injected (one run) | {seconds(fast_limited[0])} |"
            f" {seconds(fast_limited[1])} | {seconds(fast_limited[2])} | {sum(fast_limited[3].values()):,} |"
            f" {fast_limited[4]:,} |"
        )
    lines += ["", "| operation | calls | with `tagging_api: true` |", "| --- | ---: | ---: |"]
    lines += [
        f"| {operation} | {calls.get(operation, 0):,} | {fast_calls.get(operation, 0):,} |"
        for operation in sorted(calls.keys() | fast_calls.keys())
    ]
    lines.append("")
    return "\n".join(lines)


STARTUP_START = "<!-- generated by scripts/benchmark.py --startup REV --write: start -->"
STARTUP_END = "<!-- generated by scripts/benchmark.py --startup REV --write: end -->"
BAD_SPEC = ROOT / "tests" / "cases" / "limits" / "bad-v1.yaml"


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def wheel_python(tree: Path, where: Path) -> Path:
    """A venv in ``where`` with a wheel of ``tree`` installed and compiled, as a user's `pip install` gives:
    no editable-install finder runs at start (in this venv its .pth imports pathlib, re and urllib.parse
    before any command, which hides their cost and adds 15-25 ms to the floor). The dependencies are
    this interpreter's site-packages, named by a one-line .pth: a path line runs no code and processes no
    .pth file of that folder. Returns the venv's python."""
    wheels = where / "wheel"
    subprocess.run(
        [PYTHON, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(tree)],
        check=True, capture_output=True,
    )  # fmt: skip
    base = getattr(sys, "_base_executable", sys.executable)  # the interpreter this venv was made from
    subprocess.run([base, "-m", "venv", "--without-pip", str(where / "venv")], check=True)
    python = where / "venv" / "bin" / "python"
    (wheel,) = wheels.glob("automlspec-*.whl")
    subprocess.run(
        [PYTHON, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "automlspec-benchmark-deps.pth").write_text(
        "\n".join(dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])) + "\n"
    )
    return python


def startup_report(args: argparse.Namespace) -> str:
    """Issue 26's table: each start-up command of this tree and of git revision ``args.startup`` (a
    temporary worktree), with `python -c pass` in the same rounds. Runs are interleaved (floor, A, B, A,
    B, ... for every command) after warm-ups, bytecode cached per tree; wall time and the child's CPU
    time (user + system, which a loaded machine inflates less), medians, and each median as a multiple
    of the floor's median. The load average before and after is stated, since the machine is shared.

    With ``args.wheel``, each tree is built into a wheel and installed into a venv of its own (wheel_python),
    and each command runs that venv's python from a folder holding copies of the specs; the floor is
    `python -c pass` of this tree's venv. That is the basis issue 26's figures were taken on."""
    import resource

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        old = tmp_path / "old"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(old), args.startup], check=True
        )
        try:
            commit = subprocess.run(
                ["git", "-C", str(old), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
            ).stdout.strip()
            many = tmp_path / "many"
            many.mkdir()
            make_specs(many, args.specs)
            spec, bad = str(SPEC.relative_to(ROOT)), str(BAD_SPEC.relative_to(ROOT))
            plain = {"NO_COLOR": "1"}
            commands: list[tuple[str, list[str], dict[str, str], int, int]] = [
                ("`automlspec --version`", ["--version"], plain, 0, args.runs),
                (f"`automlspec lint {spec}`", ["lint", spec], plain, 0, args.runs),
                ("`lint` of a spec with 7 findings, no colour", ["lint", bad], plain, 1, args.runs),
                (
                    "the same in colour (FORCE_COLOR=1)",
                    ["lint", bad],
                    {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
                    1,
                    args.runs,
                ),
                (f"`automlspec lint DIR`, {args.specs} specs", ["lint", str(many)], plain, 0, args.many_runs),
            ]
            trees = [(f"{args.startup} ({commit})", old), ("this tree", ROOT)]
            envs = []
            pythons, cwds = [PYTHON] * len(trees), [tree for _, tree in trees]
            floor_python = PYTHON
            for index, (_, tree) in enumerate(trees):
                env = child_env(None if args.wheel else tmp_path / f"pycache{index}")
                env.pop("NO_COLOR", None)
                env.pop("FORCE_COLOR", None)
                if args.wheel:
                    env.pop("PYTHONPATH", None)
                    pythons[index] = str(wheel_python(tree, tmp_path / f"install{index}"))
                    cwds[index] = tmp_path / "work"
                else:
                    env["PYTHONPATH"] = str(tree)
                envs.append(env)
            if args.wheel:  # the specs at the same relative paths, outside any source tree
                for name in (spec, bad):
                    (tmp_path / "work" / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(ROOT / name, tmp_path / "work" / name)
                floor_python = pythons[-1]
            floor_env = dict(envs[-1]) if args.wheel else child_env(None)
            load_before = _load()
            rows = []
            for label, argv, extra, expected, runs in commands:
                floor_wall, floor_cpu = [], []
                walls: list[list[float]] = [[] for _ in trees]
                cpus: list[list[float]] = [[] for _ in trees]
                for round_ in range(args.warmup + runs):
                    runs_of = [(None, [floor_python, "-c", "pass"], floor_env, ROOT, 0)] + [
                        (i, [pythons[i], "-m", "automlspec", *argv], envs[i] | extra, cwds[i], expected)
                        for i in range(len(trees))
                    ]
                    for index, command, env, cwd, code in runs_of:
                        before = resource.getrusage(resource.RUSAGE_CHILDREN)
                        elapsed, done = run_once(command, env, cwd)
                        after = resource.getrusage(resource.RUSAGE_CHILDREN)
                        if done.returncode != code:
                            raise SystemExit(f"{cwd}: {' '.join(command)} exited {done.returncode}:\n{done.stderr}")
                        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                        if round_ < args.warmup:
                            continue
                        if index is None:
                            floor_wall.append(elapsed)
                            floor_cpu.append(cpu)
                        else:
                            walls[index].append(elapsed)
                            cpus[index].append(cpu)
                floor = statistics.median(floor_wall), statistics.median(floor_cpu)
                cells = []
                for wall, cpu in zip(walls, cpus):
                    w, c = statistics.median(wall), statistics.median(cpu)
                    cells.append(f"{seconds(w)} ({w / floor[0]:.1f}x) | {seconds(c)} ({c / floor[1]:.1f}x)")
                rows.append(f"| {label} | {runs} | {seconds(floor[0])} / {seconds(floor[1])} | {' | '.join(cells)} |")
            load_after = _load()
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return "\n".join(
        [
            f"Measured {dt.date.today().isoformat()} with `scripts/benchmark.py --startup {args.startup}` on"
            f" {os.cpu_count()} cores, load average (1/5/15 min) {load_before} before and {load_after} after:",
            *(
                [
                    f"`python -m automlspec` of {trees[0][0]} and of this tree ({head}), each built into a wheel and",
                    "installed in a venv of its own (no editable-install finder; the dependencies from this venv),",
                    "run from a folder holding copies of the specs, interleaved with that venv's `python -c pass`",
                    f"(the floor) in every round after {args.warmup} warm-ups (`--wheel`).",
                ]
                if args.wheel
                else [
                    f"`python -m automlspec` of {trees[0][0]} and of this tree ({head}), each from its own root with its",
                    f"bytecode cached, interleaved with `python -c pass` (the floor) in every round after {args.warmup} warm-ups.",
                ]
            ),
            "Medians; in brackets, the multiple of the floor's median in the same rounds.",
            "",
            f"| command | runs | floor wall / CPU | {trees[0][0]} wall | CPU | this tree wall | CPU |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            *rows,
            "",
        ]
    )


SCALING_START = "<!-- generated by scripts/benchmark.py --scaling --write: start -->"
SCALING_END = "<!-- generated by scripts/benchmark.py --scaling --write: end -->"


def scaling_report(args: argparse.Namespace) -> str:
    """Issue 26: `lint -j 1` against `lint -j 2` on trees of each size
    of ``args.sizes`` and of ``args.specs`` specs: paired runs (the settings interleaved in every round)
    after a warm-up, bytecode cached. Wall time, and CPU time of the lint process with its workers (they
    are waited for, so RUSAGE_CHILDREN counts them), medians; the 1-minute load average of each row, since
    a loaded machine shows the pool's CPU but not its wall-clock gain."""
    import resource

    sizes = sorted({*args.sizes, args.specs})
    settings = [("-j 1", ["-j", "1"]), ("-j 2", ["-j", "2"])]
    rows = []
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="automlspec-scaling-") as tmp:
        env = child_env(Path(tmp) / "pycache") | {"PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        for size in sizes:
            tree = Path(tmp) / f"specs-{size}"
            tree.mkdir()
            make_specs(tree, size)
            walls: list[list[float]] = [[] for _ in settings]
            cpus: list[list[float]] = [[] for _ in settings]
            outputs: list[str] = []
            load = os.getloadavg()[0]
            for round_ in range(1 + args.many_runs):
                for index, (_, flags) in enumerate(settings):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    elapsed, done = run_once([PYTHON, "-m", "automlspec", "lint", *flags, str(tree)], env)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    if done.returncode != 0:
                        raise SystemExit(f"lint {' '.join(flags)} exited {done.returncode}:\n{done.stderr}")
                    outputs.append(done.stdout + done.stderr)
                    if round_:
                        walls[index].append(elapsed)
                        cpus[index].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if len(set(outputs)) != 1:
                raise SystemExit(f"{size} specs: the settings printed different output")
            load = (load + os.getloadavg()[0]) / 2
            base_wall, base_cpu = statistics.median(walls[0]), statistics.median(cpus[0])
            for (label, _), wall, cpu in zip(settings, walls, cpus):
                w, c = statistics.median(wall), statistics.median(cpu)
                rows.append(
                    f"| {size:,} | `lint {label}` | {seconds(w)} | {seconds(min(wall))} | {w / base_wall:.2f}x"
                    f" | {seconds(c)} | {c / base_cpu:.2f}x | {load:.1f} |"
                )
    return "\n".join(
        [
            f"Measured {dt.date.today().isoformat()} at commit {machine()['commit']} with `scripts/benchmark.py"
            f" --scaling` on {os.cpu_count()} cores, load average (1/5/15 min) {load_before} before and {_load()}"
            f" after. `python -m automlspec lint [-j N] DIR` of DIR with that many valid specs, the settings"
            f" interleaved in each of {args.many_runs} rounds after one warm-up, bytecode cached, every output"
            " compared equal; medians (best wall too). CPU is the lint process's and its workers'.",
            "",
            "| specs | command | wall | best wall | wall vs `-j 1` | CPU | CPU vs `-j 1` | load (1 min) |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            *rows,
            "",
        ]
    )


POLICIES_START = "<!-- generated by scripts/benchmark.py --policies REV --write: start -->"
POLICIES_END = "<!-- generated by scripts/benchmark.py --policies REV --write: end -->"


def library_text(page: str) -> str:
    """Every policy of docs/policies.md's library as one configuration (each block is `policies:` and its
    policies, indented two spaces)."""
    library = page.split("\n## The library\n", 1)[1]
    bodies = [block.split("\n", 1)[1] for block in re.findall(r"```yaml\n(policies:\n.*?)```", library, re.S)]
    return "policies:\n" + "".join(bodies)


def policies_report(args: argparse.Namespace) -> str:
    """One-spec lint, interleaved: REV with no configuration, this tree with none, this tree with the whole
    policy library. Each run from a project folder of its own (a .git marks its root) holding a copy of
    SPEC, bytecode cached per tree; wall time and the child's CPU time."""
    import resource

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        tree = tmp_path / "rev"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(tree), args.policies], check=True
        )
        try:
            commit = subprocess.run(
                ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
            ).stdout.strip()
            projects = []
            for name, config in (
                ("bare", None),
                ("library", library_text((ROOT / "docs" / "policies.md").read_text("utf-8"))),
            ):
                project = tmp_path / name
                (project / ".git").mkdir(parents=True)
                shutil.copy(SPEC, project / SPEC.name)
                if config is not None:
                    (project / ".automlspec.yaml").write_text(config, "utf-8")
                projects.append(project)
            runs = [
                (f"{args.policies} ({commit}), no configuration", tree, projects[0]),
                ("this tree, no configuration", ROOT, projects[0]),
                ("this tree, every policy of docs/policies.md's library", ROOT, projects[1]),
            ]
            walls = [Timing(label, [], []) for label, _, _ in runs]
            cpus = [Timing(label, [], []) for label, _, _ in runs]
            envs = []
            for index, (_, code, _) in enumerate(runs):
                env = child_env(tmp_path / f"pycache{index}")
                env["PYTHONPATH"] = str(code)
                envs.append(env)
            command = [PYTHON, "-m", "automlspec", "lint", SPEC.name]
            expected: list[int | None] = [None] * len(runs)
            for round_ in range(args.warmup + args.runs):
                for index, (wall, cpu, env, (_, _, project)) in enumerate(zip(walls, cpus, envs, runs)):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    elapsed, done = run_once(command, env, project)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    if done.returncode not in (0, 1) or expected[index] not in (None, done.returncode):
                        raise SystemExit(f"{project}: {' '.join(command)} exited {done.returncode}:\n{done.stderr}")
                    expected[index] = done.returncode
                    if round_ >= args.warmup:
                        wall.samples.append(elapsed)
                        cpu.samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            floor = measure([("floor", [PYTHON, "-c", "pass"], None, 0)], args.runs)[0]
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    day = dt.date.today().isoformat()
    lines = [
        f"Measured {day}: `python -m automlspec lint {SPEC.name}` in a project folder of its own, {args.runs}"
        f" interleaved runs of each after {args.warmup} warm-ups, bytecode cached; `python -c pass` took"
        f" {seconds(floor.median)} (median) meanwhile, a measure of the machine's load.",
        "",
        "| Code and configuration | Median | p90 | Best | CPU median | CPU best |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for wall, cpu in zip(walls, cpus):
        lines.append(
            f"| {wall.label} | {seconds(wall.median)} | {seconds(wall.p90)} | {seconds(wall.best)}"
            f" | {seconds(cpu.median)} | {seconds(cpu.best)} |"
        )
    lines.append("")
    for label, one, other, cpu_one, cpu_other in (
        ("no configuration, against " + args.policies, walls[1], walls[0], cpus[1], cpus[0]),
        ("the whole library, against no configuration", walls[2], walls[1], cpus[2], cpus[1]),
    ):
        change, cpu_change = one.median / other.median - 1, cpu_one.median / cpu_other.median - 1
        lines.append(
            f"- {label}: median wall time {abs(change):.0%} {'slower' if change > 0 else 'faster'},"
            f" median CPU time {abs(cpu_change):.0%} {'more' if cpu_change > 0 else 'less'}."
        )
    lines.append("")
    return "\n".join(lines)


# ----- feedback while AWS is slow (issue 21) -----------------------------------------------------------

FEEDBACK_SPEC = """AutoMLJobName: {name}
AutoMLJobInputDataConfig:
  - DataSource:
      S3DataSource:
        S3DataType: S3Prefix
        S3Uri: s3://bench/{name}/
OutputDataConfig:
  S3OutputPath: s3://bench-out/{name}/
AutoMLProblemTypeConfig:
  TabularJobConfig:
    TargetAttributeName: y
    ProblemType: BinaryClassification
    CompletionCriteria:
      MaxCandidates: 10
      MaxAutoMLJobRuntimeInSeconds: 14400
AutoMLJobObjective:
  MetricName: F1
RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
"""


def first_byte(command: list[str], env: dict[str, str], terminal: bool) -> tuple[float | None, float, str]:
    """Run ``command`` with standard output to /dev/null and standard error to a pipe, or to a terminal
    (a pseudo-terminal); (seconds to the first byte on standard error or None, seconds to the exit, what
    standard error got)."""
    import pty
    import select

    parent, child = pty.openpty() if terminal else os.pipe()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=child, env=env)
    os.close(child)
    first, chunks = None, []
    while True:
        ready, _, _ = select.select([parent], [], [], 0.02)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            data = os.read(parent, 65536)
        except OSError:  # the terminal's other side closed
            break
        if not data:
            break
        first = time.perf_counter() - started if first is None else first
        chunks.append(data)
    process.wait()
    ended = time.perf_counter() - started
    os.close(parent)
    return first, ended, b"".join(chunks).decode("utf-8", "replace")


def failing_call(url: str, shipped: bool) -> float:
    """Seconds one STS call takes to fail against ``url`` in this process: with automlspec's connection
    policy (``shipped``) or with botocore's (a 10 s connect timeout and its 5 attempts with backoff, as
    before issue 21). The process start and imports are not in it."""
    from automlspec import aws

    saved = os.environ.get("AWS_ENDPOINT_URL"), aws.CONNECT_TIMEOUT, aws._fail_fast
    os.environ["AWS_ENDPOINT_URL"] = url
    if not shipped:
        aws.CONNECT_TIMEOUT, aws._fail_fast = 10, lambda client: client
    try:
        account = aws.Account()
        account.client("sts")
        started = time.perf_counter()
        try:
            account.identity()
        except aws.AwsError:
            pass
        return time.perf_counter() - started
    finally:
        if saved[0] is None:
            os.environ.pop("AWS_ENDPOINT_URL", None)
        else:
            os.environ["AWS_ENDPOINT_URL"] = saved[0]
        aws.CONNECT_TIMEOUT, aws._fail_fast = saved[1], saved[2]


def feedback_report(args: argparse.Namespace) -> str:
    """Time to the first byte on standard error, and to the exit, of plan and status against an endpoint
    where nothing listens, one that never answers a connection, and a fast fake account of N jobs."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import fake_endpoint

    info = machine()
    load_before = os.getloadavg()
    count = args.jobs
    with tempfile.TemporaryDirectory(prefix="automlspec-feedback-bench-") as tmp:
        root = Path(tmp)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        (root / "one").mkdir()
        (root / "one" / "spec.yaml").write_text(FEEDBACK_SPEC.format(name=fake_endpoint.job_name(0)), "utf-8")
        (root / "many").mkdir()
        for number in range(count):
            name = fake_endpoint.job_name(number)
            (root / "many" / f"{name}.yaml").write_text(FEEDBACK_SPEC.format(name=name), "utf-8")
        fake = fake_endpoint.serve(count)
        silent, held = fake_endpoint.silent()
        endpoints = [
            ("nothing listens (connection refused)", fake_endpoint.closed_port(), "one", args.runs),
            ("never answers a connection (full listen queue)", silent, "one", args.runs),
            (f"{count:,} jobs (a fast local fake)", fake.url, "many", 1),
        ]
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
        env.update(AWS_ENV, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", COLUMNS="100")
        env["AWS_DEFAULT_REGION"] = "us-east-1"
        rows = []
        try:
            for label, url, folder, runs in endpoints:
                for verb in ("plan", "status"):
                    command = [sys.executable, "-m", "automlspec", verb, str(root / folder)]
                    command += ["--no-data"] if verb == "plan" else ["--format", "json"]
                    cells = []
                    for mode, extra, terminal in (
                        ("pipe", {}, False),
                        ("CI", {"CI": "true"}, False),
                        ("terminal", {}, True),
                    ):
                        samples = [
                            first_byte(command, {**env, **extra, "AWS_ENDPOINT_URL": url}, terminal)
                            for _ in range(runs)
                        ]
                        firsts = sorted(s[0] for s in samples if s[0] is not None)
                        ends = sorted(s[1] for s in samples)
                        first = f"{firsts[len(firsts) // 2]:.2f} s" if firsts else "none"
                        cells.append((mode, first, f"{ends[len(ends) // 2]:.2f} s", samples[0][2]))
                    rows.append((verb, label, runs, cells))
        finally:
            fake.shutdown()
        calls = []
        os.environ.update(AWS_ENV)
        for label, url, runs in (
            ("nothing listens", fake_endpoint.closed_port(), args.runs),
            ("never answers", silent, 1),
        ):
            now = sorted(failing_call(url, True) for _ in range(args.runs))
            before = sorted(failing_call(url, False) for _ in range(runs))
            calls.append((label, now[len(now) // 2], before[len(before) // 2]))
        for sock in held:
            sock.close()
    load_after = os.getloadavg()
    lines = [
        f"Measured {info['date']} at commit {info['commit']} on {info['cpu']}; {info['os']}; {info['python']};"
        f" load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (1 minute).",
        "`python -m automlspec plan --no-data DIR` and `status DIR --format json`, standard output to /dev/null,"
        " standard error to a pipe (CI unset), to a pipe with CI=true, and to a pseudo-terminal; the median of"
        f" {args.runs} runs against the unreachable endpoints (one spec), one run against the fake account (a spec"
        f" for each of its {count:,} jobs). Each cell: the first byte on standard error / the exit.",
        "",
        "| command | endpoint | pipe | CI log | terminal | the CI log's lines |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for verb, label, _, cells in rows:
        shown = " | ".join(f"{first} / {end}" for _, first, end, _ in cells)
        logged = [line.removeprefix("automlspec: ") for line in cells[1][3].splitlines()]
        said = " · ".join(line if len(line) < 70 else line[:69] + "…" for line in logged).replace("|", "\\|")
        lines.append(f"| {verb} | {label} | {shown} | {said} |")
    lines += [
        "",
        "The failing call alone (`sts:GetCallerIdentity` in this process, start-up and imports left out), with"
        " automlspec's connection policy and with botocore's (a 10 s connect timeout, 5 attempts with backoff:"
        " before issue 21):",
        "",
        "| endpoint | now | botocore's policy |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {label} | {now:.2f} s | {before:.2f} s |" for label, now, before in calls]
    return "\n".join(lines) + "\n"


FEEDBACK_START = "<!-- generated by scripts/benchmark.py --feedback --write: start -->"
FEEDBACK_END = "<!-- generated by scripts/benchmark.py --feedback --write: end -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each one-spec command (default 20)")
    parser.add_argument("--specs", type=int, default=1000, help="specs in the many-spec run (default 1000)")
    parser.add_argument("--top", type=int, default=12, help="rows of the import table")
    parser.add_argument("--no-check-offline", dest="check_offline", action="store_false", help="skip the socket audit")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md between its markers")
    parser.add_argument("--status", type=int, metavar="N", help="measure `status` over N jobs in moto instead")
    parser.add_argument("--status-runs", type=int, default=3, help="runs per --parallel setting (default 3)")
    parser.add_argument("--data", action="store_true", help="measure the data checks (issue 9) instead")
    parser.add_argument("--plan", action="store_true", help="measure `plan` against a local moto_server instead")
    parser.add_argument("--jobs", type=int, default=2000, help="--plan: jobs in the account (default 2000)")
    parser.add_argument(
        "--plan-scale",
        action="store_true",
        help="issue 26: plan of --specs (2000) specs against --jobs (20000) jobs in scripts/sagemaker_server.py",
    )
    parser.add_argument(
        "--rate", type=float, default=5.0, help="--plan-scale: calls a second the fake allows (0: none)"
    )
    parser.add_argument(
        "--against",
        metavar="REV",
        action="append",
        help="A/B: one-spec lint of this tree against git revision REV (repeatable; --runs each)",
    )
    parser.add_argument("--warmup", type=int, default=3, help="warm-up runs of each command in --against (default 3)")
    parser.add_argument(
        "--startup",
        metavar="REV",
        help="issue 26: --version, one-spec lint, colour and a many-spec lint of this tree against REV, with the floor",
    )
    parser.add_argument(
        "--many-runs", type=int, default=5, help="--startup, --scaling: runs of the many-spec lint (default 5)"
    )
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="issue 26: lint -j 1 against -j 2 on trees of --sizes and --specs specs",
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[50, 100, 200, 400],
        help="--scaling: the smaller trees (default 50,100,200,400)",
    )
    parser.add_argument(
        "--wheel",
        action="store_true",
        help="--startup: run each tree from a wheel installed in a venv of its own (no editable finder), as issue 26",
    )
    parser.add_argument(
        "--policies",
        metavar="REV",
        help="issue 24: one-spec lint with no configuration (this tree and REV) and with the whole policy library",
    )
    parser.add_argument(
        "--feedback",
        action="store_true",
        help="issue 21: time to the first byte on stderr of plan and status (unreachable endpoints, --jobs jobs)",
    )
    args = parser.parse_args(argv)
    if args.feedback:
        given = argv if argv is not None else sys.argv
        args.runs = args.runs if "--runs" in given else 3
        section = feedback_report(args)
        print(section)
        if args.write:
            write_doc(section, FEEDBACK_START, FEEDBACK_END)
        return 0
    if args.plan_scale:
        given = argv if argv is not None else sys.argv
        args.specs = args.specs if "--specs" in given else 2000
        args.jobs = args.jobs if "--jobs" in given else 20000
        args.runs = args.runs if "--runs" in given else 3
        section = plan_scale_report(args)
        print(section)
        if args.write:
            write_doc(section, PLAN_SCALE_START, PLAN_SCALE_END)
        return 0
    if args.policies:
        section = policies_report(args)
        print(section)
        if args.write:
            write_doc(section, POLICIES_START, POLICIES_END)
        return 0
    if args.scaling:
        section = scaling_report(args)
        print(section)
        if args.write:
            write_doc(section, SCALING_START, SCALING_END)
        return 0
    if args.startup:
        section = startup_report(args)
        print(section)
        if args.write:
            write_doc(section, STARTUP_START, STARTUP_END)
        return 0
    if args.against:
        section = ab_report(args)
        print(section)
        if args.write:
            write_doc(section, AB_START, AB_END)
        return 0
    if args.plan:
        given = argv if argv is not None else sys.argv
        args.specs = args.specs if "--specs" in given else 200
        args.runs = args.runs if "--runs" in given else 5
        section = plan_report(args)
        print(section)
        if args.write:
            write_doc(section, PLAN_START, PLAN_END)
        return 0
    if args.status:
        section = status_report(args)
        print(section)
        if args.write:
            write_status_doc(section)
        return 0
    if args.data:
        section = data_report(args)
        print(section)
        if args.write:
            write_doc(section, DATA_START, DATA_END)
        return 0
    section = report(args)
    print(section)
    if args.write:
        write_doc(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
