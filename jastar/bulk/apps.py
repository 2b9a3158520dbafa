from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkConfig(AppConfig):
    """Bulk import and export of registry lists (CSV and XLSX)."""

    name = "jastar.bulk"
    label = "bulk"
    verbose_name = _("Import and export")
