"""Turn the language registry into font stacks: which families set each language's text.

Every element carries its ``lang``, so ``:lang(ko)`` picks the Korean faces;
a bilingual memo's right column also names its stack ``--sb-right-fonts``, for
the margin boxes of its running header and footer (css/memo.css, @page pair).
"""

from __future__ import annotations

from collections.abc import Mapping

from summitbrief.languages import Languages


def font_css(
    languages: Languages, right: str | None = None, cut: Mapping[str, str] | None = None
) -> str:
    """``:lang()`` font stacks for every language; ``cut`` puts a cut family before its original."""
    cut = cut or {}

    def stack(tag: str) -> str:
        families = languages[tag].fonts
        return ", ".join(
            [*(f'"{cut[f]}"' for f in families if f in cut), *(f'"{f}"' for f in families)]
        )

    rules = [f":lang({tag}) {{ font-family: {stack(tag)}; }}" for tag in languages]
    if right is not None and right in languages:
        rules.append(f':root {{ --sb-right-fonts: {stack(right)}; --sb-right-lang: "{right}"; }}')
    return "\n".join(rules) + "\n"
