"""The Training Status Overlay on the graph: epoch, iteration, loss, why it stopped, loss curve."""

from __future__ import annotations

import math
from typing import Protocol

import pygame

from ... import actions as act
from ...actions import Action
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

UNDO_LABEL = "\u21b6 Undo training  U"  # restores the weights the last training started from
CURVE_POINTS = 240  # the loss curve is drawn from at most this many epochs (evenly picked)


def overlay_lines(sim: Simulation) -> list[tuple[str, theme.Color, bool]]:
    """(text, colour, monospace) for each line; empty when there is no training session."""
    session = sim.session
    if session is None:
        return []
    trainer = session.trainer
    loss = "—" if trainer.loss is None else f"{trainer.loss:.3e}"
    return [
        (f"Epoch {trainer.epoch:,} · Iteration {trainer.iteration:,}", theme.TEXT, True),
        (f"Loss (MSE) {loss}", theme.TEXT, True),
        (session.status(), theme.FOCUS if session.running else theme.INPUT_X, False),
    ]


def curve_points(losses: list[float], box: pygame.Rect) -> list[tuple[int, int]]:
    """The loss per epoch on a log scale, fitted into `box` (x: epochs, y: log10 loss)."""
    if len(losses) < 2:
        return []
    stride = max(1, math.ceil(len(losses) / CURVE_POINTS))
    picked = losses[::stride]
    if picked[-1] is not losses[-1]:
        picked.append(losses[-1])
    logs = [math.log10(max(v, 1e-12)) for v in picked]
    low, high = min(logs), max(logs)
    span = (high - low) or 1.0
    last = len(logs) - 1
    return [
        (box.x + round(k * (box.width - 1) / last), box.bottom - 1 - round((v - low) / span * (box.height - 1)))
        for k, v in enumerate(logs)
    ]


class HasPlot(Protocol):
    """The graph, as the overlay sees it: its panel and its plot area (laid out as it draws)."""

    rect: pygame.Rect
    plot: pygame.Rect


class TrainingOverlay:
    """Drawn over the graph's plot, top right, whenever a training session exists."""

    region = "graph"  # a pointer view: its "Undo training" button takes clicks over the graph

    def __init__(self, graph: HasPlot) -> None:
        self.graph = graph  # the box follows its plot
        self.metrics = Metrics(1080)
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.undo_rect = pygame.Rect(0, 0, 0, 0)  # the button as drawn
        self._shade: pygame.Surface | None = None  # the box's translucent backing
        self.undo_hit = pygame.Rect(0, 0, 0, 0)  # its touch target (48 px tall at 1080p)

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        """Nothing to place: the box follows the graph's plot every frame."""
        self.metrics = metrics

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.undo_hit.collidepoint(event.pos):
            return Action(act.UNDO_TRAINING)
        return None

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The session's numbers and loss curve over the graph's plot (while there is a session)."""
        with paint.clipped(surface, self.graph.rect):
            self.render(surface, self.graph.plot, frame.sim, frame.text, self.metrics)

    def render(self, surface: pygame.Surface, plot: pygame.Rect, sim: Simulation, text: Text, m: Metrics) -> None:
        lines = overlay_lines(sim)
        session = sim.session  # no lines without a session: the test below narrows it for mypy
        self.undo_rect = self.undo_hit = pygame.Rect(0, 0, 0, 0)
        if not lines or session is None or plot.width < 50:
            self.rect = pygame.Rect(0, 0, 0, 0)
            return
        size = m.small
        rendered = [text.render(t, size, color, mono=mono) for t, color, mono in lines]
        # At most half the plot, top left: the newest steps (on the right) stay in view.
        width = min(plot.width // 2, max(g.get_width() for g in rendered) + 2 * m.pad)
        about = text.wrap(session.explanation, size, width - 2 * m.pad)[:2]
        rendered = [text.render(line, size, theme.TEXT_DIM) for line in about] + rendered
        line_h = text.font(size).get_linesize()
        # The loss curve takes what the plot's height leaves (none when that is too little).
        undo = text.render(UNDO_LABEL, size, theme.TEXT, bold=True)
        button_h = min(m.px(40), max(line_h + m.gap, plot.height // 4)) if sim.train_start is not None else 0
        extra = button_h + m.gap if button_h else 0
        if button_h:
            width = max(width, min(plot.width // 2, undo.get_width() + 4 * m.pad))
        room = plot.height - 2 * m.gap - len(rendered) * line_h - 3 * m.gap - extra
        curve_h = min(m.px(70), room) if room >= m.px(24) else 0
        beside = bool(button_h) and not curve_h  # no row for the curve: it goes beside the button
        if beside:
            width = plot.width // 2
        height = len(rendered) * line_h + curve_h + 3 * m.gap + extra
        box = pygame.Rect(0, 0, width, min(height, plot.height - 2 * m.gap))
        box.topleft = (plot.x + m.gap, plot.top + m.gap)
        if box.height <= 0:  # a plot too short for even the box's margins (a tiny window)
            self.rect = pygame.Rect(0, 0, 0, 0)
            return
        self.rect = box
        if self._shade is None or self._shade.get_size() != box.size:  # the box's size rarely changes
            self._shade = pygame.Surface(box.size, pygame.SRCALPHA)
            self._shade.fill((*theme.FIELD_BG, 200))
        surface.blit(self._shade, box.topleft)
        pygame.draw.rect(surface, theme.PANEL_EDGE, box, max(1, m.line), border_radius=m.radius)
        if button_h:  # bottom of the box, drawn first: the text and curve above never reach it
            button_w = min(box.width - 2 * m.pad, undo.get_width() + 2 * m.pad) if beside else box.width - 2 * m.pad
            button = pygame.Rect(box.x + m.pad, box.bottom - m.gap - button_h, button_w, button_h)
            pygame.draw.rect(surface, theme.BUTTON_BG, button, border_radius=m.radius)
            pygame.draw.rect(surface, theme.ACCENT, button, 1, border_radius=m.radius)
            surface.blit(undo, undo.get_rect(center=button.center))
            self.undo_rect = button
            self.undo_hit = button.inflate(0, max(0, m.touch - button_h))
            mini = pygame.Rect(button.right + m.pad, button.y, box.right - m.pad - button.right - m.pad, button_h)
            points = curve_points(session.trainer.epoch_losses, mini) if beside and mini.width >= m.px(40) else []
            if len(points) >= 2:  # the loss curve, small, where the button leaves room
                pygame.draw.lines(surface, theme.TARGET, False, points, max(1, m.px(2)))
        with paint.clipped(surface, box.inflate(-m.gap, -m.gap).clip(pygame.Rect(box.x, box.y, box.width, box.height - extra))):
            y = box.y + m.gap
            for glyph in rendered:
                surface.blit(glyph, (box.x + m.pad, y))
                y += line_h
            curve = pygame.Rect(box.x + m.pad, y + m.gap, box.width - 2 * m.pad, curve_h)
            if not curve_h:
                return
            label = text.render("loss per epoch (log scale)", size, theme.TEXT_FAINT)
            surface.blit(label, label.get_rect(topright=(curve.right, curve.y)))  # a falling curve leaves it clear
            points = curve_points(session.trainer.epoch_losses, curve)
            if len(points) >= 2:
                pygame.draw.lines(surface, theme.TARGET, False, points, max(1, m.px(2)))
