"""Worker processes that print prepared editions to PDF, started before the work that feeds them.

Importing WeasyPrint costs about as much as everything summitbrief does
before printing (reading the summit file, rendering the HTML, checking the
glyphs). A command line starts its printers first, so that their import runs
on another core while the parent process loads and renders; the parent then
hands each printer an edition's HTML and the press's plain ``Printing`` part,
and gets PDF bytes back. ``--jobs N`` is the number of printers.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from summitbrief.errors import RenderError

if TYPE_CHECKING:
    # Only for types: a command line starts its printers before it imports the
    # stages, so this module imports nothing heavy.
    from summitbrief.pdf.document import PdfOptions, Printed
    from summitbrief.printing import Html, Printing

WORKER_DIED = "a worker process died (killed, or out of memory?); nothing written"


class Printers:
    """A pool of printer processes; use as a context manager, or call :meth:`close`."""

    def __init__(self, workers: int) -> None:
        # spawn, not fork: a process forked from one whose other threads hold a
        # lock (fontconfig's, GLib's, a logging handler's) can hang on it for ever.
        # A fresh interpreter costs a little more CPU, on the printer's own core.
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(os.getpid(),),
        )
        # One printer starts now; the pool starts another whenever a job finds
        # them all busy, so a build of one memo never pays for more.
        self._submit(_ready)

    def __enter__(self) -> Printers:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def expect(self, count: int) -> None:
        """Start no more printers than ``count`` PDFs need.

        The pool starts a printer whenever a job finds the others busy, and the
        first one is busy importing WeasyPrint when the first memo comes: a
        build of one memo would start a second printer for nothing, on a core
        the parent process needs. The cap is the pool's own (private, stable
        since Python 3.2), lowered to what the build will print.
        """
        started = len(getattr(self._pool, "_processes", {}) or {})
        limit = max(1, started, min(getattr(self._pool, "_max_workers", count), count))
        setattr(self._pool, "_max_workers", limit)  # noqa: B010 (a private attribute)

    def prepare(self, printing: Printing) -> None:
        """Let a printer read the stylesheets and load the fonts while the first memo renders."""
        self._submit(_warm, printing)

    def print(self, html: Html, printing: Printing, options: PdfOptions) -> Future[Printed]:
        """Print ``html`` in another process; the future's result is the Printed PDF."""
        return self._submit(_print, html, printing, options)

    def _submit(self, function: Callable[..., Any], *arguments: Any) -> Future[Any]:
        try:
            return self._pool.submit(function, *arguments)
        except BrokenProcessPool:
            raise RenderError(WORKER_DIED) from None

    def close(self) -> None:
        """Stop the printers, without waiting for one still importing WeasyPrint."""
        for process in list(getattr(self._pool, "_processes", {}).values()):
            if process.is_alive():
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


def result(future: Future[Printed]) -> Printed:
    """A printer's result, or a RenderError when the printer died."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise RenderError(WORKER_DIED) from None


def _start(parent: int) -> None:
    """A printer's first moments: end with the parent, leave Ctrl+C to it, import WeasyPrint."""
    libc = ctypes.util.find_library("c")
    if libc:
        # PR_SET_PDEATHSIG: a printer whose parent is killed is terminated, never orphaned.
        ctypes.CDLL(libc).prctl(1, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(0)  # the parent ended before the signal was asked for
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if signal.getsignal(signal.SIGTERM) == signal.SIG_IGN:
        # inherited from a parent that ignores it: close() could not stop the printer.
        # A handler is left as it is (coverage's, which saves its data first).
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from summitbrief.pdf import document, linebreak

    document.font_configuration()
    linebreak.install()


def _ready() -> None:
    """Nothing: submitted so that a printer starts at once."""


def _warm(printing: Printing) -> None:
    from summitbrief.pdf.document import warm_up

    warm_up(printing)


def _print(html: Html, printing: Printing, options: PdfOptions) -> Printed:
    from summitbrief.pdf.document import render_pdf

    return render_pdf(html, printing, options)
