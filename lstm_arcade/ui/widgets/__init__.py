"""Custom widgets (no GUI library): each takes events and returns intents."""

from .base import Intent, Widget

__all__ = ["Intent", "Widget"]
