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


OPENING = "「『（(“‘［["
CLOSING = "」』）)”’］]"
WIDE_STOPS = "。！？"


def sentence_ends(paragraph: str) -> list[int]:
    """The offsets in ``paragraph`` just after each of its sentences, the last one included.

    A sentence ends at 。！？ outside brackets and quotes, or at . ! ? after a letter
    (not a figure: "2026. 1. 13." goes on) followed by a space and no lower-case
    letter ("e.g. the" goes on), with the closing marks that follow it.
    """
    ends, depth, index = [], 0, 0
    while index < len(paragraph):
        char = paragraph[index]
        depth += (char in OPENING) - (char in CLOSING and depth > 0)
        index += 1
        stop = char in WIDE_STOPS or (
            char in ".!?" and index > 1 and paragraph[index - 2].isalpha()
        )
        if not stop or depth > 0:
            continue
        while index < len(paragraph) and paragraph[index] in CLOSING:
            index += 1
        rest = paragraph[index:]
        if char in WIDE_STOPS or (rest[:1].isspace() and not rest.lstrip()[:1].islower()):
            ends.append(index)
    return [*(end for end in ends if end < len(paragraph)), len(paragraph)]
