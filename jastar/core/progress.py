"""A terminal progress bar for long commands (imports, batch matching)."""

from __future__ import annotations

import time
from typing import Any


class ProgressBar:
    """``[#####.....]  45%  90,000/200,000  12,345/s  9 s`` on a stream (stderr).

    ``show(done, total)`` redraws the line; ``end()`` finishes it. ``start_done`` is work
    done before this run (a resumed import), left out of the rate.
    """

    WIDTH = 30

    def __init__(self, stream: Any, start_done: int = 0) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.start_done = start_done
        self.shown = False

    def show(self, done: int, total: int) -> None:
        """Redraw the bar at ``done`` of ``total``."""
        total = max(total or done, 1)
        share = min(done / total, 1.0)
        filled = int(share * self.WIDTH)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = (done - self.start_done) / elapsed
        left = (total - done) / rate if rate > 0 else 0.0
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:4.0%}  "
            f"{done:,}/{total:,}  {rate:,.0f}/s  {left:,.0f} s   "
        )
        self.stream.flush()
        self.shown = True

    def end(self) -> None:
        """Close the bar's line (if it was drawn)."""
        if self.shown:
            self.stream.write("\n")
