"""Writing files atomically: a reader never sees a half-written file, an error leaves none."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping

from cardgen.errors import OutputError


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file, each atomically (temp file in the same folder, then rename).

    Callers produce all the bytes first, so an error in building leaves no file at all.
    """
    written = []
    for path, data in files.items():
        _write_atomic(Path(path), data)
        written.append(Path(path))
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:  # includes KeyboardInterrupt: never leave the temp file behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(path, exc.strerror or str(exc)) from None
        raise
