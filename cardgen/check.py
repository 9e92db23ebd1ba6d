"""``cardgen check``: per locale, what is missing, stale, unreviewed or too long to print."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from cardgen.build import Builder, Piece
from cardgen.content.families import FAMILIES
from cardgen.content.loader import SOURCE_LOCALE
from cardgen.content.tracking import staleness
from cardgen.errors import CardgenError, ContentError, FitError
from cardgen.products import PRODUCTS
from cardgen.sizes import SIZES


@dataclass
class LocaleReport:
    locale: str
    name: str = ""
    status: dict[str, str] = field(default_factory=dict)  # family -> source / draft / reviewed
    missing: list[str] = field(default_factory=list)  # "family" or "family: key"
    problems: list[str] = field(default_factory=list)  # invalid content, uncovered characters
    stale: list[str] = field(default_factory=list)  # "family: key"
    untracked: list[str] = field(default_factory=list)  # "family: key"
    overflow: list[str] = field(default_factory=list)  # "product size: field"
    terms: list[str] = field(default_factory=list)  # strings that stray from the locale's glossary
    warnings: list[str] = field(default_factory=list)  # worth fixing before printing, not failures
    review: dict[str, dict[str, int]] = field(default_factory=dict)  # family -> {"approved": n, "total": m}

    @property
    def review_counts(self) -> tuple[int, int]:
        """Strings reviewed (approved per string, or in a reviewed file) and strings in all."""
        return sum(r["approved"] for r in self.review.values()), sum(r["total"] for r in self.review.values())

    @property
    def draft(self) -> bool:
        """Some family is a draft file whose strings are not all approved one by one."""
        def approved(family: str) -> bool:
            counts = self.review.get(family)
            return bool(counts) and counts["approved"] == counts["total"]

        return any(status == "draft" and not approved(family) for family, status in self.status.items())

    def ok(self, strict: bool = False) -> bool:
        """Nothing wrong for a print build (and, when strict, nothing unreviewed)."""
        clean = not (self.missing or self.problems or self.stale or self.untracked or self.overflow or self.terms)
        return clean and not (strict and self.draft)

    def as_dict(self) -> dict:
        return {**asdict(self), "draft": self.draft, "ok": self.ok(), "ok_strict": self.ok(strict=True)}


HOTLINE_MAX_AGE_DAYS = 180  # a help line checked longer before the content's date needs a new check


def check(builder: Builder, locales: tuple[str, ...] = (), region: str = "us") -> list[LocaleReport]:
    codes = locales or builder.content.locale_codes()
    reports = [_check_locale(builder, code, region) for code in codes]
    warnings = hotline_warnings(builder, region)
    for report in reports:
        report.warnings += warnings
    return reports


def hotline_warnings(builder: Builder, region: str) -> list[str]:
    """The region's help line, if its last check is more than 180 days older than the content."""
    from cardgen.errors import CardgenError

    try:
        line = builder.content.region(region).hotline
        effective = builder.content.family(SOURCE_LOCALE, "regions").meta.effective_date
    except CardgenError:
        return []
    if line.verified is None:
        return [f"regions.yaml: {region}.hotline.verified: missing. Call {line.number} and record the date it was last checked."]
    age = (effective - line.verified).days
    if age > HOTLINE_MAX_AGE_DAYS:
        return [
            f"regions.yaml: {region}.hotline: {line.number} was last checked on {line.verified.isoformat()}, {age} days before "
            f"the content's effective date ({effective.isoformat()}). Check it again and update 'verified'."
        ]
    return []


def _check_locale(builder: Builder, code: str, region: str = "us") -> LocaleReport:
    content = builder.content
    report = LocaleReport(code)
    try:
        report.name = content.locale(code).name
    except ContentError as exc:
        report.problems += [str(p) for p in exc.problems]
        return report
    loaded = set()
    for family in FAMILIES:
        if not content.has_family(code, family.name):
            report.missing.append(family.name)
            continue
        try:
            text, source = content.families([(code, family.name), (SOURCE_LOCALE, family.name)])
        except ContentError as exc:
            for problem in exc.problems:
                if problem.message.startswith("missing translation"):
                    report.missing.append(f"{family.name}: {problem.key.removeprefix('strings.')}")
                else:
                    report.problems.append(str(problem))
            continue
        loaded.add(family.name)
        report.status[family.name] = text.meta.translation.status
        state = staleness(text, source)
        report.stale += [f"{family.name}: {key}" for key in state.stale]
        report.untracked += [f"{family.name}: {key}" for key in state.untracked]
    _review_coverage(content, code, loaded, report)
    if {"wallet-card", "signs", "regions", "guide"} <= loaded:
        from cardgen.content.glossary import term_problems

        try:
            report.terms += term_problems(content, code)
        except ContentError as exc:
            report.problems += [str(p) for p in exc.problems]
    for product in PRODUCTS:
        if product.family not in loaded:
            continue
        for size in SIZES:
            if size.kind != product.size_kind:
                continue
            try:
                builder.sides(Piece(product.name, code, size.name, region))
            except FitError as exc:
                report.overflow += [f"{product.name} {size.name}: {field}" for field in exc.fields]
            except CardgenError as exc:
                report.problems.append(str(exc))
                break
    return report


def _review_coverage(content, code: str, loaded: set[str], report: LocaleReport) -> None:
    """Per family: how many strings a reviewer approved (see cardgen.content.review)."""
    if code == SOURCE_LOCALE:
        return
    from cardgen.exchange.review import coverage

    try:
        for item in coverage(content, code):
            if item.family in loaded:
                report.review[item.family] = {"approved": item.approved, "total": item.total}
    except ContentError as exc:
        report.problems += [str(p) for p in exc.problems]
