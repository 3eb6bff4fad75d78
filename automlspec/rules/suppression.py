"""Suppression comments that cannot do what they say: a selector naming no rule, one that suppressed
nothing (ruff's RUF100 and RUF102), or one naming a policy that does not allow suppression. lint.py
reports them once every rule has run on a file."""

from __future__ import annotations

from ..findings import Severity
from ._rule import declare

UNKNOWN_SUPPRESSION = declare(
    "AML901",
    "suppression-unknown-rule",
    Severity.WARNING,
    """
    A suppression comment names a rule code, code prefix or rule name that does not exist.

    ## What it does
    Checks every selector of `# automlspec: ignore[...]` and `# automlspec: ignore-file[...]` against
    the rules (`automlspec rules`) and reports one that matches none at the selector itself, with the
    code or name it most likely misspells (`AML1O6` for `AML106`: a letter O for a zero).

    ## Why
    A misspelt code suppresses nothing: the finding you meant to silence still shows, and the comment
    reads as if it were handled. Codes and prefixes match in any case; names match exactly.

    ## Example
    ```yaml
    # (the rest of the request)
    InputDataConfig: []
    AutoMLJobName: churn_2024  # automlspec: ignore[AML1O6]
    ```

    ## Use instead
    ```yaml
    # (the rest of the request)
    InputDataConfig: []
    AutoMLJobName: churn_2024  # automlspec: ignore[AML106]
    ```

    ## Source
    - ruff's RUF102, invalid rule code in a suppression comment: https://docs.astral.sh/ruff/rules/invalid-rule-code/
    """,
    example_kind="raw",
    fixes="help",
)

UNUSED_SUPPRESSION = declare(
    "AML902",
    "suppression-unused",
    Severity.WARNING,
    """
    A suppression comment suppressed no finding, so it can be removed.

    ## What it does
    After every rule has run on a file, reports each `# automlspec: ignore[...]` selector that
    suppressed nothing on its line (and each `ignore-file[...]` selector that suppressed nothing in the
    file), at the selector; a bare `ignore` that suppressed nothing is reported at the comment. It is
    never reported for rules that did not run: rules the configuration or `--select` switch off, data
    rules (AML8xx) without `--data`, and rules that compare specs across a run (AML520), whose findings
    depend on which files are linted together. A file that did not fully parse is not checked.

    ## Why
    A stale suppression hides the next real problem on that line: once the value was fixed, the comment
    stays and silences whatever goes wrong there later (ruff's RUF100 exists for the same reason).

    ## Example
    ```yaml
    # (the rest of the request)
    InputDataConfig: []
    AutoMLJobName: churn-2024  # automlspec: ignore[AML106]
    ```

    ## Use instead
    ```yaml
    # (the rest of the request)
    InputDataConfig: []
    AutoMLJobName: churn-2024
    ```

    ## Source
    - ruff's RUF100, unused noqa directive: https://docs.astral.sh/ruff/rules/unused-noqa/
    """,
    example_kind="raw",
)

SUPPRESSION_NOT_ALLOWED = declare(
    "AML903",
    "suppression-not-allowed",
    Severity.WARNING,
    """
    A suppression comment names a policy whose owners do not allow it to be suppressed.

    ## What it does
    Reports each selector of `# automlspec: ignore[...]` or `ignore-file[...]` that names a policy of
    the project configuration written with `suppressible: false` (docs/policies.md), at the selector.
    The policy's finding is reported as if the comment were not there.

    ## Why
    A platform team's guardrail (every prod job encrypted, no endpoint deployed automatically) must not
    be switched off from inside the spec it guards; the comment reads as if the finding were handled,
    and it is not. A policy is changed, or switched off for a folder, in the configuration, where its
    owners review it.

    ## Source
    - automlspec documentation, docs/policies.md
    """,
    example_kind="none",
)
