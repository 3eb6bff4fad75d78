"""The language server's findings are `automlspec lint`'s, byte for byte (issue 25): the same configuration
per file, rules, messages, spans, order and cap, with cross-file rules over open and unopened files of
each workspace folder, and nothing at all for YAML files that are not specs (automlspec/server/session.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from automlspec.project import lint_paths
from automlspec.server.documents import uri_of
from automlspec.server.session import Session, named_paths
from automlspec.views.findings import MAX_FINDINGS, capped

ROOT = Path(__file__).resolve().parent.parent
SPEC = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")


def _indexed(*roots: Path, **options) -> Session:
    session = Session(roots, **options)
    while not session.index():
        pass
    return session


def _lint_json(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[dict]]:
    """`automlspec lint` run in ``root``, as its JSON output lists each file's findings."""
    monkeypatch.chdir(root)
    by_file: dict[str, list] = {}
    for finding in capped(lint_paths(["."]).findings, MAX_FINDINGS):
        by_file.setdefault(finding.file, []).append(finding.to_json())
    return by_file


def _check(session: Session, path: Path, text: str | None = None, version: int = 1):
    return session.check(uri_of(path), version, path.read_text("utf-8") if text is None else text)[0]


def _project(tmp_path: Path) -> Path:
    """A folder with what a real repository has: a configuration with defaults, severities and an exclude,
    suppression comments (used and unused), a name used twice across files, a multi-document file, a
    file past the findings cap, a non-spec YAML file and an excluded one."""
    root = tmp_path / "project"
    (root / "team" / "vendor").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".automlspec.yaml").write_text(
        "severity:\n  AML206: info\nexclude: [team/vendor]\ndefaults:\n  Tags:\n    - Key: owner\n      Value: ml\n",
        "utf-8",
    )
    shutil.copy(ROOT / "specs" / "churn-binary-v1.yaml", root / "churn.yaml")
    (root / "team" / "copy.yaml").write_text(
        SPEC.replace("CompressionType: None", "CompressionType: gzip  # automlspec: ignore[AML2, AML104]"), "utf-8"
    )
    (root / "team" / "two.yaml").write_text(
        SPEC.replace("churn-binary-v1", "churn-two") + "---\n" + SPEC.replace("churn-binary-v1", "Churn-Two"), "utf-8"
    )
    (root / "team" / "vendor" / "skipped.yaml").write_text("AutoMLJobName: [\n", "utf-8")
    (root / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n", "utf-8")
    bad_tags = "".join(f"  - Key: k{i}\n    Value: '{i}'\n    Bad{i}: x\n" for i in range(120))
    (root / "many.yaml").write_text(SPEC.replace("churn-binary-v1", "many") + bad_tags, "utf-8")
    return root


@pytest.mark.parametrize("folder", ["specs", "tests/cases", "project"])
def test_findings_are_lints_byte_for_byte(folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path) if folder == "project" else ROOT / folder
    wanted = _lint_json(root, monkeypatch)
    session = _indexed(root)
    files = sorted(p for p in root.rglob("*.y*ml") if ".git" not in p.parts and p.name != ".automlspec.yaml")
    assert files
    for path in files:
        checked = _check(session, path)
        name = path.relative_to(root).as_posix()
        if checked.is_spec:
            assert [f.to_json() for f in checked.findings] == wanted.get(name, []), name
        elif name in wanted:  # lint's "not a spec" finding, which an editor must not show on every YAML file
            assert [(f["rule"], "not a CreateAutoMLJob" in f["message"]) for f in wanted[name]] == [("AML008", True)]
        else:  # excluded by the configuration: lint skips it too
            assert checked.findings == ()
    if folder == "project":
        assert any(f["rule"] == "AML520" for f in wanted["churn.yaml"])  # the cross-file rule ran
        assert any(f["rule"] == "AML009" for f in wanted["many.yaml"])  # the cap
        assert any(f["rule"] == "AML902" for f in wanted["team/copy.yaml"])  # an unused selector


def test_a_yaml_file_that_is_not_a_spec_gets_nothing(tmp_path: Path) -> None:
    session = _indexed(tmp_path)
    for name, text in {
        "compose.yaml": "services:\n  web:\n    image: nginx\n",
        "workflow.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
        "broken.yaml": "services: [web\n",
        "empty.yaml": "",
        "list.yaml": "- a\n- b\n",
        "typing.yaml": "AutoMLJobNa",
    }.items():
        checked = _check(session, tmp_path / name, text)
        assert not checked.is_spec and checked.findings == (), name
    broken_spec = _check(session, tmp_path / "spec.yaml", "AutoMLJobName: x\nTags: [\n")
    assert broken_spec.is_spec and {f.rule for f in broken_spec.findings} == {"AML001"}


def test_files_lint_would_not_walk_get_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    session = _indexed(root)
    broken = "AutoMLJobName: [\n"
    for path in (root / "team" / "vendor" / "skipped.yaml", root / ".hidden" / "x.yaml", root / ".automlspec.yaml"):
        assert _check(session, path, broken).findings == (), path
    outside = _check(session, tmp_path / "elsewhere.yaml", broken)  # outside every folder: `lint FILE`
    assert outside.name == str(tmp_path / "elsewhere.yaml") and outside.findings


def test_cross_file_rules_see_open_and_unopened_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SPEC, "utf-8")
    (tmp_path / "b.yaml").write_text(SPEC.replace("churn-binary-v1", "Churn-Binary-V1"), "utf-8")
    session = _indexed(tmp_path)
    checked = _check(session, tmp_path / "a.yaml")
    clash = [f for f in checked.findings if f.rule == "AML520"]
    assert len(clash) == 1 and "b.yaml as 'Churn-Binary-V1'" in clash[0].message
    related = checked.related[checked.findings.index(clash[0])]
    assert [(r.uri, r.span.line) for r in related] == [(uri_of(tmp_path / "b.yaml"), 2)]

    other = _check(session, tmp_path / "b.yaml")  # both open now
    assert any(f.rule == "AML520" for f in other.findings)
    renamed = SPEC.replace("churn-binary-v1", "churn-renamed")
    checked, changed = session.check(uri_of(tmp_path / "a.yaml"), 2, renamed)
    assert not any(f.rule == "AML520" for f in checked.findings)
    assert changed == [uri_of(tmp_path / "b.yaml")]  # b's clash is gone: the server checks b again
    assert not any(f.rule == "AML520" for f in _check(session, tmp_path / "b.yaml").findings)

    assert session.close(uri_of(tmp_path / "a.yaml")) == [uri_of(tmp_path / "b.yaml")]
    while not session.index():
        pass
    assert any(f.rule == "AML520" for f in _check(session, tmp_path / "b.yaml").findings)  # a as on disk again


