"""Per-string review: approvals, the one draft rule (draft mark and --require-reviewed), coverage."""

from __future__ import annotations

import json

from cardgen.build import Builder
from cardgen.cli import main
from conftest import page_text, replace_in_file


def approve(runner, content, *args):
    result = runner.invoke(main, ["approve", "--content", str(content), "-l", "es", "--by", "Ana Reyes", *args])
    assert result.exit_code == 0, result.output
    return result


def build_card(runner, content, out, *extra):
    return runner.invoke(main, ["build", "--content", str(content), "-l", "es", "-p", "wallet-card", "-o", str(out), *extra])


def test_a_card_loses_its_draft_mark_once_every_string_it_prints_is_approved(runner, content_copy, tmp_path):
    approve(runner, content_copy, "--family", "wallet-card", "--key", "front.title")
    partly = build_card(runner, content_copy, tmp_path / "a", "--require-reviewed")
    assert partly.exit_code != 0 and "unreviewed drafts: wallet-card (es)" in partly.output
    approve(runner, content_copy, "--family", "wallet-card")
    result = build_card(runner, content_copy, tmp_path / "b", "--require-reviewed")
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "b" / "wallet-card-es-us-business.pdf").read_bytes()
    assert "DRAFT" not in page_text(pdf, 0) + page_text(pdf, 1)
    # The signs family is not approved: the door sign keeps its mark and is refused.
    door = runner.invoke(main, ["build", "--content", str(content_copy), "-l", "es", "-p", "door-sign", "--require-reviewed", "-o", str(tmp_path / "c")])
    assert door.exit_code != 0 and "door-sign (es)" in door.output
    review = json.loads(runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es", "--json"]).output)[0]["review"]
    assert review["wallet-card"] == {"approved": 20, "total": 20}
    assert review["signs"]["approved"] == 0


def test_an_approval_lapses_when_the_translation_or_the_english_changes(runner, content_copy, tmp_path):
    approve(runner, content_copy, "--family", "wallet-card")
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "title: Conozca sus derechos", "title: Conozca bien sus derechos")
    result = build_card(runner, content_copy, tmp_path / "a")
    assert result.exit_code == 0, result.output
    assert "DRAFT, not reviewed" in page_text((tmp_path / "a" / "wallet-card-es-us-business.pdf").read_bytes(), 1)
    table = runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"]).output
    assert "reviewed: wallet-card 19/20" in table
    approve(runner, content_copy, "--family", "wallet-card", "--key", "front.title")
    builder = Builder(content_copy)
    assert not builder.is_draft(builder.piece("wallet-card", "es"))
    replace_in_file(content_copy / "en" / "wallet-card.yaml", "**Sign nothing** before", "**Sign nothing** until")
    builder = Builder(content_copy)
    assert builder.is_draft(builder.piece("wallet-card", "es"))
    # A string whose English changed is not approved until it is translated again.
    result = approve(runner, content_copy, "--family", "wallet-card")
    assert "not approved, their English changed" in result.output and "wallet-card:front.rights.sign" in result.output
    builder = Builder(content_copy)
    assert builder.is_draft(builder.piece("wallet-card", "es"))


def test_the_guide_needs_the_region_and_card_strings_it_prints_too(runner, content_copy):
    approve(runner, content_copy, "--family", "guide")
    builder = Builder(content_copy)
    guide = builder.piece("guide", "es")
    assert builder.is_draft(guide)
    assert ("regions", "police.us") in builder.printed(guide) and ("regions", "police.il") not in builder.printed(guide)
    assert ("wallet-card", "front.version_line") in builder.printed(guide)
    approve(runner, content_copy, "--family", "regions", "--key", "hotline_label", "--key", "name.us", "--key", "police.us", "--key", "identify.us")
    approve(runner, content_copy, "--key", "wallet-card:front.qr_caption", "--key", "wallet-card:front.version_line", "--family", "wallet-card")
    builder = Builder(content_copy)
    assert not builder.is_draft(builder.piece("guide", "es"))
    assert builder.is_draft(builder.piece("guide", "es", region="il"))  # Illinois' notes are not approved


def test_a_reviewed_file_still_counts_as_reviewed(runner, content_copy):
    replace_in_file(content_copy / "es" / "wallet-card.yaml", "status: draft\n  reviewer: null", "status: reviewed\n  reviewer: Ana Reyes")
    builder = Builder(content_copy)
    assert not builder.is_draft(builder.piece("wallet-card", "es"))
    assert not builder.is_draft(builder.piece("wallet-card", "en"))


def test_approve_refuses_unknown_keys_and_the_source(runner, content_copy):
    result = runner.invoke(main, ["approve", "--content", str(content_copy), "-l", "es", "--by", "Ana", "--family", "wallet-card", "--key", "front.nope"])
    assert result.exit_code == 2 and "wallet-card has no string 'front.nope'" in result.output
    result = runner.invoke(main, ["approve", "--content", str(content_copy), "-l", "es", "--by", "Ana", "--key", "front.title"])
    assert result.exit_code == 2 and "family:key" in result.output
    result = runner.invoke(main, ["approve", "--content", str(content_copy), "-l", "en", "--by", "Ana"])
    assert result.exit_code == 2 and "English source" in result.output
    assert not (content_copy / "es" / "review").exists()


def test_a_broken_review_file_is_reported_with_its_line(runner, content_copy):
    folder = content_copy / "es" / "review"
    folder.mkdir()
    (folder / "wallet-card.yaml").write_text("front.title:\n  by: Ana\n  on: someday\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--content", str(content_copy), "-l", "es"])
    assert result.exit_code == 1
    assert "es/review/wallet-card.yaml:2: front.title: must be {by: NAME" in result.output


def test_each_product_declares_every_string_its_layout_prints(builder):
    """The draft rule asks about the strings a product declares it prints: every paragraph its
    layout fits in the reader's language must come from one of them."""
    from cardgen.content.families import FAMILIES
    from cardgen.exchange.room import prints_string
    from cardgen.products import PRODUCTS

    texts = {(f.name, key): text for f in FAMILIES for key, text in builder.content.family("es", f.name).strings.items()}
    for product in PRODUCTS:
        for site_url in (None, "https://guide.example.org"):
            piece = builder.piece(product.name, "es", region="il", site_url=site_url)
            measured: list = []
            builder.sides(piece, measured=measured)
            declared = set(builder.printed(piece))
            for record in measured:
                if record.writing.language != "es":
                    continue
                for paragraph in record.paragraphs:
                    found = {ident for ident, text in texts.items() if prints_string(paragraph.text, text)}
                    # A paragraph from no string at all (a page number) needs no review.
                    assert not found or found & declared, (product.name, record.field, paragraph.text, found)
