"""`newswire run` sizes its extraction pool to the machine unless told otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline.settings import ExtractSettings

REPO = Path(__file__).resolve().parents[1]


def test_extract_workers_default_to_one_per_core() -> None:
    assert ExtractSettings().worker_count() == (os.cpu_count() or 1)


def test_extract_workers_setting_overrides_the_core_count() -> None:
    assert ExtractSettings(workers=3).worker_count() == 3


def test_run_workers_option_is_validated_in_one_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", "run", "--workers", "-1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "extract.workers" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
