"""Identity, encryption, network, naming and tags (A11): the checks that need no AWS call.

The model's patterns and lengths (role ARN, KMS key id characters, security group and subnet id
characters, S3 URI shape, tag characters, list sizes) are AML105-AML108 already; these rules look at
what the patterns let through. Whether a job name is taken in the account, whether buckets exist and
sit in the job's region, and the account's concurrency quota need AWS calls and are left to the live
checks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .. import model
from ..dialects import TABULAR, TIME_SERIES
from ..findings import Problem, Severity
from ..paths import FieldPath
from ..spec import Field, Spec
from ..suggest import closest
from ._rule import RuleContext, RunContext, rule

# ----- helpers ---------------------------------------------------------------------------------------

# AWS partitions (arn:<partition>:...). The role ARN pattern only requires `aws[a-z-]*`.
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")
_ARN = re.compile(r"arn:(?P<partition>[^:]*):(?P<service>[^:]*):(?P<region>[^:]*):(?P<account>[^:]*):(?P<resource>.*)")

# KmsKeyId forms listed by the API (OutputDataConfig.KmsKeyId, ResourceConfig.VolumeKmsKeyId docs):
# a key id (a UUID, or mrk-<32 hex> for a multi-Region key), a key ARN, alias/<name>, or an alias ARN.
_KEY_ID = r"(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})"
_ALIAS = r"alias/[a-zA-Z0-9/_-]+"
_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d+"
# compiled by re's cache when a spec names a KMS key (issue 26: not on every lint)
_KMS_FORMS = rf"{_KEY_ID}|{_ALIAS}|arn:aws[a-z-]*:kms:{_REGION}:\d{{12}}:(?:key/{_KEY_ID}|{_ALIAS})"


def _arn(value: str) -> re.Match | None:
    return _ARN.fullmatch(value) if isinstance(value, str) else None


def _passes_model(shape: str, value: str) -> bool:
    """True when the value meets the model's length and pattern (otherwise AML105/AML106 report it)."""
    entry = model.shape(shape)
    if entry.get("max") is not None and len(value) > entry["max"]:
        return False
    if entry.get("min") is not None and len(value) < entry["min"]:
        return False
    pattern = entry.get("pattern")
    return pattern is None or bool(model.compiled_pattern(pattern).fullmatch(value))


def _kms_keys(spec: Spec) -> Iterator[Field]:
    for path in (FieldPath(("OutputDataConfig", "KmsKeyId")), spec.security_config_path / "VolumeKmsKeyId"):
        found = spec.field(path, str)
        if found is not None:
            yield found


def _execution_role(spec: Spec) -> Field | None:
    if spec.is_v1:
        return None
    return spec.field(("AutoMLComputeConfig", "EmrServerlessComputeConfig", "ExecutionRoleARN"), str)


# S3 URLs: s3://bucket/key, and the https forms S3 documents (virtual-hosted and path style).
_S3_URI = re.compile(r"(?P<scheme>https|s3)://(?P<host>[^/]+)/?(?P<rest>.*)", re.S)
_HTTPS_HOST = (  # compiled on first use (an https:// S3 URL), as _KMS_FORMS
    r"(?:(?P<bucket>.+)\.)?s3(?:[.-](?:dualstack\.)?(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+))?\.amazonaws\.com(?:\.cn)?"
)


def _bucket_and_key(uri: str) -> tuple[str, str] | None:
    """(bucket, key) of an s3:// or S3 https:// URL; None when it names no bucket we can tell."""
    match = _S3_URI.fullmatch(uri)
    if match is None:
        return None
    if match["scheme"] == "s3":
        return match["host"], match["rest"]
    host = re.fullmatch(_HTTPS_HOST, match["host"].lower())
    if host is None:
        return None
    if host["bucket"]:
        return match["host"][: len(host["bucket"])], match["rest"]
    bucket, _, key = match["rest"].partition("/")  # path style: https://s3.<region>.amazonaws.com/<bucket>/<key>
    return (bucket, key) if bucket else None


# ----- naming ----------------------------------------------------------------------------------------


