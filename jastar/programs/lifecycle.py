"""The life of a participation in a program: its statuses and the moves between them.

Pure data and one check, no database: services ask :func:`check_transition` before they
change a participation, and show its message when a move is refused.

::

    applied ──► approved ──► enrolled ──► placed ──► completed
       │           │            │  │         │
       ▼           │            │  └─────────┼──► completed   (training, grants: no job)
    rejected       └────────────┴────────────┴──► dropped_out

Rejected, completed and dropped-out participations are final; a person who wants another
go applies again (a new participation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.programs.eligibility import joined, message

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ENROLLED = "enrolled", _("Enrolled")
    PLACED = "placed", _("Placed in a job")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


_S = ParticipationStatus

# Where each status may go next. Enrolled → completed covers programs without a job
# (Bastau training, grants); approved → dropped out is an applicant who withdrew.
TRANSITIONS: Final[dict[str, set[str]]] = {
    _S.APPLIED: {_S.APPROVED, _S.REJECTED},
    _S.APPROVED: {_S.ENROLLED, _S.DROPPED_OUT},
    _S.ENROLLED: {_S.PLACED, _S.COMPLETED, _S.DROPPED_OUT},
    _S.PLACED: {_S.COMPLETED, _S.DROPPED_OUT},
    _S.REJECTED: set(),
    _S.COMPLETED: set(),
    _S.DROPPED_OUT: set(),
}

# A person has at most one of these per program edition (a database constraint).
ACTIVE_STATUSES: Final[tuple[str, ...]] = (_S.APPLIED, _S.APPROVED, _S.ENROLLED, _S.PLACED)
# Participations that hold one of the district's places and part of its budget.
PLACE_HOLDING_STATUSES: Final[tuple[str, ...]] = (_S.ENROLLED, _S.PLACED, _S.COMPLETED)
FINAL_STATUSES: Final[tuple[str, ...]] = tuple(s for s, nxt in TRANSITIONS.items() if not nxt)


def status_label(value: str) -> StrOrPromise:
    """A status in words; an unknown value shows as itself."""
    try:
        return ParticipationStatus(value).label
    except ValueError:
        return value


def check_transition(current: str, target: str) -> StrPromise | None:
    """Why a participation cannot go from ``current`` to ``target``; None when it can."""
    for value in (current, target):
        if value not in TRANSITIONS:
            return message(_("Unknown participation status “%(status)s”."), status=value)
    if target in TRANSITIONS[current]:
        return None
    names = {"current": status_label(current), "target": status_label(target)}
    if current == target:
        return message(_("The participation is already “%(current)s”."), **names)
    if not TRANSITIONS[current]:
        return message(
            _("The participation is “%(current)s”, which is final; it cannot become “%(target)s”."),
            **names,
        )
    # In lifecycle order, so the message reads the way the program runs.
    allowed = joined(
        status_label(s) for s in ParticipationStatus.values if s in TRANSITIONS[current]
    )
    return message(
        _(
            "A participation cannot go from “%(current)s” to “%(target)s”; "
            "from “%(current)s” it can only become: %(allowed)s."
        ),
        allowed=allowed,
        **names,
    )
