"""--output-profile: PDF/X for the print shop's own press profile (GRACoL, FOGRA, ...).

cardgen ships one CMYK profile (SWOP); a shop that prints to another condition gives its own.
The tests use another CMYK output profile that Ghostscript's package carries (its PostScript CMYK
profile), so that the conversion and the OutputIntent can be told apart from SWOP's.
"""

from __future__ import annotations

import os
from pathlib import Path

import pikepdf
import pytest
from PIL import ImageCms

from cardgen.cli import main
from cardgen.color import DEFAULT_CONDITION, condition_from_profile, converter
from cardgen.resources import examples_dir

GS_PROFILES = Path("/usr/share/color/icc/ghostscript")
ORG = examples_dir() / "org" / "riverside-legal-aid.yaml"


@pytest.fixture(scope="module")
def other_cmyk() -> Path:
    path = GS_PROFILES / "ps_cmyk.icc"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Ghostscript's ICC profiles are needed in CI: .ci/run installs ghostscript")
        pytest.skip("Ghostscript's ICC profiles are not installed")
    return path


def _build(runner, out: Path, *args: str):
    return runner.invoke(main, ["build", "-p", "wallet-card", "-l", "es", "--org", str(ORG), "-o", str(out), *args])


def test_the_shops_profile_is_the_output_intent_and_converts_the_accent(runner, tmp_path, other_cmyk):
    result = _build(runner, tmp_path, "--pdfx", "--output-profile", str(other_cmyk))
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.pdf")
    pdf = pikepdf.open(path)
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "Custom"
    description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(str(other_cmyk))).strip()
    assert str(intent.OutputCondition) == description
    assert intent.DestOutputProfile.read_bytes() == other_cmyk.read_bytes()
    # the organisation's accent went through the shop's profile, not SWOP's
    from cardgen.org import load_org

    accent = load_org(ORG).accent
    ours = converter(condition_from_profile(other_cmyk)).rgb_to_cmyk(accent)
    swop = converter(DEFAULT_CONDITION).rgb_to_cmyk(accent)
    assert ours != swop
    from reportlab.lib.rl_accel import fp_str

    streams = [page.Contents.read_bytes() for page in pdf.pages if isinstance(page.Contents, pikepdf.Stream)]
    streams += [x.read_bytes() for page in pdf.pages for x in page.Resources.get("/XObject", {}).values() if x.get("/Subtype") == "/Form"]
    drawn = b"\n".join(streams)
    assert f"{fp_str(*ours)} k".encode() in drawn  # the accent band, in the shop's CMYK
    assert f"{fp_str(*swop)} k".encode() not in drawn


def test_same_profile_same_bytes(runner, tmp_path, other_cmyk):
    for out in ("a", "b"):
        assert _build(runner, tmp_path / out, "--pdfx", "--output-profile", str(other_cmyk)).exit_code == 0
    (a,), (b,) = (tmp_path / "a").glob("*.pdf"), (tmp_path / "b").glob("*.pdf")
    assert a.read_bytes() == b.read_bytes()


def test_an_rgb_profile_is_refused_with_the_fix(runner, tmp_path):
    rgb = tmp_path / "screen.icc"
    rgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    result = _build(runner, tmp_path / "out", "--pdfx", "--output-profile", str(rgb))
    assert result.exit_code == 3, result.output
    assert "screen.icc: a RGB display profile, not a CMYK output profile" in result.stderr
    assert "print shop uses for its press" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_file_that_is_no_profile_is_refused(runner, tmp_path):
    junk = tmp_path / "press.icc"
    junk.write_text("not a profile", encoding="utf-8")
    result = _build(runner, tmp_path / "out", "--pdfx", "--output-profile", str(junk))
    assert result.exit_code == 3 and "press.icc: not an ICC profile" in result.stderr, result.output


def test_the_profile_needs_pdfx(runner, tmp_path, other_cmyk):
    result = _build(runner, tmp_path / "out", "--output-profile", str(other_cmyk))
    assert result.exit_code == 2 and "use it with --pdfx" in result.stderr, result.output
