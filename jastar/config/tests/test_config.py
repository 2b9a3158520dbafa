from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from jastar.cli import main, management_args
from jastar.config.env import env_bool, env_list, env_str


class EnvTests:
    def test_reads_booleans_in_common_spellings(self, monkeypatch):
        monkeypatch.setenv("JASTAR_X", "Yes")
        assert env_bool("JASTAR_X", False) is True
        monkeypatch.setenv("JASTAR_X", "0")
        assert env_bool("JASTAR_X", True) is False

    def test_rejects_unrecognised_boolean_loudly(self, monkeypatch):
        monkeypatch.setenv("JASTAR_X", "maybe")
        with pytest.raises(ImproperlyConfigured, match="JASTAR_X"):
            env_bool("JASTAR_X", True)

    def test_defaults_apply_only_when_unset(self, monkeypatch):
        monkeypatch.delenv("JASTAR_X", raising=False)
        assert env_str("JASTAR_X", "d") == "d"
        assert env_list("JASTAR_X", ["a"]) == ["a"]
        monkeypatch.setenv("JASTAR_X", " a, ,b ")
        assert env_list("JASTAR_X", []) == ["a", "b"]


class CliTests:
    def test_serve_runs_the_server_on_localhost_8000(self):
        assert management_args(["serve"]) == ["runserver", "127.0.0.1:8000"]
        assert management_args(["serve", "0.0.0.0:9000"]) == ["runserver", "0.0.0.0:9000"]
        assert management_args(["serve", "--noreload"]) == [
            "runserver",
            "--noreload",
            "127.0.0.1:8000",
        ]

    def test_other_commands_pass_through(self):
        assert management_args(["migrate", "--noinput"]) == ["migrate", "--noinput"]

    def test_main_runs_a_management_command(self, capsys):
        main(["check"])
        assert "no issues" in capsys.readouterr().out


class FormatTests:
    def test_kazakh_dates_are_day_month_year(self):
        from datetime import date

        from django.utils import translation
        from django.utils.formats import date_format

        with translation.override("kk"):
            assert date_format(date(2026, 11, 23), "SHORT_DATE_FORMAT") == "23.11.2026"
        with translation.override("ru"):
            assert date_format(date(2026, 11, 23), "SHORT_DATE_FORMAT") == "23.11.2026"
