"""Pages to PDF bytes: reproducible, fonts embedded as subsets, no unembedded base font.

A page holds placed sides (a card at a position, clipped to its bleed) and page-level marks,
and declares its TrimBox and BleedBox for print shops.
"""

from __future__ import annotations

import io
import math
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Sequence

from cardgen import __version__
from cardgen.drawing import FillRect, Operation, Picture, QrSymbol, Shape, ShapedLine, Side, Tagged, paint
from cardgen.errors import SettingError
from cardgen.pdfobjects import array, reference, written
from cardgen.typeset.fonts import NOTO_SANS, load

if TYPE_CHECKING:
    from cardgen.color import OutputCondition
    from reportlab.pdfgen.canvas import Canvas

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


@dataclass(frozen=True)
class Placed:
    """A side drawn with its trim's bottom-left corner at (x, y), clipped to its bleed."""

    side: Side
    x: float
    y: float
    bleed: float = 0.0
    clip: "Rect | None" = None  # a bleed cut back at narrow gutters (sheets/impose.py); None: the whole bleed
    turned: bool = False  # drawn a half turn round its centre (short-edge duplex backs)


@dataclass(frozen=True)
class Page:
    """A PDF page: the sides placed on it, its marks and its boxes."""

    width: float
    height: float
    placed: tuple[Placed, ...]
    marks: tuple[Operation, ...] = ()  # crop marks, calibration scales: drawn on the page itself
    trim: Rect | None = None  # TrimBox; None: the whole page
    bleed: Rect | None = None  # BleedBox; None: the TrimBox
    die_lines: tuple[Rect, ...] = ()  # trims to stroke as a die line in its own spot colour (see DIE_LINE)


# The /Duplex names of a PDF's viewer preferences: how a print dialog turns the paper.
DUPLEX_NAMES = ("Simplex", "DuplexFlipLongEdge", "DuplexFlipShortEdge")


def write_pdf(sides: Sequence[Side], title: str, subject: str = "", lang: str = "") -> bytes:
    """One page per side, each at its own trim size. Same input, same bytes: the same file as
    a build on the single sheet with its default --duplex long-edge (a card's back behind its
    front; one-sided for a one-page piece)."""
    duplex = "DuplexFlipLongEdge" if len(sides) > 1 else "Simplex"
    return write_pages([Page(s.width, s.height, (Placed(s, 0, 0),)) for s in sides], title, subject, duplex=duplex, lang=lang)


def write_pages(pages: Sequence[Page], title: str, subject: str = "", cmyk: bool = False, duplex: str = "Simplex", pdfx: bool = False, lang: str = "", condition: "OutputCondition | None" = None) -> bytes:
    """Every file asks print dialogs to print at actual size (/PrintScaling /None: a card shrunk
    to "fit" no longer fits its die-cut stock) and says how to turn the sheets: ``duplex`` is one
    of DUPLEX_NAMES (see cardgen.sheets.impose.viewer_duplex).

    ``pdfx``: a PDF/X-1a:2001 file (see :func:`_declare_pdfx`), every colour CMYK, the accent
    and pictures converted through the output ``condition``'s ICC profile (default: SWOP).

    ``lang``: the document's language (BCP 47); given, the file is tagged (see :func:`_tag`)
    unless it is PDF/X-1a or a side is drawn once as a Form XObject and placed several times.
    Every line carries its text as ActualText in any case."""
    from reportlab.pdfgen.canvas import Canvas

    if duplex not in DUPLEX_NAMES:
        raise ValueError(f"duplex {duplex!r} is not one of {', '.join(DUPLEX_NAMES)}")

    for number, page in enumerate(pages, start=1):
        _check_finite(page, number, title)
    load(NOTO_SANS)  # the canvas's initial font must be an embedded one, not Helvetica
    if pdfx:
        from cardgen.color import DEFAULT_CONDITION, converter

        condition = condition or DEFAULT_CONDITION
        cmyk = converter(condition)  # type: ignore[assignment]  # CMYK, and the accent and logo through ICC
    buffer = io.BytesIO()
    with _without_source_date_epoch():
        canvas = Canvas(
            buffer,
            pagesize=(pages[0].width, pages[0].height),
            invariant=1,
            pageCompression=1,
            initialFontName=NOTO_SANS.name,
            initialFontSize=10,
        )
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator(f"cardgen {__version__}")
    canvas.setAuthor("cardgen")
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("Duplex", duplex)
    if pdfx:
        _declare_pdfx(canvas, condition)
    forms = _SideForms(canvas, pages, cmyk)
    tagging = bool(lang) and not pdfx and not forms._reused
    tagged_pages: list[Tagged] = []
    for page in pages:
        if tagging:
            forms.tagged = tagged = []
            tagged_pages.append(tagged)
        canvas.setPageSize((page.width, page.height))
        trim = page.trim or (0.0, 0.0, page.width, page.height)
        canvas.setTrimBox(trim)
        canvas.setBleedBox(page.bleed or trim)
        for item in page.placed:
            forms.place(item)
        if page.marks:
            paint(canvas, Side("marks", page.width, page.height, page.marks), cmyk=cmyk, tagged=forms.tagged)
        if page.die_lines:
            _paint_die_lines(canvas, page.die_lines, artifact=tagging)
        canvas.showPage()
    if tagging:
        _tag(canvas, tagged_pages, lang)
    canvas.save()
    return buffer.getvalue()


