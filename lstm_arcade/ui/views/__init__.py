"""One view per panel: each reads the simulation and draws; none changes state."""