def test_each_workspace_folder_is_its_own_run(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for root in (one, two):
        (root / "specs").mkdir(parents=True)
        (root / "specs" / "churn.yaml").write_text(SPEC, "utf-8")
    session = _indexed(one, two)
    checked = _check(session, one / "specs" / "churn.yaml")
    assert checked.name == "specs/churn.yaml"
    assert not any(f.rule == "AML520" for f in checked.findings)  # the same name in another folder: another run


def test_a_configuration_change_is_picked_up(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    path = tmp_path / "churn.yaml"
    text = SPEC.replace("CompressionType: None", "CompressionType: gzip")
    session = _indexed(tmp_path)
    assert "AML104" in {f.rule for f in _check(session, path, text).findings}
    assert not session.configuration_stale()
    config = tmp_path / ".automlspec.yaml"
    config.write_text("ignore: [AML104]\n", "utf-8")
    assert session.configuration_stale()  # a client that watches no files: seen on the next save
    assert session.files_changed([config]) is True  # every open document must be checked again
    assert "AML104" not in {f.rule for f in _check(session, path, text).findings}
    assert not session.configuration_stale()
    config.write_text("ignore: [AML104, AML206]\n", "utf-8")
    assert session.configuration_stale()
    spec_change = session.files_changed([tmp_path / "other.yaml"])
    assert spec_change is False


def test_yaml_syntax_can_be_left_to_yaml_language_server(tmp_path: Path) -> None:
    text = "AutoMLJobName: x\nTags: [\n"
    assert {f.rule for f in _check(_indexed(tmp_path), tmp_path / "a.yaml", text).findings} == {"AML001"}
    assert _check(_indexed(tmp_path, report_syntax=False), tmp_path / "a.yaml", text).findings == ()


def test_related_information_points_at_the_fields_a_message_compares(tmp_path: Path) -> None:
    text = SPEC.replace(
        "  Mode: ENSEMBLING",
        "  Mode: AUTO\n  CandidateGenerationConfig:\n    AlgorithmsConfig:\n      - AutoMLAlgorithms: [xgboost]",
    )
    checked = _check(_indexed(tmp_path), tmp_path / "a.yaml", text)
    (index,) = [i for i, f in enumerate(checked.findings) if f.rule == "AML401"]
    related = checked.related[index]
    assert [str(r.message) for r in related] == [
        "AutoMLJobConfig.CandidateGenerationConfig.AlgorithmsConfig (named in the message)"
    ]
    assert related[0].span.line == text.splitlines().index("    AlgorithmsConfig:") + 1


def test_named_paths_reads_request_paths_from_messages() -> None:
    message = "InputDataConfig[0].ContentType 'x' with AutoMLJobConfig.Mode AUTO; see ProblemType or 'Gzip'"
    assert [str(p) for p in named_paths(message)] == [
        "InputDataConfig[0].ContentType",
        "AutoMLJobConfig.Mode",
        "AUTO",
        "ProblemType",
    ]