class _SideForms:
    """Places sides on pages, drawing each side that is placed more than once only once.

    A side placed several times in a document (every cell of a sheet, every sheet of a run) is
    painted once into a Form XObject, clip included, and each placement is then a translation
    and a ``Do``: 10,000 copies cost one drawing, not 10,000. A side placed once is painted on
    the page itself, as it always was, so single-card files keep their bytes. Forms are named
    in order of first use, so the same pages give the same file.
    """

    def __init__(self, canvas: "Canvas", pages: Sequence[Page], cmyk: bool) -> None:
        self._canvas, self._cmyk = canvas, cmyk
        self._by_id: dict[tuple[int, float], int] = {}  # (id of a side, bleed) -> its drawing
        # equal sides, one drawing: sides are compared by value only with those of the same
        # size, bleed and count of operations (hashing a whole side is dear; most differ there)
        self._by_shape: dict[tuple[float, float, float, int], list[tuple[Side, int]]] = {}
        self._count = 0
        counts: dict[int, int] = {}
        for page in pages:
            for item in page.placed:
                drawing = self._drawing(item)
                counts[drawing] = counts.get(drawing, 0) + 1
        self._reused = {drawing for drawing, count in counts.items() if count > 1}
        self._names: dict[int, str] = {}
        self.tagged: Tagged | None = None  # the current page's marked content (see _tag)

    def _drawing(self, item: Placed) -> int:
        # sides are compared by value once per object, not at every cell (hashing a whole side
        # is dear); the pages hold their sides, so an id stays theirs while the file is written
        fast = (id(item.side), item.bleed)
        if fast not in self._by_id:
            side = item.side
            alike = self._by_shape.setdefault((side.width, side.height, item.bleed, len(side.ops)), [])
            drawing = next((number for other, number in alike if other == side), None)
            if drawing is None:
                drawing, self._count = self._count, self._count + 1
                alike.append((side, drawing))
            self._by_id[fast] = drawing
        return self._by_id[fast]

    def place(self, item: Placed) -> None:
        if item.clip is None and not item.turned:
            self._place(item)
            return
        canvas = self._canvas
        canvas.saveState()
        if item.clip is not None:
            x0, y0, x1, y1 = item.clip
            path = canvas.beginPath()
            path.rect(x0, y0, x1 - x0, y1 - y0)
            canvas.clipPath(path, stroke=0, fill=0)
        if item.turned:  # a half turn round the trim's centre: the trim stays where it is
            canvas.translate(2 * item.x + item.side.width, 2 * item.y + item.side.height)
            canvas.rotate(180)
        self._place(item)
        canvas.restoreState()

    def _place(self, item: Placed) -> None:
        canvas, drawing = self._canvas, self._drawing(item)
        if drawing not in self._reused:
            canvas.saveState()
            _paint_clipped(canvas, item.side, item.x, item.y, item.bleed, self._cmyk, self.tagged)
            canvas.restoreState()
            return
        if drawing not in self._names:
            # named in order of first use: the same pages, the same file
            name = self._names[drawing] = f"side{len(self._names) + 1}"
            side, b = item.side, item.bleed
            canvas.beginForm(name, -b, -b, side.width + b, side.height + b)
            _paint_clipped(canvas, side, 0.0, 0.0, b, self._cmyk)
            canvas.endForm()
        canvas.saveState()
        canvas.translate(item.x, item.y)
        canvas.doForm(self._names[drawing])
        canvas.restoreState()


def _paint_clipped(canvas: "Canvas", side: Side, x: float, y: float, bleed: float, cmyk: bool, tagged: "Tagged | None" = None) -> None:
    """Paint ``side`` at (x, y), clipped to its bleed box."""
    clip = canvas.beginPath()
    clip.rect(x - bleed, y - bleed, side.width + 2 * bleed, side.height + 2 * bleed)
    canvas.clipPath(clip, stroke=0, fill=0)
    paint(canvas, side, x, y, bleed=bleed, cmyk=cmyk, tagged=tagged)


