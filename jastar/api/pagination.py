"""One pagination for every list of API v1: ``?limit=&offset=``.

Answers ``{"count", "next", "previous", "results"}``. ``limit`` is 25 by default and at
most 100; a limit or offset that is not a whole number is ignored (the default is used),
as DRF does.
"""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination


class ApiPagination(LimitOffsetPagination):
    default_limit = 25
    max_limit = 100
