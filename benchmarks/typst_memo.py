"""Turn an Edition into an equivalent Typst document, for the benchmark against Typst.

The text comes from summitbrief's own HTML of the edition (``render_html``):
the same summit data, catalogs, dates and country names, so both typesetters
set exactly the same words. The structure follows the memo stylesheet
(templates/css/memo.css): A4, the same margins, faces per language (Noto Serif,
Noto Serif CJK KR/JP, Regular and Bold), the same sections and blocks, a
running header and footer with the classification and "page x / y", and for a
bilingual edition two aligned columns, one grid row per unit.

This is benchmark code: it knows the HTML the templates write and nothing else
of summitbrief's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from summitbrief.planner import Edition
from summitbrief.press import open_press
from summitbrief.render.html import render_html

VOID = {"br", "meta", "col", "img", "hr", "link", "input"}
NAVY = 'rgb("#1f3a5f")'
MAROON = 'rgb("#7a1f1f")'
GREY = 'rgb("#555555")'
RULE = 'rgb("#c8d0db")'
STATUS = {
    "agreed": "#1d6b3a",
    "reaffirmed": "#1f3a5f",
    "proposed": "#8a5a00",
    "continuing": "#4b4b8f",
    "noted": "#555555",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find_all(tag))
        return found

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _squash(text: str) -> str:
    return " ".join(text.split())


def leading(lang: str) -> str:
    """CSS line-height 1.6: a Typst line runs from ascender to descender, plus the leading."""
    return "0.6em - 0.362em" if lang == "en" else "0.6em"


def fonts(lang: str) -> str:
    fonts = open_press().languages.require(lang).fonts
    return "(" + ", ".join(string(f) for f in fonts) + ",)"


class Writer:
    """Typst markup for the blocks of one language's column."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def inline(self, node: Node) -> str:
        out = []
        for child in node.children:
            if isinstance(child, str):
                text = _squash(child)
                if text:
                    lead = " " if child[:1].isspace() and out else ""
                    tail = " " if child[-1:].isspace() else ""
                    out.append(f"{lead}#{string(text)}{tail}")
                elif child and out:
                    out.append(" ")
                continue
            out.append(self.inline_element(child))
        return "".join(out).strip()

    def inline_element(self, node: Node) -> str:
        inner = self.inline(node)
        if node.tag == "br":
            return "#linebreak()"
        if "untranslated" in node.classes:
            lang = node.attrs.get("lang", "en")
            label = string(f"[{lang}] ")
            return (
                f"#text(lang: {string(lang)}, font: {fonts(lang)})"
                f'[#highlight(fill: rgb("#fff1c2"))'
                f'[#text(size: 7pt, weight: "bold", fill: rgb("#b07d00"))[#{label}]{inner}]]'
            )
        if "status" in node.classes:
            status = next((c[7:] for c in node.classes if c.startswith("status-")), "noted")
            colour = f'rgb("{STATUS.get(status, "#555555")}")'
            return (
                f"#box(stroke: 0.6pt + {colour}, inset: (x: 2mm, y: 0.5mm), radius: 1mm)"
                f'[#text(size: 8pt, weight: "bold", fill: {colour}, tracking: 0.04em)[{inner}]]'
            )
        if "url" in node.classes:
            return f"#text(size: 8.5pt, fill: {NAVY})[{inner}]"
        return inner

    def blocks(self, node: Node) -> str:
        out = []
        for child in node.children:
            if isinstance(child, Node):
                out.append(self.block(child))
            elif child.strip():
                out.append(f"#{string(_squash(child))}")
        return "\n".join(part for part in out if part)

    def block(self, node: Node) -> str:
        tag, classes = node.tag, node.classes
        if tag == "p" and "classification-banner" in classes:
            return (
                f"#pad(bottom: 4mm, block(fill: {MAROON}, width: 100%, inset: (y: 1.2mm))"
                f'[#align(center, text(fill: white, weight: "bold", tracking: 0.15em)'
                f"[{self.inline(node)}])])"
            )
        if tag == "p" and "doc-type" in classes:
            return f"#text(size: 9pt, fill: {GREY}, tracking: 0.06em)[{self.inline(node)}]"
        if tag == "p" and "status-line" in classes:
            return f"#pad(top: 0.5mm, bottom: 1.5mm)[{self.inline(node)}]"
        if tag == "p":
            return f"#pad(bottom: 2mm)[{self.inline(node)}]"
        if tag in {"h1", "h2", "h3"}:
            return f"#heading(level: {tag[1]})[{self.inline(node)}]"
        if tag == "table" and "fact" in classes:
            th, td = node.find_all("th")[0], node.find_all("td")[0]
            items = td.find_all("li")
            value = (
                " #linebreak() ".join(self.inline(li) for li in items) if items else self.inline(td)
            )
            return (
                f"#grid(columns: (28mm, 1fr), inset: (y: 1mm), "
                f'[#text(weight: "bold", fill: {NAVY})[{self.inline(th)}]], [{value}])'
            )
        if tag == "table" and "grid" in classes:
            header = bool(node.find_all("th"))
            cells = node.find_all("th") or node.find_all("td")
            widths = ", ".join(
                "30%" if "owner" in c.classes else "24%" if c.classes & {"due", "when"} else "1fr"
                for c in cells
            )
            if header:
                body = ", ".join(
                    f'[#text(fill: white, weight: "bold")[{self.inline(c)}]]' for c in cells
                )
                return (
                    f"#grid(columns: ({widths},), fill: {NAVY}, inset: (x: 2mm, y: 1.2mm), {body})"
                )
            body = ", ".join(f"[{self.inline(c)}]" for c in cells)
            return (
                f"#grid(columns: ({widths},), inset: (x: 2mm, y: 1.5mm), "
                f"stroke: (bottom: 0.5pt + {RULE}), {body})"
            )
        if tag == "div" and "summary" in classes:
            return (
                f'#pad(top: 5mm, block(fill: rgb("#eef2f7"), stroke: (left: 2pt + {NAVY}), '
                f"width: 100%, inset: (x: 5mm, top: 1mm, bottom: 3mm))[{self.blocks(node)}])"
            )
        if tag == "div" and "outcome" in classes:
            return f"#pad(bottom: 2.5mm)[{self.blocks(node)}]"
        if tag == "figure":
            quote = node.find_all("blockquote")[0]
            caption = node.find_all("figcaption")[0]
            style = '#set text(style: "italic")\n' if self.lang == "en" else ""
            return (
                f"#pad(bottom: 4mm)[#block(stroke: (left: 1.5pt + {RULE}), inset: (left: 5mm))"
                f"[{style}{self.blocks(quote)}]\n"
                f"#pad(left: 5mm, text(size: 9pt, fill: {GREY})[{self.inline(caption)}])]"
            )
        if tag == "div" and classes & {"step", "source"}:
            spans = [c for c in node.children if isinstance(c, Node) and c.tag == "span"]
            mark, text = spans[0], spans[1]
            return (
                f"#grid(columns: (6mm, 1fr), row-gutter: 0mm, [{self.inline(mark)}], "
                f"[{self.inline(text)}])"
            )
        if tag == "div":
            return self.blocks(node)
        return f"#par[{self.inline(node)}]"


