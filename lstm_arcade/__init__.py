"""LSTM Arcade: a glass-box, game-loop simulator of one LSTM cell."""

__version__ = "0.1.0"
