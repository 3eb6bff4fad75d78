"""atheris (libFuzzer) target for the spec loader: bytes -> automlspec.source.load_bytes -> findings.

The loader's contract (README "Bounds", issue 13): for any bytes it returns a SourceFile whose faults are
findings with a line and column inside the file as editors count it; it never raises. So every exception
is a crash here, and so is a finding placed outside the file. A native crash (the SIGSEGV that 30,000
nested `[` once caused in libyaml's composer) or a hang is caught by libFuzzer itself.

In the suite (tests/test_fuzz.py): 2,000 runs mutated from specs/ and tests/cases/, about ten seconds of CPU
(a mutated spec that libyaml rejects goes through the pure-Python parser: about 150 runs a second). On
demand, ten minutes:

    mkdir -p /tmp/corpus && python fuzz/fuzz_loader.py -max_total_time=600 -max_len=65536 /tmp/corpus specs tests/cases

(the first folder receives the inputs that reach new code; crashes are written to
./crash-*, and `python fuzz/fuzz_loader.py crash-FILE` replays one.)
"""

from __future__ import annotations

import sys

import atheris

# Only automlspec is instrumented: coverage of ruamel's pure-Python parser would slow every run fivefold,
# and its C parser (libyaml) cannot be instrumented from Python anyway.
with atheris.instrument_imports(include=["automlspec"]):
    from automlspec.source import _LINE_BREAK, load_bytes


def check(data: bytes) -> None:
    loaded = load_bytes("fuzz.yaml", data)
    lines = _LINE_BREAK.split(loaded.text)  # editor lines; a final newline opens one more, empty, line
    for fault in loaded.findings:
        span = fault.span
        if not (1 <= span.line <= len(lines) and 1 <= span.column <= len(lines[span.line - 1]) + 1):
            raise AssertionError(f"{fault.rule} at {span.line}:{span.column} is outside the file ({len(lines)} lines)")
    for doc in loaded.docs:
        if not isinstance(doc.data, dict):
            raise AssertionError(f"document {doc.index} is a {type(doc.data).__name__}, not a mapping")


def main(argv: list[str]) -> None:
    atheris.Setup(argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
