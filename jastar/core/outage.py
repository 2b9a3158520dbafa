"""Writing through a short database outage (a server restart): the state of a failed piece
of work must still be recorded once the database is back."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Final

from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)

# Pauses between attempts: about half a minute in all.
RETRY_PAUSES_SECONDS: Final = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)


def through_outage(write: Callable[[], object]) -> None:
    """Run ``write``; if the database connection is lost, reconnect and try again for
    about half a minute before giving up. Inside a transaction it runs once: a reconnect
    would lose the transaction."""
    for pause in (*RETRY_PAUSES_SECONDS, None):
        try:
            write()
            return
        except (OperationalError, InterfaceError):
            if pause is None or connection.in_atomic_block:
                raise
            logger.warning("database unavailable, retrying in %.1f s", pause)
            connection.close()
            time.sleep(pause)
