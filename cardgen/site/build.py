"""The core of ``cardgen site``: content + options -> every file of the site, in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cardgen.content.loader import SOURCE_LOCALE, ContentTree
from cardgen.errors import ContentError, OptionError
from cardgen.org import Org
from cardgen.site.pages import LocaleText, PageMaker, load_locale

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_ACCENT = "#b0122b"  # the project red: 7.1:1 on white
_CSS_MARK = "/*cardgen:css*/"
MAX_PAGE_BYTES = 60 * 1024  # HTML with its inline CSS
MAX_FONT_BYTES = 150 * 1024  # the WOFF2 files one page references


@dataclass(frozen=True)
class SiteOptions:
    """What to build. Empty selections mean every locale (that has a guide) and every region."""

    locales: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    site_url: str | None = None  # where the site is published: canonical and hreflang links become absolute
    org: Org | None = None  # shown in every page's footer
    strict: bool = False  # a locale whose text has problems fails the build instead of being left out
    jobs: int = 1  # processes for font subsetting
    cache_dir: Path | None = None  # font subsets kept between builds (same bytes, less time); None: none


class Site(dict):
    """Every file of the site: relative path -> bytes, with what was left out and why."""

    def __init__(self, files: dict[str, bytes], skipped: dict[str, ContentError], pages: dict[str, tuple[str, str]], fonts_of_page: dict[str, list[str]]) -> None:
        super().__init__(files)
        self.skipped = skipped  # locale -> the problems that kept it out
        self.pages = pages  # page path -> (locale, region); the start page is ("", "")
        self.fonts_of_page = fonts_of_page  # page path -> the font files it references

    def page_bytes(self, path: str) -> int:
        return len(self[path])

    def font_bytes(self, path: str) -> int:
        return sum(len(self[f]) for f in self.fonts_of_page[path])


def _select_locales(content: ContentTree, options: SiteOptions) -> tuple[dict[str, LocaleText], dict[str, ContentError]]:
    if options.locales:
        for code in options.locales:
            content.ensure_known(code)
        wanted, explicit = list(dict.fromkeys(options.locales)), True
    else:
        wanted, explicit = [c for c in content.locale_codes() if content.has_family(c, "guide")], False
    loaded: dict[str, LocaleText] = {}
    skipped: dict[str, ContentError] = {}
    for code in sorted(wanted, key=lambda c: (c != SOURCE_LOCALE, c)):
        try:
            loaded[code] = load_locale(content, code)
        except ContentError as exc:
            skipped[code] = exc
    if skipped and (explicit or options.strict or SOURCE_LOCALE in skipped):
        problems = [p for exc in skipped.values() for p in exc.problems]
        raise ContentError(problems, heading=f"the guide site cannot be built: {len(problems)} content problem{'s' if len(problems) != 1 else ''} in {', '.join(skipped)}")
    return loaded, skipped


def build_site(content: ContentTree, options: SiteOptions) -> Site:
    """Every file of the guide site as ``{relative path: bytes}``; writes nothing.

    Raises UnknownNameError for an unknown locale or region, OptionError for a bad site URL,
    and ContentError when the English source (or, with ``strict`` or named locales, any
    selected locale) has problems; other locales with problems are left out (``Site.skipped``).
    """
    import jinja2

    from cardgen.links import normalise_site_url
    from cardgen.site.text import tel_href
    from cardgen.site.webfonts import INDEX, NAMES, CharUse, make_subsets
    from cardgen.typeset.fonts import stack_for

    site_url = normalise_site_url(options.site_url) if options.site_url else None
    all_regions = content.regions()
    region_codes = list(dict.fromkeys(options.regions)) if options.regions else list(all_regions)
    regions = {code: content.region(code) for code in region_codes}
    locales, skipped = _select_locales(content, options)
    source = locales.get(SOURCE_LOCALE) or load_locale(content, SOURCE_LOCALE)
    if not locales:
        raise OptionError("the guide site has no page to build: no locale has a complete guide.")

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["tel"] = tel_href
    accent = _hex(options.org.accent) if options.org and options.org.accent else DEFAULT_ACCENT
    base_css = _minify(env.get_template("site.css").render(accent=accent))

    maker = PageMaker(locales, regions, source, site_url, options.org)
    page_template, index_template = env.get_template("page.html"), env.get_template("index.html")
    rendered: dict[str, tuple[str, str]] = {}  # path -> (html with the CSS mark, lang)
    pages: dict[str, tuple[str, str]] = {}
    index = maker.index()
    rendered["index.html"] = (index_template.render(**index, css=_CSS_MARK), SOURCE_LOCALE)
    pages["index.html"] = ("", "")
    for code in locales:
        for region in regions:
            context = maker.page(code, region)
            rendered[context.path] = (page_template.render(**vars(context), css=_CSS_MARK), code)
            pages[context.path] = (code, region)

    script_of = {code: text.info.script for code, text in locales.items()}
    script_of.setdefault(SOURCE_LOCALE, source.info.script)
    stacks = {code: stack_for(script) for code, script in script_of.items()}
    use = CharUse(stacks)
    for path, (html, lang) in rendered.items():
        use.scan(path, html, lang, INDEX if path == "index.html" else NAMES)
    subsets = make_subsets(use, options.jobs, options.cache_dir)

    fonts_css = env.get_template("fonts.css")
    files: dict[str, bytes] = {}
    fonts_of_page: dict[str, list[str]] = {}
    for path, (html, lang) in rendered.items():
        used = sorted(use.pages[path], key=lambda k: (k[0].file, k[1]))
        prefix = "../" * path.count("/")
        faces = [
            {"family": subsets[key].family, "weight": subsets[key].weight, "url": prefix + subsets[key].path, "unicode_range": subsets[key].unicode_range}
            for key in used
        ]
        langs = sorted(set(_langs_in(html)) | {lang})
        rules = _lang_rules({code: stacks[code] for code in langs if code in stacks})
        css = base_css + _minify(fonts_css.render(faces=faces, lang_rules=rules))
        files[path] = html.replace(_CSS_MARK, css, 1).encode("utf-8")
        fonts_of_page[path] = [subsets[key].path for key in used]
    for subset in subsets.values():
        files[subset.path] = subset.data
    if subsets:  # the fonts' licence travels with them (their name tables keep only the copyright)
        from cardgen.resources import fonts_dir

        files["fonts/OFL.txt"] = (fonts_dir() / "OFL.txt").read_bytes()
    ordered = dict(sorted(files.items()))
    return Site(ordered, skipped, pages, fonts_of_page)


def _langs_in(html: str) -> list[str]:
    import re

    return re.findall(r'\slang="([^"]+)"', html)


def _lang_rules(stacks: dict) -> list[dict]:
    """One CSS rule per distinct font stack, for the languages on a page that use it."""
    from cardgen.site.webfonts import family_name, web_face

    grouped: dict[tuple[str, float], list[str]] = {}
    for code, stack in stacks.items():
        families = ", ".join(f'"{name}"' for name in dict.fromkeys(family_name(web_face(face)) for face in stack.regular))
        leading = max(1.5, round(stack.leading + 0.2, 2))
        grouped.setdefault((families + ", sans-serif", leading), []).append(f'[lang="{code}"]')
    return [{"selector": ",".join(selectors), "families": families, "leading": leading} for (families, leading), selectors in grouped.items()]


def _minify(css: str) -> str:
    """CSS without comments and runs of white space (pages stay light on slow phones)."""
    import re

    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = re.sub(r":\s+", ":", css)
    return css.replace(";}", "}").strip()


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
