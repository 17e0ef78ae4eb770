"""What moved between two signed-off rounds of a city, as the core compares them.

The maths is :func:`stocktake.network.compare_rounds` (``docs/methods.md``, section 10); this
module only reads the two rounds' answers and gives the earlier round's framework version when
it differs from the later one's, so that the later version's crosswalk is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from stocktake.network import NetworkError, Progress, compare_rounds
from stocktake_web.assessments.domain import core_answers
from stocktake_web.assessments.models import Round


@dataclass(frozen=True)
class ComparedRounds:
    """Two rounds of a city and the core's comparison of them.

    ``crosswalk_from`` is the version the later framework's crosswalk reads ("" without one).
    """

    before: Round
    after: Round
    progress: Progress
    crosswalk_from: str = ""


class ProgressRefused(ValueError):
    """The two rounds cannot be compared; the message says why, in a sentence."""


def compare_city_rounds(*, before: Round, after: Round) -> ComparedRounds:
    """The core's comparison of ``before`` (earlier) with ``after`` (later).

    Raises :class:`ProgressRefused` when the core refuses, e.g. a round on an earlier version
    that the later version's file has no crosswalk from.
    """
    framework = after.framework.load()
    earlier = None if before.framework_id == after.framework_id else before.framework.load()
    try:
        progress = compare_rounds(
            framework, core_answers(before), core_answers(after), earlier=earlier
        )
    except NetworkError as refused:
        raise ProgressRefused(
            _("These two rounds cannot be compared: %(reason)s.") % {"reason": refused}
        ) from refused
    crosswalk = framework.crosswalk
    return ComparedRounds(before, after, progress, crosswalk.from_version if crosswalk else "")
