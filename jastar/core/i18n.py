"""Helpers for reference data named in several languages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The order in which a missing name falls back to another language.
_FALLBACK = ("kk", "ru", "en")


class TranslatedName(models.Model):
    """Reference data named in Kazakh, Russian and English (explicit columns)."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back kk → ru → en."""
        return localized(self, "name")


def localized(obj: object, field: str, language: str | None = None) -> str:
    """Return ``obj.<field>_<lang>`` for the active language, with fallback."""
    lang = (language or get_language() or "kk").split("-")[0]
    for code in (lang, *_FALLBACK):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""