def _preamble(edition: Edition, root: Node) -> str:
    lang = edition.language
    title = _squash(root.find_all("title")[0].text())
    author = next(
        (m.attrs["content"] for m in root.find_all("meta") if m.attrs.get("name") == "author"),
        "summitbrief",
    )
    justify = "true" if lang == "ko" and edition.layout == "single" else "false"
    return f"""#set document(title: {string(title)}, author: {string(author)})
#set text(font: {fonts(lang)}, lang: {string(lang)}, size: {10.5 if edition.layout == "single" else 9.5}pt, fill: rgb("#1a1a1a"))
#set text(top-edge: "ascender", bottom-edge: "descender")
#set par(leading: {leading(lang)}, spacing: 0pt, justify: {justify})
#set block(spacing: 0pt)
#show heading: set text(weight: "bold")
#show heading: set block(above: 0pt, below: 0pt)
#show heading.where(level: 1): it => pad(top: 2mm, bottom: 5mm, text(size: {20 if edition.layout == "single" else 16}pt, it.body))
#show heading.where(level: 2): it => pad(top: 7mm, bottom: 2.5mm, block(width: 100%, inset: (bottom: 1mm), stroke: (bottom: 0.6pt + {NAVY}), text(size: 13pt, fill: {NAVY}, it.body)))
#show heading.where(level: 3): it => pad(top: 4.5mm, bottom: 1.5mm, text(size: 11pt, it.body))
"""  # noqa: E501


