"""How reading scales with what an account holds (issue 23's bounds): every job listed, every candidate ranked.

scripts/fake_endpoint.py (the fake of the SageMaker JSON protocol the other benchmarks use) runs in a
process of its own on 127.0.0.1 (a free port); it makes each page of ListAutoMLJobs (100 summaries) and
ListCandidatesForAutoMLJob (100 candidates) as it is asked for, so that a million jobs cost it no memory
and moto's minutes are not what is measured. Then:

- `--jobs N ...`: the one listing the tool does of a whole account (``aws.sagemaker.SageMaker.list_jobs``:
  `import --all`, and plan's prune) in a child process per N: wall time, the child's CPU time and its
  peak resident memory; a linear reader shows a constant time and memory per job.
- `--candidates N`: `automlspec candidates JOB --format json` as a user runs it (a new process): wall and
  CPU time.

Usage: python scripts/benchmark_scale.py --jobs 10000 100000 1000000 --candidates 10000

The figures depend on the machine's load: the script prints the load average with them (a benchmark,
never a timed test).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LIST = r"""
import json, resource, sys, time
from automlspec.aws import Account
from automlspec.aws.sagemaker import SageMaker
started, cpu = time.perf_counter(), time.process_time()
jobs = SageMaker(Account()).list_jobs()
wall = time.perf_counter() - started
print(json.dumps({"jobs": len(jobs), "wall": wall, "cpu": time.process_time() - cpu,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def environment(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    return env


def start_fake(jobs: int, candidates: int) -> tuple[subprocess.Popen, int]:
    command = [sys.executable, str(ROOT / "scripts" / "fake_endpoint.py"), "--jobs", str(jobs)]
    fake = subprocess.Popen([*command, "--candidates", str(candidates)], stdout=subprocess.PIPE, text=True)
    assert fake.stdout is not None
    first = fake.stdout.readline()  # AWS_ENDPOINT_URL=http://127.0.0.1:PORT (N jobs); Ctrl-C stops
    return fake, int(first.split()[0].rpartition(":")[2])


def list_jobs(count: int) -> dict:
    fake, port = start_fake(count, 0)
    try:
        done = subprocess.run(
            [sys.executable, "-c", LIST], env=environment(port), capture_output=True, text=True, check=True, cwd=ROOT
        )
    finally:
        fake.kill()
        fake.wait()
    return json.loads(done.stdout)


def candidates(count: int) -> dict:
    import resource

    fake, port = start_fake(0, count)
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)  # the fake is reaped only after: not counted
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "automlspec", "candidates", "bench-00000", "--format", "json"],
            env=environment(port),
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        fake.kill()
        fake.wait()
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"candidates exited {done.returncode}: {done.stderr.strip()}")
    return {"candidates": len(json.loads(done.stdout)["candidates"]), "wall": wall, "cpu": cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--jobs", type=int, nargs="*", default=[], help="List this many jobs (one run each).")
    parser.add_argument("--candidates", type=int, default=0, help="Rank this many candidates of one job.")
    args = parser.parse_args(argv)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if args.jobs:
        print("| jobs listed | wall | CPU (client) | CPU per 1,000 jobs | peak RSS |")
        print("| ---: | ---: | ---: | ---: | ---: |")
    for count in args.jobs:
        got = list_jobs(count)
        assert got["jobs"] == count, got
        print(
            f"| {count:,} | {got['wall']:.1f} s | {got['cpu']:.1f} s | {got['cpu'] / count * 1000:.3f} s"
            f" | {got['rss_mb']:.0f} MB |",
            flush=True,
        )
    if args.candidates:
        got = candidates(args.candidates)
        assert got["candidates"] == args.candidates, got
        print(
            f"`automlspec candidates` of {args.candidates:,} candidates (a new process): {got['wall']:.2f} s wall,"
            f" {got['cpu']:.2f} s CPU"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
