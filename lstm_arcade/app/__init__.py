"""The application layer: the frame loop (`app.py`), the one dispatcher (`dispatch.py`), the app
state (`state.py`), session (scenario ↔ running app), files, devices, kiosk and the tour player."""

from .app import (
    CAPTION,
    App,
    AppOptions,
    DisplayUnavailable,
    default_size,
    init_display,
    open_window,
)

__all__ = [
    "CAPTION", "App", "AppOptions", "DisplayUnavailable", "default_size", "init_display", "open_window",
]
