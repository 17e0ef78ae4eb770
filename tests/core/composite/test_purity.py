"""The composite core is importable in a notebook: no web framework, no I/O at import."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_composite_core_loads_no_django() -> None:
    code = (
        "import sys, stocktake.composite; print(any(m.startswith('django') for m in sys.modules))"
    )

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert out.stdout.strip() == "False"
