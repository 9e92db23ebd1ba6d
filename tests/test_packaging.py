"""Installed from a wheel, cardgen works from any folder with its own content and fonts."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (path,) = dist.glob("cardgen-*.whl")
    return path


def test_wheel_carries_content_fonts_and_licences(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "cardgen/_data/content/en/wallet-card.yaml",
        "cardgen/_data/content/es/locale.yaml",
        "cardgen/_data/content/es/translated-from/wallet-card.yaml",  # the English each string was translated from
        "cardgen/_data/fonts/NotoSans-Regular.ttf",
        "cardgen/_data/fonts/NotoSans-Bold.ttf",
        "cardgen/_data/fonts/OFL.txt",
        "cardgen/_data/fonts/README.md",
    ):
        assert expected in names


def test_installed_wheel_builds_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # a pure-Python wheel unpacked is an install
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("CARDGEN_CONTENT", None)
    where = subprocess.run(
        [sys.executable, "-c", "import cardgen.resources as r; print(r.default_content_dir()); print(r.fonts_dir())"],
        capture_output=True, text=True, cwd=elsewhere, env=env, check=True,
    ).stdout.split()
    assert where == [str(site / "cardgen" / "_data" / "content"), str(site / "cardgen" / "_data" / "fonts")]
    result = subprocess.run(
        [sys.executable, "-m", "cardgen", "build"], capture_output=True, text=True, cwd=elsewhere, env=env,
    )
    assert result.returncode == 0, result.stderr
    from cardgen.build import Builder

    expected = sorted(f"{piece.stem}.pdf" for piece in Builder().catalogue())
    assert sorted(p.name for p in (elsewhere / "output").iterdir()) == expected
