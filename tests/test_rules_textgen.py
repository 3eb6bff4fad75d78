"""Text-generation and text-classification rules: the suggestions a case file cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest

from automlspec.config import Config
from automlspec.lint import lint_text

SPECS = Path(__file__).resolve().parent.parent / "specs"
LLM = (SPECS / "support-llm-textgen-v2.yaml").read_text("utf-8")


def _findings(old: str, new: str):
    assert old in LLM
    return [(f.rule, f.suggestion) for f in lint_text("spec.yaml", LLM.replace(old, new, 1), Config())]


@pytest.mark.parametrize(
    "written, meant",
    [
        ("llama2-7b", "Llama2-7B"),
        ("Llama-2-7b-chat", "Llama2-7BChat"),
        ("falcon-7b-instruct", "Falcon7BInstruct"),
        ("flan-t5-xl", "FlanT5XL"),
        ("mistral-7b", "Mistral7B"),
        ("mpt7b", "MPT7B"),
        ("Dolly-v2-12B", "Dolly12B"),
    ],
)
def test_base_model_did_you_mean(written: str, meant: str) -> None:
    found = _findings("BaseModelName: Llama2-7BChat", f"BaseModelName: {written}")
    assert ("AML730", meant) in found


@pytest.mark.parametrize(
    "written, meant",
    [
        ("epochs", "epochCount"),
        ("epoch_count", "epochCount"),
        ("batch_size", "batchSize"),
        ("learning_rate", "learningRate"),
        ("warmup_steps", "learningRateWarmupSteps"),
    ],
)
def test_hyperparameter_key_did_you_mean(written: str, meant: str) -> None:
    found = _findings(f'{meant}: "', f'{written}: "')
    assert found == [("AML731", meant)]


def test_eula_follows_the_model_not_the_default() -> None:
    without = LLM.replace("    ModelAccessConfig:\n      AcceptEula: true\n", "")
    assert [f.rule for f in lint_text("spec.yaml", without, Config())] == ["AML733"]
    falcon = without.replace("BaseModelName: Llama2-7BChat", "BaseModelName: Falcon7BInstruct")
    assert lint_text("spec.yaml", falcon, Config()) == []
    default = without.replace("    BaseModelName: Llama2-7BChat\n", "")
    assert lint_text("spec.yaml", default, Config()) == []


def test_text_classification_columns_must_differ() -> None:
    text = (
        (SPECS / "ticket-routing-textcls-v2.yaml")
        .read_text("utf-8")
        .replace("ContentColumn: body", "ContentColumn: queue")
    )
    assert [f.rule for f in lint_text("spec.yaml", text, Config())] == ["AML701"]
