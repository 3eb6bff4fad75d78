"""`automlspec resolve`: one spec with every default filled in, each marked with its source."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import AutomlspecError, ExitCode, UsageError
from ..findings import Severity
from ..lint import LintResult
from ..project import Checked, check_named


@dataclass
class Emitted:
    """What `resolve` and `compile` print: a spec's findings (on stderr), then its text (on stdout)
    unless the spec has errors, or one error line when it cannot be emitted."""

    checked: Checked
    warnings: list[str]  # the configuration's
    text: str = ""
    converted: LintResult | None = None  # a request converted to the other API, linted in that API
    error: AutomlspecError | None = None

    @property
    def emitted(self) -> bool:
        return self.checked.ok and self.error is None and not _errors(self.converted)

    @property
    def exit_code(self) -> ExitCode:
        if not self.checked.ok or _errors(self.converted):
            return ExitCode.FAILURE
        return self.error.exit_code if self.error is not None else ExitCode.OK


def _errors(result: LintResult | None) -> bool:
    return result is not None and any(f.severity is Severity.ERROR for f in result.findings)


def run(spec: Path, config: Path | None = None, no_config: bool = False) -> Emitted:
    """Lint ``spec`` as `lint` does; if it has no error, resolve each of its documents."""
    from ..dialects import detect_dialect
    from ..resolve import resolve, to_yaml

    checked, warnings = check_named(spec, config, no_config)
    emitted = Emitted(checked, warnings)
    if not checked.ok:
        return emitted
    out = io.StringIO()
    for number, doc in enumerate(checked.source.docs):
        dialect = detect_dialect(doc.data)[0]
        if dialect is None:  # only when the configuration ignores AML008
            emitted.error = UsageError(
                f"{spec}: document {number + 1}: cannot tell whether it is a CreateAutoMLJob or a CreateAutoMLJobV2 spec"
            )
            return emitted
        if number:
            out.write("---\n")
        to_yaml(resolve(doc.data, dialect, checked.config.defaults), out)
    emitted.text = out.getvalue()
    return emitted
