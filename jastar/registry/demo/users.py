"""The demo login created with the synthetic demo region."""

from __future__ import annotations

from django.contrib.auth import get_user_model

DEMO_USERNAME = "demo"
# Printed by ``jastar demo``; the account exists only beside synthetic data.
DEMO_PASSWORD = "jastar-demo"  # noqa: S105


def demo_user_ensure() -> None:
    """Create (or reset) the demo administrator account."""
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=DEMO_USERNAME)
    user.is_staff = True
    user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
