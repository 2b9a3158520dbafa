"""The settings a production install gets from its environment, each read in a fresh process.

Settings are read once per process, so every case starts Python anew with exactly the
environment it describes (nothing inherited from the test run but the paths).
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jastar.config.env import local_secret_key

KEY = secrets.token_urlsafe(50)
PROBE = """
import json
from django.conf import settings
names = [
    "DEBUG", "SECRET_KEY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
    "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_SSL_REDIRECT",
    "JASTAR_TRUST_X_FORWARDED_FOR", "ALLOWED_HOSTS",
]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""
# What a production install sets (docs/security.md, "Production checklist").
PRODUCTION = {
    "JASTAR_SECRET_KEY": KEY,
    "JASTAR_ALLOWED_HOSTS": "jastar.almaty-region.kz",
    "JASTAR_CSRF_TRUSTED_ORIGINS": "https://jastar.almaty-region.kz",
    "JASTAR_BEHIND_PROXY": "1",
    "JASTAR_SSL_REDIRECT": "1",
}
# Warnings of `check --deploy` left on purpose; docs/security.md says why.
JUSTIFIED_WARNINGS = {"security.W005", "security.W021"}


def clean_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """The test's environment without any Jastar, Django or database setting."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JASTAR_", "DJANGO_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="jastar.config.settings",
        JASTAR_VAR_DIR=str(tmp_path / "var"),
        MPLCONFIGDIR=str(tmp_path / "mpl"),
    )
    env.update(variables)
    return env


def run(tmp_path: Path, args: list[str], **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, *args],
        env=clean_env(tmp_path, **variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_with(tmp_path: Path, **variables: str) -> dict[str, Any]:
    done = run(tmp_path, ["-c", PROBE], **variables)
    assert done.returncode == 0, done.stderr
    values: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return values


class ProductionSettingsTests:
    def test_a_production_environment_is_strict(self, tmp_path: Path):
        values = settings_with(tmp_path, **PRODUCTION)
        assert values["DEBUG"] is False
        assert values["SECRET_KEY"] == KEY
        assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
        assert values["SESSION_COOKIE_HTTPONLY"]
        assert values["SECURE_HSTS_SECONDS"] == 31536000
        assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
        assert values["X_FRAME_OPTIONS"] == "DENY"
        assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
        assert values["JASTAR_TRUST_X_FORWARDED_FOR"]
        assert values["ALLOWED_HOSTS"] == ["jastar.almaty-region.kz"]

    def test_without_a_proxy_or_redirect_there_is_no_hsts_and_no_forwarded_address(
        self, tmp_path: Path
    ):
        values = settings_with(tmp_path, JASTAR_SECRET_KEY=KEY)
        assert values["SESSION_COOKIE_SECURE"]
        assert values["SECURE_HSTS_SECONDS"] == 0
        assert values["SECURE_PROXY_SSL_HEADER"] is None
        assert not values["JASTAR_TRUST_X_FORWARDED_FOR"]

    @pytest.mark.parametrize(("value", "debug"), [(None, False), ("0", False), ("1", True)])
    def test_debug_is_off_unless_switched_on(self, tmp_path: Path, value: str | None, debug: bool):
        variables = {"JASTAR_SECRET_KEY": KEY}
        if value is not None:
            variables["JASTAR_DEBUG"] = value
        values = settings_with(tmp_path, **variables)
        assert values["DEBUG"] is debug
        # Debug on a laptop speaks plain HTTP: cookies follow.
        assert values["SESSION_COOKIE_SECURE"] is not debug

    def test_a_misspelt_debug_stops_start_up(self, tmp_path: Path):
        done = run(tmp_path, ["-c", PROBE], JASTAR_SECRET_KEY=KEY, JASTAR_DEBUG="maybe")
        assert done.returncode != 0
        assert "JASTAR_DEBUG" in done.stderr

    def test_plain_http_installs_may_turn_secure_cookies_off(self, tmp_path: Path):
        values = settings_with(tmp_path, JASTAR_SECRET_KEY=KEY, JASTAR_SECURE_COOKIES="0")
        assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]

    def test_the_deploy_check_passes_but_for_the_justified_warnings(self, tmp_path: Path):
        done = run(
            tmp_path,
            ["-m", "jastar.cli", "check", "--deploy", "--fail-level", "WARNING"],
            **PRODUCTION,
        )
        output = done.stdout + done.stderr
        found = {
            word.strip("():")
            for word in output.split()
            if word.startswith("(") and "." in word and word.endswith(")")
        }
        assert found <= JUSTIFIED_WARNINGS, output
        assert "ERRORS" not in output
        assert done.returncode == (1 if found else 0), output

    def test_justified_warnings_are_explained_in_the_security_guide(self):
        guide = Path(__file__).resolve().parents[3] / "docs" / "security.md"
        text = guide.read_text(encoding="utf-8")
        for warning in JUSTIFIED_WARNINGS:
            assert warning in text


class LocalSecretKeyTests:
    def test_is_made_readable_by_its_owner_only_and_reused(self, tmp_path: Path):
        path = tmp_path / "var" / "secret_key"
        key = local_secret_key(path)
        assert len(key) >= 50
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert local_secret_key(path) == key

    def test_an_empty_file_gets_a_new_key(self, tmp_path: Path):
        path = tmp_path / "secret_key"
        path.write_text("", encoding="ascii")
        assert len(local_secret_key(path)) >= 50

    def test_settings_without_a_key_use_the_local_file(self, tmp_path: Path):
        first = settings_with(tmp_path)["SECRET_KEY"]
        stored = (tmp_path / "var" / "secret_key").read_text(encoding="ascii")
        assert first == stored
        assert settings_with(tmp_path)["SECRET_KEY"] == first
