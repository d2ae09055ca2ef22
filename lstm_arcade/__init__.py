"""LSTM Arcade: a glass-box, game-loop simulator of one LSTM cell."""

__version__ = "0.1.0"

import os as _os

# pygame prints a banner on import; a clean start prints nothing.
_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
