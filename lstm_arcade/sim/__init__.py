"""The simulation state and the one place that changes it (no drawing)."""

from .simulation import SPEED_DEFAULT, SPEED_MAX, SPEED_MIN, Simulation

__all__ = ["SPEED_DEFAULT", "SPEED_MAX", "SPEED_MIN", "Simulation"]
