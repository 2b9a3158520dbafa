from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradersConfig(AppConfig):
    """Trader formalisation."""

    name = "jastar.community.traders"
    label = "traders"
    verbose_name = _("Trader formalisation")
