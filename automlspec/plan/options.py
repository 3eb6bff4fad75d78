"""What a plan depends on besides the spec files: saved with it (``plan --out``), reused by ``apply --plan``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Options:
    """What a plan depends on besides the files: saved with it, reused by ``apply --plan``."""

    paths: tuple[str, ...]
    prune: bool = False
    region: str | None = None
    profile: str | None = None
    config: str | None = None
    no_config: bool = False
    parallel: int = 8
    check_data: bool = True  # check the training data each spec names (issue 9); `--no-data` skips it
    data_root: str | None = None  # read the data from this local mirror instead of S3 (`--data-root`)

    def to_json(self) -> dict[str, Any]:
        return {
            "paths": list(self.paths),
            "prune": self.prune,
            "region": self.region,
            "profile": self.profile,
            "config": self.config,
            "no_config": self.no_config,
            "data": self.check_data,  # the saved plan's key since format 2
            "data_root": self.data_root,
        }
