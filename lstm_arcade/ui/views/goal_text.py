"""What the screen says of a running challenge (sim/goals.py): its goal, the live measure against
the threshold, and the stars (pure text, no drawing)."""

from __future__ import annotations

from ...sim import Simulation


def stars_text(stars: int) -> str:
    """Three stars, the earned ones filled: "★★☆"."""
    return "★" * stars + "☆" * (3 - stars)


def goal_caption(sim: Simulation) -> str | None:
    """The running challenge in one short line (None: none runs): stars, verdict, score (its
    title and goal in words are the Explore panel's and the control panel's note)."""
    goal = getattr(sim, "goal", None)
    result = sim.goal_result() if goal is not None else None
    if goal is None or result is None:
        return None
    sign = "≤" if goal.below else "≥"
    verdict = "met!" if result.met else "not yet"
    return f"{stars_text(result.stars)} {verdict} · score {result.measure:.2f}, needs {sign} {result.threshold:.2f}"
