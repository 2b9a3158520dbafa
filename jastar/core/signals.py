"""Reference data that must always be present, like Django's content types.

The data migrations load it once; this post-migrate handler creates whatever is missing
after every ``migrate`` and after a database flush (which transactional tests and
``jastar flush`` do), so the registry is never left without districts or programs.
Existing rows are never changed here.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps


def reference_data_ensure(sender: AppConfig, **kwargs: Any) -> None:
    from jastar.programs import refdata as program_refdata
    from jastar.registry import refdata

    # migrate passes the migrated state's registry; flush passes none (the live models).
    apps = kwargs.get("apps") or global_apps
    try:
        apps.get_model("programs", "ProgramEdition")
    except LookupError:
        return  # an earlier migration state: the data migrations load it
    refdata.sync(apps)
    program_refdata.sync(apps)
    program_refdata.sync_editions(apps)
