"""``seed_demo``: the fictional demonstration network, on a database made for it only.

Every demo account shares one password that is printed on screen and published in the docs, so
the command refuses to run unless told that the database is a demonstration one: with
``--demo-database``, or ``STOCKTAKE_DEMO=1`` for an installation that only ever shows the demo.
``make run`` passes the flag.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from stocktake_web.demo.domain import DemoAccount
from stocktake_web.demo.domain.seed import demo_accounts, demo_loaded, remove_demo, seed_demo
from stocktake_web.notifications.domain.send import emails_withheld

DEFAULT_PASSWORD = "stocktake-demo"
NOT_A_DEMO_DATABASE = (
    "seed_demo creates accounts that all share one password, printed on screen: run it only on "
    "a database made for the demonstration. If this database is one, say so with "
    "--demo-database (or set STOCKTAKE_DEMO=1); otherwise point DATABASE_URL at a new, empty "
    "database first."
)


class Command(BaseCommand):
    help = (
        "Load the fictional demonstration network: a cohort of cities with their context, "
        "accounts for the secretariat, coordinators and department respondents, a signed-off "
        "baseline round per city and this year's round at different stages, every way of "
        "sharing results, a workshop exercise (a training round, counted nowhere), and a year "
        "of the network's events. Run again to see the accounts; --reset rebuilds it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="seed of the generator")
        parser.add_argument("--cities", type=int, default=7, help="number of fictional cities")
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="the one password of every demo account"
        )
        parser.add_argument(
            "--reset", action="store_true", help="remove the demo network first and rebuild it"
        )
        parser.add_argument(
            "--demo-database",
            action="store_true",
            help="confirm that this database is for the demonstration only (or STOCKTAKE_DEMO=1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["demo_database"] or settings.STOCKTAKE_DEMO):
            raise CommandError(NOT_A_DEMO_DATABASE)
        if options["reset"]:
            remove_demo()
        if demo_loaded():
            self.stdout.write("The demonstration network is loaded already (--reset rebuilds it).")
            password = f"the one given when it was loaded (by default {DEFAULT_PASSWORD})"
            self._print_address(password, accounts=demo_accounts())
            return
        try:
            with emails_withheld():  # the demo's fictional people are told in the application
                summary = seed_demo(
                    password=options["password"], seed=options["seed"], n_cities=options["cities"]
                )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(summary.label)
        for round in summary.rounds:
            shared = (
                "training, counted in no network result" if round.is_training else round.consent
            )
            self.stdout.write(
                f"  {round.city.display_name()}: {round.name}, {round.state}, {shared}"
            )
        self.stdout.write(
            f"  {len(summary.events)} events of the network, the past year's and the coming weeks'"
        )
        self.stdout.write(
            f"  {summary.resources} resources in the knowledge catalogue, all demonstration data"
        )
        self._print_address(options["password"], accounts=summary.accounts)

    def _print_address(self, password: str, accounts: list[DemoAccount]) -> None:
        self.stdout.write("")
        self.stdout.write(f"Open {settings.SITE_URL}/ and sign in with one of these accounts.")
        self.stdout.write(f"Every demo account's password: {password}")
        width = max(len(account.username) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.username:<{width}}  {account.role}, {account.place}")
