"""Writing files atomically: a reader never sees a half-written file, an error leaves none.

Every file goes first to a temporary ``.<name>.<pid>-<random>.part`` beside it, then is renamed
over the real name. A process killed in between leaves its ``.part`` file behind; the next run
into the folder removes those of processes that are no longer running (:func:`remove_stale_parts`).
Every path is checked to lie inside the output folder before anything is written.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Mapping

from cardgen.errors import OutputError

_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]+\.part$")


def write_files(files: Mapping[Path, bytes], inside: Path | None = None) -> list[Path]:
    """Write every file, each atomically (temp file in the same folder, then rename).

    Callers produce all the bytes first, so an error in building leaves no file at all. With
    ``inside`` (the --out folder), every path must resolve into it (symlinks followed), checked
    for all files before the first is written, and stale temp files there are removed first.
    """
    if inside is not None:
        for path in files:
            check_inside(Path(path), inside)
        remove_stale_parts(inside)
    written = []
    for path, data in files.items():
        _write_atomic(Path(path), data)
        written.append(Path(path))
    return written


def check_inside(path: Path, folder: Path) -> None:
    """Refuse a path that would land outside ``folder`` (by '..', an absolute name or a symlink)."""
    root = folder.resolve()
    target = path.resolve()
    if target == root or not target.is_relative_to(root):
        raise OutputError(path, f"it would be outside the output folder {folder}. Nothing was written; choose names without '/' or '..' and no symlink out of the folder.")


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the temp files that killed cardgen processes left in ``folder``; return them.

    Only files named like ours, and only those of processes that no longer run: a build
    writing into the same folder at the same time keeps its own.
    """
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _PART.match(entry.name)
        if not match or _running(int(match["pid"])):
            continue
        try:
            entry.unlink()
            removed.append(entry)
        except OSError:
            pass
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from an interrupted step of this very run: no longer written
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process (or unknown): leave its file alone
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _open_part(path: Path) -> tuple[int, Path]:
    """A new temp file beside ``path``, named with our pid so a later run can tell it is stale."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~_umask()), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _write_atomic(path: Path, data: bytes) -> None:
    # Ctrl-C waits until this one file is whole or gone: an interrupt between creating the temp
    # file and our handler running would otherwise leave it behind.
    with _sigint_deferred():
        _write_atomic_now(path, data)


class _sigint_deferred:
    """Block SIGINT (on POSIX, in the main thread) for the block; a pending one is raised after."""

    def __enter__(self) -> None:
        import signal
        import threading

        self.blocked = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
        if self.blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def __exit__(self, *exc_info) -> None:
        if self.blocked:
            import signal

            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _write_atomic_now(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_part(path)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    try:
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


class FolderLock:
    """One batch at a time per output folder: a lock file created exclusively, holding our pid.

    A lock left by a process that no longer runs (killed) is taken over, with ``note`` saying so.
    """

    NAME = ".cardgen-batch.lock"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / self.NAME
        self.note = ""

    def __enter__(self) -> "FolderLock":
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(self.folder, exc.strerror or str(exc)) from None
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                owner = self._owner()
                if owner is not None and _running(owner):
                    raise OutputError(
                        self.folder,
                        f"another cardgen batch (process {owner}) is writing into this folder. Wait for it to finish, "
                        f"or give another --out. If no batch is running, delete {self.path}.",
                    ) from None
                self.note = f"note: took over the lock {self.path} left by a batch that no longer runs (process {owner if owner is not None else 'unknown'})."
                try:
                    self.path.unlink()
                except FileNotFoundError:
                    pass
                continue
            except OSError as exc:
                raise OutputError(self.path, exc.strerror or str(exc)) from None
            with os.fdopen(fd, "w") as handle:
                handle.write(f"{os.getpid()}\n")
            return self
        raise OutputError(self.folder, f"another cardgen batch took the lock {self.path} at the same moment. Run again later, or give another --out.")

    def _owner(self) -> int | None:
        try:
            return int(self.path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None

    def __exit__(self, *exc_info) -> None:
        if self._owner() == os.getpid():
            try:
                self.path.unlink()
            except OSError:
                pass
