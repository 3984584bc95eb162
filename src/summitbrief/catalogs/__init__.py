"""Translator tooling: extract, update, check, compile and start gettext catalogs,
and carry summit content through .po files.

One module per step, as Babel's ``messages`` package has; ``summitbrief i18n``
is a thin command line over these functions, which tests and CI call directly.
"""

from __future__ import annotations
