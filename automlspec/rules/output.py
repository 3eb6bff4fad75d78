"""What the output leaves out: the bound on findings shown per file (README "Bounds")."""

from __future__ import annotations

from ..findings import Severity
from ._rule import declare

NOT_SHOWN = declare(
    "AML009",
    "findings-not-shown",
    Severity.INFO,
    """
    A file has more findings than are shown per file; this one finding says how many more there are.

    ## What it does
    After the first 100 findings of a file (`lint --max-findings N` changes the bound, `0` shows them
    all), the rest of that file's findings are not printed; one `AML009` finding at the first of them
    says how many there are and of which severity. It takes the severity of the worst finding it
    stands for, so a format that is read by a program (SARIF, JSON, annotations) still sees an error
    when errors were left out. The summary line and the exit code count every finding.

    ## Why
    A generated or hostile file can hold thousands of problems (5,000 unknown keys on one line); a
    pre-commit hook or a CI log that printed them all would bury everything else, and the first
    hundred already say what is wrong.

    ## Source
    - automlspec documentation, README.md ("Bounds")
    """,
    example_kind="none",
    fixes="help",
)
