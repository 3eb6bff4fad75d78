"""Text generation / LLM fine-tuning (V2): the base model, its hyperparameters and its licence.

The length and character set of hyperparameter keys and values, and a number where a string is
needed, are model constraints (AML103, AML105, AML106). The objective (fixed for text generation) is
an objective rule; the data checks (columns, row limits, context length) need S3.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from ..dialects import TEXT_GENERATION
from ..facts import BASE_MODELS, HYPERPARAMETERS
from ..findings import Problem, Severity
from ..spec import Spec
from ..suggest import closest
from ._rule import RuleContext, rule

# The model's own limits on a value (AML105/AML106 report a value outside them). Strings compiled by re's
# cache when a text generation spec has hyperparameters (issue 26: not on every lint).
_VALUE_FORM = r"[a-zA-Z0-9._-]{1,16}"
_INTEGER = r"-?\d+"
_INTEGRAL_FLOAT = r"-?\d+\.0*"


def _textgen(spec: Spec) -> bool:
    return not spec.is_v1 and spec.problem_kind == TEXT_GENERATION


@rule("AML730", "base-model-known", Severity.ERROR, fixes="unsafe")
def base_model_known(ctx: RuleContext) -> Iterator[Problem]:
    """`BaseModelName` is not one of the models Autopilot can fine-tune.

    ## What it does
    Checks `TextGenerationJobConfig.BaseModelName` against the documented list (Dolly3B, Dolly7B,
    Dolly12B, Falcon7B, Falcon7BInstruct, Falcon40B, Falcon40BInstruct, FlanT5L, FlanT5XL, FlanT5XXL,
    Llama2-7B, Llama2-7BChat, Llama2-13B, Llama2-13BChat, Mistral7B, Mistral7BInstruct, MPT7B,
    MPT7BInstruct) and names the model you probably meant (`llama2-7b` -> `Llama2-7B`).

    ## Why
    The job is rejected for a model Autopilot does not offer, after the request was accepted by the
    client. AWS may add models after this list was written: if you use one, lower this rule's severity
    or ignore it in `.automlspec.yaml` (`severity: {base-model-known: warning}`). Omitting the field
    fine-tunes the default, Falcon7BInstruct.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        BaseModelName: llama2-7b-chat
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        BaseModelName: Llama2-7BChat
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TextGenerationJobConfig.html
    """
    spec = ctx.spec
    if not _textgen(spec):
        return
    name = spec.field(spec.problem_config_path / "BaseModelName", str)
    if name is None or name.value in BASE_MODELS:
        return
    guess = closest(name.value, BASE_MODELS)
    yield Problem(
        name.path,
        f"{name.path} '{name.value}' is not a model Autopilot fine-tunes"
        + (
            ""
            if guess
            else f" (known models: {', '.join(BASE_MODELS)}); if AWS has added it"
            " since, lower this rule's severity (base-model-known) in .automlspec.yaml"
        ),
        suggestion=guess,
    )


@rule("AML731", "hyperparameter-keys", Severity.WARNING, fixes="unsafe")
def hyperparameter_keys(ctx: RuleContext) -> Iterator[Problem]:
    """`TextGenerationHyperParameters` has a key other than the four documented ones.

    ## What it does
    Reports a key of `TextGenerationHyperParameters` that is not `epochCount`, `batchSize`,
    `learningRate` or `learningRateWarmupSteps`, and names the one you probably meant
    (`epochs` -> `epochCount`, `learning_rate` -> `learningRate`).

    ## Why
    The API documents exactly these four. The model allows any key, so a misspelt one is not caught
    by the client and the setting you meant is most likely not applied (inferred: whether the service
    rejects or ignores an unknown key is unverified).

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        TextGenerationHyperParameters:
          epochs: "3"
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        TextGenerationHyperParameters:
          epochCount: "3"
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TextGenerationJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-set-hyperparameters.html
    """
    spec = ctx.spec
    if not _textgen(spec):
        return
    path = spec.problem_config_path / "TextGenerationHyperParameters"
    for key in spec.get(path, dict, {}):
        if not isinstance(key, str) or key in HYPERPARAMETERS:
            continue
        guess = closest(key, HYPERPARAMETERS)
        yield Problem(
            path / key,
            f"{path} has the key '{key}', which is not a documented hyperparameter"
            + ("" if guess else f" (documented: {', '.join(HYPERPARAMETERS)})"),
            suggestion=guess,
            anchor="key",
        )


def _range_problem(kind: type, low: float, high: float, text: str) -> tuple[str, str | None] | None:
    """(what is wrong, suggested value) for a hyperparameter value, or None when it is fine."""
    bounds = f"from {low:g} to {high:g}"
    if kind is int:
        if re.fullmatch(_INTEGER, text):
            number = int(text)
            if low <= number <= high:
                return None
            return f"is out of range; it must be a whole number {bounds}", str(int(min(max(number, low), high)))
        if re.fullmatch(_INTEGRAL_FLOAT, text):
            whole = int(text.split(".")[0])
            fix = str(whole) if low <= whole <= high else None
            return f"must be a whole number {bounds}, without a decimal point", fix
        return f"is not a whole number; it must be a whole number {bounds}", None
    try:
        decimal = float(text)
    except ValueError:
        return f"is not a number; it must be a decimal number {bounds}", None
    if not math.isfinite(decimal):
        return f"is not a number; it must be a decimal number {bounds}", None
    if low <= decimal <= high:
        return None
    return f"is out of range; it must be a decimal number {bounds}", None


@rule("AML732", "hyperparameter-ranges", Severity.ERROR, fixes="unsafe")
def hyperparameter_ranges(ctx: RuleContext) -> Iterator[Problem]:
    """A text-generation hyperparameter value is outside its documented range.

    ## What it does
    Checks the four documented hyperparameters, each a string: `epochCount` a whole number 1-10,
    `batchSize` a whole number 1-64, `learningRate` a decimal number 0-1, `learningRateWarmupSteps` a
    whole number 0-250. A YAML number where the string is needed is reported by AML103, and a value
    over 16 characters or with other characters by AML105/AML106.

    ## Why
    The API gives these ranges; the model only limits the text to 16 characters, so an out-of-range
    value reaches the service and the job is rejected.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        TextGenerationHyperParameters:
          epochCount: "20"
          batchSize: "128"
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        TextGenerationHyperParameters:
          epochCount: "10"
          batchSize: "64"
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TextGenerationJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-set-hyperparameters.html
    """
    spec = ctx.spec
    if not _textgen(spec):
        return
    path = spec.problem_config_path / "TextGenerationHyperParameters"
    for key, value in spec.get(path, dict, {}).items():
        limits = HYPERPARAMETERS.get(key)
        if limits is None or not isinstance(value, str) or not re.fullmatch(_VALUE_FORM, value):
            continue
        problem = _range_problem(*limits, value)
        if problem is None:
            continue
        what, fix = problem
        yield Problem(
            path / key,
            f"{path / key} '{value}' {what}, written as a string",
            suggestion=fix,
        )


def _needs_eula(model: str) -> bool:
    """Llama 2 models need the licence accepted ("LLAMA2 requires to accept EULA": the SageMaker Python SDK,
    https://github.com/aws/sagemaker-python-sdk/blob/132fb947714c46c40e71163a39bcc15668c327c4/src/sagemaker/automl/automlv2.py). Matched
    loosely (llama2-7b, Llama-2-13B) so a misspelt name still gets this finding next to AML730's."""
    return re.sub(r"[^a-z0-9]", "", model.lower()).startswith("llama2")


@rule("AML733", "eula", Severity.ERROR, fixes="unsafe")
def eula(ctx: RuleContext) -> Iterator[Problem]:
    """A Llama 2 base model needs `ModelAccessConfig.AcceptEula: true`.

    ## What it does
    Reports a `TextGenerationJobConfig` whose `BaseModelName` is a Llama 2 model (`Llama2-7B`,
    `Llama2-7BChat`, `Llama2-13B`, `Llama2-13BChat`) without `ModelAccessConfig.AcceptEula` set to
    `true`. A `ModelAccessConfig` without `AcceptEula` is reported by AML101.

    ## Why
    Llama 2 is distributed under Meta's licence, which the job must accept explicitly: "The AcceptEula
    value must be explicitly defined as True". The SageMaker Python SDK names Llama 2 as a model that
    requires it. Which other base models need the EULA is unverified, so only Llama 2 is checked.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        BaseModelName: Llama2-13BChat
        ModelAccessConfig:
          AcceptEula: false
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        BaseModelName: Llama2-13BChat
        ModelAccessConfig:
          AcceptEula: true
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelAccessConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TextGenerationJobConfig.html
    - aws/sagemaker-python-sdk `src/sagemaker/automl/automlv2.py` (AutoMLTextGenerationConfig docstring)
    """
    spec = ctx.spec
    if not _textgen(spec):
        return
    name = spec.field(spec.problem_config_path / "BaseModelName", str)
    if name is None or not _needs_eula(name.value):
        return
    access_path = spec.problem_config_path / "ModelAccessConfig"
    if spec.field(access_path) is None:
        yield Problem(
            access_path,
            f"{name.path} '{name.value}' is a Llama 2 model, whose licence (EULA) must be accepted: add"
            f" {access_path.leaf} with AcceptEula: true",
        )
        return
    accept = spec.field(access_path / "AcceptEula", bool)
    if accept is not None and accept.value is False:
        yield Problem(
            accept.path,
            f"{accept.path} is false, but '{name.value}' is a Llama 2 model whose licence (EULA) must be"
            " accepted; set it to true (after reviewing the licence) or choose another base model",
            suggestion="true",
        )
