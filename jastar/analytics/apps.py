from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "jastar.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from jastar.analytics import signals

        signals.connect()
