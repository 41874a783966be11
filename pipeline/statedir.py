"""State folders (``poll.state_dir``, ``clean.state_dir``): checked once at start, not at the 200th article.

A folder newswire cannot write would otherwise surface late and badly: the clean stage saves its
learned state every 200 articles, the poller opens its SQLite file on first use.  ``run``,
``poll --once`` and ``doctor`` check every configured state folder first and report a bad one in
one line naming the key.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipeline.errors import ConfigError


def state_dir_problem(path: Path) -> str | None:
    """Why newswire could not keep state in ``path`` (created if missing), or None when it can.

    Does not create anything: a missing folder is judged by its nearest existing parent.
    """
    path = path.expanduser()
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return "no existing parent folder"
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        what = "folder" if probe == path else f"parent folder {probe}"
        return f"the {what} is not writable by this user"
    return None


def ensure_state_dir(path: Path, key: str) -> Path:
    """Create ``path`` if needed and prove it writable; ConfigError naming ``key`` otherwise."""
    path = path.expanduser()
    problem = state_dir_problem(path)
    if problem is None:
        try:
            path.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path, prefix=".newswire-write-test-"):
                pass
        except OSError as exc:
            problem = exc.strerror or str(exc)
    if problem is not None:
        raise ConfigError(key, f"cannot keep state in {path}: {problem}")
    return path
