"""Developer tools (benchmark, monkey test, soak), kept out of the product package and the wheel.

Run from the repository root: `python -m tools.bench`, `python -m tools.monkey`, `python -m tools.soak`.
"""
