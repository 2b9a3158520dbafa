from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """NEET risk profiling for outreach, and the measured impact of programs."""

    name = "jastar.insight"
    label = "insight"
    verbose_name = _("Insight")
