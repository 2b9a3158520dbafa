"""How a job is named and its numbers written, in the reader's language."""

from __future__ import annotations

from math import ceil

from django.utils import formats
from django.utils.translation import gettext as _

from jastar.jobs.models import Job
from jastar.jobs.registry import KINDS
from jastar.web.templatetags.humanize_kk import intspace


def job_title(job: Job) -> str:
    """The kind's label, with what the job is about (district, file) when known."""
    kind = KINDS.get(job.kind)
    if kind is None:
        return job.kind
    title = str(kind.label)
    if kind.describe is not None:
        about = kind.describe(job)
        if about:
            title = _("%(kind)s: %(about)s") % {"kind": title, "about": about}
    return title


def job_unit(job: Job) -> str:
    """What the job counts (rows, people, districts)."""
    kind = KINDS.get(job.kind)
    return str(kind.unit) if kind is not None else ""


def rate_text(rate: float | None, unit: str) -> str:
    """``1 234 people/s``; "—" when unknown."""
    if rate is None:
        return "—"
    number = intspace(round(rate)) if rate >= 10 else formats.number_format(rate, 1)
    return _("%(rate)s %(unit)s/s") % {"rate": number, "unit": unit}


def duration_text(seconds: float | None) -> str:
    """12 s, 3 min 5 s, 1 h 20 min; "—" when unknown."""
    if seconds is None:
        return "—"
    whole = max(1, ceil(seconds))
    if whole < 60:
        return _("%(seconds)d s") % {"seconds": whole}
    if whole < 3600:
        return _("%(minutes)d min %(seconds)d s") % {"minutes": whole // 60, "seconds": whole % 60}
    return _("%(hours)d h %(minutes)d min") % {
        "hours": whole // 3600,
        "minutes": whole % 3600 // 60,
    }
