from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    """Youth centres and coworking."""

    name = "jastar.community.centres"
    label = "centres"
    verbose_name = _("Youth centres and coworking")
