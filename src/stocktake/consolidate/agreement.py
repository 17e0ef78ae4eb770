"""Agreement between departments: Krippendorff's alpha for ordinal data.

Alpha suits a self-assessment because departments answer different subsets of indicators (missing
cells are allowed) and levels are ordered. The computation is delegated to the ``krippendorff``
package; this module only shapes the data and decides when alpha is undefined.

References
----------
Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. University of Pennsylvania.
"""

from __future__ import annotations

from collections.abc import Mapping

import krippendorff
import numpy as np


def ordinal_alpha(table: Mapping[str, Mapping[str, float]]) -> float | None:
    """Alpha over ``{unit: {coder: value}}``.

    Returns ``None`` when alpha is undefined: no unit has two values, or every value is the same
    (no variation to agree or disagree about).
    """
    units = [unit for unit, coded in table.items() if len(coded) >= 2]
    if not units:
        return None
    coders = sorted({coder for unit in units for coder in table[unit]})
    data = np.full((len(coders), len(units)), np.nan)
    for j, unit in enumerate(units):
        for coder, value in table[unit].items():
            data[coders.index(coder), j] = value
    domain = np.unique(data[~np.isnan(data)])
    if domain.size < 2:
        return None
    return float(
        krippendorff.alpha(
            reliability_data=data, level_of_measurement="ordinal", value_domain=domain
        )
    )
