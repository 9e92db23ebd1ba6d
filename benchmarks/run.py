"""Measure cardgen's speed and memory; prints medians over several runs.

    python benchmarks/run.py [--runs N] [--no-typst]

With the benchmark extra installed (pip install -e '.[bench]'), it also draws the same cards in
Typst in the same run and reports cardgen's times as ratios to Typst's (benchmarks/typst_anchor.py).

Figures are reported, never asserted: run it on the machine you care about.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.1f} ms  (min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f}, n={len(samples)})"


_MEASURED = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
took = time.perf_counter() - start
sys.stderr.buffer.write(done.stderr)
print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(done.returncode)
"""


def _time_command(args: list[str], runs: int, cwd: str) -> tuple[list[float], int]:
    """Wall times of ``args`` in fresh processes, and the peak memory (KB) of the largest single
    process it ran (itself or a worker), each run measured by a small parent of its own."""
    samples = []
    peak_kb = 0
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", _MEASURED, *args], check=True, capture_output=True, cwd=cwd, text=True)
        took, peak = done.stdout.split()
        samples.append(float(took))
        peak_kb = max(peak_kb, int(peak))
    return samples, peak_kb


def _every_locale(runs: int) -> tuple[float, list[float]]:
    """Per card over all locales' cards: the first time each is built (its fonts loaded, its
    words shaped) and then again in the same warm process."""
    from cardgen.build import Builder

    builder = Builder()
    pieces = [builder.piece("wallet-card", code) for code in builder.content.locale_codes()]
    start = time.perf_counter()
    for piece in pieces:
        builder.pdf(piece)
    first = (time.perf_counter() - start) / len(pieces)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for piece in pieces:
            builder.pdf(piece)
        samples.append((time.perf_counter() - start) / len(pieces))
    return first, samples


def _many_page(runs: int, cards: int) -> list[float]:
    """Marginal time per card when many cards go into one PDF (a 10-up sheet file)."""
    from cardgen.build import Builder
    from cardgen.sheets.impose import PrintOptions
    from cardgen.sheets.templates import SHEETS

    builder = Builder()
    piece = builder.piece("wallet-card", "es")
    options = PrintOptions(SHEETS.get("avery-5371"), copies=cards)
    builder.sheet_pdfs(piece, options)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        builder.sheet_pdfs(piece, options)
        samples.append((time.perf_counter() - start) / cards)
    return samples


def _batch(runs: int, jobs: int, tmp: str) -> tuple[list[float], int]:
    order = os.path.join(tmp, "catalogue.yaml")
    with open(order, "w", encoding="utf-8") as handle:
        handle.write("items:\n")
        for product in ("wallet-card", "door-sign", "workplace-sign"):
            handle.write(f"  - product: {product}\n    locales: all\n")
    cli = [sys.executable, "-m", "cardgen", "batch", order, "--force", "--jobs", str(jobs), "-o", os.path.join(tmp, f"batch{jobs}")]
    return _time_command(cli, runs, tmp)


_COPIES_RUN = """
import resource, sys, time
from cardgen.cli.app import main
start = time.perf_counter()
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _copies(runs: int, copies: int, tmp: str) -> tuple[list[float], int, int]:
    """A cold ``build --sheet avery-5371 --copies N`` (two-sided, es): time of the command in its
    process, that process's peak memory (KB) and the size of the file written."""
    out = os.path.join(tmp, f"copies{copies}")
    args = ["build", "-p", "wallet-card", "-l", "es", "--sheet", "avery-5371", "--copies", str(copies), "-o", out]
    samples, peak = [], 0
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", _COPIES_RUN, *args], check=True, capture_output=True, text=True, cwd=tmp)
        seconds, kb = done.stderr.strip().splitlines()[-1].split()
        samples.append(float(seconds))
        peak = max(peak, int(kb))
    size = sum(os.path.getsize(os.path.join(out, name)) for name in os.listdir(out))
    return samples, peak, size


def _warm(runs: int, cards: int) -> tuple[list[float], list[float]]:
    from cardgen.build import Builder

    builder = Builder()
    piece = builder.piece("wallet-card", "es")
    builder.pdf(piece)  # fonts registered, content loaded, QR encoded
    per_card, layout_only = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(cards):
            builder.pdf(piece)
        per_card.append((time.perf_counter() - start) / cards)
        start = time.perf_counter()
        for _ in range(cards):
            builder.sides(piece)
        layout_only.append((time.perf_counter() - start) / cards)
    return per_card, layout_only


_FONT_TIMER = """
import time
from cardgen.typeset.fonts import STACKS, load
faces = list(dict.fromkeys(f for stack in STACKS.values() for f in stack.regular + stack.bold))
start = time.perf_counter()
for face in faces:
    load(face)
print(len(faces), time.perf_counter() - start)
"""


def _fonts(runs: int) -> tuple[int, list[float]]:
    samples, count = [], 0
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _FONT_TIMER], check=True, capture_output=True, text=True).stdout.split()
        count, seconds = int(out[0]), float(out[1])
        samples.append(seconds)
    return count, samples


def _specimen(runs: int) -> list[float]:
    from cardgen.specimen import specimen_pdf

    specimen_pdf()  # fonts loaded, words shaped once
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        specimen_pdf()
        samples.append(time.perf_counter() - start)
    return samples


