"""gunicorn settings for Jastar, read from the environment.

    gunicorn -c jastar/config/gunicorn.py jastar.config.wsgi

| variable | default | meaning |
|---|---|---|
| ``JASTAR_BIND`` | ``127.0.0.1:8000`` | addresses to listen on, comma-separated |
| ``WEB_CONCURRENCY`` | 2 × cores + 1, at most 8 | worker processes |
| ``JASTAR_WEB_TIMEOUT`` | 60 | seconds a request may take before its worker is restarted |
| ``JASTAR_WEB_WARMUP`` | 1 | ``0`` skips warming each new worker |

Any other gunicorn setting can be given on the command line or in ``GUNICORN_CMD_ARGS``;
both take precedence over this file. Each worker is warmed before it takes a request
(:func:`post_worker_init`): a person's page needs the matching engine, which is built from
every open vacancy, so a cold worker's first person page would be slow.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from jastar.config.env import env_bool, env_list, env_positive_int

# More workers than this mostly add memory: each one holds its own matching engine.
MAX_DEFAULT_WORKERS = 8
# A worker being warmed keeps telling the arbiter it is alive, so that a warm-up longer than
# `timeout` is not taken for a hung request; but no longer than this.
WARMUP_LIMIT_SECONDS = 600


def default_workers() -> int:
    """gunicorn's rule of thumb, two workers per core and one, within a sensible cap."""
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


bind = env_list("JASTAR_BIND", ["127.0.0.1:8000"])
workers = env_positive_int("WEB_CONCURRENCY", default_workers())
timeout = env_positive_int("JASTAR_WEB_TIMEOUT", 60)
# On SIGTERM or SIGHUP a worker finishes the requests it holds for up to this long.
graceful_timeout = 30
# Each worker imports the application itself: a code change reaches every worker on
# `systemctl reload` (SIGHUP), and no database connection is shared across a fork.
preload_app = False
accesslog = "-"
errorlog = "-"
loglevel = "info"
proc_name = "jastar-web"
# gunicorn's control socket would sit at one path per user; signals manage the server instead.
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    """Warm a new worker before it takes requests; a failure is logged, never fatal."""
    if not env_bool("JASTAR_WEB_WARMUP", True):
        return
    started = time.monotonic()
    done = threading.Event()
    keeper = threading.Thread(
        target=_keep_alive, args=(worker, done), daemon=True, name="warmup-heartbeat"
    )
    keeper.start()
    try:
        vacancies = warm()
    except Exception:
        worker.log.exception(
            "Worker %s: warming failed after %.1f s; its first requests will load what they need",
            worker.pid,
            time.monotonic() - started,
        )
    else:
        worker.log.info(
            "Worker %s warmed in %.1f s (matching engine of %d open vacancies)",
            worker.pid,
            time.monotonic() - started,
            vacancies,
        )
    finally:
        done.set()
        keeper.join()
        _close_connections()


def warm() -> int:
    """Load what a first request would otherwise load; the engine's vacancy count."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import timezone
    from django.utils.translation import trans_real

    from jastar.matching.engines import current_engine

    _patterns = get_resolver().url_patterns  # imports every view module
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)  # loads the language's catalogue
    engine = current_engine(timezone.localdate())
    return len(engine.row_of)


def _keep_alive(worker: Any, done: threading.Event) -> None:
    deadline = time.monotonic() + WARMUP_LIMIT_SECONDS
    interval = max(1.0, worker.timeout / 4)
    while not done.wait(interval) and time.monotonic() < deadline:
        worker.notify()


def _close_connections() -> None:
    from django.db import connections

    try:
        connections.close_all()  # the first request opens its own
    except Exception:  # noqa: S110 (a broken connection is dropped all the same)
        pass
