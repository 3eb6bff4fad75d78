"""Faults of the file itself: YAML syntax, encoding, shape of the document, dialect.

The loader (automlspec.source) and lint.py emit these; a file with such a fault gets no other
finding for the affected document.
"""

from __future__ import annotations

from ..findings import Severity
from ._rule import declare

_YAML_SPEC = "https://yaml.org/spec/1.2.2/"
_CLI = "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html"

INTERNAL_ERROR = declare(
    "AML000",
    "internal-error",
    Severity.ERROR,
    """
    A rule failed on this spec; this is a bug in automlspec, not in the spec.

    ## What it does
    Reports the rule that raised and the exception, instead of a traceback, so the other rules' findings
    still reach you. Please report it with the spec that caused it.

    ## Why
    Bad input must never stop the linter without telling you what was and was not checked.

    ## Source
    - automlspec
    """,
    example_kind="none",
)

YAML_SYNTAX = declare(
    "AML001",
    "yaml-syntax",
    Severity.ERROR,
    f"""
    The file is not valid YAML, or uses a YAML feature the AWS CLI does not accept (custom tags).

    ## What it does
    Reports the parser's error at the line and column where it was found.

    ## Why
    `aws sagemaker create-auto-ml-job --cli-input-yaml` cannot read the file at all.

    ## Example
    ```yaml
    AutoMLJobName: churn
    Tags: [{{Key: team, Value: ml}}
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn
    Tags: [{{Key: team, Value: ml}}]
    ```

    ## Source
    - {_YAML_SPEC}
    """,
    example_kind="raw",
)

YAML_TAB = declare(
    "AML002",
    "yaml-tab",
    Severity.ERROR,
    rf"""
    A tab character where YAML requires spaces.

    ## What it does
    Reports a tab used for indentation, which YAML forbids.

    ## Why
    The file cannot be parsed; editors often hide the difference.

    ## Example
    (`\t` stands for a tab character.)
    ```yaml
    OutputDataConfig:
    \tS3OutputPath: s3://ml-artifacts/out/
    ```

    ## Use instead
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://ml-artifacts/out/
    ```

    ## Source
    - {_YAML_SPEC} (section 6.1, "Indentation Spaces")
    """,
    example_kind="raw",
)

DUPLICATE_KEY = declare(
    "AML003",
    "duplicate-key",
    Severity.ERROR,
    f"""
    The same key twice in one mapping.

    ## What it does
    Reports the second occurrence and the line of the first.

    ## Why
    YAML requires unique keys; parsers that accept duplicates keep only the last value, so the first
    one is silently lost.

    ## Example
    ```yaml
    AutoMLJobName: churn-v1
    AutoMLJobName: churn-v2
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn-v2
    ```

    ## Source
    - {_YAML_SPEC} (section 3.2.1.1, "mapping keys are unique")
    """,
    example_kind="raw",
)

NOT_A_MAPPING = declare(
    "AML004",
    "spec-not-a-mapping",
    Severity.ERROR,
    f"""
    The document is a list or a single value, not a mapping of request fields.

    ## What it does
    Reports a document whose top level is not a mapping.

    ## Why
    A spec is the `CreateAutoMLJob` or `CreateAutoMLJobV2` request, a mapping with `AutoMLJobName`,
    `RoleArn` and the other fields at its top level.

    ## Example
    ```yaml
    - AutoMLJobName: churn
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn
    ```

    ## Source
    - {_CLI}
    """,
    example_kind="raw",
)

EMPTY = declare(
    "AML005",
    "empty-document",
    Severity.ERROR,
    """
    The file (or one of its `---` documents) holds nothing.

    ## What it does
    Reports a file with no YAML document (an error), or an empty document among others (a warning).

    ## Why
    An empty spec file in a specs directory is almost always a mistake: a job that was meant to be
    declared is not.

    ## Example
    ```yaml
    # churn job: TODO
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn
    ```

    ## Source
    - automlspec
    """,
    example_kind="raw",
)

