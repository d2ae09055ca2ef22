"""`python -m lstm_arcade.config FILE`: check a kiosk settings file before a kiosk uses it.

The format itself is `formats/config.py`; this module only keeps the staff's command.
"""

from .formats.config import main

if __name__ == "__main__":
    raise SystemExit(main())