def _classification(root: Node, side: str | None) -> str:
    for p in root.find_all("p"):
        if "classification-banner" in p.classes and (side is None or _side_of(root, p) == side):
            return _squash(p.text())
    return ""


def _side_of(root: Node, target: Node) -> str | None:
    for td in root.find_all("td"):
        if target in _descendants(td):
            return td.attrs.get("class")
    return None


def _descendants(node: Node) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            found.append(child)
            found.extend(_descendants(child))
    return found


def _title(root: Node, side: str | None) -> str:
    for h1 in root.find_all("h1"):
        if side is None or _side_of(root, h1) == side:
            return _squash(h1.text())
    return ""


def _margin(text: str, lang: str, bold: bool = False, colour: str = GREY) -> str:
    weight = ', weight: "bold", tracking: 0.08em' if bold else ""
    return f"text(size: 8pt, fill: {colour}, lang: {string(lang)}, font: {fonts(lang)}{weight})[#{string(text)}]"  # noqa: E501


def typst_source(edition: Edition) -> str:
    """The Typst markup of ``edition``, same content and layout as summitbrief's PDF."""
    root = parse(render_html(edition, open_press()))
    body = root.find_all("body")[0]
    page_no = 'counter(page).display() + " / " + str(counter(page).final().first())'
    if edition.layout == "single":
        lang = edition.language
        title, classification = _title(root, None), _classification(root, None)
        header = (
            f"context {{ if here().page() > 1 {{ {_margin(title, lang)} }}; h(1fr); "
            f"{_margin(classification, lang, True, MAROON)} }}"
        )
        footer = (
            f"context {{ {_margin(classification, lang, True, MAROON)}; h(1fr); "
            f"text(size: 8pt, fill: {GREY})[#{{{page_no}}}] }}"
        )
        units = [u for u in body.children if isinstance(u, Node)]
        writer = Writer(lang)
        content = "\n\n".join(writer.blocks(u) for u in units)
        if lang == "ja":
            content = f"#align(center, block(width: 45em, {{ set align(left); [\n{content}\n] }}))"
    else:
        left, right = edition.languages
        header = (
            f"context {{ if here().page() > 1 {{ {_margin(_title(root, 'left'), left)}; h(1fr); "
            f"{_margin(_title(root, 'right'), right)} }} }}"
        )
        footer = (
            f"context {{ {_margin(_classification(root, 'left'), left, True, MAROON)}; h(1fr); "
            f"text(size: 8pt, fill: {GREY})[#{{{page_no}}}]; h(1fr); "
            f"{_margin(_classification(root, 'right'), right, True, MAROON)} }}"
        )
        cells = []
        for row in root.find_all("tr"):
            if "unit" not in row.classes:
                continue
            sides = [td for td in row.children if isinstance(td, Node) and td.tag == "td"]
            for td, lang in zip(sides, (left, right), strict=True):
                cells.append(
                    f"[#set text(lang: {string(lang)}, font: {fonts(lang)})\n"
                    f"#set par(leading: {leading(lang)})\n"
                    f"{Writer(lang).blocks(td)}]"
                )
        content = (
            f"#grid(columns: (1fr, 1fr), column-gutter: 8mm, stroke: (x, y) => "
            f"if x == 1 {{ (left: 0.5pt + {RULE}) }}, inset: (x, y) => "
            f"if x == 1 {{ (left: 4mm) }} else {{ (right: 4mm) }},\n" + ",\n".join(cells) + ")"
        )
    page = (
        '#set page(paper: "a4", margin: (top: 24mm, bottom: 22mm, left: 20mm, right: 20mm), '
        f"header: {header}, footer: {footer})\n"
    )
    return _preamble(edition, root) + page + content + "\n"