@rule("AML520", "job-name-unique-in-run", Severity.ERROR, scope="run")
def job_name_unique_in_run(ctx: RunContext):
    """Two specs of one run use the same `AutoMLJobName` in the same account and region, ignoring case.

    ## What it does
    Compares the job names of every spec linted together (all files and all YAML documents) without
    regard to case, and reports each spec whose name another spec bound for the same target also uses,
    naming the other file. Two specs go to different targets when their `RoleArn`s name different
    accounts, or their project configurations' `target:` name different regions or disjoint
    `allowed_account_ids` (docs/plan.md): `dev/churn.yaml` and `prod/churn.yaml` may share a name.

    ## Why
    A job name "must be unique to your account and is case insensitive", and there is no way to delete
    a job and free its name. Only the first of these specs could ever be created; the other fails with
    ResourceInUse. (Whether a name is already taken in your account needs an AWS call; the live checks
    do that.)

    ## Example
    ```yaml
    AutoMLJobName: churn-weekly
    ---
    AutoMLJobName: Churn-Weekly
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn-weekly
    ---
    AutoMLJobName: churn-weekly-eu
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJob.html
    """
    specs = ctx.specs
    groups: dict[str, list[tuple[Spec, Field]]] = defaultdict(list)
    for spec in specs:
        name = spec.name
        if name is not None and name.value:
            groups[name.value.lower()].append((spec, name))
    for group in groups.values():
        if len(group) < 2:
            continue
        for spec, name in group:
            clashes = [
                (other, theirs) for other, theirs in group if other is not spec and not _different_targets(spec, other)
            ]
            if not clashes:
                continue
            others = ", ".join(_where(other, theirs, spec, name) for other, theirs in clashes)
            yield Problem(
                name.path,
                f"AutoMLJobName '{name.value}' is also used by {others}; job names are unique per account"
                " and region regardless of case, so only one of these jobs can be created: rename one",
                file=spec.file,
                doc=spec.doc,
            )


def _accounts(spec: Spec) -> frozenset[str]:
    """The account(s) a spec's job lands in: RoleArn's account, else the target's allowed ids (empty: unknown)."""
    role = spec.get(("RoleArn",), str)
    match = _ARN.fullmatch(role) if role else None
    if match and match["account"].isdigit():
        return frozenset({match["account"]})
    return frozenset(spec.target[1]) if spec.target else frozenset()


def _different_targets(one: Spec, other: Spec) -> bool:
    """Known to go to different accounts or regions (unknown counts as the same: the safe side)."""
    regions = (one.target[0] if one.target else None, other.target[0] if other.target else None)
    if None not in regions and regions[0] != regions[1]:
        return True
    mine, theirs = _accounts(one), _accounts(other)
    return bool(mine and theirs and not mine & theirs)


def _where(other: Spec, theirs: Field, spec: Spec, mine: Field) -> str:
    if other.file == spec.file:
        place = f"document {other.doc + 1} of this file"
    else:
        place = other.file + (f" (document {other.doc + 1})" if other.doc else "")
    if theirs.value != mine.value:
        place += f" as '{theirs.value}'"
    return place


# ----- identity --------------------------------------------------------------------------------------


@rule("AML521", "role-arn-partition", Severity.WARNING, fixes="unsafe")
def role_arn_partition(ctx: RuleContext):
    """An ARN in an unknown AWS partition, or in a different partition from `RoleArn`.

    ## What it does
    Looks at the partition (`arn:<partition>:...`) of `RoleArn`, the EMR Serverless
    `ExecutionRoleARN` and KMS key ARNs: a partition that does not exist (`aws-cm`, `aws-gov`) is
    reported with the closest real one (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e,
    aws-iso-f, aws-eusc), and an ARN whose partition differs from `RoleArn`'s is reported too.

    ## Why
    The role ARN pattern accepts any `arn:aws…` prefix, so a typo in the partition passes the model.
    A job runs in one partition and cannot use roles or keys from another (inferred: AWS does not
    document the error you get). Whether the partition matches the region you submit to is for the
    live checks.

    ## Example
    ```yaml
    RoleArn: arn:aws-us-gov:iam::123456789012:role/AutopilotExecutionRole
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/churn/output/
      KmsKeyId: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    ```

    ## Use instead
    ```yaml
    RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/churn/output/
      KmsKeyId: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    ```

    ## Source
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html
    """
    spec = ctx.spec
    arns: list[tuple[Field, re.Match]] = []
    for found in (spec.field(("RoleArn",), str), _execution_role(spec), *_kms_keys(spec)):
        match = _arn(found.value) if found is not None else None
        if found is not None and match is not None:
            arns.append((found, match))
    role_partition = None
    for found, match in arns:
        partition = match["partition"]
        if partition not in PARTITIONS:
            guess = closest(partition, PARTITIONS)
            fixed = f"arn:{guess}:{found.value.split(':', 2)[2]}" if guess else None
            yield Problem(
                found.path,
                f"{found.path} is in partition '{partition}', which does not exist"
                + (f"; did you mean '{guess}'?" if guess else f"; use one of {', '.join(PARTITIONS)}"),
                suggestion=fixed,
            )
        elif found.path == FieldPath(("RoleArn",)):
            role_partition = partition
        elif role_partition is not None and partition != role_partition:
            yield Problem(
                found.path,
                f"{found.path} is in partition '{partition}' but RoleArn is in '{role_partition}'; a job runs in one"
                " partition and can only use roles and keys from it",
            )


