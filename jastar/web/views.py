"""Server-rendered pages. Views parse input, call one selector, and render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jastar.registry.selectors import region_summary


def home(request: HttpRequest) -> HttpResponse:
    """The region at a glance: young people, NEET, vacancies and placements."""
    summary = region_summary(on=timezone.localdate())
    return render(request, "web/home.html", {"summary": summary})
