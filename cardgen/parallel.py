"""Building many pieces on several processes (``cardgen build --jobs``; the batch's workers group
their jobs the same way).

Each worker builds whole groups of one locale's pieces (:func:`locale_groups`), so that a script's
fonts are loaded and its words shaped in one process rather than in all of them. The files come
back to the caller, which writes them: nothing is written before every piece is built, as
without workers. A piece that fails in a worker is built again in the caller, in the order of
the pieces, so that the error raised is the one a build without workers raises (errors keep
their structure that way; they are not sent between processes). The bytes do not depend on the
process a piece is built in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from cardgen.build import Builder, Fallback, Piece
    from cardgen.sheets.impose import PrintOptions

# Fewer pieces than this are built in the calling process: starting workers costs more.
LEAST_FOR_WORKERS = 8


def default_jobs() -> int:
    """The cores this process may run on (a container's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def locale_groups(jobs: Sequence[object], workers: int) -> list[list[int]]:
    """The jobs (by index) in the groups a worker builds one after another: a locale's jobs
    together, so that its fonts are loaded and its words shaped in one process rather than in
    every worker (each worker then holds only some scripts' fonts and shaping); a group is never
    more than a fair share of the order, so that one locale's many jobs still spread over the
    workers. Groups keep the order's order, within them and between them. Each job has a
    ``locale``."""
    most = max(1, -(-len(jobs) // (workers * 4)))
    by_locale: dict[str, list[int]] = {}
    for index, job in enumerate(jobs):
        by_locale.setdefault(job.locale, []).append(index)  # type: ignore[attr-defined]
    groups = [indexes[start:start + most] for indexes in by_locale.values() for start in range(0, len(indexes), most)]
    return sorted(groups, key=lambda group: group[0])


_BUILDER: "Builder | None" = None


def _start(content_dir: str | None) -> None:
    global _BUILDER
    import signal

    from cardgen.build import Builder

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the caller answers it
    _BUILDER = Builder(Path(content_dir) if content_dir else None)


Built = tuple["list[tuple[str, bytes]] | None", "list[Fallback]"]  # a piece's files (None: it failed), its fallbacks


def _build_group(group: list[tuple["Piece", "PrintOptions"]]) -> list[Built]:
    from cardgen.errors import CardgenError

    assert _BUILDER is not None
    built: list[Built] = []
    for piece, options in group:
        before = len(_BUILDER.fallbacks())
        try:
            files = _BUILDER.sheet_pdfs(piece, options)
        except CardgenError:
            files = None  # built again by the caller, which raises it as it is
        built.append((files, _BUILDER.fallbacks()[before:]))
    return built


def build_all(builder: "Builder", work: Sequence[tuple["Piece", "PrintOptions"]], content_dir: Path | None, workers: int) -> list[list[tuple[str, bytes]]]:
    """Every piece's files ((name suffix, PDF bytes), as Builder.sheet_pdfs), in the order of
    ``work``; on ``workers`` processes when there are that many and enough pieces. The
    workers' fallbacks (a script's compact style) are added to ``builder``'s, so that they are
    reported as without workers."""
    if workers <= 1 or len(work) < LEAST_FOR_WORKERS:
        return [builder.sheet_pdfs(piece, options) for piece, options in work]
    from concurrent.futures import ProcessPoolExecutor

    groups = locale_groups([piece for piece, _ in work], workers)
    results: list[Built | None] = [None] * len(work)
    pool = ProcessPoolExecutor(max_workers=min(workers, len(groups)), initializer=_start, initargs=(str(content_dir) if content_dir else None,))
    try:
        for group, built in zip(groups, pool.map(_build_group, [[work[index] for index in group] for group in groups])):
            for index, result in zip(group, built):
                results[index] = result
    finally:
        # on Ctrl-C, the groups not started are dropped rather than built to no use
        pool.shutdown(wait=True, cancel_futures=True)
    files_of: list[list[tuple[str, bytes]]] = []
    for (piece, options), result in zip(work, results):
        files, fallbacks = result if result is not None else (None, [])
        if files is None:  # failed in a worker: built here, in order, so its error is raised as it is
            files = builder.sheet_pdfs(piece, options)
        builder.add_fallbacks(piece.region, fallbacks)  # in the pieces' order, as without workers
        files_of.append(files)
    return files_of
