"""The engine of a process: built from the open vacancies, folded up to date, configured."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from jastar.config.env import env_positive_int, env_weights
from jastar.matching.engines import current_engine, embedder, engine_settings
from jastar.registry.models import VacancyStatus
from jastar.registry.services import vacancy_set_status, vacancy_update
from jastar.registry.tests.factories import make_vacancy

pytestmark = pytest.mark.django_db


class CurrentEngineTests:
    def test_holds_the_open_vacancies_only(self) -> None:
        open_one = make_vacancy()
        make_vacancy(closes_on=timezone.localdate().replace(day=1))
        assert set(current_engine(timezone.localdate()).row_of) == {open_one.pk}

    def test_is_reused_while_nothing_changes(self) -> None:
        make_vacancy()
        today = timezone.localdate()
        assert current_engine(today) is current_engine(today)

    def test_folds_in_a_new_and_a_changed_vacancy_without_refitting(self) -> None:
        first, *others = [make_vacancy() for _ in range(10)]
        today = timezone.localdate()
        engine = current_engine(today)
        model = engine.text_model
        second = make_vacancy(title_ru="Повар-кондитер")
        vacancy_update(actor=None, vacancy=first, data={"salary_max": 400_000})
        again = current_engine(today)  # 2 changes of 10: folded in
        assert again is engine and again.text_model is model
        assert set(again.row_of) == {first.pk, second.pk, *(v.pk for v in others)}
        assert again.records[first.pk].salary_max == 400_000

    def test_drops_a_vacancy_that_is_no_longer_open(self) -> None:
        items = [make_vacancy() for _ in range(6)]
        today = timezone.localdate()
        current_engine(today)
        vacancy_set_status(actor=None, vacancy=items[0], status=VacancyStatus.CLOSED)
        assert items[0].pk not in current_engine(today).row_of


class SettingsTests:
    def test_weights_from_the_environment(self, monkeypatch: Any) -> None:
        monkeypatch.setenv("JASTAR_MATCHING_WEIGHTS", "occupation=5, text=0")
        assert env_weights("JASTAR_MATCHING_WEIGHTS") == {"occupation": 5.0, "text": 0.0}

    @pytest.mark.parametrize("raw", ["colour=1", "text=-1", "text=abc", "text"])
    def test_a_bad_weight_stops_start_up(self, monkeypatch: Any, raw: str) -> None:
        monkeypatch.setenv("JASTAR_MATCHING_WEIGHTS", raw)
        with pytest.raises(ImproperlyConfigured, match="JASTAR_MATCHING_WEIGHTS"):
            env_weights("JASTAR_MATCHING_WEIGHTS")

    @pytest.mark.parametrize("raw", ["0", "-3", "many"])
    def test_top_k_must_be_a_positive_number(self, monkeypatch: Any, raw: str) -> None:
        monkeypatch.setenv("JASTAR_MATCHING_TOP_K", raw)
        with pytest.raises(ImproperlyConfigured):
            env_positive_int("JASTAR_MATCHING_TOP_K", 20)

    def test_engine_settings_follow_the_django_settings(self, settings: Any) -> None:
        settings.JASTAR_MATCHING_WEIGHTS = {"salary": 2}
        settings.JASTAR_MATCHING_TOP_K = 7
        found = engine_settings()
        assert found.weights.salary == 2 and found.top_k == 7
        assert found.weights.meaning == 0

    def test_embeddings_switch_on_the_meaning_feature(self, settings: Any) -> None:
        settings.JASTAR_MATCHING_EMBEDDINGS = True
        assert engine_settings().weights.meaning == 1


class EmbeddingTests:
    def test_are_off_by_default(self) -> None:
        assert embedder() is None

    def test_come_from_the_shipped_model_when_switched_on(self, settings: Any) -> None:
        settings.JASTAR_MATCHING_EMBEDDINGS = True
        embed = embedder()
        assert embed is not None
        vectors = embed(["водитель", "жүргізуші", "бухгалтер"])
        assert vectors.shape == (3, 384) and vectors.dtype == np.float32

    def test_add_the_meaning_feature_to_an_engine(self, settings: Any) -> None:
        settings.JASTAR_MATCHING_EMBEDDINGS = True
        make_vacancy(title_ru="Водитель", title_kk="")
        engine = current_engine(timezone.localdate())
        assert engine.settings.weights.meaning == 1
        assert engine.vacancies.meaning is not None
        assert engine.vacancies.meaning.shape == (1, 384)
