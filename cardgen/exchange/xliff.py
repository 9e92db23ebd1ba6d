"""The catalogue as an XLIFF 2.0 file (lxml), and an XLIFF file read back.

One ``<file>`` per family, one ``<unit>`` per string with the same id as the PO context
(``family:key``), its notes (where it prints, the translator's note, glossary terms, room, the
English it was translated from) and one ``<segment>`` whose ``state`` is initial (the English
changed since it was translated), translated, reviewed (approved per string) or final (the whole
file reviewed).
"""

from __future__ import annotations

from lxml import etree

from cardgen.exchange.catalog import STATES, Catalog, Entry, Incoming, Parsed

NS = "urn:oasis:names:tc:xliff:document:2.0"
_Q = f"{{{NS}}}"


def write_xliff(catalog: Catalog) -> bytes:
    root = etree.Element(_Q + "xliff", nsmap={None: NS}, version="2.0", srcLang="en", trgLang=catalog.language)
    files: dict[str, etree._Element] = {}
    for entry in catalog.entries:
        if entry.family not in files:
            files[entry.family] = etree.SubElement(root, _Q + "file", id=entry.family, original=f"{catalog.locale}/{entry.family}.yaml")
        _unit(files[entry.family], entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _unit(parent: etree._Element, entry: Entry) -> None:
    unit = etree.SubElement(parent, _Q + "unit", id=entry.context, name=entry.key)
    notes = etree.SubElement(unit, _Q + "notes")
    items = [("location", entry.where)]
    items += [("translator", entry.note)] if entry.note else []
    items += [("glossary", term) for term in entry.terms]
    items += [("room", room) for room in entry.room]
    items += [("previous-source", entry.previous_english)] if entry.previous_english else []
    for category, text in items:
        etree.SubElement(notes, _Q + "note", category=category).text = text
    segment = etree.SubElement(unit, _Q + "segment", state=entry.state)
    etree.SubElement(segment, _Q + "source").text = entry.english
    etree.SubElement(segment, _Q + "target").text = entry.translation


def read_xliff(data: bytes) -> Parsed:
    """An XLIFF 2.0 file's units, each with the line of its target (or of the unit)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        parsed = Parsed(None)
        parsed.problems.append((exc.lineno or 0, "", f"is not well-formed XML ({exc.msg}). Save it again from the translation tool."))
        return parsed
    parsed = Parsed(root.get("trgLang"))
    if root.tag != _Q + "xliff" or root.get("version") != "2.0":
        parsed.problems.append((root.sourceline or 0, "", f"is not an XLIFF 2.0 document (its root must be <xliff version=\"2.0\"> in {NS})."))
        return parsed
    for unit in root.iter(_Q + "unit"):
        segments = unit.findall(_Q + "segment")
        context = unit.get("id") or ""
        if len(segments) != 1:
            parsed.problems.append((unit.sourceline or 0, context, "must hold exactly one <segment> (do not split or join segments)."))
            continue
        segment = segments[0]
        source, target = segment.find(_Q + "source"), segment.find(_Q + "target")
        if target is None:
            continue  # not translated in this file: left as it is
        state = segment.get("state", "initial")
        if state not in STATES:
            parsed.problems.append((segment.sourceline or 0, context, f"has state '{state}'; XLIFF 2.0 allows {', '.join(STATES)}."))
            continue
        english = "".join(source.itertext()) if source is not None else ""
        parsed.entries.append(Incoming(context, english, "".join(target.itertext()), target.sourceline or unit.sourceline or 0, state == "initial", state))
    return parsed
