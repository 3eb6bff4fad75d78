"""The import graph of automlspec has no cycle and nothing imports upward.

Every module belongs to one layer below; a module may import modules of its own layer or of a lower one,
never of a higher one, and (within a layer too) no chain of imports comes back to where it started.
Imports inside functions count: they are lazy for speed, not to hide a dependency. A new module must be
placed here, which is the moment to decide what it may depend on.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "automlspec"

# Bottom to top. Names are relative to the package ("" is automlspec/__init__.py).
LAYERS: tuple[tuple[str, ...], ...] = (
    # values and I/O primitives that know nothing about specs
    (
        "",
        "errors",
        "paths",
        "findings",
        "terminal",
        "storage",
        "yamlio",
        "model",
        "hooks",
        "resources",
        "parquet",
        "repository",
        "progress",
    ),
    # AWS facts, the two dialects, the YAML source, file writing, AWS clients
    (
        "dialects",
        "facts",
        "source",
        "pyproject",
        "suggest",
        "regions",
        "writer",
        "schema",
        "dataset",
        "aws",
        "aws.s3",
        "aws.sagemaker",
        "aws.service_quotas",
        "aws.tagging",
    ),
    # a spec in either dialect, and its pure conversion into a request
    ("spec", "compile", "resolve"),
    # the rules
    (
        "rules._rule",
        "rules.channels",
        "rules.classification",
        "rules.config_rules",
        "rules.data_checks",
        "rules.deployment",
        "rules.document",
        "rules.identity",
        "rules.limits",
        "rules.objective",
        "rules.output",
        "rules.suppression",
        "rules.textgen",
        "rules.timeseries",
        "rules.training",
        "rules",
        "rules_doc",
    ),
    # what a configuration adds to the rules: declarative policies, and rules from installed plugins
    ("policy", "plugins"),
    ("config",),
    ("walk",),
    # the rule runner, and the check that proves each suggestion it shows (soundness)
    ("soundness", "lint"),
    # THE pipeline: paths -> files -> configuration -> parsed specs -> lint phases -> compiled requests
    ("project",),
    # lint's pipeline in forked worker processes (`lint --jobs`)
    ("parallel",),
    # what commands do with linted specs
    (
        "scaffold",
        "jobs",
        "jobs.lifecycle",
        "jobs.request",
        "jobs.status",
        "jobs.leaderboard",
        "migrate",
        "fix",
    ),
    # plan and apply along terraform's seams: pure data at the bottom, the run that owns the sessions on top
    ("plan", "plan.options", "plan.diff"),
    ("plan.desired", "plan.observe", "plan.apply"),
    ("plan.planfile", "plan.operation"),
    # live jobs for status, candidates and import (readers and their drawing)
    ("plot", "results", "importer"),
    # every byte of output: one view per command's result, the findings formats, the terminal's edge
    (
        "views",
        "views.console",
        "views.formats",
        "views.tables",
        "views.progress",
        "views.findings",
        "views.findings.concise",
        "views.findings.json_format",
        "views.findings.text",
        "views.findings.github",
        "views.findings.sarif",
        "views.findings.junit",
        "views.findings.statistics",
        "views.lint",
        "views.requests",
        "views.init",
        "views.migrate",
        "views.rules",
        "views.plan",
        "views.apply",
        "views.show",
        "views.status",
        "views.candidates",
        "views.imports",
        "views.policy",
    ),
    # the language server: documents, the workspace linted as `lint` lints it, field knowledge, quick fixes
    ("server", "server.documents", "server.cursor", "server.fields", "server.session", "server.actions"),
    ("server.lsp",),  # the only module that imports pygls and lsprotocol (the server extra)
    # one module per verb: options in, a typed result out; never prints, never exits
    (
        "commands",
        "commands.lint",
        "commands.resolve",
        "commands.compile",
        "commands.init",
        "commands.migrate",
        "commands.rules",
        "commands.plan",
        "commands.apply",
        "commands.show",
        "commands.status",
        "commands.candidates",
        "commands.imports",
        "commands.server",
        "commands.policy",
    ),
    # typer options -> commands.<verb> -> views.<verb> -> exit code
    ("cli", "__main__"),
)
LAYER = {name: index for index, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    base = PACKAGE.joinpath(*name.split(".")) if name else PACKAGE
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports(path: Path) -> set[str]:
    """The package modules ``path`` imports, anywhere in the file."""
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".") if package else []
                base = parts[: len(parts) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and (node.module == "automlspec" or node.module.startswith("automlspec.")):
                target = node.module.removeprefix("automlspec").lstrip(".")
            else:
                continue
            for alias in node.names:
                child = f"{target}.{alias.name}" if target else alias.name
                found.add(child if is_module(child) else target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "automlspec" or alias.name.startswith("automlspec."):
                    found.add(alias.name.removeprefix("automlspec").lstrip("."))
    found.discard(own)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer() -> None:
    missing = sorted(name for name in graph() if name not in LAYER)
    assert not missing, f"place these modules in a layer of tests/test_import_graph.py: {missing}"


def test_nothing_imports_upward() -> None:
    upward = [
        f"{name} (layer {LAYER[name]}) imports {dep} (layer {LAYER[dep]})"
        for name, deps in graph().items()
        for dep in sorted(deps)
        if name in LAYER and dep in LAYER and LAYER[dep] > LAYER[name]
    ]
    assert not upward, "\n".join(upward)


def test_no_import_cycle() -> None:
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in sorted(edges.get(name, ())):
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_checker_sees_lazy_and_relative_imports() -> None:
    found = imports(PACKAGE / "project.py")
    assert {"lint", "compile", "resolve"} <= found
    assert "rules.limits" in imports(PACKAGE / "scaffold.py")  # a lazy import inside a function
