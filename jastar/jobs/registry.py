"""The kinds of background job: each app declares its own in its ``jobs`` module.

A kind is a handler ``run(job, progress) -> result`` plus how to show it. Handlers must be
safe to run again on the same job after a worker died midway (they replace rather than
add, or continue from their own checkpoint): the runner re-runs such jobs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from jastar.jobs.models import Job
    from jastar.jobs.progress import JobProgress

Handler = Callable[["Job", "JobProgress"], dict[str, Any] | None]


@dataclass(frozen=True)
class JobKind:
    """How to run, name and stop one kind of job."""

    name: str
    label: str | Promise
    unit: str | Promise
    run: Handler
    # Extra words after the label (the district, the file): from the job's parameters.
    describe: Callable[[Job], str] | None = None
    # Called when a cancel is asked for, for kinds that keep their own state (imports).
    on_cancel: Callable[[Job], None] | None = None
    # Where the job's own page is (the import's page), if it has one.
    link: Callable[[Job], str | None] | None = None


KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str,
    *,
    label: str | Promise,
    unit: str | Promise,
    describe: Callable[[Job], str] | None = None,
    on_cancel: Callable[[Job], None] | None = None,
    link: Callable[[Job], str | None] | None = None,
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of jobs of kind ``name``."""

    def register(run: Handler) -> Handler:
        if name in KINDS and KINDS[name].run is not run:
            raise ValueError(f"job kind {name!r} is registered twice")
        KINDS[name] = JobKind(name, label, unit, run, describe, on_cancel, link)
        return run

    return register


def kind_of(name: str) -> JobKind:
    """The registered kind ``name``; LookupError names the unknown kind."""
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r}") from None
