"""Hash what shapes an artifact, so that a build skips what has not changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

from summitbrief.builder.options import BuildOptions
from summitbrief.errors import ConfigError
from summitbrief.planner import Edition
from summitbrief.press import Press
from summitbrief.toolchain import font_fingerprint


def input_hash(edition: Edition, press: Press, options: BuildOptions) -> str:
    """A hash of everything that shapes an artifact: change any of it and it is rebuilt.

    The press's fingerprint (templates, theme, registry, look, tools, code) is
    computed once per run; here come the edition's own inputs.
    """
    languages = dict.fromkeys([*edition.languages, edition.summit.source_language])
    inputs = {
        "press": press.fingerprint,
        "data": edition.source.digest if edition.source else None,
        "edition": [list(edition.languages), edition.layout],
        "options": [options.format, options.variant, os.environ.get("SOURCE_DATE_EPOCH")],
        "catalogs": [press.catalogs.digest(lang) for lang in edition.languages],
        "fonts": [font_fingerprint(font) for lang in languages for font in press.fonts(lang)],
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
