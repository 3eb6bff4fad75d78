"""Image and text classification (V2).

The content types and S3 data types per problem type, the Accuracy-only objective and MaxCandidates=1
are checked by the channel, objective and training rules; what remains here is specific to
TextClassificationJobConfig.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..dialects import TEXT_CLASSIFICATION
from ..findings import Problem, Severity
from ._rule import RuleContext, rule


@rule("AML701", "textcls-columns-differ", Severity.ERROR)
def text_columns_differ(ctx: RuleContext) -> Iterator[Problem]:
    """`ContentColumn` and `TargetLabelColumn` must be different columns.

    ## What it does
    Reports a `TextClassificationJobConfig` whose `ContentColumn` (the text to classify) and
    `TargetLabelColumn` (the label) name the same column. Names are compared exactly: column names
    are case sensitive.

    ## Why
    The API says of each: "It should not be the same as the target column" / "as the content column".
    A model cannot learn a label from the label itself.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextClassificationJobConfig:
        ContentColumn: queue
        TargetLabelColumn: queue
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextClassificationJobConfig:
        ContentColumn: body
        TargetLabelColumn: queue
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TextClassificationJobConfig.html
    """
    spec = ctx.spec
    if spec.is_v1 or spec.problem_kind != TEXT_CLASSIFICATION:
        return
    content = spec.field(spec.problem_config_path / "ContentColumn", str)
    label = spec.field(spec.problem_config_path / "TargetLabelColumn", str)
    if content and label and content.value and content.value == label.value:  # blank: AML105's finding
        yield Problem(
            label.path,
            f"{label.path} '{label.value}' is also the ContentColumn; the label column must be a different column"
            " from the text being classified",
        )
