"""Turn a language tag into a new language: its registry entry and an empty catalog.

The registry entry is derived from CLDR (through Babel): the locale for dates
and country names, the language's own name, and a Noto face for its script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.catalog import Catalog

from summitbrief.catalogs import pofile
from summitbrief.catalogs.update import read_template
from summitbrief.errors import ConfigError, display_name
from summitbrief.languages import TAG, Language, read_languages
from summitbrief.paths import catalog_path, registry_path

# Serif faces Debian's fonts-noto-cjk and fonts-noto-core install, by script.
FONTS: dict[str, tuple[str, ...]] = {
    "Latn": ("Noto Serif",),
    "Cyrl": ("Noto Serif",),
    "Grek": ("Noto Serif",),
    "Hans": ("Noto Serif CJK SC",),
    "Hant": ("Noto Serif CJK TC",),
    "Jpan": ("Noto Serif CJK JP",),
    "Kore": ("Noto Serif CJK KR",),
    "Arab": ("Noto Naskh Arabic",),
    "Hebr": ("Noto Serif Hebrew",),
    "Thai": ("Noto Serif Thai",),
    "Deva": ("Noto Serif Devanagari",),
    "Armn": ("Noto Serif Armenian",),
    "Geor": ("Noto Serif Georgian",),
}

HEADER = """\
# {name} translations for summitbrief.
# Edit with Poedit or any PO editor; see docs/TRANSLATING.md.
#"""


@dataclass(frozen=True)
class Initialized:
    """A language added to the registry, with its new catalog."""

    language: Language
    catalog: Path
    registry: Path
    # the script had no known face: the fonts entry needs a look
    fonts_guessed: bool


def init_language(locales: Path, tag: str) -> Initialized:
    """Register ``tag`` in ``locales/languages.toml`` and start its catalog from the template."""
    if not TAG.fullmatch(tag):
        hint = tag.replace("_", "-")
        example = f" (did you mean {hint}?)" if TAG.fullmatch(hint) else ""
        raise ConfigError(
            f"'{tag}' is not a BCP 47 language tag such as ko, pt-BR or zh-Hans{example}"
        )
    registered = read_languages(locales)
    if tag in registered:
        raise ConfigError(f"'{tag}' is already a language ({display_name(registry_path(locales))})")
    path = catalog_path(locales, tag)
    if path.exists():
        raise ConfigError(f"{display_name(path)} already exists; add '{tag}' to the registry")
    locale = locale_for(tag)
    script = _script(tag)
    fonts = FONTS.get(script, ("Noto Serif",))
    language = Language(tag=tag, locale=locale, name=_own_name(tag), fonts=fonts)
    catalog = new_catalog(read_template(locales), tag, pofile.english_name(tag, locale))
    path.parent.mkdir(parents=True, exist_ok=True)
    pofile.write(path, pofile.render(catalog))
    registry = registry_path(locales)
    text = registry.read_text(encoding="utf-8")
    separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    registry.write_text(text + separator + registry_entry(language), encoding="utf-8")
    return Initialized(language, path, registry, script not in FONTS)


def new_catalog(template: Catalog, tag: str, english_name: str) -> Catalog:
    """An empty catalog of ``template``'s messages for ``tag``, with the locale's plural forms.

    A new catalog, not the template relabelled: a catalog keeps the plural
    forms of the locale it was made for, and the template's are English's
    (2), where ru and pl need 3 and zh, vi, ko and ja 1 (Babel's CLDR table).
    """
    catalog = Catalog(
        locale=pofile.locale_name(tag),
        header_comment=HEADER.format(name=english_name),
        project=template.project,
        version=template.version,
        language_team=f"{tag} <summitbrief translators>",
        creation_date=template.creation_date,
        revision_date=template.creation_date,
        fuzzy=False,
    )
    for message in template:
        if message.id:
            new = message.clone()
            plural = isinstance(message.id, (list, tuple))
            new.string = ("",) * catalog.num_plurals if plural else ""
            catalog[new.id] = new
    return catalog


def registry_entry(language: Language) -> str:
    """The TOML table of ``language`` in the registry."""

    def string(value: str) -> str:
        # A JSON string is a valid TOML basic string.
        return json.dumps(value, ensure_ascii=False)

    fonts = ", ".join(string(font) for font in language.fonts)
    return (
        f"[{language.tag}]\n"
        f"locale = {string(language.locale)}\n"
        f"name = {string(language.name)}\n"
        f"fonts = [{fonts}]\n"
    )


def locale_for(tag: str) -> str:
    """The Babel locale of a BCP 47 tag, with the region CLDR considers likely.

    ``zh-Hans`` → ``zh_Hans_CN``, ``ko`` → ``ko_KR``, ``pt-BR`` → ``pt_BR``;
    a script is kept only when the tag names it.
    """
    language, script, region = _parts(tag)
    likely = get_global("likely_subtags")
    full = None
    for key in (f"{language}_{script}" if script else None, f"und_{script}" if script else None):
        if key and key in likely and likely[key].split("_")[0] == language:
            full = likely[key]
            break
    full = full or likely.get(language, language)
    territory = region or (full.split("_")[-1] if len(full.split("_")) > 1 else None)
    identifier = "_".join(part for part in (language, script, territory) if part)
    for candidate in (identifier, "_".join(p for p in (language, script) if p), language):
        try:
            Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
        return candidate
    raise ConfigError(f"Babel's CLDR data has no locale for '{tag}'")


def _parts(tag: str) -> tuple[str, str | None, str | None]:
    parts = tag.split("-")
    script = next((p for p in parts[1:] if len(p) == 4), None)
    region = next((p for p in parts[1:] if len(p) in (2, 3)), None)
    return parts[0], script, region


def _script(tag: str) -> str:
    """The script of ``tag``: the one it names, else CLDR's likely one."""
    language, script, _region = _parts(tag)
    if script:
        return script
    full = get_global("likely_subtags").get(language, "")
    parts = full.split("_")
    return parts[1] if len(parts) > 2 else "Latn"


def _own_name(tag: str) -> str:
    """The language's name for itself, with its script when the tag names one."""
    language, script, region = _parts(tag)
    try:
        locale = Locale(language, territory=region, script=script)
        name = locale.get_display_name(locale)
    except (ValueError, UnknownLocaleError):
        name = None
    return name or tag
