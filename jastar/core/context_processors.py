"""Template context every page needs: whether the data shown is synthetic."""

from __future__ import annotations

from django.http import HttpRequest

from jastar.core.models import DemoDataset


def jastar(request: HttpRequest) -> dict[str, object]:
    return {"jastar_demo": DemoDataset.objects.order_by("-created_at").first()}
