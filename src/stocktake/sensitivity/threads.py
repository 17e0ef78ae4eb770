"""Keep the linear-algebra library to one thread while replications are evaluated.

The replications are many small matrix products. A multi-threaded BLAS wakes its threads for
each of them and, on a machine whose cores are busy, waits for them: a 51 × 49 by 49 × 800
product was measured at 16 ms with threads and 0.2 ms without. One thread is faster for every
size this analysis meets. ``threadpoolctl`` does the switching when it is installed; without it
the library's own setting (e.g. ``OPENBLAS_NUM_THREADS``) applies.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Within the block, BLAS runs on one thread (when ``threadpoolctl`` is available)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - depends on the environment
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
