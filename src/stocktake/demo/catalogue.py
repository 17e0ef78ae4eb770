"""The demonstration network's knowledge catalogue: fictional resources, each labelled as such.

Every title says "demonstration" in its language and every summary starts "Fictional
demonstration entry", so no resource can be taken for a real guide, policy or fund; the links
point at ``example.org``. The tags are real framework ids, so the key areas of the demo's cities
find resources, and three policies and cases name demo cities, so "used by peers" shows.
"""

from __future__ import annotations

import importlib.resources

from stocktake.knowledge.files import read_catalogue
from stocktake.knowledge.records import Resource


def demo_catalogue() -> list[Resource]:
    """The resources of ``catalogue.csv`` beside this module, checked like any catalogue."""
    with importlib.resources.as_file(
        importlib.resources.files("stocktake.demo").joinpath("catalogue.csv")
    ) as path:
        return read_catalogue(path)
