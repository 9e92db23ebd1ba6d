"""--pdfx: PDF/X-1a:2001 files a print shop's preflight accepts.

Every rule is checked on the files themselves with pikepdf: the Info keys, the OutputIntent and
its embedded profile, TrimBox and BleedBox on every page, CMYK only (page and form content,
images), fonts embedded, no transparency; the accent and the logo converted through the ICC
profile; a warning for a logo under 300 ppi; Ghostscript renders every file without a word.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageStat

from cardgen.cli import main
from cardgen.color import DEFAULT_CONDITION, converter
from cardgen.drawing import rgb_to_cmyk
from cardgen.resources import examples_dir
from conftest import render

ORG = examples_dir() / "org" / "riverside-legal-aid.yaml"
ACCENT = (0x1D / 255, 0x4E / 255, 0x89 / 255)  # the example profile's "#1d4e89"
# every colour operator of PDF content; PDF/X-1a allows the CMYK ones only
RGB_OR_GRAY_OPERATORS = {"rg", "RG", "g", "G", "sc", "SC", "scn", "SCN", "cs", "CS"}
BUILDS = {
    "sign": ["-p", "door-sign", "-l", "en", "--bleed"],
    "card": ["-p", "wallet-card", "-l", "en", "--bleed"],
    "sheet": ["-p", "wallet-card", "-l", "ar", "--sheet", "letter-10up", "--bleed"],
    "booklet": ["-p", "guide", "-l", "en", "--sheet", "booklet"],
}


def _build(runner, out: Path, args: list[str], org: Path = ORG):
    result = runner.invoke(main, ["build", *args, "--org", str(org), "--pdfx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    from click.testing import CliRunner

    runner = CliRunner()
    files = {}
    for name, args in BUILDS.items():
        out = tmp_path_factory.mktemp(name)
        _build(runner, out, args)
        (path,) = out.glob("*.pdf")
        files[name] = path
    return files


def _content_streams(pdf: pikepdf.Pdf):
    """Every page's content and every Form XObject's, with the resources it draws with."""
    seen = set()

    def forms(resources):
        for _, xobject in (resources.get("/XObject") or {}).items():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield xobject, xobject.get("/Resources", resources)
                yield from forms(xobject.get("/Resources", pikepdf.Dictionary()))

    for page in pdf.pages:
        yield page, page.Resources
        yield from forms(page.Resources)


def _images(pdf: pikepdf.Pdf):
    for _, resources in _content_streams(pdf):
        for _, xobject in (resources.get("/XObject") or {}).items():
            if xobject.get("/Subtype") == "/Image":
                yield xobject


@pytest.mark.parametrize("name", BUILDS)
def test_info_dictionary_declares_pdfx_1a_2001(built, name):
    pdf = pikepdf.open(built[name])
    assert pdf.pdf_version == "1.3"  # PDF/X-1a:2001 is PDF 1.3
    assert not pdf.is_encrypted
    assert len(pdf.trailer.ID) == 2
    info = pdf.trailer.Info
    assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
    assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
    assert str(info.Trapped) == "/False"
    assert str(info.Title)
    assert str(info.CreationDate).startswith("D:") and str(info.ModDate).startswith("D:")


@pytest.mark.parametrize("name", BUILDS)
def test_output_intent_names_the_condition_and_embeds_its_profile(built, name):
    pdf = pikepdf.open(built[name])
    (intent,) = pdf.Root.OutputIntents
    assert intent.Type == "/OutputIntent" and intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == DEFAULT_CONDITION.identifier == "CGATS TR 001"
    assert str(intent.RegistryName) == "http://www.color.org"
    profile = intent.DestOutputProfile
    assert profile.N == 4
    assert profile.read_bytes() == DEFAULT_CONDITION.profile
    assert profile.read_bytes()[16:20] == b"CMYK" and profile.read_bytes()[12:16] == b"prtr"  # an output profile for CMYK


@pytest.mark.parametrize("name", BUILDS)
def test_every_page_has_trim_and_bleed_boxes_inside_the_media_box(built, name):
    pdf = pikepdf.open(built[name])
    for page in pdf.pages:
        media = [float(v) for v in page.MediaBox]
        trim = [float(v) for v in page.obj["/TrimBox"]]
        bleed = [float(v) for v in page.obj["/BleedBox"]]
        assert media[0] <= bleed[0] <= trim[0] and media[1] <= bleed[1] <= trim[1]
        assert trim[2] <= bleed[2] <= media[2] and trim[3] <= bleed[3] <= media[3]
    if name in ("sign", "card"):  # one piece a page with --bleed: the bleed box is the trim plus 1/8 in
        first = pdf.pages[0].obj
        assert float(first.TrimBox[0]) - float(first.BleedBox[0]) == pytest.approx(9.0, abs=0.01)


@pytest.mark.parametrize("name", BUILDS)
def test_every_colour_and_image_is_cmyk(built, name):
    pdf = pikepdf.open(built[name])
    operators = set()
    for stream, _ in _content_streams(pdf):
        operators |= {str(op) for _, op in pikepdf.parse_content_stream(stream)}
    assert "k" in operators
    assert not operators & RGB_OR_GRAY_OPERATORS
    for image in _images(pdf):
        assert image.ColorSpace == "/DeviceCMYK"
        assert "/SMask" not in image and "/Mask" not in image


@pytest.mark.parametrize("name", BUILDS)
def test_fonts_embedded_and_no_transparency(built, name):
    pdf = pikepdf.open(built[name])
    fonts = 0
    for _, resources in _content_streams(pdf):
        for _, font in (resources.get("/Font") or {}).items():
            fonts += 1
            descendants = font.get("/DescendantFonts", [font])
            for f in descendants:
                descriptor = f.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
        for _, state in (resources.get("/ExtGState") or {}).items():
            assert float(state.get("/CA", 1)) == 1 and float(state.get("/ca", 1)) == 1
            assert str(state.get("/SMask", "/None")) == "/None"
    assert fonts
    for page in pdf.pages:
        assert "/Group" not in page.obj  # no transparency group


def test_the_accent_goes_through_the_icc_profile(built):
    icc = converter().rgb_to_cmyk(ACCENT)
    assert icc != rgb_to_cmyk(ACCENT)  # the naive formula of plain --cmyk gives another colour
    fills = set()
    pdf = pikepdf.open(built["sign"])
    for stream, _ in _content_streams(pdf):
        fills |= {tuple(round(float(v), 4) for v in operands) for operands, op in pikepdf.parse_content_stream(stream) if str(op) == "k"}
    assert tuple(round(v, 4) for v in icc) in fills
    assert tuple(round(v, 4) for v in rgb_to_cmyk(ACCENT)) not in fills


def test_the_logo_goes_through_the_icc_profile(built):
    pdf = pikepdf.open(built["sign"])
    (image,) = list(_images(pdf))
    expected = converter().image_to_cmyk(_printed_logo_png())
    assert (int(image.Width), int(image.Height)) == expected.size
    assert image.read_bytes() == expected.tobytes()


def _printed_logo_png() -> bytes:
    """The logo as the sign draws it (the profile's loading flattens it onto white), in RGB."""
    from cardgen.build import Builder
    from cardgen.drawing import Picture
    from cardgen.org import load_org

    builder = Builder()
    sides = builder.sides(builder.piece("door-sign", "en", org=load_org(ORG)))
    (picture,) = [op for side in sides for op in side.ops if isinstance(op, Picture)]
    return picture.png


def test_pdfx_renders_like_the_rgb_file(built, tmp_path, runner):
    """The CMYK file looks like the RGB one: no inverted image, no lost colour."""
    result = runner.invoke(main, ["build", *BUILDS["sign"], "--org", str(ORG), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (rgb_file,) = tmp_path.glob("*.pdf")
    rgb = render(rgb_file.read_bytes(), dpi=60).convert("RGB")
    cmyk = render(built["sign"].read_bytes(), dpi=60).convert("RGB")
    difference = ImageStat.Stat(ImageChops.difference(rgb, cmyk)).mean
    assert max(difference) < 12, difference  # a gamut change, not a different picture


def test_same_inputs_give_the_same_bytes(built, tmp_path, runner):
    _build(runner, tmp_path, BUILDS["sheet"])
    (again,) = tmp_path.glob("*.pdf")
    assert again.read_bytes() == built["sheet"].read_bytes()


def test_without_pdfx_there_is_no_output_intent(tmp_path, runner):
    result = runner.invoke(main, ["build", *BUILDS["card"], "--org", str(ORG), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.pdf")
    pdf = pikepdf.open(path)
    assert "/OutputIntents" not in pdf.Root and "/GTS_PDFXVersion" not in pdf.trailer.Info


def test_a_logo_under_300_ppi_is_warned_about_once(tmp_path, runner):
    result = runner.invoke(main, ["build", "-p", "door-sign", "-p", "wallet-card", "-l", "en", "-l", "es", "--org", str(ORG), "--pdfx", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "ppi" in line]
    assert len(warnings) == 1, result.stderr
    assert "under the 300 ppi" in warnings[0] and "door-sign" in warnings[0]


def test_a_sharp_logo_is_not_warned_about(tmp_path, runner):
    org_dir = tmp_path / "org"
    org_dir.mkdir()
    text = ORG.read_text(encoding="utf-8")
    shutil.copy(ORG, org_dir / ORG.name)
    with Image.open(ORG.parent / "riverside-legal-aid-logo.png") as logo:
        logo.resize((logo.width * 3, logo.height * 3)).save(org_dir / "riverside-legal-aid-logo.png")
    (org_dir / ORG.name).write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["build", "-p", "door-sign", "-l", "en", "--org", str(org_dir / ORG.name), "--pdfx", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "ppi" not in result.stderr


def _gs() -> str | None:
    found = shutil.which("gs")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("Ghostscript (gs) is needed in CI: .ci/run installs it")
    if found is None:
        pytest.skip("Ghostscript (gs) is not installed")
    return found


@pytest.mark.parametrize("name", BUILDS)
def test_ghostscript_renders_every_page_without_a_warning(built, name, tmp_path):
    gs = _gs()
    out = tmp_path / "page-%d.png"
    result = subprocess.run(
        [gs, "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=png16m", "-r50", f"-sOutputFile={out}", str(built[name])],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    chatter = [line for line in (result.stdout + result.stderr).splitlines() if line.strip() and not line.startswith(("GPL Ghostscript", "Copyright", "This software", "see the file", "Processing pages", "Page "))]
    assert chatter == [], chatter
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(pikepdf.open(built[name]).pages)
    with Image.open(pages[0]) as first:
        assert first.convert("L").getextrema()[0] < 100  # ink on the page, not a blank render


def test_the_profile_ships_with_its_licence_and_origin():
    from cardgen.color import _ICC_DIR

    readme = (_ICC_DIR / "README.md").read_text(encoding="utf-8")
    assert DEFAULT_CONDITION.profile_file in readme and "AGPL-3.0" in readme
    assert (_ICC_DIR / "AGPL-3.0.txt").read_text(encoding="utf-8").startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    import hashlib

    assert hashlib.sha256(DEFAULT_CONDITION.profile).hexdigest() in readme  # the file the README describes
