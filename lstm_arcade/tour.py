"""`python -m lstm_arcade.tour FILE`: check a tour file (staff run it after editing or translating).

The format is `formats/tour.py`, the player `app/tour_player.py`; this module keeps the command.
"""

from .formats.tour import main

if __name__ == "__main__":
    raise SystemExit(main())
