"""``jastar token create USERNAME`` / ``jastar token revoke USERNAME``: API tokens.

``create`` prints the new token's key once; keep it, it is not shown again. Call the API
with the header ``Authorization: Token KEY``. ``revoke`` deletes the token, so calls with
it get 401.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jastar.api.services import token_create, token_revoke


class Command(BaseCommand):
    help = "Create (printing it once) or revoke a user's REST API token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        try:
            if options["action"] == "create":
                token = token_create(actor=None, user=user)
                self.stdout.write(token.key)
                return
            revoked = token_revoke(actor=None, user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not revoked:
            raise CommandError(f"{user.username} has no API token.")
        self.stdout.write(f"The API token of {user.username} is revoked.")