@rule("AML522", "role-arn-account", Severity.WARNING)
def role_arn_account(ctx: RuleContext):
    """The EMR Serverless execution role belongs to another account than `RoleArn`.

    ## What it does
    Compares the account id in `AutoMLComputeConfig.EmrServerlessComputeConfig.ExecutionRoleARN` with
    the one in `RoleArn`.

    ## Why
    SageMaker uses both roles on your behalf, and IAM lets a caller pass only roles of its own account
    (`iam:PassRole`), so two accounts usually mean a copy-paste slip. Inferred: AWS does not say how the
    job fails.

    ## Example
    ```yaml
    AutoMLComputeConfig:
      EmrServerlessComputeConfig:
        ExecutionRoleARN: arn:aws:iam::210987654321:role/AutopilotEmrServerless
    ```

    ## Use instead
    ```yaml
    AutoMLComputeConfig:
      EmrServerlessComputeConfig:
        ExecutionRoleARN: arn:aws:iam::123456789012:role/AutopilotEmrServerless
    ```

    ## Source
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_EmrServerlessComputeConfig.html
    """
    spec = ctx.spec
    role = spec.field(("RoleArn",), str)
    execution = _execution_role(spec)
    if role is None or execution is None:
        return
    mine, theirs = _arn(role.value), _arn(execution.value)
    if mine is None or theirs is None or not (mine["account"].isdigit() and theirs["account"].isdigit()):
        return
    if mine["account"] != theirs["account"]:
        yield Problem(
            execution.path,
            f"{execution.path} is in account {theirs['account']}, but RoleArn is in account {mine['account']};"
            " SageMaker can only be passed roles of the account that creates the job",
        )


# ----- encryption ------------------------------------------------------------------------------------


@rule("AML523", "kms-forms", Severity.WARNING, fixes="unsafe")
def kms_forms(ctx: RuleContext):
    """A KMS key reference that is not a key id, key ARN, alias name or alias ARN.

    ## What it does
    Checks `OutputDataConfig.KmsKeyId` and `SecurityConfig.VolumeKmsKeyId` (V1:
    `AutoMLJobConfig.SecurityConfig.VolumeKmsKeyId`) against the four forms the API accepts: a key id
    (`1234abcd-12ab-34cd-56ef-1234567890ab`, or `mrk-…` for a multi-Region key), a key ARN
    (`arn:aws:kms:us-east-1:123456789012:key/<key id>`), an alias (`alias/<name>`) or an alias ARN
    (`arn:aws:kms:us-east-1:123456789012:alias/<name>`). A bare name is suggested as `alias/<name>`.

    ## Why
    The model's pattern (`[a-zA-Z0-9:/_-]*`) lets almost anything through; the key is only resolved
    when the job writes its first artifact or volume, so a wrong reference fails the job late.

    ## Example
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/churn/output/
      KmsKeyId: ml-artifacts
    ```

    ## Use instead
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/churn/output/
      KmsKeyId: alias/ml-artifacts
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLOutputDataConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ResourceConfig.html
    - https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id
    """
    spec = ctx.spec
    for key in _kms_keys(spec):
        value = key.value
        if not _passes_model("KmsKeyId", value) or re.fullmatch(_KMS_FORMS, value):
            continue
        if not value:
            yield Problem(
                key.path,
                f"{key.path} is empty; remove it to use the default encryption, or name a key",
                anchor="key",
            )
            continue
        guess = None
        if ":" not in value and "/" not in value:
            guess = f"alias/{value}"
        elif value.startswith("alias:"):
            guess = "alias/" + value[len("alias:") :]
        elif value.startswith("aliases/"):
            guess = "alias/" + value[len("aliases/") :]
        elif re.fullmatch(rf"key/{_KEY_ID}", value):
            guess = value[len("key/") :]
        arn = _arn(value)
        if arn is not None and arn["service"] != "kms":
            detail = f"it is an ARN of the '{arn['service']}' service, not a KMS key"
        else:
            detail = "use a key id, a key ARN, alias/<name> or an alias ARN"
        yield Problem(
            key.path,
            f"{key.path} '{value}' is not a KMS key reference; {detail}"
            + (f"; did you mean '{guess}'?" if guess else ""),
            suggestion=guess,
        )


