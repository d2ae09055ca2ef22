"""What the screen says of a running challenge (sim/goals.py): its goal, the live measure against
the threshold, and the stars (pure text, no drawing)."""

from __future__ import annotations

from ...i18n import tr
from ...sim import Simulation


def stars_text(stars: int) -> str:
    """Three stars, the earned ones filled: "★★☆"."""
    return "★" * stars + "☆" * (3 - stars)


def goal_caption(sim: Simulation, short: bool = False) -> str | None:
    """The running challenge in one short line (None: none runs): stars, verdict, score (its
    title and goal in words are the Explore panel's and the control panel's note). `short`: no
    verdict, the stars say it (for a narrow graph, where the long line would take two)."""
    goal = getattr(sim, "goal", None)
    result = sim.goal_result() if goal is not None else None
    if goal is None or result is None:
        return None
    fields = {"stars": stars_text(result.stars), "measure": result.measure, "threshold": result.threshold}
    if short:
        if goal.below:
            # TRANSLATORS: a challenge's stars (★ met, ☆ not), its score and the score it needs at most
            return tr("{stars} score {measure:.2f} · needs ≤ {threshold:.2f}", **fields)
        # TRANSLATORS: a challenge's stars (★ met, ☆ not), its score and the score it needs at least
        return tr("{stars} score {measure:.2f} · needs ≥ {threshold:.2f}", **fields)
    if result.met:
        if goal.below:
            # TRANSLATORS: a met challenge under the graph: its stars, its score, the score it needs at most
            return tr("{stars} met! · score {measure:.2f}, needs ≤ {threshold:.2f}", **fields)
        # TRANSLATORS: a met challenge under the graph: its stars, its score, the score it needs at least
        return tr("{stars} met! · score {measure:.2f}, needs ≥ {threshold:.2f}", **fields)
    if goal.below:
        # TRANSLATORS: a challenge not met yet: its stars, its score, the score it needs at most
        return tr("{stars} not yet · score {measure:.2f}, needs ≤ {threshold:.2f}", **fields)
    # TRANSLATORS: a challenge not met yet: its stars, its score, the score it needs at least
    return tr("{stars} not yet · score {measure:.2f}, needs ≥ {threshold:.2f}", **fields)
