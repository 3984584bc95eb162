"""Turn the language registry into font stacks: which families set each language's text.

Every element carries its ``lang``, so ``:lang(ko)`` picks the Korean faces;
a bilingual memo's right column also names its stack ``--sb-right-fonts``, for
the margin boxes of its running header and footer (css/memo.css, @page pair).
"""

from __future__ import annotations

from collections.abc import Mapping


def font_css(
    fonts: Mapping[str, tuple[str, ...]],
    right: str | None = None,
    cut: Mapping[str, str] | None = None,
) -> str:
    """``:lang()`` font stacks for every language of ``fonts`` (tag → families, first
    choice first); ``cut`` puts a cut family before the family it was cut from."""
    cut = cut or {}

    def stack(tag: str) -> str:
        families = fonts[tag]
        return ", ".join(
            [*(f'"{cut[f]}"' for f in families if f in cut), *(f'"{f}"' for f in families)]
        )

    rules = [f":lang({tag}) {{ font-family: {stack(tag)}; }}" for tag in fonts]
    if right is not None and right in fonts:
        rules.append(f':root {{ --sb-right-fonts: {stack(right)}; --sb-right-lang: "{right}"; }}')
    return "\n".join(rules) + "\n"