# A tagged PDF needs marked content with properties (PDF 1.2), a structure tree (1.3), MarkInfo
# and /Lang (1.4) and ActualText (1.5).
TAGGED_PDF_VERSION = (1, 5)


def _tag(canvas: "Canvas", pages: Sequence[Tagged], lang: str) -> None:
    """Make the document a tagged PDF: a structure tree whose Document element holds one /P
    element per line, in the order the lines were painted (the layout's reading order), each
    pointing at its marked content (page and MCID, see cardgen.drawing.paint) and carrying a
    /Lang where its language is not the document's; a line's words in another language (the
    English words to say) are a /Span element of their own in it, with their /Lang; the
    ParentTree maps each page's MCIDs back to their elements; the catalog says /MarkInfo
    <</Marked true>> and the document's /Lang.

    Registered in a fixed order: the same pages, the same bytes. The elements (a card has a few
    dozen) and the arrays that list them are written at once (cardgen.pdfobjects), the bytes
    ReportLab's dictionaries and arrays would give."""
    from reportlab.pdfbase import pdfdoc

    doc = canvas._doc
    doc._pdfVersion = max(doc._pdfVersion, TAGGED_PDF_VERSION)
    element = pdfdoc.PDFName("StructElem")
    root = pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    document = pdfdoc.PDFDictionary({"Type": element, "S": pdfdoc.PDFName("Document"), "P": root_ref})
    document_ref = doc.Reference(document)
    parent = reference(doc, document)
    langs: dict[str, str] = {}

    def lang_of(code: str) -> str:
        if code not in langs:
            langs[code] = pdfdoc.PDFString(code).format(doc).decode("latin-1")
        return langs[code]

    kids: list[str] = []
    numbers: list[str] = []
    for index, (page, marked) in enumerate(zip(doc.Pages.pages, pages)):
        page_ref = reference(doc, page)
        tail = f"/P {parent} /Pg {page_ref} /S /P /Type /StructElem\n>>"
        on_page: list[str] = []  # each MCID's element
        mcid = 0
        while mcid < len(marked):
            line = marked[mcid][0]
            last = mcid
            while last + 1 < len(marked) and marked[last + 1][0] is line:
                last += 1
            # dictionary() of {K, Lang, P, Pg, S, Type}, written out: a card has a few dozen
            own = f"/Lang {lang_of(line.lang)} " if line.lang and line.lang != lang else ""
            if last == mcid and not marked[mcid][1]:
                on_page.append(reference(doc, written(f"<<\n/K {mcid} {own}{tail}")))
                kids.append(on_page[-1])
                mcid += 1
                continue
            paragraph = written("")
            paragraph_ref = reference(doc, paragraph)
            contents = []
            for part in range(mcid, last + 1):
                part_lang = marked[part][1]
                if part_lang and part_lang != (line.lang or lang):
                    span = written(f"<<\n/K {part} /Lang {lang_of(part_lang)} /P {paragraph_ref} /Pg {page_ref} /S /Span /Type /StructElem\n>>")
                    on_page.append(reference(doc, span))
                    contents.append(on_page[-1])
                else:
                    on_page.append(paragraph_ref)
                    contents.append(str(part))
            paragraph.data = f"<<\n/K {array(contents)} {own}{tail}".encode("latin-1")  # type: ignore[attr-defined]
            kids.append(paragraph_ref)
            mcid = last + 1
        numbers += [str(index), array(on_page)]
        page.StructParents = index
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents"]
    document.dict["K"] = written(array(kids))
    root.dict["K"] = document_ref
    root.dict["ParentTree"] = pdfdoc.PDFDictionary({"Nums": written(array(numbers))})
    root.dict["ParentTreeNextKey"] = len(pages)
    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": pdfdoc.PDFtrue})
    catalog.Lang = pdfdoc.PDFString(lang)


# PDF/X-1a:2001 (ISO 15930-1): CMYK only, fonts embedded, no transparency, PDF 1.3 (ReportLab's
# default version, kept: nothing cardgen draws needs a later one).
PDFX_VERSION = "PDF/X-1:2001"
PDFX_CONFORMANCE = "PDF/X-1a:2001"


