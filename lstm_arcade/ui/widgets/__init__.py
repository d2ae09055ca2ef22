"""Custom widgets (no GUI library): each takes events and returns intents."""

from .base import Intent, Widget
from .button import Button
from .slider import Slider
from .text_field import TextField

__all__ = ["Button", "Intent", "Slider", "TextField", "Widget"]
