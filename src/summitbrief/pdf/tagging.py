"""Turn a tagged PDF that declares one language into one that marks every change of language.

WeasyPrint 70 writes the document's language (``/Lang`` of the catalog: the
left column's in a bilingual memo) and nothing below it, although the HTML
says ``lang`` on each column (known-pitfalls.md): a screen reader would read
the Japanese column in a Korean voice, which fails PDF/UA-1 §7.2 (Matterhorn
checkpoint 11). Two steps fix it:

1. While WeasyPrint draws, each tagged run of text gets its element's
   language in its marked content: ``/Span <</MCID 3 /Lang (ja)>> BDC``
   (ISO 32000-1 §14.9.2.2). :func:`install` hooks this in.
2. After the PDF is written, :func:`mark_languages` reads those languages back
   through the structure tree's ParentTree and sets ``/Lang`` on the highest
   structure elements whose content is all in a language other than their
   parent's: each column's cells, a paragraph shown in another language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pikepdf

_HOOKED = "_summitbrief_lang"


def install() -> None:
    """Mark the language of each tagged run of text in the content streams (idempotent).

    WeasyPrint 70's ``Stream.marked``, with the box's language beside its MCID in
    one property list: ``/Span <</MCID 3 /Lang (ja)>> BDC``. A nested sequence of
    its own would hide the MCID from readers that look at the innermost one.
    """
    import pydyf
    from weasyprint.pdf.stream import Stream

    if getattr(Stream.marked, _HOOKED, False):
        return

    @contextmanager
    def marked(self: Stream, box: Any, tag: str) -> Iterator[None]:
        if self._tags is not None:
            mcid = len(self._tags)
            self._tags[box] = {"tag": tag, "mcid": mcid}
            properties = pydyf.Dictionary({"MCID": mcid})
            if box.style["lang"]:
                properties["Lang"] = pydyf.String(box.style["lang"])
            pydyf.Stream.begin_marked_content(self, tag, properties)
        try:
            yield
        finally:
            if self._tags is not None:
                pydyf.Stream.end_marked_content(self)

    setattr(marked, _HOOKED, True)
    Stream.marked = marked


def content_languages(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """The language of each marked-content sequence: (page index, MCID) → tag."""
    found: dict[tuple[int, int], str] = {}
    for index, page in enumerate(pdf.pages):
        for instruction in pikepdf.parse_content_stream(page, "BDC"):
            operands = instruction.operands
            properties = operands[1] if len(operands) > 1 else None
            mcid, lang = _mcid(properties), _lang(properties)
            if lang and mcid is not None:
                found[(index, mcid)] = lang
    return found


def _mcid(properties: object) -> int | None:
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties.MCID)
    return None


def _lang(properties: object) -> str | None:
    if isinstance(properties, pikepdf.Dictionary) and "/Lang" in properties:
        return str(properties.Lang)
    return None


def mark_languages(pdf: pikepdf.Pdf) -> None:
    """Set ``/Lang`` on every structure element whose content is in another language."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    by_content = content_languages(pdf)
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    languages: dict[tuple[int, int], frozenset[str]] = {}

    def collect(element: pikepdf.Dictionary, page: int | None) -> frozenset[str]:
        if "/Pg" in element:
            page = pages.get(element.Pg.objgen, page)
        found: set[str] = set()
        for kid in _kids(element):
            if isinstance(kid, int):
                if page is not None and (page, kid) in by_content:
                    found.add(by_content[(page, kid)])
            elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                if kid_page is not None and (kid_page, int(kid.MCID)) in by_content:
                    found.add(by_content[(kid_page, int(kid.MCID))])
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found |= collect(kid, page)
        languages[element.objgen] = frozenset(found)
        return languages[element.objgen]

    def assign(element: pikepdf.Dictionary, inherited: str) -> None:
        own = languages.get(element.objgen, frozenset())
        if len(own) == 1:
            (lang,) = own
            if lang != inherited:
                element.Lang = pikepdf.String(lang)
            inherited = lang
        for kid in _kids(element):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                assign(kid, inherited)

    document_lang = str(pdf.Root.get("/Lang", ""))
    for top in _kids(root):
        if isinstance(top, pikepdf.Dictionary):
            collect(top, None)
            assign(top, document_lang)


def _kids(element: pikepdf.Object) -> list[int | pikepdf.Object]:
    """An element's kids: MCIDs (pikepdf gives them as ints) and dictionaries."""
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]
