"""Filled-in cards from a personal-data file: validated row by row, and private.

The distinctive strings below must appear only in the drawn text of the cards: not in file
names, output, manifests, PDF metadata or any stream other than the pages' drawing.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from click.testing import CliRunner

from cardgen.cli import main
from cardgen.personal import PersonalDataError, read_personal

LOCALES = ("en", "es", "ar", "zh-Hans")
CONTACT = "ZQXJ-Contact-7731"
LAWYER = "Qvorlak Legal Aid 4406"
ARABIC = "زقكسج مرعي"  # a contact written in Arabic script
PHONES = ("312-555-7731", "+1 (773) 555-4406")
A_NUMBERS = ("A-209-553-771", "A98314406")
SECRETS = (CONTACT, LAWYER, ARABIC, *PHONES, *A_NUMBERS)

CSV = (
    "emergency_contact,emergency_phone,lawyer,lawyer_phone,a_number,locale\n"
    f"{CONTACT},{PHONES[0]},{LAWYER},\"{PHONES[1]}\",{A_NUMBERS[0]},es\n"
    f"{ARABIC},{PHONES[1]},,,{A_NUMBERS[1]},ar\n"
)


def _encodings(secret: str) -> list[bytes]:
    utf16 = secret.encode("utf-16-be")
    return [secret.encode(), utf16, utf16.hex().encode(), utf16.hex().upper().encode(), secret.encode().hex().encode()]


def _leaks(data: bytes) -> list[str]:
    return [secret for secret in SECRETS if any(form in data for form in _encodings(secret))]


def _content_streams(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """The page content streams and the Form XObjects they draw: the only place the values may be."""
    drawn = set()
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            drawn.add(stream.objgen)
        xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
        for _, xobject in xobjects.items():
            if xobject.get("/Subtype") == "/Form":
                drawn.add(xobject.objgen)
    return drawn


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("personal")
    people = folder / "clients.csv"
    people.write_text(CSV, encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", "--personal", str(people), "-o", str(out)])
    return result, out


def test_one_card_per_row_named_by_row_number(built):
    result, out = built
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in out.iterdir())
    assert names == ["wallet-card-fill-in-ar-us-business-personal-002.pdf", "wallet-card-fill-in-es-us-business-personal-001.pdf"]


def test_values_are_drawn(built):
    _, out = built
    es = pypdfium2.PdfDocument(out / "wallet-card-fill-in-es-us-business-personal-001.pdf")
    text = es[1].get_textpage().get_text_range()
    for value in (CONTACT, LAWYER, *PHONES, A_NUMBERS[0]):
        assert value in text
    assert "Conozca sus derechos" in es[0].get_textpage().get_text_range()  # in the row's locale
    ar = pypdfium2.PdfDocument(out / "wallet-card-fill-in-ar-us-business-personal-002.pdf")
    text = ar[1].get_textpage().get_text_range()
    assert A_NUMBERS[1] in text and PHONES[1] in text
    # pdfium gives an Arabic run's characters in visual order when the font's cmap spells them
    assert all(word in text or word[::-1] in text for word in ARABIC.split())


def test_values_appear_nowhere_else(built):
    result, out = built
    assert _leaks(result.output.encode()) == []  # stdout and stderr (the runner mixes them)
    for path in out.rglob("*"):
        assert _leaks(path.name.encode()) == []
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert _leaks(data) == [], path.name  # raw bytes, compressed streams included
        with pikepdf.open(path) as pdf:
            drawn = _content_streams(pdf)
            assert drawn
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.objgen not in drawn:
                    assert _leaks(obj.read_bytes()) == [], f"{path.name}: object {obj.objgen}"
                elif not isinstance(obj, pikepdf.Stream):
                    assert _leaks(obj.unparse()) == [], f"{path.name}: object {obj.objgen}"
            assert _leaks(repr(dict(pdf.docinfo)).encode()) == []
            with pdf.open_metadata() as xmp:
                assert _leaks(str(xmp).encode()) == []


def test_no_file_is_left_beside_the_cards(built, tmp_path):
    _, out = built
    assert all(path.suffix == ".pdf" for path in out.rglob("*"))  # no manifest, cache or log


def _problems(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PersonalDataError) as caught:
        read_personal(path, LOCALES)
    return str(caught.value)


def test_every_problem_is_reported_without_its_value(tmp_path):
    message = _problems(tmp_path, "bad.csv", (
        "emergency_contact,emergency_phone,a_number,locale,nickname\n"
        f"{CONTACT},call-me-7731,A12,es,x\n"
        f"{'Zorblat Quennic ' * 4},{PHONES[0]},B123456789,xx-QQ,\n"
    ))
    assert "line 1, column 'nickname': unknown column." in message
    assert "row 1 (line 2), column emergency_phone: not a phone number" in message
    assert "row 1 (line 2), column a_number: not an A-number (expected A and 8-9 digits, dashes allowed)." in message
    assert "row 2 (line 3), column emergency_contact: too long (63 characters; at most 40" in message
    assert "row 2 (line 3), column a_number: not an A-number" in message
    assert "row 2 (line 3), column locale: not a locale of this content" in message
    assert "bad.csv" not in message
    for value in (CONTACT, "call-me-7731", "A12,", "Zorblat", "B123456789", "xx-QQ", PHONES[0]):
        assert value not in message


def test_yaml_keeps_values_as_written_and_reports_lines(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(f"- emergency_phone: 0312555001\n  a_number: A-123-456-789\n  locale: ES\n- a_number: 12345678\n  lawyer: [a, b]\n", encoding="utf-8")
    with pytest.raises(PersonalDataError) as caught:
        read_personal(path, LOCALES)
    message = str(caught.value)
    assert "row 2 (line 4), column a_number: not an A-number" in message
    assert "row 2 (line 5), column lawyer: must be text" in message
    assert "12345678" not in message
    path.write_text("- emergency_phone: 0312555001\n  a_number: a-123-456-789\n  locale: ES\n", encoding="utf-8")
    (row,) = read_personal(path, LOCALES)
    assert row.values == {"emergency_phone": "0312555001", "a_number": "A-123-456-789"} and row.locale == "es"
    assert "0312555001" not in repr(row)


def test_a_value_too_wide_for_its_line_names_row_and_column(tmp_path):
    people = tmp_path / "p.csv"
    wide = "W" * 40  # within the length limit, too wide for the line
    people.write_text(f"emergency_contact,a_number\n{wide},A123456789\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--personal", str(people), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "row 1, column emergency_contact: too long to fit its line" in result.output
    assert wide not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_cli_error_exit_code_and_no_value(tmp_path):
    people = tmp_path / "p.csv"
    people.write_text("a_number\nA9831440699\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--personal", str(people), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "row 1 (line 2), column a_number: not an A-number" in result.output
    assert _leaks(result.output.encode()) == [] and "A9831440699" not in result.output
    result = CliRunner().invoke(main, ["build", "--personal", str(people), "-p", "wallet-card"])
    assert result.exit_code == 2 and "--personal fills in the wallet-card-fill-in" in result.output


def test_batch_orders_cannot_name_a_personal_file(tmp_path):
    order = tmp_path / "order.yaml"
    order.write_text("items:\n  - product: wallet-card-fill-in\n    locales: [es]\n    personal: clients.csv\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(order), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code != 0
    assert "personal" in result.output and "unknown key" in result.output
