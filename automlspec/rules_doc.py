"""Rule documentation, written from the rules' own docstrings: `automlspec explain` and docs/rules.md
(tests/test_rule_docs.py proves the page is fresh: `python -m automlspec.rules_doc > docs/rules.md`)."""

from __future__ import annotations

from .rules import REGISTRY, Rule


def rule_markdown(rule: Rule, heading: str = "#") -> str:
    rest = rule.body
    sub = heading + "#"  # the rule's sections sit one level below its own heading
    rest = rest.replace("\n## ", f"\n{sub} ")
    if rest.startswith("## "):
        rest = f"{sub} {rest[3:]}"
    return (
        f"{heading} {rule.code} {rule.name}\n\n**{rule.summary}**\n\nDefault severity: {rule.severity.value}\n\n"
        f"{rule.fix_words}\n\n{rest}\n"
    )


def rules_page() -> str:
    out = [
        "# Rules",
        "",
        "Generated from the rules' docstrings by `python scripts/generate.py`;",
        "a test fails when this page is stale. `automlspec explain CODE` prints one rule.",
        "",
        'Fix says whether a rule\'s `help:` is a fix (README, "Fixes"): *safe* (`lint --fix` applies it),',
        "*unsafe* (only `lint --fix --unsafe-fixes` does), *mixed* (safe for what the rule's section names,",
        "unsafe otherwise), *help* (a hint for you to apply) or none. Every `help:` a spec gets is proved:",
        "applied, its finding is gone and no new error appears (tests/test_soundness.py).",
        "",
        "| Code | Name | Severity | Fix | Summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in REGISTRY.values():
        summary = rule.summary.replace("|", r"\|")
        fix = "" if rule.fixes == "never" else rule.fixes
        out.append(f"| [{rule.code}](#{rule.anchor}) | {rule.name} | {rule.severity.value} | {fix} | {summary} |")
    out.append("")
    for rule in REGISTRY.values():
        out.append(rule_markdown(rule, "##"))
    return "\n".join(out)


if __name__ == "__main__":
    print(rules_page(), end="")
