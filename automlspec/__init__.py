"""automlspec: declarative Amazon SageMaker Autopilot jobs (CreateAutoMLJob / CreateAutoMLJobV2)."""

__version__ = "0.1.0"
