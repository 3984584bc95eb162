"""Hash what shapes an artifact, so that a build skips what has not changed.

Light on purpose (types only from the stages): a no-op rebuild computes the
same hash from the manifest's records without loading a summit file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from summitbrief.errors import ConfigError
from summitbrief.fonts.lookup import language_fonts
from summitbrief.toolchain import font_fingerprint

if TYPE_CHECKING:
    from summitbrief.builder.options import BuildOptions
    from summitbrief.planner import Edition
    from summitbrief.press import Press


def input_hash(edition: Edition, press: Press, options: BuildOptions) -> str:
    """A hash of everything that shapes an artifact: change any of it and it is rebuilt.

    The press's fingerprint (templates, theme, registry, look, tools, code) is
    computed once per run; here come the edition's own inputs.
    """
    return artifact_hash(
        press.fingerprint,
        edition.source.digest if edition.source else None,
        edition.languages,
        edition.layout,
        edition.summit.source_language,
        options,
        press.catalogs.digest,
        lambda lang: press.languages.require(lang).fonts,
    )


def artifact_hash(
    fingerprint: str,
    data: str | None,
    languages: Sequence[str],
    layout: str,
    source_language: str,
    options: BuildOptions,
    catalog_digest: Callable[[str], str],
    families: Callable[[str], Sequence[str]],
) -> str:
    """The hash of one artifact's inputs, from the run's fingerprint and the edition's own."""
    fonts = dict.fromkeys([*languages, source_language])
    inputs = {
        "press": fingerprint,
        "data": data,
        "edition": [list(languages), layout],
        "options": [options.format, options.variant, os.environ.get("SOURCE_DATE_EPOCH")],
        "catalogs": [catalog_digest(lang) for lang in languages],
        "fonts": [
            font_fingerprint(font)
            for lang in fonts
            for font in language_fonts(tuple(families(lang)), lang)
        ],
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def source_date() -> dt.datetime | None:
    """The date reproducible builds stamp on their output (SOURCE_DATE_EPOCH), if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds") from None
