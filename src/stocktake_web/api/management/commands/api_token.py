"""``manage.py api_token USERNAME [--name NAME]``: print a new API token for a script."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stocktake_web.accounts.models import User
from stocktake_web.api.domain.tokens import issue_token


class Command(BaseCommand):
    help = "Make a new API token for USERNAME and print it; it is shown this once only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="script", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user {options['username']!r}.")
        _row, token = issue_token(user=user, name=options["name"])
        self.stdout.write(token)
