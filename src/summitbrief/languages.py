"""The language registry: a language tag's Babel locale, fonts and reading direction.

Adding a language means adding an entry here and a catalog under ``locales/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from summitbrief.errors import ConfigError


@dataclass(frozen=True)
class Language:
    """What the pipeline needs to know to set text in one language."""

    tag: str
    locale: str
    name: str
    # fontconfig family names, first choice first. The CJK families are the
    # regional cuts of one design, so shared Han characters take Korean or
    # Japanese glyph forms by the language of the text they sit in.
    fonts: tuple[str, ...]


LANGUAGES: dict[str, Language] = {
    lang.tag: lang
    for lang in (
        Language("en", "en_US", "English", ("Noto Serif",)),
        Language("ko", "ko_KR", "한국어", ("Noto Serif CJK KR",)),
        Language("ja", "ja_JP", "日本語", ("Noto Serif CJK JP",)),
    )
}


def get_language(tag: str) -> Language:
    """The registered language for ``tag``, or a ConfigError naming the known ones."""
    try:
        return LANGUAGES[tag]
    except KeyError:
        known = ", ".join(LANGUAGES)
        raise ConfigError(f"unknown language '{tag}' (known: {known})") from None
