"""The pure parts of the load benchmark (bench/load.py, bench/load_client.py): options,
the request mix, percentiles and the figures. The run itself needs a server: by hand."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.load import (
    CASE_WORKER,
    OFFICER,
    Results,
    default_workers,
    first_by_worker,
    masked_url,
    parse_args,
    paths_of,
    plan_of,
    report,
    results_write,
    server_command,
)
from bench.load_client import (
    DEFAULT_PATHS,
    Client,
    Pool,
    Record,
    is_failure,
    parse_mix,
    percentile,
    pick_kind,
    request_path,
    rows_table,
    search_queries,
    summarise,
    uses_token,
)


class ArgumentTests:
    def test_defaults_are_the_full_region_with_twenty_users_for_a_minute(self):
        args = parse_args([])
        assert args.database_url == "postgres://postgres@127.0.0.1:5432/jastar_load"
        assert args.scale == "full"
        assert (args.users, args.duration, args.warmup, args.port) == (20, 60.0, 10.0, 8765)
        assert args.workers == default_workers()
        assert args.mix == {"search": 3, "person": 3, "recommendations": 2, "dashboard": 1}
        assert paths_of(args) == DEFAULT_PATHS

    @pytest.mark.parametrize("scale", ["small", "medium", "full", "5000"])
    def test_accepts_a_named_scale_or_a_number_of_people(self, scale):
        assert parse_args(["--scale", scale]).scale == scale

    @pytest.mark.parametrize(
        "option",
        [
            ["--scale", "huge"],
            ["--scale", "50"],
            ["--users", "0"],
            ["--duration", "abc"],
            ["--port", "80"],
            ["--mix", "search=1,typo=2"],
        ],
    )
    def test_rejects_bad_values(self, option, capsys):
        with pytest.raises(SystemExit):
            parse_args(option)
        assert "error" in capsys.readouterr().err

    def test_page_paths_can_be_pointed_elsewhere(self):
        args = parse_args(["--person-path", "/api/v1/people/{id}/programs/"])
        assert paths_of(args)["person"] == "/api/v1/people/{id}/programs/"

    def test_workers_follow_the_cores(self, monkeypatch):
        monkeypatch.setattr("os.cpu_count", lambda: 2)
        assert default_workers() == 5

    def test_the_password_of_the_database_is_not_printed(self):
        url = "postgres://bench:secret@127.0.0.1:5432/jastar_load"
        assert masked_url(url) == "postgres://bench:***@127.0.0.1:5432/jastar_load"
        assert masked_url("postgres://postgres@127.0.0.1/x") == "postgres://postgres@127.0.0.1/x"


class MixTests:
    def test_kinds_left_out_weigh_nothing(self):
        assert parse_mix("search=2, dashboard=0.5") == {
            "search": 2.0,
            "person": 0.0,
            "recommendations": 0.0,
            "dashboard": 0.5,
        }

    @pytest.mark.parametrize("text", ["", "search=0", "search=-1", "search=x", "search", "a=1"])
    def test_refuses_a_mix_without_a_positive_known_weight(self, text):
        with pytest.raises(ValueError):
            parse_mix(text)

    def test_kinds_are_drawn_in_proportion_to_their_weights(self):
        rng = random.Random(7)
        weights = parse_mix("search=3,person=1")
        drawn = Counter(pick_kind(weights, rng) for _ in range(4000))
        assert set(drawn) == {"search", "person"}
        assert drawn["search"] / 4000 == pytest.approx(0.75, abs=0.03)

    def test_search_texts_are_name_prefixes_names_and_birth_date_parts_of_iins(self):
        queries = search_queries([("990101400123", "Сейтқали", "Айгерім"), ("0", "Ли", "")])
        assert queries == ["Сейт", "Сейтқали Айгерім", "990101"]

    def test_a_search_path_carries_an_encoded_query_and_a_person_path_an_id(self):
        pool = Pool(ids=[42], queries=["Сейтқали Айгерім"])
        rng = random.Random(1)
        search = request_path("search", DEFAULT_PATHS["search"], pool, rng)
        assert search == "/people/?q=" + quote("Сейтқали Айгерім")
        assert " " not in search
        person = request_path("recommendations", DEFAULT_PATHS["recommendations"], pool, rng)
        assert person == "/api/v1/people/42/recommendations/"
        assert request_path("dashboard", "/dashboard/?year=2025", pool, rng) == (
            "/dashboard/?year=2025"
        )

    def test_api_paths_use_the_token_and_pages_the_session(self):
        assert uses_token("/api/v1/people/1/recommendations/")
        assert not uses_token("/people/1/")

    def test_users_alternate_between_the_case_worker_of_a_district_and_the_officer(self):
        args = parse_args(["--users", "3"])
        plan = plan_of(args, {CASE_WORKER: ("a", "ta"), OFFICER: ("b", "tb")}, {})
        assert [(u.username, u.password, u.token, u.pool) for u in plan.logins] == [
            (CASE_WORKER, "a", "ta", "district"),
            (OFFICER, "b", "tb", "region"),
            (CASE_WORKER, "a", "ta", "district"),
        ]
        assert plan.api_token == "tb"
        assert plan.max_requests == args.max_requests


class PercentileTests:
    def test_nearest_rank(self):
        values = [float(v) for v in range(1, 101)]
        assert percentile(values, 50) == 50
        assert percentile(values, 95) == 95
        assert percentile(values, 99) == 99
        assert percentile(values, 100) == 100

    def test_order_does_not_matter_and_one_value_is_every_percentile(self):
        assert percentile([30.0, 10.0, 20.0], 50) == 20
        assert percentile([7.0], 99) == 7

    def test_no_values_have_no_percentile(self):
        assert math.isnan(percentile([], 95))


class FiguresTests:
    def test_counts_requests_started_in_the_window_per_kind_and_in_total(self):
        records = [
            Record(0.5, "search", 200, 900.0, False),  # warm-up
            Record(1.0, "search", 200, 10.0, False),
            Record(1.5, "search", 500, 30.0, True),
            Record(2.0, "dashboard", 302, 20.0, False),
            Record(3.0, "dashboard", 200, 5.0, False),  # after the window
        ]
        rows = summarise(records, 1.0, 3.0)
        assert [(r.kind, r.requests, r.errors) for r in rows] == [
            ("search", 2, 1),
            ("dashboard", 1, 0),
            ("total", 3, 1),
        ]
        total = rows[-1]
        assert total.per_second == pytest.approx(1.5)
        assert (total.p50, total.max) == (20.0, 30.0)

    def test_an_empty_window_has_a_total_row_of_nothing(self):
        [total] = summarise([], 0, 10)
        assert (total.kind, total.requests, total.errors) == ("total", 0, 0)
        assert "      -" in rows_table([total])

    @pytest.mark.parametrize(
        ("status", "location", "failed"),
        [
            (200, "", False),
            (302, "/people/", False),
            (302, "/login/?next=/people/", True),
            (404, "", True),
            (500, "", True),
            (0, "", True),
        ],
    )
    def test_errors_are_failures_and_redirects_to_sign_in(self, status, location, failed):
        assert is_failure(status, location) is failed

    def test_each_workers_first_answered_recommendation_is_read_from_the_access_log(self):
        lines = [
            '<101> 200 15 "GET /login/ HTTP/1.1"',
            '<101> 200 2300 "GET /api/v1/people/5/recommendations/ HTTP/1.1"',
            '<103> 302 3 "GET /api/v1/people/9/recommendations/ HTTP/1.1"',
            '<102> 200 2100 "GET /api/v1/people/9/recommendations/ HTTP/1.1"',
            '<101> 200 40 "GET /api/v1/people/7/recommendations/ HTTP/1.1"',
            "a line of something else",
        ]
        assert first_by_worker(lines, "/recommendations/") == {101: 2300.0, 102: 2100.0}

    def test_the_server_listens_on_loopback_with_the_workers_asked_for(self):
        args = parse_args(["--workers", "3", "--port", "9000", "--threads", "2"])
        command = server_command(args, Path("access.log"), Path("error.log"))
        assert command[1] == "jastar.config.wsgi:application"
        assert "--bind=127.0.0.1:9000" in command
        assert "--workers=3" in command
        assert "--threads=2" in command
        assert "--no-control-socket" in command  # gunicorn 27 has one, shared by default


class CookieTests:
    def test_keeps_set_cookies_and_forgets_deleted_ones(self):
        client = Client("127.0.0.1", 9, 1)
        client._keep_cookies(
            ["csrftoken=abc; Path=/; SameSite=Lax", "sessionid=xyz; HttpOnly; Path=/"]
        )
        assert client.cookies == {"csrftoken": "abc", "sessionid": "xyz"}
        client._keep_cookies(['sessionid=""; Max-Age=0; Path=/'])
        assert client.cookies == {"csrftoken": "abc"}


def _results(errors: int = 0, sign_in_errors: list[str] | None = None) -> Results:
    records = [Record(0.5, "search", 200, 40.0, False), Record(1.5, "person", 500, 9.0, True)]
    return Results(
        config={
            "users": 2,
            "case_workers": 1,
            "district": "karasai",
            "duration": 1.0,
            "warmup": 1.0,
            "workers": 2,
            "threads": 1,
            "database": "postgres://postgres@127.0.0.1:5432/jastar_load",
            "scale": "small",
            "mix": {"search": 1.0, "person": 1.0, "recommendations": 0.0, "dashboard": 0.0},
            "paths": DEFAULT_PATHS,
        },
        machine={"cores": 2, "system": "Linux", "python": "3.11"},
        data={"demo": "small", "people": 4320, "open_vacancies_today": 8, "stored_matches": 9},
        setup_seconds={"migrate": 1.5},
        engines={11: 2300.0, 12: 2100.0},
        engine_errors=errors,
        engine_seconds=2.5,
        notes=[],
        warmup=summarise(records, 0, 1),
        measured=summarise(records, 1, 2),
        signed_in=2,
        sign_in_errors=sign_in_errors or [],
        examples=["person GET /people/1/ -> 500: boom"],
    )


class ReportTests:
    def test_counts_errors_of_every_stage(self):
        assert _results().errors() == 1
        assert _results(errors=2, sign_in_errors=["x: refused"]).errors() == 4

    def test_shows_the_setup_the_engine_warm_up_and_both_windows(self):
        text = report(_results())
        assert "2 of 2 workers" in text
        assert "(server ms): 2,300, 2,100;" in text  # by worker pid
        assert "migrate 1.5 s" in text
        assert "mix:     search 1, person 1\n" in text
        assert "errors: 1 (target: none)" in text
        assert "person GET /people/1/ -> 500: boom" in text

    def test_writes_the_figures_as_json(self, tmp_path):
        path = tmp_path / "load.json"
        results_write(_results(), path)
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["errors"] == 1
        assert data["measured"][-1]["kind"] == "total"
        assert data["measured"][-1]["requests"] == 1
