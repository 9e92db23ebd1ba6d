"""Ctrl-C (SIGINT) and SIGKILL during `cardgen build` and `cardgen batch`, then the next run:
no temp file survives, the run succeeds, and the manifest is true of the files on disk."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups and signals as on POSIX")

LOCALES = ["es", "vi", "ar", "zh-Hans", "fr", "ko"]


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    # A session of its own: the signal goes to the whole group, as Ctrl-C in a terminal does.
    return subprocess.Popen(
        [sys.executable, "-m", "cardgen", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _signal_when_writing(process: subprocess.Popen, out: Path, sig: int, timeout: float = 120) -> bool:
    """Wait until the first output (or temp) file appears, then signal; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_dir() and any(p.suffix in (".pdf", ".part") for p in out.iterdir()):
            break
        time.sleep(0.005)
    if process.poll() is not None:
        return False
    os.killpg(process.pid, sig)
    return True


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def _assert_manifest_true(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    names = [entry["file"] for entry in manifest["files"]]
    assert len(names) == len(set(names))
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"], entry["file"]
    assert sorted(names) == sorted(p.name for p in out.glob("*.pdf"))


def _order(tmp_path: Path) -> Path:
    path = tmp_path / "order.yaml"
    path.write_text(
        "items:\n"
        f"  - {{product: wallet-card, locales: [{', '.join(LOCALES[:3])}], sheet: avery-5371, quantity: 40}}\n"
        f"  - {{product: door-sign, locales: [{', '.join(LOCALES[3:])}]}}\n"
        "  - {product: wallet-card, locales: [es], cmyk: true}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_batch_interrupted_then_run_again(tmp_path, sig):
    out = tmp_path / "out"
    order = _order(tmp_path)
    args = ["batch", str(order), "--out", str(out), "--jobs", "2"]
    process = _start(args, tmp_path)
    signalled = _signal_when_writing(process, out, sig)
    code, err = _finish(process)
    if signalled and sig == signal.SIGINT:
        assert code in (130, 0), err  # 0 only when the last file was being written as it arrived
        assert "Traceback" not in err
        if code == 130:
            assert "interrupted" in err and len(err.strip().splitlines()) <= 3
            _assert_manifest_true(out)  # written at once on an interrupt
    elif signalled:
        assert code == -signal.SIGKILL
    again = subprocess.run([sys.executable, "-m", "cardgen", *args], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))
    _assert_manifest_true(out)
    assert len(json.loads((out / "manifest.json").read_text())["files"]) == 3 + 3 + 1


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_build_interrupted_then_run_again(tmp_path, sig):
    out = tmp_path / "out"
    args = ["build", "-p", "wallet-card", "-p", "door-sign", *(a for code in LOCALES for a in ("-l", code)), "--out", str(out)]
    process = _start(args, tmp_path)
    signalled = _signal_when_writing(process, out, sig)
    code, err = _finish(process)
    if signalled and sig == signal.SIGINT:
        assert code in (130, 0), err
        assert "Traceback" not in err
        if code == 130:
            assert "interrupted" in err and len(err.strip().splitlines()) <= 2
            assert not list(out.glob(".*.part"))  # Ctrl-C waits for the file being written
    elif signalled:
        assert code == -signal.SIGKILL
    if out.is_dir():  # whatever is there is whole: each file is a PDF to its end
        for path in out.glob("*.pdf"):
            assert path.read_bytes().rstrip().endswith(b"%%EOF")
    again = subprocess.run([sys.executable, "-m", "cardgen", *args], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))
    assert len(list(out.glob("*.pdf"))) == 2 * len(LOCALES)
