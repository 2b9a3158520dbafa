"""Every interface string has a Kazakh and a Russian translation that is not fuzzy."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def untranslated(po_file: Path) -> list[str]:
    """msgids whose msgstr is empty or marked fuzzy, read from a .po file."""
    missing: list[str] = []
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not any(ln.startswith("msgid ") for ln in lines) or 'msgid ""' == lines[-2:][0]:
            pass
        msgid = _field(lines, "msgid")
        if not msgid:
            continue  # the header
        strings = [_field(lines, key) for key in ("msgstr", "msgstr[0]", "msgstr[1]")]
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        if fuzzy or not any(strings):
            missing.append(msgid)
    return missing


def _field(lines: list[str], key: str) -> str:
    text, active = "", False
    for line in lines:
        if line.startswith(f"{key} "):
            text, active = line[len(key) + 1 :].strip().strip('"'), True
        elif active and line.startswith('"'):
            text += line.strip().strip('"')
        else:
            active = False if not line.startswith('"') else active
    return text


class CatalogueTests:
    @pytest.mark.parametrize("language", ["kk", "ru"])
    def test_every_string_is_translated(self, language: str):
        po_file = LOCALE / language / "LC_MESSAGES" / "django.po"
        assert po_file.exists()
        assert untranslated(po_file) == []

    @pytest.mark.parametrize(
        ("language", "expected"), [("kk", "Қазақша"), ("ru", "Казахский"), ("en", "Kazakh")]
    )
    def test_compiled_catalogue_is_used(self, language: str, expected: str):
        with translation.override(language):
            assert str(translation.gettext("Kazakh")) == expected
