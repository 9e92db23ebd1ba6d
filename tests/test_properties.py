"""Property tests: generated content, organisation profiles, sheet files, batch orders and
option values, run through the real CLI.

For every generated case (see tests/strategies.py) the promises of the README and issue 12
must hold: an exit code the README documents, no traceback, bounded time, nothing written
outside --out, no file at all from a build that fails, and every PDF of a run that succeeds
passes qpdf's structure check with no NaN and every box inside its MediaBox.

Example counts are kept small so the whole file stays within about a minute on two cores;
benchmarks/bad_input_campaign.py runs the same generators for longer.
"""

from __future__ import annotations

import os

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardgen.resources import default_content_dir

from strategies import (
    CONTENT_FILES, batch_cases, console_cases, content_cases, option_cases, org_cases, run_case, sheet_cases,
)

pytest.importorskip("pikepdf")

# Each example is one CLI run; 10 s is ten times the slowest honest one (a guide booklet).
# No example database: nothing is written into the repository; a failure prints its example.
# Under CI the examples are derandomized, so a landing is judged on the same cases every time;
# elsewhere each run explores new ones (and benchmarks/bad_input_campaign.py explores far more).
PROPERTY = settings(
    deadline=10_000, database=None, print_blob=True, derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@dataclass(frozen=True)
class Arena:
    """Where every example runs: ``root`` (snapshotted whole around each run), the shared
    content copy inside it, and that copy's original bytes of the files content cases change."""

    root: Path
    content: Path
    original: dict[str, bytes]

    def __repr__(self) -> str:  # Hypothesis prints the arguments of a failing example: keep it short
        return f"Arena({self.root})"

    def _repr_pretty_(self, printer, cycle) -> None:  # what Hypothesis's printer asks for first
        printer.text(repr(self))


@pytest.fixture(scope="session")
def arena(tmp_path_factory) -> Arena:
    root = tmp_path_factory.mktemp("properties")
    content = root / "content"
    shutil.copytree(default_content_dir(), content)
    from cardgen.build import Builder

    Builder().piece("wallet-card", "es")  # fonts loaded before the first timed example
    return Arena(root, content, {rel: (content / rel).read_bytes() for rel in CONTENT_FILES})


def holds(case, arena: Arena) -> None:
    violations, code, output = run_case(case, arena.root, arena.content)
    assert not violations, (
        "\n".join(str(v) for v in violations) + f"\n\nexit {code}; output:\n{output[:2000]}\n\ncase:\n{case.describe()}"
    )


@settings(PROPERTY, max_examples=250)
@given(data=st.data())
def test_generated_content_never_breaks_a_promise(arena, data):
    holds(data.draw(content_cases(arena.original)), arena)


@settings(PROPERTY, max_examples=80)
@given(case=org_cases())
def test_generated_organisation_profiles_never_break_a_promise(arena, case):
    holds(case, arena)


@settings(PROPERTY, max_examples=80)
@given(case=sheet_cases())
def test_generated_sheet_files_never_break_a_promise(arena, case):
    holds(case, arena)


@settings(PROPERTY, max_examples=60)
@given(case=batch_cases())
def test_generated_batch_orders_never_break_a_promise(arena, case):
    holds(case, arena)


@settings(PROPERTY, max_examples=120)
@given(case=option_cases())
def test_generated_build_options_never_break_a_promise(arena, case):
    holds(case, arena)


@settings(PROPERTY, max_examples=6, deadline=20_000)  # a fresh process each: start-up and fonts included
@given(case=console_cases())
def test_a_real_process_on_any_console_and_epoch_keeps_its_promises(arena, case):
    holds(case, arena)
