"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, CircleCI).

One test case per spec file; each error finding is a failure of its file's case, and warnings and info
go to the case's system-out. The layout follows the de facto schema those systems read
(https://github.com/testmoapp/junitxml).
"""

from __future__ import annotations

import re
from typing import TextIO
from xml.etree import ElementTree as ET

from ...findings import Severity
from ...terminal import escape
from . import Report, with_help
from .concise import line

# XML 1.0 cannot carry most control characters, even as character references (and not U+FFFE, U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    """The one terminal escape (controls, bidi controls, surrogates), then what XML alone forbids."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", escape(text))


def document(report: Report) -> ET.Element:
    files = list(report.texts)
    files += [f.file for f in report.findings if f.file not in report.texts and f.file not in files]
    failures = len({f.file for f in report.findings if f.severity is Severity.ERROR})  # failed test cases
    counts = {"tests": str(len(files)), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": "automlspec", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "automlspec lint", **counts})
    for file in files:
        case = ET.SubElement(suite, "testcase", {"classname": "automlspec", "name": _safe(file), "file": _safe(file)})
        others = []
        for finding in report.findings:
            if finding.file != file:
                continue
            if finding.severity is Severity.ERROR:
                failure = ET.SubElement(
                    case, "failure", {"type": f"{finding.rule} {finding.name}", "message": _safe(with_help(finding))}
                )
                failure.text = _safe(line(finding))
            else:
                others.append(_safe(line(finding)))
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(others) + "\n"
    return root


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    root = document(report)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")
