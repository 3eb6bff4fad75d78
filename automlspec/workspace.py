"""The pipeline every command shares: a spec file -> its configuration, source, findings and request.

``compile`` is pure conversion; this module does the I/O around it (read the file, lint it with its
project configuration, resolve defaults, compile, lint a request converted to the other API).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .compile import to_request
from .config import Config, ConfigResolver
from .dialects import API_NAMES, detect_dialect
from .errors import ConversionError
from .findings import Severity
from .lint import LintResult, lint_file, lint_text
from .resolve import resolve
from .source import SourceDoc, SourceFile


@dataclass(frozen=True)
class Checked:
    """A spec file linted with its project configuration, ready to resolve or compile."""

    result: LintResult
    source: SourceFile
    config: Config

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.result.findings)


def check(path: Path, resolver: ConfigResolver) -> Checked:
    """Lint one named file the way `lint` does (a configuration's `exclude` does not skip it)."""
    config = resolver.for_file(path)
    result, source = lint_file(path, config)
    return Checked(result, source, config)


def documents(checked: Checked, index: int | None) -> list[SourceDoc]:
    """The SourceDocs to work on: all of them (index None) or the 1-based ``index``."""
    docs = list(checked.source.docs)
    if index is None:
        return docs
    if not 1 <= index <= len(docs):
        raise ConversionError(
            f"--document {index}: {checked.source.name} holds {len(docs)} document{'s' * (len(docs) != 1)}"
        )
    return [docs[index - 1]]


def compile_doc(doc: SourceDoc, config: Config, api: str | None, resolved: bool) -> tuple[dict, str]:
    """(request, api) for one SourceDoc: project-config defaults merged, documented defaults filled
    when ``resolved``, converted to ``api``, key order fixed.

    Not validated again: lint has checked the spec against the model (a spec with errors never gets
    here), and a request converted to the other API is linted in that API (``lint_compiled``)."""
    dialect = detect_dialect(doc.data)[0]
    if dialect is None:  # lint has reported it; never reached for a spec that lints clean
        raise ConversionError("cannot tell whether this is a CreateAutoMLJob or a CreateAutoMLJobV2 spec")
    filled = resolve(doc.data, dialect, config.defaults, documented=resolved)
    api = api or dialect
    return to_request(filled.request, dialect, api), api


def lint_compiled(name: str, text: str, config: Config, api: str, document: int | None = None) -> LintResult:
    """Lint a request converted to the other API (it meets that API's rules for the first time).

    Findings point into the printed JSON; project-config defaults are already in it. ``document``
    (1-based) names which of a file's documents it is, so that two of them are two texts."""
    where = f"document {document}, " if document is not None else ""
    display = f"{name} ({where}compiled to {API_NAMES[api]})"
    findings = lint_text(display, text, replace(config, defaults=None, findings=()))
    return LintResult(findings=findings, files=1, specs=1, texts={display: text})
