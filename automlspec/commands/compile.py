"""`automlspec compile`: one spec as the API request (CreateAutoMLJob or CreateAutoMLJobV2) in JSON."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConversionError
from ..project import check_named, compile_doc, documents, lint_compiled
from .resolve import Emitted


def run(
    spec: Path,
    api: str | None = None,
    resolved: bool = False,
    document: int | None = None,
    config: Path | None = None,
    no_config: bool = False,
) -> Emitted:
    """Lint ``spec``; if it has no error, compile its (chosen) document to ``api`` (None: its own), and
    lint a request converted to the other API in that API."""
    from ..compile import dumps
    from ..dialects import detect_dialect

    checked, warnings = check_named(spec, config, no_config)
    emitted = Emitted(checked, warnings)
    if not checked.ok:
        return emitted
    try:
        docs = documents(checked, document)
        if len(docs) != 1:
            raise ConversionError(f"{spec} holds {len(docs)} documents; choose one with --document N")
        request, target = compile_doc(docs[0], checked.config, api, resolved)
        text = dumps(request)
    except ConversionError as exc:
        emitted.error = ConversionError(f"{spec}: {exc}")
        return emitted
    if target != detect_dialect(docs[0].data)[0]:
        # The converted request meets the other API's rules for the first time.
        emitted.converted = lint_compiled(str(spec), text, checked.config, target)
    emitted.text = text
    return emitted
