"""One-click model deployment (A7): how the endpoint gets its name.

`ModelDeployConfig` is the same structure in V1 and V2. Whether the endpoint already exists needs an
AWS call and is left to the live checks.
"""

from __future__ import annotations

from ..facts import DEFAULT_AUTO_GENERATE_ENDPOINT_NAME
from ..findings import Problem, Severity
from ..paths import FieldPath
from ..suggest import hyphen_name
from ._rule import RuleContext, rule

_DEPLOY = FieldPath(("ModelDeployConfig",))
_AUTO = _DEPLOY / "AutoGenerateEndpointName"
_NAME = _DEPLOY / "EndpointName"


@rule("AML501", "endpoint-name-xor", Severity.ERROR)
def endpoint_name_xor(ctx: RuleContext):
    """`EndpointName` set together with `AutoGenerateEndpointName: true`.

    ## What it does
    Reports `ModelDeployConfig.EndpointName` when `AutoGenerateEndpointName` is true.

    ## Why
    "If you set AutoGenerateEndpointName to True, do not specify the EndpointName; otherwise a 400 error
    is thrown." moto enforces it too.

    ## Example
    ```yaml
    ModelDeployConfig:
      AutoGenerateEndpointName: true
      EndpointName: churn-tabular-v2
    ```

    ## Use instead
    ```yaml
    ModelDeployConfig:
      EndpointName: churn-tabular-v2
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelDeployConfig.html
    """
    spec = ctx.spec
    if spec.get(_AUTO, bool) is not True or spec.get(_NAME, str) is None:
        return
    yield Problem(
        _NAME,
        f"{_NAME} must not be set when {_AUTO.leaf} is true; remove EndpointName to let SageMaker name the"
        f" endpoint, or remove {_AUTO.leaf} (it defaults to false) to keep '{spec.get(_NAME)}'",
        anchor="key",
    )


@rule("AML502", "endpoint-name-required", Severity.ERROR)
def endpoint_name_required(ctx: RuleContext):
    """A `ModelDeployConfig` that neither names the endpoint nor asks for a generated name.

    ## What it does
    Reports a `ModelDeployConfig` without `EndpointName` whose `AutoGenerateEndpointName` is false or
    not set (the default is false). The message proposes an endpoint name made from the job name.

    ## Why
    "Specify the EndpointName if and only if you set AutoGenerateEndpointName to False; otherwise a 400
    error is thrown." Reading "if and only if" as "EndpointName is required when the flag is false" is
    inferred.

    ## Example
    ```yaml
    # unset: ModelDeployConfig.EndpointName
    ModelDeployConfig:
      AutoGenerateEndpointName: false
    ```

    ## Use instead
    ```yaml
    # unset: ModelDeployConfig.EndpointName
    ModelDeployConfig:
      AutoGenerateEndpointName: true
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelDeployConfig.html
    """
    spec = ctx.spec
    config = spec.get(_DEPLOY, dict)
    if config is None or "EndpointName" in config:
        return
    flag = config.get("AutoGenerateEndpointName", DEFAULT_AUTO_GENERATE_ENDPOINT_NAME)
    if flag is not False:
        return  # true, or a wrong type (AML103)
    name = spec.get(("AutoMLJobName",), str)
    guess = hyphen_name(name, 63) if name else None
    state = f"{_AUTO.leaf} is false" if _AUTO.leaf in config else f"{_AUTO.leaf} is not set (default false)"
    yield Problem(
        _NAME,
        f"{_DEPLOY} has no EndpointName and {state}; set EndpointName"
        + (f" (for example '{guess}')" if guess else "")
        + f" or {_AUTO.leaf}: true",
        suggestion=guess,
    )
