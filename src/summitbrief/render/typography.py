"""Turn plain text into page-ready paragraphs for a language.

Line breaking itself happens in WeasyPrint: see pdf/linebreak.py for Korean.
Written without backtracking regular expressions: a text of any length, runs
of blanks included, is split in time linear in its length.
"""

from __future__ import annotations

BLANKS = " \t"


def _wide(char: str) -> bool:
    """Chinese and Japanese characters (Hangul is left out: Korean separates words with spaces)."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x2FFF
        or 0x3000 <= code <= 0x30FF
        or 0x31F0 <= code <= 0x31FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def paragraphs(text: str) -> list[str]:
    """Split text at blank lines and unwrap the lines of each paragraph.

    A line break between two Chinese or Japanese characters disappears rather
    than becoming a space (CSS Text 3, segment break transformation).
    """
    result: list[str] = []
    current: list[str] = []
    for line in text.strip().split("\n"):
        # A paragraph starts at its first character: other white space before
        # it (an ideographic space) is dropped, as at the very start.
        line = line.strip(BLANKS) if current else line.strip(BLANKS).lstrip()
        if not line:
            if current:
                result.append("".join(current))
                current = []
            continue
        if current:
            joined = _wide(current[-1][-1]) and _wide(line[0])
            current.append(line if joined else " " + line)
        else:
            current.append(line)
    if current:
        result.append("".join(current))
    return result
