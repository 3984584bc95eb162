"""Turn plain text into page-ready paragraphs for a language.

Line breaking itself happens in WeasyPrint: see linebreak.py for Korean.
"""

from __future__ import annotations

import re

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
# Hangul is left out on purpose: Korean separates words with spaces.
_WIDE = (
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
)
WIDE_NEWLINE = re.compile(rf"(?<=[{_WIDE}])[ \t]*\n[ \t]*(?=[{_WIDE}])")


def paragraphs(text: str) -> list[str]:
    """Split text at blank lines and unwrap the lines of each paragraph.

    A line break between two Chinese or Japanese characters disappears rather
    than becoming a space (CSS Text 3, segment break transformation).
    """
    result = []
    for block in PARAGRAPH_BREAK.split(text.strip()):
        joined = LINE_BREAK.sub(" ", WIDE_NEWLINE.sub("", block))
        if joined:
            result.append(joined)
    return result
