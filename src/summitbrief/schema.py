"""Turn the summit models into the JSON Schema that editors check summit files with.

The schema is generated, never kept by hand: ``docs/summit.schema.json`` is this
module's output for the built-in languages, and a test fails when it is stale.
It says what JSON Schema can say of the rules ``validate`` applies; the rest
(a quote's speaker among the participants, sessions within the meeting, a
text's language among the file's) stays with ``validate``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from summitbrief.model import DEFINITION, SLUG, Summit, territories

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Not blank: at least one character that is not white space.
NOT_BLANK = {"type": "string", "pattern": r"\S"}


def summit_schema(languages: Sequence[str]) -> dict[str, Any]:
    """The JSON Schema of a summit file whose texts may be in ``languages``."""
    schema = _referenced(Summit.model_json_schema(mode="validation"))
    tag = {"$ref": "#/$defs/LanguageTag"}
    alternatives = "|".join(re.escape(language) for language in languages)
    definitions = schema.setdefault("$defs", {})
    definitions.update(
        LanguageTag={
            "description": "A language of summitbrief's registry (locales/languages.toml).",
            "enum": list(languages),
        },
        Country={
            "description": "An ISO 3166-1 alpha-2 country code.",
            "enum": sorted(territories()),
        },
        Text={
            "description": "Text in one or more languages: a plain string is in the source "
            "language; a mapping gives language: text (plain text, never HTML).",
            "anyOf": [
                NOT_BLANK,
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": tag,
                    "additionalProperties": NOT_BLANK,
                },
            ],
            "examples": ["The leaders met.", {"en": "The leaders met.", "ko": "양 정상이 만났다."}],
        },
        Paragraph={
            "description": "A text of a list (a background paragraph, a next step), with an "
            "optional key: that names it in translators' .po files.",
            "anyOf": [
                NOT_BLANK,
                {
                    "type": "object",
                    "minProperties": 1,
                    "properties": {"key": {"type": "string", "pattern": f"^{SLUG.pattern}$"}},
                    "propertyNames": {"anyOf": [tag, {"const": "key"}]},
                    "additionalProperties": NOT_BLANK,
                },
            ],
            "examples": [{"key": "shuttle", "en": "The visit continued shuttle diplomacy."}],
        },
        Reading={
            "description": "How a name is read, per language.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": tag,
            "additionalProperties": NOT_BLANK,
            "examples": [{"ja": "ユン・ソンニョル"}],
        },
        Pair={
            "description": "Two different languages side by side, LEFT+RIGHT.",
            "type": "string",
            "pattern": f"^({alternatives})\\+({alternatives})$",
            "examples": ["ko+ja"],
        },
    )
    return {"$schema": DIALECT, **schema}


def _referenced(value: Any) -> Any:
    """``{DEFINITION: name}`` placeholders as references to ``#/$defs/name``."""
    if isinstance(value, dict):
        node = {key: _referenced(item) for key, item in value.items()}
        name = node.pop(DEFINITION, None)
        return {"$ref": f"#/$defs/{name}", **node} if name else node
    if isinstance(value, list):
        return [_referenced(item) for item in value]
    return value


def schema_text(languages: Sequence[str]) -> str:
    """The schema as the text of ``docs/summit.schema.json``."""
    return json.dumps(summit_schema(languages), ensure_ascii=False, indent=2) + "\n"
