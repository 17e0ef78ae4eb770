"""One way to turn a ``random_state`` argument into a generator, used by every analysis.

Normalising once, at the public entry point, means one seed drives every draw of an analysis (the
Monte Carlo sample, the weight noise, the bootstrap), so the same seed gives the same result.
"""

from __future__ import annotations

import numbers

import numpy as np

from stocktake.errors import StocktakeError

RandomState = int | np.random.Generator | None
"""An integer seed (0 included), a generator to draw from, or ``None`` for fresh entropy."""


def as_generator(random_state: RandomState) -> np.random.Generator:
    """A :class:`numpy.random.Generator` for ``random_state``.

    A generator is used as given (draws advance it); an integer seeds a new PCG64 generator, and
    ``0`` is a seed like any other; ``None`` draws fresh entropy from the operating system.

    Raises
    ------
    StocktakeError
        When ``random_state`` is none of these (a float, a negative integer, a legacy
        ``RandomState``), since silently ignoring it would make a result unrepeatable.
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if int(random_state) < 0:
            raise StocktakeError(
                f"the seed must be a whole number of 0 or more, not {random_state}"
            )
        return np.random.default_rng(int(random_state))
    raise StocktakeError(
        "random_state must be a whole-number seed, a numpy Generator or None, "
        f"not {type(random_state).__name__}"
    )
