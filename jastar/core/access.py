"""Who may see what: the one place pages, exports and the API ask.

Roles and district scoping grow here; every caller goes through these helpers so the
rule is written once.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, PermissionsMixin

PERSONAL_DATA_PERMISSION = "registry.view_personal_data"


def can_see_personal_data(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether ``user`` may see IINs, names and contacts of young people."""
    return _has_perm(user, PERSONAL_DATA_PERMISSION)


IMPORT_PERMISSION = "bulk.add_importjob"
IMPORTS_VIEW_PERMISSION = "bulk.view_importjob"


def _has_perm(user: AbstractBaseUser | AnonymousUser | None, permission: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return isinstance(user, PermissionsMixin) and user.has_perm(permission)


def can_import(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether ``user`` may upload files and start, confirm or cancel imports."""
    return _has_perm(user, IMPORT_PERMISSION)


def can_see_all_imports(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether ``user`` sees everyone's imports, not only the ones they started."""
    return _has_perm(user, IMPORTS_VIEW_PERMISSION)


def can_see_imports(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether the imports pages are open to ``user`` at all."""
    return can_import(user) or can_see_all_imports(user)
