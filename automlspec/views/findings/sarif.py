"""SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers.

One run: the tool driver lists every rule that ran (id, name, short and full description from the rule's
docs, help URI to its section of docs/rules.md, default level); each result carries its level, message,
ruleId, a region with start and end line and column, and a partial fingerprint that stays the same when
lines move, so code scanning keeps one alert per problem across pushes.
Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html
GitHub's subset: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
"""

from __future__ import annotations

import hashlib
from typing import TextIO
from urllib.parse import quote

from ... import __version__
from ...findings import Finding
from ...rules._rule import DOCS_URL
from ...terminal import json_dumps
from . import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "automlspecFinding/v1"


def _quote(path: str) -> str:
    """Percent-encoded UTF-8. A name Python decoded from bytes that are not UTF-8 (os.fsdecode's lone
    surrogates U+DC80-U+DCFF) is encoded back to those bytes, so the URI names the file on disk; any other
    lone surrogate (which no file system gives) is written as its escape."""
    try:
        return quote(path, errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, errors="backslashreplace")


def _uri(file: str) -> dict:
    """A relative path stays relative to the checkout (%SRCROOT%); an absolute one becomes a file URI."""
    path = file.replace("\\", "/")
    if path.startswith("/"):
        return {"uri": "file://" + _quote(path)}
    return {"uri": _quote(path), "uriBaseId": "%SRCROOT%"}


def _rule(rule) -> dict:
    sections = rule.sections()
    full = " ".join(sections.get("What it does", rule.summary).split())
    out = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
    }
    if not rule.url:  # a policy without a `url:` links nowhere (helpUri must be a URI when present)
        del out["helpUri"]
    return out


def fingerprint(finding: Finding) -> str:
    """Stable across edits that move lines: the rule, the file, the document and the field path (and the
    message, which names the offending value, so two problems at one field stay two alerts)."""
    key = "\0".join((finding.rule, finding.file, str(finding.doc), str(finding.path), finding.message))
    # surrogatepass: a file name that is not UTF-8 (lone surrogates from os.fsdecode) still has a fingerprint
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _result(finding: Finding, index: dict[str, int]) -> dict:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    result = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": _uri(finding.file), "region": region}}],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding)},
    }
    properties = {"path": str(finding.path)} if finding.path else {}
    if finding.suggestion is not None:
        properties["suggestion"] = finding.suggestion
    if properties:
        result["properties"] = properties
    return result


def document(report: Report) -> dict:
    rules = dict(report.rules)
    for finding in report.findings:  # every result's rule is in the driver, whatever the caller recorded
        if finding.rule not in rules:
            from ...rules import REGISTRY

            rules[finding.rule] = REGISTRY[finding.rule]
    ordered = sorted(rules)
    index = {code: number for number, code in enumerate(ordered)}
    driver = {
        "name": "automlspec",
        "version": __version__,
        "informationUri": DOCS_URL if ordered else None,
        "rules": [_rule(rules[code]) for code in ordered],
    }
    if driver["informationUri"] is None:
        del driver["informationUri"]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                # our columns count characters, not SARIF's default UTF-16 code units
                "columnKind": "unicodeCodePoints",
                "results": [_result(finding, index) for finding in report.findings],
            }
        ],
    }


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    stream.write(json_dumps(document(report), indent=2) + "\n")
