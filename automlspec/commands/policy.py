"""`automlspec policy test`: every policy's own examples, run (docs/policies.md), as `opa test` runs a
policy's tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ExitCode, UsageError


@dataclass
class Tested:
    """The configuration files read, each policy with its examples' results, and the files' own errors."""

    files: int
    tested: list[tuple[Any, list[Any]]] = field(default_factory=list)  # (policy.Policy, [ExampleResult])
    broken: Any = None  # lint.LintResult: the configuration files' findings (an invalid policy, ...)
    warnings: list[str] = field(default_factory=list)  # configuration files that were not read

    @property
    def exit_code(self) -> ExitCode:
        """0 when every example does what it says (or there is no policy), 1 when one does not or a
        configuration file has an error."""
        failed = bool(self.broken.findings) or any(not r.ok for _, results in self.tested for r in results)
        return ExitCode.FAILURE if failed else ExitCode.OK


def run(paths: list[Path], config: Path | None = None) -> Tested:
    """Test the policies of ``config`` alone, or of every configuration file in and above ``paths``."""
    from ..config import display, files_under, load
    from ..lint import LintResult, finish
    from ..policy import run_examples

    warnings: list[str] = []
    if config is not None:
        if not config.is_file():
            raise UsageError(f"--config {config}: no such file")
        files: list[Path] = [config]
    else:
        named = paths or [Path(".")]
        for path in named:
            if not path.exists():
                raise UsageError(f"{path}: no such file or directory")
        files, warnings = files_under(named)
    configs = [load(path, display(path)) for path in files]
    tested = [(p, run_examples(p)) for c in configs for p in c.policies.values() if p is not None]
    broken = LintResult(files=len(configs))
    broken.findings = finish([], [], configs, broken.texts)
    return Tested(len(configs), tested, broken, warnings)
