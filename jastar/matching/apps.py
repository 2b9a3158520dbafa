from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Vacancies and programs for every young person, candidates for every vacancy, and the
    allocation of subsidised places."""

    name = "jastar.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from jastar.matching import signals

        signals.connect()
