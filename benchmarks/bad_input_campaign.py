"""A long bad-input campaign: the property tests' generators, run for many more examples.

    python benchmarks/bad_input_campaign.py --examples 2000 --seed 1
    python benchmarks/bad_input_campaign.py --only sheets,batch --examples 500

Every generated case runs through the real CLI (see tests/strategies.py for the promises it
checks). Nothing stops at the first failure: each broken promise is sorted into a class (kind
and place, e.g. "traceback cardgen/org.py:97 in load_org"), and for each class the smallest
case seen is printed as a reproducer (command and files), with how many cases hit it. With
--shrink, Hypothesis then shrinks each class's reproducer to a minimal one. Exit code 1 when
any class was found. Not part of pytest: it takes minutes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import find as hypothesis_find  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import strategies as gen  # noqa: E402

GENERATORS = {
    "content": lambda original: gen.content_cases(original),
    "profiles": lambda original: gen.org_cases(),
    "sheets": lambda original: gen.sheet_cases(),
    "batch": lambda original: gen.batch_cases(),
    "options": lambda original: gen.option_cases(),
    "console": lambda original: gen.console_cases(),
}
AREAS = {  # who fixes what (issue 12's helpers)
    "content": "content", "profiles": "profiles+sheets+options", "sheets": "profiles+sheets+options",
    "options": "profiles+sheets+options", "console": "profiles+sheets+options", "batch": "batch+names",
}


class Campaign:
    def __init__(self, root: Path, content: Path, original: dict[str, bytes]) -> None:
        self.root, self.content, self.original = root, content, original
        self.classes: dict[tuple[str, str], dict] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.exits: dict[str, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))

    def run(self, generator: str, case: gen.Case) -> list[gen.Violation]:
        violations, code, output = gen.run_case(case, self.root, self.content)
        self.counts[generator] += 1
        self.exits[generator][code] += 1
        for violation in violations:
            key = (generator, violation.signature)
            seen = self.classes.get(key)
            size = len(case.describe())
            if seen is None:
                self.classes[key] = {"violation": violation, "case": case, "size": size, "hits": 1, "output": output}
            else:
                seen["hits"] += 1
                if size < seen["size"]:
                    seen.update(violation=violation, case=case, size=size, output=output)
        return violations

    def explore(self, generator: str, examples: int, seed: int | None) -> None:
        strategy = GENERATORS[generator](self.original)

        @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def one(case):
            self.run(generator, case)

        if seed is not None:
            one = __import__("hypothesis").seed(seed)(one)
        one()

    def shrink(self, generator: str, signature: str, budget: int) -> None:
        """Let Hypothesis find a minimal case of one class."""
        strategy = GENERATORS[generator](self.original)

        def same_class(case) -> bool:
            violations, _, _ = gen.run_case(case, self.root, self.content)
            return any(v.signature == signature for v in violations)

        try:
            minimal = hypothesis_find(strategy, same_class, settings=settings(max_examples=budget, deadline=None, database=None, suppress_health_check=list(HealthCheck)))
        except Exception:  # noqa: BLE001 - not found again within the budget: keep the smallest seen
            return
        entry = self.classes[(generator, signature)]
        violations, _, output = gen.run_case(minimal, self.root, self.content)
        entry.update(case=minimal, size=len(minimal.describe()), output=output,
                     violation=next(v for v in violations if v.signature == signature))

    def report(self) -> str:
        lines = []
        for generator in GENERATORS:
            if not self.counts.get(generator):
                continue
            exits = ", ".join(f"{code}: {n}" for code, n in sorted(self.exits[generator].items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
            found = [(sig, e) for (g, sig), e in self.classes.items() if g == generator]
            lines.append(f"== {generator} ({AREAS[generator]}): {self.counts[generator]} cases, exit codes {{{exits}}}, {len(found)} failure classes")
            for signature, entry in sorted(found, key=lambda se: -se[1]["hits"]):
                lines.append(f"-- [{entry['violation'].kind}] {signature}  ({entry['hits']} cases)")
                lines.append(f"   {entry['violation'].detail}")
                lines.append("   reproducer:")
                lines.extend("     " + line for line in entry["case"].describe().splitlines()[:30])
                tail = [line for line in entry["output"].splitlines() if line.strip()][-3:]
                if tail:
                    lines.append("   output (last lines):")
                    lines.extend("     " + line[:300] for line in tail)
            lines.append("")
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="Cases per generator (default 2000).")
    parser.add_argument("--seed", type=int, default=None, help="Seed, to repeat a campaign.")
    parser.add_argument("--only", default=",".join(GENERATORS), help=f"Comma-separated generators: {', '.join(GENERATORS)}.")
    parser.add_argument("--shrink", type=int, default=0, metavar="N", help="Shrink each class with up to N more cases (default: keep the smallest seen).")
    args = parser.parse_args(argv)
    chosen = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in chosen if g not in GENERATORS]
    if unknown:
        parser.error(f"unknown generator {', '.join(unknown)}; choose from {', '.join(GENERATORS)}")

    from cardgen.build import Builder
    from cardgen.resources import default_content_dir

    root = Path(tempfile.mkdtemp(prefix="cardgen-campaign-"))
    try:
        content = root / "content"
        shutil.copytree(default_content_dir(), content)
        original = {rel: (content / rel).read_bytes() for rel in gen.CONTENT_FILES}
        Builder().piece("wallet-card", "es")  # fonts loaded before the first case
        campaign = Campaign(root, content, original)
        for generator in chosen:
            start = time.monotonic()
            examples = max(1, args.examples // 20) if generator == "console" else args.examples  # a process each
            campaign.explore(generator, examples, args.seed)
            print(f"{generator}: {campaign.counts[generator]} cases in {time.monotonic() - start:.0f} s", file=sys.stderr)
        if args.shrink:
            for generator, signature in list(campaign.classes):
                campaign.shrink(generator, signature, args.shrink)
        print(campaign.report())
        return 1 if campaign.classes else 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
