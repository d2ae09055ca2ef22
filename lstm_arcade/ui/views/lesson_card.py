"""The lesson card: the running lesson's title, "Page k of n", the page's text wrapped at words and
the Back / Skip / Next buttons (touch-sized), placed over the panels where it hides the least and
never over the page's target (`place_card`). Where the whole card would hide the diagram or cut a
widget in two, a compact card without the title and the status line may stand clear (Next's look
says the status).

The app says what to show before each frame (`show`, like the tour overlay's `say`); the card keeps
only its own presentation: where it went and which button the pointer is over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pygame

from ... import actions as act
from ...actions import TAKEN, Action
from ...i18n import language, tr
from .. import bindings, theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

BUTTON_ACTIONS = {"back": act.LESSON_BACK, "skip": act.LESSON_SKIP, "next": act.LESSON_NEXT}
HOTSPOT_PREFIX = "lesson "  # the card's buttons as focus stops (app/hotspots.py): "lesson next"
WIDTH_SHARE = 0.4  # of the window's width (at least 720 px at 1080p, at most the window)
GAP_COLUMNS = 4  # the places across (of the cheapest corners) where the card is tried in a row gap
WHOLE_WIDTH = 0.75  # a card wider than this share of the window takes all of its width
TITLE_SHRINK = 0.8  # a title may be this much smaller than a heading to stay on one line
NEAR_COST = 4.0  # per pixel of the target's surroundings covered (less than the diagram: see app/lessons.py)


@dataclass(frozen=True)
class CardContent:
    """What the card says: one page of one lesson and whether it may be left forward (the
    lesson's English `title` and `text`, translated where the card measures and draws them)."""

    title: str
    page: int  # 0-based
    pages: int
    text: str
    reading: bool  # a page to read: Next is always on
    done: bool  # a task page completed (by its action or its condition)

    @property
    def last(self) -> bool:
        return self.page + 1 >= self.pages

    @property
    def can_go_on(self) -> bool:
        return self.reading or self.done

    def progress(self) -> str:
        return tr("Page {k} of {n}", k=self.page + 1, n=self.pages)

    def next_label(self, short: bool = False) -> str:
        """"Next ▶" ("Finish" on the last page); "✓ Done — Next ▶" once a task page is done
        (`short`: where the card is too narrow for that, the status line says it)."""
        done = self.done and not self.reading and not short
        if self.last:
            # TRANSLATORS: the lesson card's button on the last page: it ends the lesson.
            return tr("✓ Done — Finish") if done else tr("Finish")
        # TRANSLATORS: the lesson card's button to the next page.
        return tr("✓ Done — Next ▶") if done else tr("Next ▶")

    def status(self) -> str:
        """The line under the text: what the visitor is waiting for."""
        if self.reading:
            return ""
        return tr("✓ Done! See what happened.") if self.done else tr("▸ Your turn: do it to go on.")


def card_width(screen: pygame.Rect, m: Metrics) -> int:
    """A share of the window, and all of it where the room left beside the card would only show
    the ends of the labels under it ("Inpu", "Targ")."""
    whole = screen.width - 2 * m.gap
    width = min(whole, max(m.px(720), round(screen.width * WIDTH_SHARE)))
    return whole if width > WHOLE_WIDTH * whole else width


def place_card(
    size: tuple[int, int], screen: pygame.Rect, costs: list[tuple[pygame.Rect, float]],
    avoid: pygame.Rect | None, near: pygame.Rect | None, margin: int,
    cuts: Sequence[tuple[pygame.Rect, float]] = (),
) -> pygame.Rect:
    """The card's rectangle of `size`: at a corner or an edge's middle of a panel (or the window),
    or with an edge in the gap beside a box of `cuts`; inside the window, never over `avoid` (the
    target and its ring), where the covered area weighted by each panel's cost (and heavily `near`
    the target) is least. A box of `cuts` (a widget, a line of text) that the card's edge cuts in
    two costs its whole area times its weight: half a line reads as broken."""
    inner = screen.inflate(-2 * margin, -2 * margin)
    width, height = size
    anchors = [rect for rect, _ in costs if rect.width and rect.height] + [inner]
    if avoid is not None:  # just above and just below the target, across the window
        anchors += [pygame.Rect(inner.x, inner.y, inner.width, max(1, avoid.top - inner.y)),
                    pygame.Rect(inner.x, avoid.bottom, inner.width, max(1, inner.bottom - avoid.bottom))]
    corners = []
    for anchor in anchors:
        for point in ("topleft", "topright", "bottomleft", "bottomright", "midtop", "midbottom"):
            rect = pygame.Rect(0, 0, width, height)
            setattr(rect, point, getattr(anchor, point))
            corners.append(rect.topleft)

    def along(start: np.ndarray, low: int, room: int, length: int) -> np.ndarray:
        """Inside the window along one axis, as pygame's clamp: centred when too long to fit."""
        if length > room:
            return np.full_like(start, low + room // 2 - length // 2)
        return np.clip(start, low, low + room - length)

    def clamped(spots: np.ndarray) -> np.ndarray:
        x = along(spots[:, 0], inner.left, inner.width, width)
        y = along(spots[:, 1], inner.top, inner.height, height)
        return np.stack([x, y, x + width, y + height], axis=1)

    areas = _edges([rect for rect, _ in costs])
    weights = np.array([w for _, w in costs], dtype=float)
    boxes = _edges([box for box, _ in cuts])
    cut_cost = _area(boxes) * np.array([w for _, w in cuts], dtype=float)

    def cost(rects: np.ndarray) -> np.ndarray:
        total = _covered(rects, areas) @ weights
        if near is not None:
            total += _covered(rects, _edges([near]))[:, 0] * NEAR_COST
        if len(cuts):
            total += _cut(rects, boxes) @ cut_cost
        if avoid is not None:  # over the target only when nothing else is left
            hidden = _covered(rects, _edges([avoid]))[:, 0]
            total += np.where(hidden > 0, 1e9 * (1 + hidden), 0.0)
        return total

    spots = clamped(np.array(corners, dtype=float))
    prices = cost(spots)
    if len(cuts):
        # The rows of a control panel leave gaps: the card's top just under a box, or its bottom
        # just over one, across from where the cheapest corners put it.
        air = margin // 2
        order = np.argsort(prices, kind="stable")
        xs = list(dict.fromkeys(spots[order, 0].tolist()))[:GAP_COLUMNS]
        ys = np.concatenate([boxes[:, 3] + air, boxes[:, 1] - air - height])
        gaps = clamped(np.array([(x, y) for x in xs for y in ys], dtype=float))
        spots, prices = np.concatenate([spots, gaps]), np.concatenate([prices, cost(gaps)])
    left, top = spots[int(np.argmin(prices))][:2]  # the first of the cheapest: corners before gaps
    return pygame.Rect(int(left), int(top), width, height)


def _edges(rects: Sequence[pygame.Rect]) -> np.ndarray:
    """Rectangles as rows of left, top, right, bottom."""
    return np.array([(r.left, r.top, r.right, r.bottom) for r in rects], dtype=float).reshape(-1, 4)


def _covered(rects: np.ndarray, areas: np.ndarray) -> np.ndarray:
    """The area of each of `areas` under each of `rects` (both as `_edges`; rows: rects)."""
    w = np.minimum(rects[:, None, 2], areas[None, :, 2]) - np.maximum(rects[:, None, 0], areas[None, :, 0])
    h = np.minimum(rects[:, None, 3], areas[None, :, 3]) - np.maximum(rects[:, None, 1], areas[None, :, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


def _area(rects: np.ndarray) -> np.ndarray:
    return (rects[:, 2] - rects[:, 0]) * (rects[:, 3] - rects[:, 1])


def _cut(rects: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Which of `boxes` each of `rects` cuts in two: part of it hidden, part left (rows: rects)."""
    hidden = _covered(rects, boxes)
    return (hidden > 0) & (hidden < _area(boxes))


def cuts_through(rect: pygame.Rect, boxes: Sequence[pygame.Rect]) -> bool:
    """Whether `rect` cuts one of `boxes` in two (as `place_card` weighs a cut)."""
    return bool(boxes) and bool(_cut(_edges([rect]), _edges(boxes)).any())


class LessonCard:
    """The card over the panels while a lesson runs (nothing otherwise)."""

    region = "header"  # a pointer view's region: the card is on whatever shows

    def __init__(self) -> None:
        self.screen = pygame.Rect(0, 0, 0, 0)
        self.metrics = Metrics(1080)
        self.content: CardContent | None = None
        self.rect = pygame.Rect(0, 0, 0, 0)  # where it was drawn last (none: 0 × 0)
        self.buttons: list[tuple[str, pygame.Rect]] = []  # ("back" | "skip" | "next", rect), drawn
        self.hovered: str | None = None
        self.short = False  # the buttons' short labels (a narrow card)
        self._measured: dict[bool, tuple[tuple, tuple]] = {}  # the last measure, whole and compact
        self._placed: tuple[tuple, tuple[pygame.Rect, bool]] | None = None
        self.title_size = self.metrics.heading  # the measured page's title size
        self.compact = False  # shown without its title and status line (see `measure`)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        self.screen, self.metrics = pygame.Rect(rect), metrics
        self._measured = {}

    def place(
        self, size: tuple[int, int], compact_size: tuple[int, int], screen: pygame.Rect,
        costs: list[tuple[pygame.Rect, float]], avoid: pygame.Rect | None, near: pygame.Rect | None,
        margin: int, cuts: Sequence[tuple[pygame.Rect, float]], keep_clear: pygame.Rect | None,
    ) -> tuple[pygame.Rect, bool]:
        """Where the card goes and whether compact: the whole card by `place_card`; where it would
        cover `keep_clear` (the diagram) or cut a box of `cuts` in two, the compact one if that
        stands clear. Searched again only when what it weighs changed (the same page over the same
        panels stands where it stood: no search every frame)."""
        key = (size, compact_size, tuple(screen), tuple((tuple(r), w) for r, w in costs),
               tuple(avoid) if avoid else None, tuple(near) if near else None, margin,
               tuple((tuple(r), w) for r, w in cuts), tuple(keep_clear) if keep_clear else None)
        if self._placed is None or self._placed[0] != key:
            boxes = [box for box, _ in cuts]

            def hides(rect: pygame.Rect) -> bool:
                return (keep_clear is not None and rect.colliderect(keep_clear)) or cuts_through(rect, boxes)

            choice = (place_card(size, screen, costs, avoid, near, margin, cuts), False)
            if hides(choice[0]):
                clear = place_card(compact_size, screen, costs, avoid, near, margin, cuts)
                if not hides(clear):
                    choice = (clear, True)
            self._placed = (key, choice)
        rect, compact = self._placed[1]
        return pygame.Rect(rect), compact

    def show(self, content: CardContent | None, text: Text, place: pygame.Rect | None = None,
             compact: bool = False) -> None:
        """This frame's page (None: no lesson), where it goes (from `place_card`) and whether
        compact (as measured)."""
        self.content, self.compact = content, compact
        if content is None or place is None:
            self.rect, self.buttons = pygame.Rect(0, 0, 0, 0), []
            return
        self.rect = pygame.Rect(place)
        self.buttons = self._button_rects(text)

    # --- measuring ---------------------------------------------------------------------------
    def button_height(self) -> int:
        m = self.metrics
        return max(m.touch, round(m.body * 1.7))

    def measure(self, content: CardContent, text: Text, compact: bool = False) -> tuple[list[str], list[str], int, int]:
        """The title's and the text's lines, the card's width and height (cached per page, window,
        language and compactness). A compact card has no title lines and no status line: in a
        portrait window those three lines are what keeps it from hiding the diagram."""
        m = self.metrics
        width = card_width(self.screen, m)
        key = (content, width, m.height, language(), compact)
        measured = self._measured.get(compact)
        if measured is None or measured[0] != key:
            room = width - 4 * m.pad
            lines = text.wrap(tr(content.text), m.body, room)
            # A title a little smaller on one line rather than on two: in a portrait window the
            # line saved is what lets the card sit below the diagram instead of over it.
            title = tr(content.title)
            size = text.largest_size(title, m.heading, max(m.body, round(m.heading * TITLE_SHRINK)), room, bold=True)
            self.title_size = size or m.heading
            titles = [] if compact else [title] if size else text.wrap(title, m.heading, room, bold=True)[:2]
            line_h = text.font(m.body).get_linesize()
            title_h = text.font(self.title_size, bold=True).get_linesize() * len(titles)
            status_h = text.font(m.body).get_linesize() if content.status() and not compact else 0
            # One pad above and below (two at the sides): in a portrait window those pixels let
            # the card fit below the controls instead of over the diagram.
            height = (m.pad + title_h + line_h + m.gap + len(lines) * line_h + status_h + m.gap
                      + self.button_height() + m.pad)
            measured = self._measured[compact] = (key, (titles, lines, width, height))
        titles, lines, width, height = measured[1]
        return list(titles), list(lines), width, height

    def _button_rects(self, text: Text) -> list[tuple[str, pygame.Rect]]:
        m, rect = self.metrics, self.rect
        h = self.button_height()
        y = rect.bottom - m.pad - h
        room = rect.width - 4 * m.pad - 2 * m.gap
        for self.short in (False, True):
            widths = {key: max(2 * m.touch, text.size(label, m.body, bold=key == "next")[0] + 4 * m.pad)
                      for key, label in self.labels().items()}
            if sum(widths.values()) <= room:
                break
        left = rect.x + 2 * m.pad
        back = pygame.Rect(left, y, widths["back"], h)
        skip = pygame.Rect(back.right + m.gap, y, widths["skip"], h)
        right = rect.right - 2 * m.pad
        nxt = pygame.Rect(max(skip.right + m.gap, right - widths["next"]), y, widths["next"], h)
        nxt.width = min(nxt.width, right - nxt.x)
        return [("back", back), ("skip", skip), ("next", nxt)]

    def labels(self) -> dict[str, str]:
        content = self.content
        short = self.short
        # TRANSLATORS: the lesson card's buttons: the page before, and leaving the lesson ("Skip"
        # where the card is narrow).
        return {"back": tr("◀ Back"), "skip": tr("Skip") if short else tr("Skip lesson"),
                "next": content.next_label(short) if content is not None else tr("Next ▶")}

    def enabled(self, key: str) -> bool:
        content = self.content
        if content is None:
            return False
        if key == "back":
            return content.page > 0
        return content.can_go_on if key == "next" else True

    # --- input -------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        """A press on a button asks for its action (a disabled Next too: the app says why); any
        other press on the card stops there; ] and [ turn the pages."""
        if self.content is None or not self.rect.width:
            return None
        if event.type == pygame.KEYDOWN:
            return bindings.lookup(event.key, event.mod, bindings.LESSON)
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self.button_at(event.pos)
            return None  # never consumed: a slider dragged under the card needs its motion
        if event.type == pygame.MOUSEBUTTONDOWN and self.rect.collidepoint(event.pos):
            if event.button != 1:
                return TAKEN
            key = self.button_at(event.pos)
            if key is None or (key == "back" and not self.enabled("back")):
                return TAKEN
            return Action(BUTTON_ACTIONS[key])
        if event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(pygame.mouse.get_pos()):
            return TAKEN
        return None

    def button_at(self, pos: tuple[int, int]) -> str | None:
        return next((key for key, rect in self.buttons if rect.collidepoint(pos)), None)

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        content = self.content
        if content is None or not self.rect.width:
            return
        m, text, rect = self.metrics, frame.text, self.rect
        titles, lines, _, _ = self.measure(content, text, self.compact)
        pygame.draw.rect(surface, theme.PANEL, rect, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, rect, m.line * 2, border_radius=m.radius)
        x, y = rect.x + 2 * m.pad, rect.y + m.pad
        room = rect.width - 4 * m.pad
        size = self.title_size
        for line in titles:  # a long title on two lines, the second cut at a word
            shown = text.fit(line, size, room, bold=True)
            surface.blit(text.render(shown, size, theme.TEXT, bold=True), (text.start_x(shown, size, x, room, bold=True), y))
            y += text.font(size, bold=True).get_linesize()
        line_h = text.font(m.body).get_linesize()
        self._draw_progress(surface, text, content, x, y, line_h)
        y += line_h + m.gap
        for line in lines:  # a right-to-left page's lines from the right edge
            surface.blit(text.render(line, m.body, theme.TEXT), (text.start_x(line, m.body, x, room), y))
            y += line_h
        status = content.status()
        if status and not self.compact:
            tone = theme.INPUT_X if content.done else theme.ACCENT
            shown = text.fit(status, m.body, room)
            surface.blit(text.render(shown, m.body, tone), (text.start_x(shown, m.body, x, room), y))
        focused = getattr(getattr(frame.state, "focused", None), "id", None)
        for key, button in self.buttons:
            self._draw_button(surface, text, key, button, focused == HOTSPOT_PREFIX + key)

    def _draw_progress(self, surface: pygame.Surface, text: Text, content: CardContent, x: int, y: int,
                       line_h: int) -> None:
        """"Page k of n" and a dot per page: the pages done filled, this one ringed."""
        m = self.metrics
        label = text.render(content.progress(), m.body, theme.TEXT_DIM)
        surface.blit(label, (x, y + (line_h - label.get_height()) // 2))
        r = max(2, m.body // 5)
        cx = x + label.get_width() + 2 * m.pad + r
        right = self.rect.right - 2 * m.pad
        step = min(3 * r + m.px(4), (right - cx) // max(1, content.pages))
        if step < 2 * r + 1:
            return  # no room for the dots: the words say it
        for k in range(content.pages):
            center = (cx + k * step, y + line_h // 2)
            if k < content.page:
                pygame.draw.circle(surface, theme.ACCENT, center, r)
            elif k == content.page:
                pygame.draw.circle(surface, theme.TEXT, center, r + m.px(1))
            else:
                pygame.draw.circle(surface, theme.TEXT_FAINT, center, r, max(1, m.px(2)))

    def _draw_button(self, surface: pygame.Surface, text: Text, key: str, rect: pygame.Rect, focused: bool) -> None:
        m, content = self.metrics, self.content
        enabled = self.enabled(key)
        lit = key == "next" and enabled
        if not enabled:
            fill, ink = theme.BUTTON_DISABLED, theme.TEXT_FAINT
        elif lit:
            fill, ink = (theme.INPUT_X if content is not None and content.done and not content.reading
                         else theme.ACCENT), theme.BACKGROUND
        else:
            fill, ink = (theme.BUTTON_HOVER if self.hovered == key else theme.BUTTON_BG), theme.TEXT
        pygame.draw.rect(surface, fill, rect, border_radius=m.radius)
        pygame.draw.rect(surface, theme.PANEL_EDGE, rect, m.line, border_radius=m.radius)
        label = self.labels()[key]
        face = text.fit(label, m.body, rect.width - 2 * m.gap, bold=lit)
        rendered = text.render(face, m.body, ink, bold=lit)
        surface.blit(rendered, rendered.get_rect(center=rect.center))
        if focused:
            ring = rect.inflate(m.px(8), m.px(8))
            pygame.draw.rect(surface, theme.FOCUS, ring, m.px(3), border_radius=m.radius)
