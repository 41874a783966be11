"""What every subcommand shares: the loaded settings, logging, and how errors are reported.

Imports nothing heavy at module level: ``newswire --help`` must not pay for pydantic.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.settings import Settings


@dataclass
class CliContext:
    """Handed to every subcommand handler. Settings are loaded (and validated) on first use."""

    config_path: Path | None = None
    log_level: str | None = None
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from pipeline.log import configure_logging
            from pipeline.settings import load_settings

            self._settings = load_settings(self.config_path)
            configure_logging(self.log_level or self._settings.log.level, self._settings.log.format)
        return self._settings


Handler = Callable[[argparse.Namespace, CliContext], int]
