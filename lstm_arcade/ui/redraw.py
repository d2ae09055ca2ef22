"""The one partial-redraw mechanism: a view says what its pixels depend on (a key); this decides.

Three outcomes for a view (or one part of it, a slider, a chain step) each frame:

- REUSE: the key is what was drawn last time and the screen still holds it (nothing was drawn
  over the panels since, `Frame.clean`): draw nothing;
- BLIT: the key is unchanged but the screen lost it: copy the kept picture back (only where the
  view keeps one);
- DRAW: the key changed (or there is no picture): draw anew, then `keep` what was drawn.

`Redraw` is one view's record; `Parts` keeps a key per part (a step's tile, a widget) for views
that redraw only the parts that changed.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable

import pygame


class Outcome(enum.Enum):
    REUSE = "reuse"  # on screen as it is
    BLIT = "blit"  # the kept picture is right: copy it back
    DRAW = "draw"  # draw anew


class Redraw:
    """What one view drew last (its key) and, with `picture`, a copy of those pixels."""

    def __init__(self, picture: bool = False) -> None:
        self.key: Hashable | None = None
        self.keeps_picture = picture
        self.picture: pygame.Surface | None = None

    def decide(self, key: Hashable, on_screen: bool) -> Outcome:
        """What to do for `key` when the screen does (`on_screen`) or does not hold the last
        drawing. Does not record anything: `keep` (or `mark`) after drawing."""
        if self.key is None or key != self.key:
            return Outcome.DRAW
        if on_screen:
            return Outcome.REUSE
        return Outcome.BLIT if self.picture is not None else Outcome.DRAW

    def unchanged(self, key: Hashable, on_screen: bool) -> bool:
        """For a view that keeps no picture: True when the screen already shows `key`; else
        `key` is recorded as what the caller now draws."""
        if self.decide(key, on_screen) is Outcome.REUSE:
            return True
        self.key = key
        return False

    def mark(self, key: Hashable | None) -> None:
        """Record `key` as what the screen now shows (None: nothing reusable)."""
        self.key = key

    def keep(self, key: Hashable, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Record `key` and, for a view that keeps a picture, copy `rect` of `surface`."""
        self.key = key
        if self.keeps_picture:
            if self.picture is None or self.picture.get_size() != rect.size:
                self.picture = pygame.Surface(rect.size)
            self.picture.blit(surface, (0, 0), rect)

    def keep_part(self, surface: pygame.Surface, panel: pygame.Rect, part: pygame.Rect) -> None:
        """Copy `part` (screen coordinates, inside `panel`) of `surface` into the kept picture:
        after redrawing one part over it, the picture stays true."""
        if self.picture is not None:
            self.picture.blit(surface, part.move(-panel.x, -panel.y), part)

    def restore(self, surface: pygame.Surface, at: tuple[int, int]) -> None:
        """Copy the kept picture back to the screen."""
        if self.picture is not None:
            surface.blit(self.picture, at)

    def forget(self) -> None:
        """Nothing on screen may be reused: the next `decide` says DRAW."""
        self.key = None


class Parts:
    """A key per part of a view (a step, a widget): which parts changed since they were drawn."""

    def __init__(self) -> None:
        self._drawn: dict[Hashable, Hashable] = {}
        self._now: dict[Hashable, Hashable] = {}

    def before(self, part: Hashable) -> Hashable | None:
        """The key `part` was drawn with last frame (None: not drawn)."""
        return self._drawn.get(part)

    def unchanged(self, part: Hashable, key: Hashable, on_screen: bool) -> bool:
        """Record `key` for `part` this frame; True when the screen already shows it."""
        self._now[part] = key
        return on_screen and self._drawn.get(part) == key

    def commit(self) -> None:
        """The end of a frame: what was recorded is what the screen shows."""
        self._drawn, self._now = self._now, {}

    def forget(self) -> None:
        self._drawn, self._now = {}, {}


class Layer:
    """A view's static picture under parts that move every frame (the diagram's glowing nodes):
    while the screen still holds the last frame, only the rectangles the moving parts covered
    are put back (a fraction of copying the whole panel at 4K), else the whole picture."""

    def __init__(self) -> None:
        self.picture: pygame.Surface | None = None
        self._covered: list[pygame.Rect] = []
        self._new = True  # the screen holds none of the picture yet

    def needs(self, size: tuple[int, int]) -> bool:
        """Whether the picture must be (re)made for a panel of `size`."""
        return self.picture is None or self.picture.get_size() != size

    def make(self, picture: pygame.Surface) -> None:
        """A new picture: the screen holds none of it."""
        self.picture = picture
        self._covered = []
        self._new = True

    def put_back(self, surface: pygame.Surface, rect: pygame.Rect, on_screen: bool) -> None:
        """Before drawing the moving parts: the picture where they were (`on_screen`), or all of
        it. Then the moving parts report with `cover` what they draw over it."""
        if self.picture is None:
            return
        if on_screen and not self._new:
            surface.blits(
                [(self.picture, r.topleft, r.move(-rect.x, -rect.y)) for r in self._covered],
                doreturn=False,
            )
        else:
            surface.blit(self.picture, rect.topleft)
        self._covered = []
        self._new = False

    def cover(self, rect: pygame.Rect) -> None:
        """A moving part drew over `rect` of the picture this frame."""
        self._covered.append(rect)

    def forget(self) -> None:
        self.picture = None
        self._covered = []
