"""How reading scales with what an account holds (issue 23's bounds): every job listed, every candidate ranked.

A fake of the SageMaker JSON protocol runs in a process of its own on 127.0.0.1 (a free port); it makes
each page of ListAutoMLJobs (100 summaries) and ListCandidatesForAutoMLJob (100 candidates) as it is
asked for, so that a million jobs cost it no memory and moto's minutes are not what is measured. Then:

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
ACCOUNT = "123456789012"

FAKE = r"""
import json, sys, http.server, socketserver
jobs, candidates = int(sys.argv[1]), int(sys.argv[2])
PAGE = 100
T0 = 1_790_000_000

def job(i):
    name = f"job-{i:07d}"
    return {"AutoMLJobName": name, "AutoMLJobArn": f"arn:aws:sagemaker:us-east-1:@ACCOUNT@:automl-job/{name}",
            "AutoMLJobStatus": "Completed", "AutoMLJobSecondaryStatus": "Completed",
            "CreationTime": T0 + i, "EndTime": T0 + i + 3600, "LastModifiedTime": T0 + i + 3600}

def candidate(i):
    name = f"big-job-trial-{i:05d}"
    step = lambda kind, short: {"CandidateStepType": f"AWS::SageMaker::{kind}",
                                "CandidateStepArn": f"arn:aws:sagemaker:us-east-1:@ACCOUNT@:{short}/{name}",
                                "CandidateStepName": name}
    return {"CandidateName": name, "ObjectiveStatus": "Succeeded", "CandidateStatus": "Completed",
            "FinalAutoMLJobObjectiveMetric": {"Type": "Maximize", "MetricName": "F1", "Value": (i * 7919 % 10007) / 10007},
            "CandidateSteps": [step("ProcessingJob", "processing-job"), step("TrainingJob", "training-job")],
            "CandidateProperties": {"CandidateMetrics": [{"MetricName": "F1", "Value": 0.5, "Set": "Validation"}]},
            "CreationTime": T0 + i, "EndTime": T0 + i + 600, "LastModifiedTime": T0 + i + 600}

LISTS = {"ListAutoMLJobs": (lambda: jobs, job, "AutoMLJobSummaries"),
         "ListCandidatesForAutoMLJob": (lambda: candidates, candidate, "Candidates")}

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        target = (self.headers.get("X-Amz-Target") or "").rpartition(".")[2]
        if target not in LISTS:
            return self.answer(400, {"__type": "UnknownOperationException", "message": target})
        count, make, key = LISTS[target]
        start = int(body.get("NextToken") or 0)
        end = min(count(), start + min(int(body.get("MaxResults") or PAGE), PAGE))
        page = {key: [make(i) for i in range(start, end)]}
        if end < count():
            page["NextToken"] = str(end)
        self.answer(200, page)

server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
""".replace("@ACCOUNT@", ACCOUNT)

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
    fake = subprocess.Popen([sys.executable, "-c", FAKE, str(jobs), str(candidates)], stdout=subprocess.PIPE, text=True)
    assert fake.stdout is not None
    return fake, int(fake.stdout.readline())


def list_jobs(count: int) -> dict:
    fake, port = start_fake(count, 0)
    try:
        done = subprocess.run(
            [sys.executable, "-c", LIST], env=environment(port), capture_output=True, text=True, check=True, cwd=ROOT
        )
    finally:
        fake.terminate()
        fake.wait()
    return json.loads(done.stdout)


def candidates(count: int) -> dict:
    import resource

    fake, port = start_fake(0, count)
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)  # the fake is reaped only after: not counted
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "automlspec", "candidates", "big-job", "--format", "json"],
            env=environment(port),
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        fake.terminate()
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