def _declare_pdfx(canvas: "Canvas", condition: "OutputCondition") -> None:
    """The document-level keys of PDF/X-1a:2001: GTS_PDFXVersion and GTS_PDFXConformance in the
    Info dictionary beside Title, CreationDate, ModDate and /Trapped /False (ReportLab's
    default: cardgen does not trap), and an OutputIntent /GTS_PDFX naming the printing
    condition, with its ICC profile embedded. TrimBox and BleedBox are on every page already."""
    from reportlab.pdfbase import pdfdoc

    doc = canvas._doc
    info = _pdfx_info_class()()
    info.__dict__.update(doc.info.__dict__)  # the title, subject, creator and author already set
    info.trapped = "False"
    doc.info = info
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 4}), condition.profile, filters=[pdfdoc.PDFZCompress])
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"),
        "S": pdfdoc.PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": pdfdoc.PDFString(condition.identifier),
        "OutputCondition": pdfdoc.PDFString(condition.info),
        "RegistryName": pdfdoc.PDFString(condition.registry),
        "Info": pdfdoc.PDFString(condition.info),
        "DestOutputProfile": doc.Reference(profile),
    })
    catalog = doc.Catalog
    catalog.OutputIntents = pdfdoc.PDFArray([intent])
    catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]


def _pdfx_info_class():
    """ReportLab's Info dictionary with the two PDF/X keys added."""
    from reportlab.pdfbase import pdfdoc

    class PdfxInfo(pdfdoc.PDFInfo):
        def format(self, document):
            date = pdfdoc.PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
            return pdfdoc.PDFDictionary({
                "Title": pdfdoc.PDFString(self.title),
                "Author": pdfdoc.PDFString(self.author),
                "CreationDate": date,
                "ModDate": date,
                "Producer": pdfdoc.PDFString(self.producer),
                "Creator": pdfdoc.PDFString(self.creator),
                "Subject": pdfdoc.PDFString(self.subject),
                "Keywords": pdfdoc.PDFString(self.keywords),
                "Trapped": pdfdoc.PDFName(self.trapped),
                "GTS_PDFXVersion": pdfdoc.PDFString(PDFX_VERSION),
                "GTS_PDFXConformance": pdfdoc.PDFString(PDFX_CONFORMANCE),
            }).format(document)

    return PdfxInfo


# A die-cutter's line: a spot colour of its own (a Separation the press never inks; its alternate
# is a magenta for proofs), overprinting so that it knocks nothing out of the art under it.
DIE_LINE_NAME = "DieCut"
DIE_LINE_RADIUS = 3.18 * 72 / 25.4  # pt: the corner radius of an ID-1 (CR80) card, ISO/IEC 7810
DIE_LINE_WIDTH = 0.25  # pt


def _paint_die_lines(canvas: "Canvas", trims: Sequence[Rect], artifact: bool = False) -> None:
    from reportlab.lib.colors import CMYKColorSep

    if artifact:
        canvas._code.append("/Artifact BMC")
    canvas.saveState()
    canvas.setStrokeColor(CMYKColorSep(0, 1, 0, 0, spotName=DIE_LINE_NAME))
    canvas.setStrokeOverprint(True)
    canvas.setLineWidth(DIE_LINE_WIDTH)
    for x0, y0, x1, y1 in trims:
        canvas.roundRect(x0, y0, x1 - x0, y1 - y0, DIE_LINE_RADIUS, stroke=1, fill=0)
    canvas.restoreState()
    if artifact:
        canvas._code.append("EMC")


@contextmanager
def _without_source_date_epoch() -> Iterator[None]:
    """Hide SOURCE_DATE_EPOCH from ReportLab while it makes the document's timestamp.

    cardgen's PDFs are reproducible on their own (``invariant=1``: a fixed date), so the
    variable is ignored, consistently: ReportLab would otherwise put its date in the file (two
    builds of the same input differing by the variable) and fail with a traceback on a value
    that is not a whole number. ReportLab reads it only when a canvas is made, and cardgen makes
    canvases in one thread per process, so hiding it for that moment is enough.
    """
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _check_finite(page: Page, number: int, title: str) -> None:
    """Refuse a page with a number that is not finite: ReportLab would write 'nan' or 'inf'
    into the PDF, which viewers and printers read as garbage or reject."""
    numbers = [page.width, page.height, *(page.trim or ()), *(page.bleed or ()), *(v for r in page.die_lines for v in r)]
    for item in page.placed:
        numbers += [item.x, item.y, item.bleed, item.side.width, item.side.height, *(item.clip or ())]
        numbers += _op_numbers(item.side.ops)
    numbers += _op_numbers(page.marks)
    if not all(math.isfinite(n) for n in numbers):
        raise SettingError(f"{title}: page {number} has a position or size that is not a finite number; nothing was written. Check the lengths and offsets given.")


def _op_numbers(ops: Sequence[Operation]) -> list[float]:
    numbers: list[float] = []
    for op in ops:
        if isinstance(op, ShapedLine):
            numbers += [value for run in op.runs for value in (run.x, run.y, run.size)]
        elif isinstance(op, (FillRect, Picture)):
            numbers += [op.x, op.y, op.width, op.height]
        elif isinstance(op, QrSymbol):
            numbers += [op.x, op.y, op.size]
        elif isinstance(op, Shape):
            numbers += op.numbers()
    return numbers
