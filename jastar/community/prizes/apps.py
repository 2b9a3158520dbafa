from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrizesConfig(AppConfig):
    """Youth prizes and grants."""

    name = "jastar.community.prizes"
    label = "prizes"
    verbose_name = _("Youth prizes and grants")
