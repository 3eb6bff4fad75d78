"""The output formats of each view: the one list of each. The command line's `--format` choices are
built from these names; each view module maps the same names to its functions in its own FORMATS
(tests/test_views.py proves they agree). The findings formats have their registry in ``views.findings``.

Names only, so that building the command line imports no view.
"""

from __future__ import annotations

PLAN = ("text", "json", "markdown")  # views.plan.FORMATS
STATUS = ("text", "json")  # views.status.FORMATS
CANDIDATES = ("text", "json", "csv")  # views.candidates.FORMATS
RULES = ("text", "json")  # views.rules.FORMATS
