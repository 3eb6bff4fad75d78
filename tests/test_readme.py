"""The README's plan/apply walkthrough works as written, against the test's moto_server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def walkthrough() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("### Walkthrough against a local moto server", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the walkthrough's sh block is missing"
    return block.group(1).strip().splitlines()


def test_the_walkthrough_runs_as_written(aws_env, tmp_path):
    lines = walkthrough()
    assert lines[0].startswith("moto_server -H 127.0.0.1 -p 5000")
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "tests" / "data_root", tmp_path / "tests" / "data_root")
    (tmp_path / ".git").mkdir()
    script = "\n".join(["set -eu", *(f"echo '$ {line}'; {line}" for line in lines[1:])]).replace(
        "http://127.0.0.1:5000", aws_env.url
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "+ churn-tabular-v2 will be created  (demo/churn-tabular-v2.yaml)  [not created yet]" in out
    assert "This plan is still current: `automlspec apply --plan tags.plan` applies it." in out  # show
    assert "create churn-tabular-v2: ok: created" in out
    assert '~ Tags.team: "customer-analytics" -> "retention"' in out
    assert "update-tags churn-tabular-v2: ok: tags set team" in out
    assert out.count("No changes. The live jobs match the specs (1 unchanged).") == 2
    readme = (ROOT / "README.md").read_text("utf-8")
    shown = readme.split("After the tag edit:", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert shown in out, "the README's example output differs from what plan prints"
    created = readme.split("The first plan shows what the create will send", 1)[1].split("```text\n", 1)[1]
    for line in created.split("```", 1)[0].splitlines():  # an excerpt: each of its lines, in order
        assert line in out, f"the README's create line is not what plan prints: {line}"