def _site_weights(content: str | None) -> tuple[int, str, int, str, int, int]:
    """The heaviest page (HTML with its inline CSS) and the heaviest font total of one page."""
    from cardgen.content.loader import ContentTree
    from cardgen.resources import default_content_dir
    from cardgen.site import SiteOptions, build_site

    site = build_site(ContentTree(content or default_content_dir()), SiteOptions(jobs=2))
    html_bytes, html_page = max((site.page_bytes(p), p) for p in site.pages)
    font_bytes, font_page = max((site.font_bytes(p), p) for p in site.pages)
    return html_bytes, html_page, font_bytes, font_page, len(site.pages), len(site.skipped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cards", type=int, default=50, help="cards per warm run")
    parser.add_argument("--site-content", default=None, help="content tree for the site entry (default: the shipped one; locales with problems are left out of the site)")
    parser.add_argument("--no-typst", action="store_true", help="leave out the side-by-side comparison with Typst")
    options = parser.parse_args()
    cli = [sys.executable, "-m", "cardgen"]
    from typst_anchor import compile_cardgen

    compile_cardgen()  # cold runs measure an installed cardgen, not the first compilation of its modules
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
    with tempfile.TemporaryDirectory() as tmp:
        samples, _ = _time_command(cli + ["--help"], options.runs, tmp)
        print(f"start-up, cardgen --help:            {_median_ms(samples)}")
        samples, peak = _time_command(cli + ["build", "-p", "wallet-card", "-l", "es", "-o", tmp], options.runs, tmp)
        print(f"one card, cold process:              {_median_ms(samples)}")
        samples, peak = _time_command(cli + ["build", "--jobs", "1", "-o", tmp], options.runs, tmp)
        anchor = statistics.median(samples)
        print(f"default catalogue (build -j 1), cold: {_median_ms(samples)}")
        samples_2, peak_2 = _time_command(cli + ["build", "--jobs", "2", "-o", tmp], options.runs, tmp)
        print(f"default catalogue (build -j 2), cold: {_median_ms(samples_2)}  = {statistics.median(samples_2) / anchor:.2f} x -j 1, largest process {peak_2 / 1024:.1f} MB")
        site_cli = cli + ["site", "-o", os.path.join(tmp, "site")] + (["--content", options.site_content] if options.site_content else [])
        site_samples, site_peak = _time_command(site_cli, options.runs, tmp)
        print(f"guide site, every locale and region, fonts cut afresh: {_median_ms(site_samples)}  = {statistics.median(site_samples) / anchor:.2f} x the catalogue build")
        cached = site_cli + ["--cache-dir", os.path.join(tmp, "font-cache")]
        _time_command(cached, 1, tmp)  # fills the subset cache
        site_samples, site_peak = _time_command(cached, options.runs, tmp)
        print(f"guide site, again (subsets from the cache):            {_median_ms(site_samples)}  = {statistics.median(site_samples) / anchor:.2f} x the catalogue build")
        html_bytes, html_page, font_bytes, font_page, pages, skipped = _site_weights(options.site_content)
        print(f"  {pages} pages ({skipped} locales left out for content problems); heaviest HTML+CSS {html_bytes / 1024:.1f} KB ({html_page}), heaviest fonts of a page {font_bytes / 1024:.1f} KB ({font_page})")
        print(f"peak memory of a build process (-j 1): {peak / 1024:6.1f} MB")
        for jobs in (1, 2):
            samples, peak = _batch(options.runs, jobs, tmp)
            print(f"catalogue as a batch, {jobs} job{'s' if jobs > 1 else ' '}:     {_median_ms(samples)}, largest process (parent or worker) {peak / 1024:.1f} MB")
        print(f"largest single process of all runs:  {peak / 1024:8.1f} MB")
        for copies in (10, 100, 1_000, 10_000):
            samples, peak, size = _copies(options.runs, copies, tmp)
            print(f"--sheet avery-5371 --copies {copies:>6,}: {_median_ms(samples)}, peak {peak / 1024:.1f} MB, file {size / 1e6:.2f} MB")
    per_card, layout = _warm(options.runs, options.cards)
    print(f"marginal card PDF, warm process:     {_median_ms(per_card)}")
    print(f"  of which layout (fit text, QR):    {_median_ms(layout)}")
    print(f"marginal card in a 10-up sheet PDF:  {_median_ms(_many_page(options.runs, 100))}")
    first, again = _every_locale(options.runs)
    print(f"card per locale, all 32, first time: {first * 1000:8.1f} ms (fonts and shaping of each script)")
    print(f"card per locale, all 32, warm:       {_median_ms(again)}")
    count, samples = _fonts(options.runs)
    print(f"register all {count} font faces, cold:  {_median_ms(samples)}")
    print(f"specimen (22 scripts, 3 pages), warm: {_median_ms(_specimen(options.runs))}")
    if not options.no_typst:
        try:
            import typst  # noqa: F401
        except ImportError:
            print("Typst anchor: not installed (pip install -e '.[bench]')")
        else:
            import typst_anchor

            typst_anchor.report(typst_anchor.compare(options.runs, 20))


if __name__ == "__main__":
    main()
