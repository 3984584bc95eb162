"""Translator tooling: extract, update, check, compile and start gettext catalogs,
and carry summit content through .po files; one checker for both.

One module per step, as Babel's ``messages`` package has; ``summitbrief i18n``
is a thin command line over these functions, which tests and CI call directly.
"""

from __future__ import annotations

from summitbrief.catalogs.check import (
    CheckResult,
    Finding,
    LanguageReport,
    check_catalog,
    check_catalogs,
    check_content,
)
from summitbrief.catalogs.compile import Compiled, compile_catalogs
from summitbrief.catalogs.content import Exported, Imported, export_content, import_content
from summitbrief.catalogs.extract import (
    Extracted,
    extract_messages,
    extraction_options,
    write_template,
)
from summitbrief.catalogs.init import Initialized, init_language, locale_for
from summitbrief.catalogs.update import Updated, update_catalogs

__all__ = [
    "CheckResult",
    "Compiled",
    "Exported",
    "Extracted",
    "Finding",
    "Imported",
    "Initialized",
    "LanguageReport",
    "Updated",
    "check_catalog",
    "check_catalogs",
    "check_content",
    "compile_catalogs",
    "export_content",
    "extract_messages",
    "extraction_options",
    "import_content",
    "init_language",
    "locale_for",
    "update_catalogs",
    "write_template",
]
