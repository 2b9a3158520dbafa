"""Server-rendered pages. Views parse input, call one selector, and render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jastar.analytics.selectors import dashboard


def home(request: HttpRequest) -> HttpResponse:
    """The region at a glance: young people, NEET and placements, from the aggregate tables.

    Only aggregate figures, so the page is open to visitors who are not signed in.
    """
    figures = dashboard(year=timezone.localdate().year)
    return render(request, "web/home.html", {"dash": figures})
