"""The one place that knows where the bundled data is: package data read through
`importlib.resources`, so an installed wheel finds it as well as a checkout does."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "lstm_arcade.assets"


def asset_path(name: str) -> Path:
    """The bundled file `name` ("tasks.toml", "fonts/DejaVuSans.ttf", …) as a real path.

    The package is installed as plain files (a wheel or a checkout, never a zip), so the path is
    the file itself: fonts are opened by name and messages can name it."""
    root = resources.files(PACKAGE)
    return Path(str(root.joinpath(*name.split("/"))))
