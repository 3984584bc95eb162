"""The fixed choices of the options, in one place: the stages type with them and the
command line offers them (a light module, so that ``--help`` imports nothing heavy)."""

from __future__ import annotations

from typing import Literal, get_args

Paper = Literal["a4", "letter"]
DateStyle = Literal["gregorian", "era"]
Layout = Literal["single", "parallel", "interleaved"]
PairLayout = Literal["parallel", "interleaved"]
OutputFormat = Literal["pdf", "html"]
Variant = Literal["pdf/a-3b", "pdf/ua-1"]

PAPERS: tuple[str, ...] = get_args(Paper)
DATE_STYLES: tuple[str, ...] = get_args(DateStyle)
PAIR_LAYOUTS: tuple[str, ...] = get_args(PairLayout)
FORMATS: tuple[str, ...] = get_args(OutputFormat)
VARIANTS: tuple[str, ...] = get_args(Variant)

# The most bleed --bleed accepts around the trimmed page, in millimetres.
MAX_BLEED_MM = 20.0
