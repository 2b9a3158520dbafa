"""Services of matching: batch runs, incremental refreshes, allocation of subsidised places."""

from jastar.matching.services.allocation import AllocationResult, allocation_run
from jastar.matching.services.refresh import matches_refresh
from jastar.matching.services.runs import (
    match_run_create,
    match_run_finish,
    match_run_shard,
    match_run_start,
)

__all__ = [
    "AllocationResult",
    "allocation_run",
    "match_run_create",
    "match_run_finish",
    "match_run_shard",
    "match_run_start",
    "matches_refresh",
]
