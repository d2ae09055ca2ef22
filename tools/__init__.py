"""Developer tools (benchmark, monkey test, soak), kept out of the product package and the wheel.

Run from the repository root: `python -m tools.bench`, `python -m tools.monkey`, `python -m tools.soak`.
"""

import os as _os

# The tools import pygame before the product does: the same quiet start (no banner).
_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