# ----- network ---------------------------------------------------------------------------------------

_ID_FORMS = {
    "SecurityGroupIds": ("sg", "SecurityGroupId", "security group"),
    "Subnets": ("subnet", "SubnetId", "subnet"),
}


@rule("AML524", "vpc-ids", Severity.WARNING, fixes="unsafe")
def vpc_ids(ctx: RuleContext):
    """A security group or subnet id not in its `sg-…` / `subnet-…` form, or listed twice.

    ## What it does
    Checks each `VpcConfig.SecurityGroupIds` item against `sg-` followed by hexadecimal digits and each
    `Subnets` item against `subnet-` followed by hexadecimal digits; names the list an id belongs in
    when it is in the other one (or is a `vpc-` id), and reports repeats.

    ## Why
    The model only requires letters, digits and hyphens, so a security group name, a swapped id or a
    VPC id passes it and the job fails when it starts its containers. The API documents the ids "in the
    form sg-xxxxxxxx". That a repeated id is harmless is unverified; it is never useful.

    ## Example
    ```yaml
    AutoMLJobConfig:
      SecurityConfig:
        VpcConfig:
          SecurityGroupIds: [subnet-0a1b2c3d]
          Subnets: [subnet-0a1b2c3d, subnet-0a1b2c3d]
    ```

    ## Use instead
    ```yaml
    AutoMLJobConfig:
      SecurityConfig:
        VpcConfig:
          SecurityGroupIds: [sg-0a1b2c3d]
          Subnets: [subnet-0a1b2c3d, subnet-18f5e4d3]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_VpcConfig.html
    """
    spec = ctx.spec
    vpc = spec.security_config_path / "VpcConfig"
    for list_name, (prefix, shape, noun) in _ID_FORMS.items():
        items = spec.get(vpc / list_name, list, [])
        seen: dict[str, int] = {}
        for index, value in enumerate(items):
            if not isinstance(value, str) or not _passes_model(shape, value):
                continue
            path = vpc.join(list_name, index)
            if value in seen:
                yield Problem(path, f"{path} '{value}' repeats {vpc / list_name}[{seen[value]}]; remove the repeat")
                continue
            seen[value] = index
            if re.fullmatch(rf"{prefix}-[0-9a-f]+", value):
                continue
            yield _vpc_id_finding(path, value, prefix, list_name, noun)


def _vpc_id_finding(path: FieldPath, value: str, prefix: str, list_name: str, noun: str) -> Problem:
    other = {"sg": ("subnet", "Subnets", "a subnet"), "subnet": ("sg", "SecurityGroupIds", "a security group")}[prefix]
    guess = None
    if re.fullmatch(rf"{other[0]}-[0-9a-f]+", value):
        hint = f"it is {other[2]} id, which belongs in {other[1]}"
    elif re.fullmatch(r"vpc-[0-9a-f]+", value):
        hint = f"it is a VPC id; list the {noun} ids of that VPC instead"
    elif re.fullmatch(rf"{prefix}-[0-9a-fA-F]+", value):
        guess = value.lower()
        hint = "ids are lower case"
    elif re.fullmatch(r"[0-9a-f]{8}|[0-9a-f]{17}", value):
        guess = f"{prefix}-{value}"
        hint = f"the '{prefix}-' prefix is missing"
    else:
        hint = f"use the {noun} id, not its name"
    return Problem(
        path,
        f"{path} '{value}' is not a {noun} id of the form {prefix}-<hex digits>; {hint}"
        + (f"; did you mean '{guess}'?" if guess else ""),
        suggestion=guess,
    )


