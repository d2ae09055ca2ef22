"""The Training Status Overlay on the graph: epoch, iteration, loss, why it stopped, loss curve."""

from __future__ import annotations

import math

import pygame

from ...sim import Simulation
from .. import theme
from ..text import Text
from ..theme import Metrics

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


class TrainingOverlay:
    """Drawn over the graph's plot, top right, whenever a training session exists."""

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)

    def draw(self, surface: pygame.Surface, plot: pygame.Rect, sim: Simulation, text: Text, m: Metrics) -> None:
        lines = overlay_lines(sim)
        if not lines or plot.width < 50:
            self.rect = pygame.Rect(0, 0, 0, 0)
            return
        size = m.small
        rendered = [text.render(t, size, color, mono=mono) for t, color, mono in lines]
        # At most half the plot, top left: the newest steps (on the right) stay in view.
        width = min(plot.width // 2, max(g.get_width() for g in rendered) + 2 * m.pad)
        about = text.wrap(sim.session.explanation, size, width - 2 * m.pad)[:2]
        rendered = [text.render(line, size, theme.TEXT_DIM) for line in about] + rendered
        line_h = text.font(size).get_linesize()
        # The loss curve takes what the plot's height leaves (none when that is too little).
        room = plot.height - 2 * m.gap - len(rendered) * line_h - 3 * m.gap
        curve_h = min(m.px(70), room) if room >= m.px(24) else 0
        height = len(rendered) * line_h + curve_h + 3 * m.gap
        box = pygame.Rect(0, 0, width, height)
        box.topleft = (plot.x + m.gap, plot.top + m.gap)
        self.rect = box
        shade = pygame.Surface(box.size, pygame.SRCALPHA)
        shade.fill((*theme.FIELD_BG, 200))
        surface.blit(shade, box.topleft)
        pygame.draw.rect(surface, theme.PANEL_EDGE, box, max(1, m.line), border_radius=m.radius)
        clip = surface.get_clip()
        surface.set_clip(box.inflate(-m.gap, -m.gap))
        y = box.y + m.gap
        for glyph in rendered:
            surface.blit(glyph, (box.x + m.pad, y))
            y += line_h
        curve = pygame.Rect(box.x + m.pad, y + m.gap, box.width - 2 * m.pad, curve_h)
        if not curve_h:
            surface.set_clip(clip)
            return
        label = text.render("loss per epoch (log scale)", size, theme.TEXT_FAINT)
        surface.blit(label, label.get_rect(topright=(curve.right, curve.y)))  # a falling curve leaves it clear
        points = curve_points(sim.session.trainer.epoch_losses, curve)
        if len(points) >= 2:
            pygame.draw.lines(surface, theme.TARGET, False, points, max(1, m.px(2)))
        surface.set_clip(clip)
