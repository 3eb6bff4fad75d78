"""One spec, seen the same way whichever dialect it is written in.

Cross-field rules are written once against this view: ``spec.channels``, ``spec.completion_criteria``,
``spec.mode`` and friends know that V1 keeps them under ``AutoMLJobConfig`` and V2 under the problem
type's config. The view never raises on a badly typed spec: a value of the wrong type reads as absent
(the limits checker has already reported it), so every rule can assume well-typed values.

The lint path works on plain data for speed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from .dialects import KIND_LABELS, PROBLEM_KINDS, TABULAR, TABULAR_CONFIG, TEXT_CLASSIFICATION, TIME_SERIES, home
from .facts import DEFAULT_CHANNEL_TYPE
from .paths import ABSENT, FieldPath, get

_new_tuple = tuple.__new__


# A NamedTuple, immutable like a frozen dataclass: a dataclass costs 0.5-1 ms to build on every start
# (dataclasses exec() its generated methods), a NamedTuple a fifth of that, and it is made faster too.
class Field(NamedTuple):
    """A value and where it is in the request."""

    path: FieldPath
    value: Any


@dataclass(frozen=True, eq=False)
class Spec:
    request: dict  # the request tree (either dialect), the configuration's defaults merged in
    dialect: str  # "v1" | "v2"
    file: str = ""
    doc: int = 0
    #: (region, allowed account ids) from the project configuration's ``target:``; None when it names none
    target: tuple[str | None, tuple[str, ...]] | None = None

    # ----- generic access -------------------------------------------------------------------------
    def get(self, path, kind=None, default=None) -> Any:
        return get(self.request, path, kind, default)

    def field(self, path, kind=None) -> Field | None:
        """Field(path, value) when the value is present (and of ``kind``), else None."""
        if type(path) is not FieldPath:
            path = _new_tuple(FieldPath, path)  # FieldPath(path) without its Python-level __new__
        value = get(self.request, path, kind, ABSENT)
        return None if value is ABSENT else Field(path, value)

    @property
    def is_v1(self) -> bool:
        return self.dialect == "v1"

    # ----- problem type ---------------------------------------------------------------------------
    @cached_property
    def problem_kind(self) -> str | None:
        """TabularJobConfig, TimeSeriesForecastingJobConfig, ...; V1 is always tabular.
        None for a V2 spec whose AutoMLProblemTypeConfig does not name exactly one known member."""
        if self.is_v1:
            return TABULAR
        config = self.get(("AutoMLProblemTypeConfig",), dict, {})
        members = [k for k in config if k in PROBLEM_KINDS]
        return members[0] if len(members) == 1 else None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.problem_kind or "", "unknown")

    @cached_property
    def problem_config_path(self) -> FieldPath:
        """Where the problem-type settings live: the V2 union member, or the V1 AutoMLJobConfig."""
        if self.is_v1:
            return FieldPath(("AutoMLJobConfig",))
        return FieldPath(("AutoMLProblemTypeConfig", self.problem_kind or TABULAR))

    @property
    def problem_config(self) -> dict:
        return self.get(self.problem_config_path, dict, {})

    @cached_property
    def problem_type(self) -> Field | None:
        """The tabular ProblemType (BinaryClassification, ...), if set."""
        if self.is_v1:
            return self.field(("ProblemType",), str)
        if self.problem_kind != TABULAR:
            return None
        return self.field(self.problem_config_path / "ProblemType", str)

    @property
    def objective(self) -> Field | None:
        """AutoMLJobObjective (the block), if present as a mapping."""
        return self.field(("AutoMLJobObjective",), dict)

    @property
    def metric(self) -> Field | None:
        return self.field(("AutoMLJobObjective", "MetricName"), str)

    # ----- channels -------------------------------------------------------------------------------
    @property
    def channels_path(self) -> FieldPath:
        return FieldPath(("InputDataConfig" if self.is_v1 else "AutoMLJobInputDataConfig",))

    @cached_property
    def channels(self) -> tuple[Field, ...]:
        """Each channel mapping with its path (items that are not mappings are skipped)."""
        items = self.get(self.channels_path, list, [])
        return tuple(Field(self.channels_path / i, c) for i, c in enumerate(items) if isinstance(c, dict))

    def channel_type(self, channel: Field) -> str:
        """The effective ChannelType: the documented default is 'training'."""
        value = channel.value.get("ChannelType")
        return value if isinstance(value, str) else DEFAULT_CHANNEL_TYPE

    # ----- settings that moved between V1 and V2 -------------------------------------------------------
    @property
    def completion_criteria_path(self) -> FieldPath:
        return self.problem_config_path / "CompletionCriteria"

    @property
    def completion_criteria(self) -> dict:
        return self.get(self.completion_criteria_path, dict, {})

    @property
    def candidate_generation_path(self) -> FieldPath:
        return self.problem_config_path / "CandidateGenerationConfig"

    @property
    def mode(self) -> Field | None:
        if self.problem_kind != TABULAR:
            return None
        return self.field(self.problem_config_path / "Mode", str)

    @property
    def data_split_path(self) -> FieldPath:
        return FieldPath(home(self.dialect, ("DataSplitConfig",)))

    @property
    def security_config_path(self) -> FieldPath:
        return FieldPath(home(self.dialect, ("SecurityConfig",)))

    @property
    def feature_specification(self) -> Field | None:
        if self.is_v1:
            return self.field(home("v1", (*TABULAR_CONFIG, "FeatureSpecificationS3Uri")), str)
        if self.problem_kind in (TABULAR, TIME_SERIES):
            return self.field(self.problem_config_path / "FeatureSpecificationS3Uri", str)
        return None

    def _per_channel(self, member: str) -> Iterator[Field]:
        """``member`` of each V1 channel that sets it to a string (a field V2 keeps once per job)."""
        for channel in self.channels:
            value = channel.value.get(member)
            if isinstance(value, str):
                yield Field(channel.path / member, value)

    def sample_weights(self) -> Iterator[Field]:
        """SampleWeightAttributeName: per channel in V1, in TabularJobConfig in V2."""
        if self.is_v1:
            yield from self._per_channel("SampleWeightAttributeName")
        elif self.problem_kind == TABULAR:
            found = self.field(self.problem_config_path / "SampleWeightAttributeName", str)
            if found:
                yield found

    def targets(self) -> Iterator[Field]:
        """The target column(s): per channel in V1; TabularJobConfig or TimeSeriesConfig in V2."""
        if self.is_v1:
            yield from self._per_channel("TargetAttributeName")
            return
        if self.problem_kind == TABULAR:
            path = self.problem_config_path / "TargetAttributeName"
        elif self.problem_kind == TIME_SERIES:
            path = self.problem_config_path.join("TimeSeriesConfig", "TargetAttributeName")
        elif self.problem_kind == TEXT_CLASSIFICATION:
            path = self.problem_config_path / "TargetLabelColumn"
        else:
            return
        found = self.field(path, str)
        if found:
            yield found

    @property
    def name(self) -> Field | None:
        return self.field(("AutoMLJobName",), str)

    def s3_uris(self) -> tuple[Field, ...]:
        """Every S3 URI the request names: channel S3Uri, OutputDataConfig.S3OutputPath and
        FeatureSpecificationS3Uri (strings only)."""
        return self._s3_uris

    @cached_property
    def _s3_uris(self) -> tuple[Field, ...]:  # several rules read them
        found = [self.field(channel.path.join("DataSource", "S3DataSource", "S3Uri"), str) for channel in self.channels]
        found += [self.field(("OutputDataConfig", "S3OutputPath"), str), self.feature_specification]
        return tuple(uri for uri in found if uri)