# ----- S3 --------------------------------------------------------------------------------------------


@rule("AML525", "s3-uri-scheme", Severity.WARNING, fixes="unsafe")
def s3_uri_scheme(ctx: RuleContext):
    """An `https://` URL where Autopilot's documentation uses `s3://`.

    ## What it does
    Reports S3 locations (channel `S3Uri`, `S3OutputPath`, `FeatureSpecificationS3Uri`) written as
    `https://` URLs, and suggests the `s3://bucket/key` form when the URL is an S3 virtual-hosted or
    path-style address.

    ## Why
    The model's pattern accepts `https`, but every Autopilot example and guide uses `s3://`; an https
    URL may be a presigned or website address that SageMaker cannot read as a prefix. Inferred: AWS does
    not document how https URLs are treated.

    ## Example
    ```yaml
    OutputDataConfig:
      S3OutputPath: https://acme-ml-artifacts.s3.us-east-1.amazonaws.com/churn/output/
    ```

    ## Use instead
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/churn/output/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLS3DataSource.html
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
    """
    spec = ctx.spec
    for uri in spec.s3_uris():
        if not uri.value.startswith("https://") or not _passes_model("S3Uri", uri.value):
            continue
        parts = _bucket_and_key(uri.value)
        guess = f"s3://{parts[0]}/{parts[1]}" if parts else None
        yield Problem(
            uri.path,
            f"{uri.path} is an https:// URL; write S3 locations as s3://bucket/prefix"
            + (f"; did you mean '{guess}'?" if guess else ""),
            suggestion=guess,
        )


_BUCKET_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
# Reserved suffixes of names that are not buckets you can read as s3://<name>/ (Multi-Region Access
# Points, S3 Tables). -s3alias, --ol-s3 and --x-s3 are left alone: access point aliases and directory
# buckets can stand where a bucket name goes.
_BUCKET_SUFFIXES = (".mrap", "--table-s3")
_IP = re.compile(r"\d{1,3}(\.\d{1,3}){3}")


def _bucket_problem(bucket: str) -> tuple[str, str | None]:
    """What is wrong with a bucket name ('' if nothing), and a corrected name if there is one."""
    if not 3 <= len(bucket) <= 63:
        return f"is {len(bucket)} character{'s' * (len(bucket) != 1)} long; bucket names have 3-63", None
    if re.search(r"[A-Z_]", bucket) and re.fullmatch(r"[A-Za-z0-9._-]+", bucket):
        fixed = bucket.lower().replace("_", "-")
        return "has upper-case letters or underscores, which only legacy us-east-1 buckets can have", fixed
    if not re.fullmatch(r"[a-z0-9.-]+", bucket):
        return "may contain only lower-case letters, digits, dots and hyphens", None
    if not (bucket[0].isalnum() and bucket[-1].isalnum()):
        return "must start and end with a letter or digit", bucket.strip(".-") or None
    if ".." in bucket:
        return "must not contain two adjacent dots", re.sub(r"\.{2,}", ".", bucket)
    if _IP.fullmatch(bucket):
        return "must not be formatted as an IP address", None
    for prefix in _BUCKET_PREFIXES:
        if bucket.startswith(prefix):
            return f"must not start with '{prefix}' (reserved by S3)", None
    for suffix in _BUCKET_SUFFIXES:
        if bucket.endswith(suffix):
            return f"must not end with '{suffix}' (reserved by S3 for names that are not general purpose buckets)", None
    return "", None


