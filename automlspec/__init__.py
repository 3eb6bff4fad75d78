"""automlspec: declarative Amazon SageMaker Autopilot jobs (CreateAutoMLJob / CreateAutoMLJobV2)."""

__version__ = "0.1.0"

# The project's home: every link the tool prints or the docs give (bug reports, rule documentation, the
# pre-commit `repo:`, the GitHub action's `uses:`) is built from this one constant; tests/test_home.py
# fails on any other spelling.
HOME = "https://github.com/automlspec/automlspec"
