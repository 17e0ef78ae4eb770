"""Which signed-off rounds of a cohort an audience may see, and under which name.

Each city chooses per round how far its results travel (:class:`Round.Consent`). Every page,
export and report that shows more than one city reads the rounds through :func:`shared_rounds`,
so the rule is written once:

* the **secretariat** sees every signed-off round of the cohort's cities, named;
* a **city** sees its own rounds, named, and other cohort cities' rounds by their consent:
  private ones not at all, *cohort, anonymous* ones only inside cohort statistics (never named,
  never one by one), *cohort, named* and *public summary* ones named;
* statistics over fewer than :data:`COHORT_MINIMUM` cities are not shown to anyone but the
  secretariat, so that no city can subtract itself out of a median of two.
* **anyone**, signed in or not, sees a summary of the signed-off rounds whose city chose a
  public summary (:func:`public_summary_rounds`), and nothing else.

A training round (a workshop exercise) is seen by no audience here, whatever its consent: every
query below starts from :meth:`~stocktake_web.assessments.models.RoundQuerySet.counted`.

A city "agrees to share" its strengths (to be proposed as a helper or a workshop host) when its
round is named in the cohort (:func:`agrees_to_share`).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from stocktake_web.assessments.models import Round
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Cohort, Network

COHORT_MINIMUM = 3
"""Fewest contributing cities for a cohort statistic to be shown outside the secretariat."""

NAMED_TIERS = frozenset({Round.Consent.COHORT_NAMED, Round.Consent.PUBLIC_SUMMARY})
COUNTED_TIERS = NAMED_TIERS | {Round.Consent.COHORT_ANONYMOUS}


class Audience(enum.Enum):
    """Who is looking: the network's secretariat, or one member city."""

    SECRETARIAT = "secretariat"
    CITY = "city"


@dataclass(frozen=True)
class SharedRound:
    """A signed-off round as an audience may see it.

    ``named`` is False for a round counted only in statistics: a page must neither name its city
    nor show its results one by one.
    """

    round: Round
    named: bool
    own: bool

    @property
    def city(self) -> City:
        return self.round.city

    def label(self, lang: str, anonymous_label: str) -> str:
        """The city's name, or the page's word for an unnamed city."""
        return self.round.city.display_name(lang) if self.named else anonymous_label


@dataclass(frozen=True)
class SharedCohort:
    """The rounds one audience sees of one cohort on one framework."""

    audience: Audience
    framework: FrameworkVersion
    rounds: tuple[SharedRound, ...]
    viewer_city: City | None = None

    @property
    def contributing(self) -> int:
        """Cities counted in the cohort statistics."""
        return len({shared.round.city_id for shared in self.rounds})

    @property
    def statistics_shown(self) -> bool:
        """Whether cohort statistics may be shown to this audience."""
        return self.audience is Audience.SECRETARIAT or self.contributing >= COHORT_MINIMUM

    @property
    def named(self) -> tuple[SharedRound, ...]:
        """The rounds whose city may be named, one by one, to this audience."""
        return tuple(shared for shared in self.rounds if shared.named)

    @property
    def own(self) -> SharedRound | None:
        return next((shared for shared in self.rounds if shared.own), None)


def agrees_to_share(round: Round) -> bool:
    """Whether the city may be named to other cities as strong in a subject (helper, host)."""
    return round.consent in NAMED_TIERS


def latest_signed_off(
    cities: Iterable[City], framework_id: str, *, before: datetime.datetime | None = None
) -> dict[int, Round]:
    """Each city's most recent signed-off round on the framework (any version), by city id;
    training rounds never count."""
    rounds = (
        Round.objects.counted()
        .with_framework()
        .filter(
            city__in=list(cities),
            framework__framework_id=framework_id,
            state=Round.State.SIGNED_OFF,
        )
        .order_by("city_id", "-opened_at", "-id")
    )
    if before is not None:
        rounds = rounds.filter(opened_at__lt=before)
    latest: dict[int, Round] = {}
    for round in rounds:
        latest.setdefault(round.city_id, round)
    return latest


def shared_rounds(
    *,
    cohort: Cohort,
    framework: FrameworkVersion,
    audience: Audience,
    viewer_city: City | None = None,
) -> SharedCohort:
    """The latest signed-off round of each cohort city on ``framework``, as ``audience`` sees it.

    Only rounds on the very same framework version are compared; a round on another version is
    left out (pages that read earlier versions through a crosswalk say so themselves).
    """
    if audience is Audience.CITY:
        if viewer_city is None:
            raise ValueError("a city's view of its cohort needs the city")
        if not cohort.cities.filter(pk=viewer_city.pk).exists():
            raise ValueError(f"{viewer_city.slug} is not a member of the cohort {cohort.name}")
    latest = latest_signed_off(cohort.cities.all(), framework.framework_id)
    visible: list[SharedRound] = []
    for city_id, round in sorted(latest.items()):
        if round.framework_id != framework.pk:
            continue
        own = viewer_city is not None and city_id == viewer_city.pk
        if audience is Audience.SECRETARIAT or own:
            visible.append(SharedRound(round=round, named=True, own=own))
        elif round.consent in COUNTED_TIERS:
            visible.append(SharedRound(round=round, named=round.consent in NAMED_TIERS, own=False))
    return SharedCohort(
        audience=audience, framework=framework, rounds=tuple(visible), viewer_city=viewer_city
    )


def public_summary_rounds(network: Network) -> list[Round]:
    """The signed-off rounds of the network's cities that their city chose to publish, with their
    stored results, by framework version, city and most recent first.

    Every such round is listed, also an earlier one of a city whose latest round is not public:
    consent is given per round, and a later round's narrower tier says nothing of an earlier one.
    """
    return list(
        Round.objects.counted()
        .with_framework()
        .select_related("sign_off")
        .filter(
            city__network=network,
            state=Round.State.SIGNED_OFF,
            consent=Round.Consent.PUBLIC_SUMMARY,
            sign_off__isnull=False,
        )
        .order_by("framework__framework_id", "framework__version", "city__slug", "-opened_at")
    )


def cohorts_of_city(city: City) -> list[Cohort]:
    """The cohorts a city belongs to, the most recent first."""
    return list(city.cohorts.order_by("-start", "name"))