@rule("AML526", "s3-bucket-name", Severity.WARNING, fixes="unsafe")
def s3_bucket_name(ctx: RuleContext):
    """An S3 location whose bucket name breaks S3's bucket naming rules.

    ## What it does
    Checks the bucket of each S3 location against the general purpose bucket rules: 3-63 characters;
    lower-case letters, digits, dots and hyphens; starts and ends with a letter or digit; no `..`; not
    an IP address; no `xn--`, `sthree-` or `amzn-s3-demo-` prefix; no `.mrap` or `--table-s3` suffix.
    Access point aliases (`-s3alias`, `--ol-s3`) and directory buckets (`--x-s3`) are accepted.

    ## Why
    No such bucket can be created, so the URI points nowhere, usually because of a typo. A warning, not
    an error: buckets created in us-east-1 before March 2018 may have upper-case letters or underscores.

    ## Example
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://Acme_ML_Artifacts/churn/output/
    ```

    ## Use instead
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/churn/output/
    ```

    ## Source
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    """
    spec = ctx.spec
    for uri in spec.s3_uris():
        if not _passes_model("S3Uri", uri.value):
            continue
        parts = _bucket_and_key(uri.value)
        if parts is None:
            continue
        bucket, key = parts
        problem, fixed = _bucket_problem(bucket)
        if not problem:
            continue
        guess = None
        if fixed and uri.value.startswith("s3://"):
            guess = f"s3://{fixed}/{key}"
        yield Problem(
            uri.path,
            f"{uri.path}: bucket name '{bucket}' {problem}" + (f"; did you mean '{guess}'?" if guess else ""),
            suggestion=guess,
        )


# https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLOutputDataConfig.html, S3OutputPath: "Must be 512 characters or less"
OUTPUT_PATH_MAX = 512
OUTPUT_PATH_OLD_MAX = 128  # older API and CLI text: "Must be 128 characters or less"


@rule("AML527", "s3-output-length", Severity.ERROR)
def s3_output_length(ctx: RuleContext):
    """`S3OutputPath` longer than the documented 512 characters (warning above 128).

    ## What it does
    Reports an `OutputDataConfig.S3OutputPath` longer than 512 characters as an error, and one of
    129-512 characters as a warning. (Above 1024 characters it is AML105's.)

    ## Why
    The API says the output path "must be 512 characters or less", although the model's S3Uri shape
    allows 1024. Older API and AWS CLI documentation said 128 characters; whether any region still
    enforces that is unverified, so longer paths get a warning.

    ## Example
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/customer-analytics/churn-prediction/experiments/2024/quarterly-retraining/binary-classification/tabular/output-artifacts/
    ```

    ## Use instead
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/churn/2024q3/output/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLOutputDataConfig.html
    - https://docs.aws.amazon.com/cli/v1/reference/sagemaker/create-auto-ml-job.html
    """
    spec = ctx.spec
    found = spec.field(("OutputDataConfig", "S3OutputPath"), str)
    if found is None:
        return
    length = len(found.value)
    if length <= OUTPUT_PATH_OLD_MAX or not _passes_model("S3Uri", found.value):
        return
    if length > OUTPUT_PATH_MAX:
        yield Problem(
            found.path,
            f"{found.path} is {length} characters long; the output path must be {OUTPUT_PATH_MAX} characters or less:"
            " shorten the prefix",
        )
    else:
        yield Problem(
            found.path,
            f"{found.path} is {length} characters long; older API documentation limits the output path to"
            f" {OUTPUT_PATH_OLD_MAX} characters: keep it to {OUTPUT_PATH_OLD_MAX} or less to be safe",
            severity=Severity.WARNING,
        )


# ----- tags ------------------------------------------------------------------------------------------


def _tags(spec: Spec) -> Iterator[tuple[int, dict]]:
    for index, tag in enumerate(spec.get(("Tags",), list, [])):
        if isinstance(tag, dict):
            yield index, tag


@rule("AML528", "tags-unique-keys", Severity.ERROR)
def tags_unique_keys(ctx: RuleContext):
    """The same tag key twice in `Tags`.

    ## What it does
    Reports a tag whose `Key` an earlier tag already uses. Keys are compared exactly: AWS tag keys are
    case sensitive. (More than 50 tags is AML108.)

    ## Why
    "Tag keys must be unique per resource." One of the two values would be lost, or the request is
    rejected.

    ## Example
    ```yaml
    Tags:
      - Key: team
        Value: customer-analytics
      - Key: team
        Value: ml-platform
    ```

    ## Use instead
    ```yaml
    Tags:
      - Key: team
        Value: customer-analytics
      - Key: owner
        Value: ml-platform
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Tag.html
    """
    spec = ctx.spec
    first: dict[str, int] = {}
    for index, tag in _tags(spec):
        key = tag.get("Key")
        if not isinstance(key, str):
            continue
        if key in first:
            path = FieldPath(("Tags", index, "Key"))
            yield Problem(
                path,
                f"{path} '{key}' repeats Tags[{first[key]}].Key; tag keys must be unique per resource: remove one or"
                " rename it",
            )
        else:
            first[key] = index


