"""summitbrief: print-ready briefing memos from structured summit data.

The public API; import from here, not from the submodules.
"""

from __future__ import annotations

__version__ = "0.1.0"
