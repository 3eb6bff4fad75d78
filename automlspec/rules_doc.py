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
    return f"{heading} {rule.code} {rule.name}\n\n**{rule.summary}**\n\nDefault severity: {rule.severity.value}\n\n{rest}\n"


def rules_page() -> str:
    out = [
        "# Rules",
        "",
        "Generated from the rules' docstrings by `python scripts/generate.py`;",
        "a test fails when this page is stale. `automlspec explain CODE` prints one rule.",
        "",
        "| Code | Name | Severity | Summary |",
        "| --- | --- | --- | --- |",
    ]
    for rule in REGISTRY.values():
        summary = rule.summary.replace("|", r"\|")
        out.append(f"| [{rule.code}](#{rule.anchor}) | {rule.name} | {rule.severity.value} | {summary} |")
    out.append("")
    for rule in REGISTRY.values():
        out.append(rule_markdown(rule, "##"))
    return "\n".join(out)


if __name__ == "__main__":
    print(rules_page(), end="")
