from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jastar.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from jastar.core import lookups  # noqa: F401 (registers the lookup)
        from jastar.core.signals import reference_data_ensure

        # Sent once per app; listening only for this one runs the loader once.
        post_migrate.connect(reference_data_ensure, sender=self)