ENCODING = declare(
    "AML006",
    "invalid-encoding",
    Severity.ERROR,
    """
    The file is not valid UTF-8 text, or holds a character that YAML forbids or that hides what a line says.

    ## What it does
    Reports the first byte that cannot be decoded (and names UTF-32 files), with its line and column.
    Reports, at their own line and column: control characters (NUL, ESC, DEL, C1 controls), U+FFFE and
    U+FFFF, lone surrogates written as YAML escapes (`"\\ud800"`), bidirectional controls (U+202E and
    friends), and the line separators U+2028, U+2029 and U+0085 (NEL). The rest of the file is still
    checked, reading each such character as a space, so line numbers stay the ones your editor shows.

    ## Why
    The AWS CLI reads spec files as text; an undecodable byte usually means the file was saved in a
    legacy encoding such as Latin-1. YAML 1.1 parsers (libyaml, PyYAML, so the AWS CLI) end a line at
    U+2028, U+2029 and NEL, while YAML 1.2 parsers and editors do not: text after one inside a comment
    becomes a field that nobody sees in review. Bidirectional controls reorder what a reviewer sees
    ("Trojan Source"); compilers report them as errors too.

    ## Source
    - https://yaml.org/spec/1.2.2/#51-character-set
    - https://trojansource.codes/
    - https://yaml.org/spec/1.2.2/#52-character-encodings
    """,
    example_kind="none",
)

ALIAS_LIMIT = declare(
    "AML007",
    "yaml-expansion-limit",
    Severity.ERROR,
    """
    The file exceeds one of the loader's bounds: size, nesting, expansion through aliases, value length, digits.

    ## What it does
    Stops reading a file that is larger than 1 MiB, nests mappings and lists deeper than 64 levels
    (checked before the parser recurses), expands to more than 10,000 values through aliases and merge
    keys (`<<: *defaults`), holds a value longer than 65,536 characters or a number of more than 100
    digits; and reports aliases or merge keys that refer to themselves. A hostile or broken file (a
    "billion laughs" alias bomb, 30,000 nested `[`) costs bounded time and memory and never crashes
    the tool.

    ## Why
    A real Autopilot request has at most a few hundred values.

    ## Example
    ```yaml
    a: &a [x, x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: [*e, *e]
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn
    ```

    ## Source
    - https://en.wikipedia.org/wiki/Billion_laughs_attack
    """,
    example_kind="raw",
)

DIALECT = declare(
    "AML008",
    "dialect",
    Severity.ERROR,
    """
    A field of the other request (V1 or V2) in a spec, or a YAML document that is not a spec at all.

    ## What it does
    Tells the dialect by the majority of its keys: `InputDataConfig`, `ProblemType`, `AutoMLJobConfig`
    and `GenerateCandidateDefinitionsOnly` are `CreateAutoMLJob` (V1); `AutoMLJobInputDataConfig`,
    `AutoMLProblemTypeConfig`, `SecurityConfig`, `DataSplitConfig` and `AutoMLComputeConfig` are
    `CreateAutoMLJobV2`. Each key of the other dialect is reported on its line with where it belongs
    ("ProblemType belongs under AutoMLProblemTypeConfig.TabularJobConfig in a CreateAutoMLJobV2
    request"), and the rest of the spec is still checked, without it. As many keys of each, or none,
    cannot be told apart: one finding, and the document is not checked further. A document without a
    single request field (an `mkdocs.yml` that a pre-commit hook passed) gets a hint to narrow the
    hook's `files:` pattern (docs/pre-commit.md).

    ## Why
    Each API rejects the other's fields as unknown parameters.

    ## Example
    ```yaml
    AutoMLJobName: churn
    AutoMLJobInputDataConfig: []
    AutoMLProblemTypeConfig:
      TabularJobConfig: {TargetAttributeName: churned}
    ProblemType: BinaryClassification
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn
    AutoMLJobInputDataConfig: []
    AutoMLProblemTypeConfig:
      TabularJobConfig: {TargetAttributeName: churned, ProblemType: BinaryClassification}
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html#autopilot-create-experiment-api-migrate-v1-v2
    """,
    example_kind="raw",
    phase="document",
)
