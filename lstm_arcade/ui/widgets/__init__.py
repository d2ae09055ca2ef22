"""Custom widgets (no GUI library): each takes events and returns actions."""

from .base import Widget
from .button import Button
from .slider import Slider
from .text_field import TextField

__all__ = ["Button", "Slider", "TextField", "Widget"]
