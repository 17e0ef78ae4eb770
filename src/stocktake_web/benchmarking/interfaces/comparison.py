"""The sentence that says which part of a framework a benchmark compared.

When rounds on a framework and on versions derived from it are compared, only the indicators they
share count (:mod:`stocktake.network.comparable`); the pages say so in words, with how many
indicators were compared and what was left out.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stocktake_web.benchmarking.domain.benchmarks import Benchmark
from stocktake_web.languages import localised


def comparison_sentences(bench: Benchmark) -> list[str]:
    """Empty when every round is on one version; otherwise what was compared and left out."""
    part = bench.shared
    if part is None:
        return []
    base = part.base.replace("@", " ")
    own = bench.own
    key = own.shared.round.framework.key if own is not None else None
    if key is None or key == part.base:
        versions = ", ".join(v.key.replace("@", " ") for v in part.versions if v.key != part.base)
        return [
            _(
                "Rounds on %(base)s and on the versions derived from it (%(versions)s) are "
                "compared on the %(count)s indicators they all share; indicators a version "
                "dropped, added or marked not applicable are not compared."
            )
            % {"base": base, "versions": versions, "count": len(part.indicators)}
        ]
    version = part.part(key)
    found = [
        ngettext(
            "Compared on the %(count)s indicators %(city)s's version shares with %(base)s; "
            "%(dropped)s dropped, %(local)s local indicator not compared.",
            "Compared on the %(count)s indicators %(city)s's version shares with %(base)s; "
            "%(dropped)s dropped, %(local)s local indicators not compared.",
            len(version.local),
        )
        % {
            "count": len(part.indicators),
            "city": localised(own.shared.round.city.name) if own is not None else "",
            "base": base,
            "dropped": len(version.dropped),
            "local": len(version.local),
        }
    ]
    if version.not_applicable:
        found.append(
            ngettext(
                "%(count)s indicator marked not applicable is not compared.",
                "%(count)s indicators marked not applicable are not compared.",
                len(version.not_applicable),
            )
            % {"count": len(version.not_applicable)}
        )
    if version.elsewhere:
        found.append(
            ngettext(
                "%(count)s more is left out because another version in the cohort lacks it.",
                "%(count)s more are left out because other versions in the cohort lack them.",
                len(version.elsewhere),
            )
            % {"count": len(version.elsewhere)}
        )
    return found