@rule("AML529", "tags-aws-prefix", Severity.ERROR, fixes="unsafe")
def tags_aws_prefix(ctx: RuleContext):
    """A tag key or value that starts with the reserved `aws:` prefix.

    ## What it does
    Reports `Tags[].Key` and `Tags[].Value` starting with `aws:` in any combination of case (`AWS:`,
    `Aws:`).

    ## Why
    AWS reserves the prefix for its own tags; users cannot create, edit or delete them. The SageMaker
    model does not say so itself: that the general AWS tagging rule applies is inferred (moto accepts
    such tags).

    ## Example
    ```yaml
    Tags:
      - Key: aws:team
        Value: customer-analytics
    ```

    ## Use instead
    ```yaml
    Tags:
      - Key: team
        Value: customer-analytics
    ```

    ## Source
    - https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html
    - https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
    """
    spec = ctx.spec
    for index, tag in _tags(spec):
        for part in ("Key", "Value"):
            value = tag.get(part)
            if isinstance(value, str) and value[:4].lower() == "aws:":
                path = FieldPath(("Tags", index, part))
                guess = value[4:].lstrip(":") or None
                yield Problem(
                    path,
                    f"{path} '{value}' starts with '{value[:4]}', a prefix reserved for AWS; drop or change the prefix",
                    suggestion=guess,
                )


#: The tags apply adds to a spec's own on create: automlspec:spec, :hash, :project and :commit (the last two
#: when there is a repository identity and a commit; counted always, so a spec never fails only once it
#: is committed). jobs/request.py's TOOL_TAGS names them; a test keeps the two equal.
TAGS_APPLY_ADDS = 4


@rule("AML531", "tags-with-apply-tags", Severity.ERROR)
def tags_with_apply_tags(ctx: RuleContext):
    """`Tags` that fit the 50 a job takes, but not with the tags `apply` adds.

    ## What it does
    Counts the spec's tags (its `automlspec:` keys aside: apply writes those itself) and the 4 that
    `automlspec apply` adds to every job it creates (`automlspec:spec`, `automlspec:hash`,
    `automlspec:project`, `automlspec:commit`), and reports `Tags` when together they are more than the
    50 a SageMaker resource takes. (More than 50 in the spec alone is AML108.)

    ## Why
    CreateAutoMLJobV2 takes at most 50 tags, and botocore does not check that before sending: a spec
    with 47 tags lints and plans clean, then the create fails in apply.

    ## Example
    ```yaml
    # 47 tags: 51 with apply's 4
    Tags: [
      {Key: t01, Value: x}, {Key: t02, Value: x}, {Key: t03, Value: x}, {Key: t04, Value: x}, {Key: t05, Value: x}, {Key: t06, Value: x},
      {Key: t07, Value: x}, {Key: t08, Value: x}, {Key: t09, Value: x}, {Key: t10, Value: x}, {Key: t11, Value: x}, {Key: t12, Value: x},
      {Key: t13, Value: x}, {Key: t14, Value: x}, {Key: t15, Value: x}, {Key: t16, Value: x}, {Key: t17, Value: x}, {Key: t18, Value: x},
      {Key: t19, Value: x}, {Key: t20, Value: x}, {Key: t21, Value: x}, {Key: t22, Value: x}, {Key: t23, Value: x}, {Key: t24, Value: x},
      {Key: t25, Value: x}, {Key: t26, Value: x}, {Key: t27, Value: x}, {Key: t28, Value: x}, {Key: t29, Value: x}, {Key: t30, Value: x},
      {Key: t31, Value: x}, {Key: t32, Value: x}, {Key: t33, Value: x}, {Key: t34, Value: x}, {Key: t35, Value: x}, {Key: t36, Value: x},
      {Key: t37, Value: x}, {Key: t38, Value: x}, {Key: t39, Value: x}, {Key: t40, Value: x}, {Key: t41, Value: x}, {Key: t42, Value: x},
      {Key: t43, Value: x}, {Key: t44, Value: x}, {Key: t45, Value: x}, {Key: t46, Value: x}, {Key: t47, Value: x}
    ]
    ```

    ## Use instead
    ```yaml
    # 46 tags: 50 with apply's 4
    Tags: [
      {Key: t01, Value: x}, {Key: t02, Value: x}, {Key: t03, Value: x}, {Key: t04, Value: x}, {Key: t05, Value: x}, {Key: t06, Value: x},
      {Key: t07, Value: x}, {Key: t08, Value: x}, {Key: t09, Value: x}, {Key: t10, Value: x}, {Key: t11, Value: x}, {Key: t12, Value: x},
      {Key: t13, Value: x}, {Key: t14, Value: x}, {Key: t15, Value: x}, {Key: t16, Value: x}, {Key: t17, Value: x}, {Key: t18, Value: x},
      {Key: t19, Value: x}, {Key: t20, Value: x}, {Key: t21, Value: x}, {Key: t22, Value: x}, {Key: t23, Value: x}, {Key: t24, Value: x},
      {Key: t25, Value: x}, {Key: t26, Value: x}, {Key: t27, Value: x}, {Key: t28, Value: x}, {Key: t29, Value: x}, {Key: t30, Value: x},
      {Key: t31, Value: x}, {Key: t32, Value: x}, {Key: t33, Value: x}, {Key: t34, Value: x}, {Key: t35, Value: x}, {Key: t36, Value: x},
      {Key: t37, Value: x}, {Key: t38, Value: x}, {Key: t39, Value: x}, {Key: t40, Value: x}, {Key: t41, Value: x}, {Key: t42, Value: x},
      {Key: t43, Value: x}, {Key: t44, Value: x}, {Key: t45, Value: x}, {Key: t46, Value: x}
    ]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html (Tags: 0-50 items)
    - https://docs.aws.amazon.com/sagemaker/latest/dg/custom-tags.html ("SageMaker AI resources have a 50 tag limit")
    """
    spec = ctx.spec
    found = spec.field(FieldPath(("Tags",)), list)
    if found is None:
        return
    limit = model.shape("TagList").get("max", 50)
    own = [
        tag for tag in found.value if not (isinstance(tag, dict) and str(tag.get("Key", "")).startswith("automlspec:"))
    ]
    total = len(own) + TAGS_APPLY_ADDS
    if len(found.value) <= limit < total:
        yield Problem(
            found.path,
            f"Tags has {len(own)} tags, and apply adds {TAGS_APPLY_ADDS} of its own (automlspec:spec, :hash, :project,"
            f" :commit): {total} in all, more than the {limit} a SageMaker job takes; remove {total - limit}",
        )


# ----- compute ---------------------------------------------------------------------------------------


@rule("AML530", "compute-config-canvas-only", Severity.WARNING)
def compute_config_canvas_only(ctx: RuleContext):
    """`AutoMLComputeConfig` (EMR Serverless), which AWS reserves for SageMaker Canvas.

    ## What it does
    Reports `AutoMLComputeConfig` in a V2 request: a warning for tabular and time-series jobs, an error
    for the other problem types, which EMR Serverless does not support.

    ## Why
    The API reference says the data type "is intended for use exclusively by SageMaker Canvas and
    cannot be used in other contexts at the moment", and that EMR Serverless "is available for the
    tabular and time series problem types". moto drops the block silently, so tests against moto will
    not show what AWS does with it.

    ## Example
    ```yaml
    AutoMLComputeConfig:
      EmrServerlessComputeConfig:
        ExecutionRoleARN: arn:aws:iam::123456789012:role/AutopilotEmrServerless
    ```

    ## Use instead
    ```yaml
    # base: churn-tabular-v2
    # (no AutoMLComputeConfig: SageMaker provisions the job's compute itself)
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLComputeConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_EmrServerlessComputeConfig.html
    """
    spec = ctx.spec
    if spec.is_v1 or "AutoMLComputeConfig" not in spec.request:
        return
    path = FieldPath(("AutoMLComputeConfig",))
    kind = spec.problem_kind
    if kind is not None and kind not in (TABULAR, TIME_SERIES):
        yield Problem(
            path,
            f"AutoMLComputeConfig (EMR Serverless) is available for tabular and time-series jobs only, not"
            f" {spec.kind_label}; remove it",
            anchor="key",
            severity=Severity.ERROR,
        )
        return
    yield Problem(
        path,
        "AutoMLComputeConfig is documented as intended for SageMaker Canvas only and not usable in other"
        " contexts; remove it unless this job is submitted by Canvas",
        anchor="key",
    )
