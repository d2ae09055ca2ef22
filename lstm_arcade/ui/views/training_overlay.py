"""The training status: task, epoch, loss, what training does or why it stopped, a small loss curve
and the Undo training button, in a band of the graph panel above its plot (it never hides a line).

The graph keeps the band: it asks `status_height` (set here) how tall it must be for its width.
Where the graph is short, the band folds to one line (task, loss, one word of status), so the
band takes at most a quarter of the graph panel; where even the folded band would take more than
half the plot's room, there is none (the stats panel's MSE row still gives the loss, U still undoes)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import pygame

from ... import actions as act
from ...actions import Action
from ...i18n import N_, language, ntr, tr
from ...model.train import STOP_MAX_EPOCHS, STOP_TOLERANCE, STOP_USER
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame
from ..text import Text
from ..theme import Metrics

# TRANSLATORS: a button that restores the weights the last training started from; "U" is its key.
UNDO_LABEL = N_("\u21b6 Undo training  U")  # translated where measured and drawn
SEPARATOR = " · "  # between the status's parts on one line
CURVE_POINTS = 240  # the loss curve is drawn from at most this many epochs (evenly picked)
BAND_SHARE = 4  # the band takes at most 1/4 of the graph panel's height, else it folds

Part = tuple[str, theme.Color]  # a piece of text and its colour
Line = list[Part]


def _status_color(sim: Simulation) -> theme.Color:
    return theme.FOCUS if sim.session is not None and sim.session.running else theme.INPUT_X


def _loss_text(sim: Simulation) -> str:
    loss = sim.session.trainer.loss if sim.session is not None else None
    return "—" if loss is None else f"{loss:.2e}"


def _task_name(sim: Simulation) -> str:
    """The task's name in the language shown (its name from the bundled tasks, or "Custom")."""
    session = sim.session
    if session is not None and session.task is not None:
        return tr(session.task.name)
    # TRANSLATORS: the training task's name when the visitor typed their own input and target.
    return tr("Custom")


# The folded status's one word, by the trainer's stop reason (None: still training).
STATUS_WORDS = {
    # TRANSLATORS: the folded training status, one word: training is running.
    None: N_("Training"),
    # TRANSLATORS: the folded training status, one word: the loss reached the tolerance.
    STOP_TOLERANCE: N_("Done"),
    # TRANSLATORS: the folded training status, one word: stopped (the epoch limit, or by the visitor).
    STOP_MAX_EPOCHS: N_("Stopped"),
    STOP_USER: N_("Stopped"),
}


def status_text(sim: Simulation) -> str:
    """What training does, or why it stopped, in the language shown: the trainer's stop reason
    (a plain constant of the model's) mapped to its sentence; any other reason (Undo's) as it
    came, translated."""
    session = sim.session
    if session is None:
        return ""
    t, loss = session.trainer, _loss_text(sim)
    reason = t.stop_reason
    if reason is None:
        return tr("Training · {optimizer} · learning rate {lr:.3g}", optimizer=session.optimizer_name, lr=t.optimizer.lr)
    if reason == STOP_TOLERANCE:
        return ntr(
            "Done: loss {loss} \u2264 {tolerance:.0e} after {n} epoch",
            "Done: loss {loss} \u2264 {tolerance:.0e} after {n} epochs",
            t.epoch, loss=loss, tolerance=t.tolerance,
        )
    if reason == STOP_MAX_EPOCHS:
        return tr("Stopped at the {limit}-epoch limit: loss {loss}", limit=t.max_epochs, loss=loss)
    if reason == STOP_USER:
        return tr("Stopped by you at epoch {epoch}: loss {loss}", epoch=t.epoch, loss=loss)
    return tr(reason)


def _status_word(sim: Simulation) -> str:
    assert sim.session is not None
    reason = sim.session.trainer.stop_reason
    if reason in STATUS_WORDS:
        return tr(STATUS_WORDS[reason])
    words = status_text(sim).split()  # another reason (Undo's): its first word
    return words[0].rstrip(":") if words else ""


def overlay_lines(sim: Simulation) -> list[tuple[str, theme.Color, bool]]:
    """(text, colour, monospace) for each part of the status; empty without a training session."""
    session = sim.session
    if session is None:
        return []
    trainer = session.trainer
    return [
        # TRANSLATORS: {task} is the training task's name; keep "MSE" (mean squared error).
        (tr("{task} · epoch {epoch:,} · loss (MSE) {loss}", task=_task_name(sim), epoch=trainer.epoch, loss=_loss_text(sim)),
         theme.TEXT, False),
        (status_text(sim), _status_color(sim), False),
    ]


def short_parts(sim: Simulation) -> list[Part]:
    """The folded status: the task, the loss and the status's first word ("Training", "Done" …)."""
    if sim.session is None:
        return []
    word = _status_word(sim)
    return [(tr("{task} · loss {loss}", task=_task_name(sim), loss=_loss_text(sim)), theme.TEXT), (word, _status_color(sim))]


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


def undo_shown(sim: Simulation) -> bool:
    """The Undo button, while the weights differ from the ones the last training started from."""
    return sim.train_start is not None and sim.params != sim.train_start


def flow(parts: list[Part], width: int, text: Text, size: int) -> list[Line]:
    """Parts on lines no wider than `width`: a part joins the line before when it fits there whole,
    else it starts a line and is broken at words (a word is never cut)."""
    lines: list[Line] = []
    used = 0  # the width taken on the last line
    for part, color in parts:
        joined = SEPARATOR + part
        part_w = text.size(joined, size)[0]
        if lines and used + part_w <= width:
            lines[-1].append((joined, color))
            used += part_w
            continue
        for line in text.wrap(part, size, width):
            lines.append([(line, color)])
            used = text.size(line, size)[0]
    return lines


@dataclass(frozen=True)
class Plan:
    """The band's contents for one width: its lines, the button's size and place, its height."""

    lines: list[Line]
    line_h: int
    button: tuple[int, int] | None  # width, height (None: no Undo button)
    beside: bool  # the button right of the text (else under it, the loss curve beside it)
    margin: int  # above and below the contents
    height: int


class HasPlot(Protocol):
    """The graph, as the overlay sees it: its panel, its plot and the band it keeps for the status."""

    rect: pygame.Rect
    plot: pygame.Rect
    status_height: Callable[[Simulation, int, int, Text, Metrics], int]  # set here: how tall the band is


class TrainingOverlay:
    """The training status in the graph's band above the plot, whenever a training session exists."""

    region = "graph"  # a pointer view: its "Undo training" button takes clicks over the graph

    def __init__(self, graph: HasPlot) -> None:
        self.graph = graph  # the band is the graph's `status_rect`
        graph.status_height = self.band_height  # the graph asks it as it lays out
        self.metrics = Metrics(1080)
        self.rect = pygame.Rect(0, 0, 0, 0)  # the band as drawn last frame (none: 0 × 0)
        self.undo_rect = pygame.Rect(0, 0, 0, 0)  # the button as drawn
        self.undo_hit = pygame.Rect(0, 0, 0, 0)  # its touch target (48 px tall at 1080p)
        self.folded = False  # the one-line status, last drawn
        self._plan: tuple[tuple, Plan] | None = None

    def layout(self, rect: pygame.Rect, metrics: Metrics) -> None:
        """Nothing to place: the band follows the graph's layout every frame."""
        self.metrics = metrics

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.undo_hit.collidepoint(event.pos):
            return Action(act.UNDO_TRAINING)
        return None

    # --- measuring ------------------------------------------------------------------------------
    def band_height(self, sim: Simulation, width: int, room: int, text: Text, m: Metrics) -> int:
        """How tall the band must be in a `width`-wide graph whose band and plot share `room`
        pixels of height (0: no training status, or no room for it)."""
        return self.plan(sim, width, room, text, m).height if sim.session is not None else 0

    def plan(self, sim: Simulation, width: int, room: int, text: Text, m: Metrics) -> Plan:
        """The full status where it fits in its share of the graph's height, else the folded one;
        none (height 0) where even that would take more than half the room."""
        limit = min(self.graph.rect.height // BAND_SHARE, room // 2)
        key = (width, room, self.graph.rect.height, m.height, tuple(overlay_lines(sim)), undo_shown(sim), language())
        if self._plan is None or self._plan[0] != key:
            plan = self._measure([(t, c) for t, c, _ in overlay_lines(sim)], sim, width, text, m, m.px(40))
            if plan.height > limit:
                plan = self._measure(short_parts(sim), sim, width, text, m, 0, one_line=True)
            if plan.height > room // 2:
                plan = Plan([], plan.line_h, None, False, 0, 0)
            self._plan = (key, plan)
        return self._plan[1]

    def _measure(
        self, parts: list[Part], sim: Simulation, width: int, text: Text, m: Metrics, button_min: int,
        one_line: bool = False,
    ) -> Plan:
        """Lay the parts out in `width` with the Undo button (at least `button_min` tall) beside
        them when that leaves the text half the width, else under them; `one_line`: the first
        line only, the button always beside."""
        inner = width - 2 * m.pad
        line_h = text.font(m.small).get_linesize()
        button = None
        text_w = inner
        if undo_shown(sim):
            label_w, label_h = text.size(tr(UNDO_LABEL), m.small, bold=True)
            button = (label_w + 2 * m.pad, max(label_h + (0 if one_line else m.gap), button_min))
            if one_line or inner - button[0] - m.pad >= inner // 2:
                text_w = inner - button[0] - m.pad
        lines = flow(parts, max(1, text_w), text, m.small)
        if one_line:  # the first of these that fits on the line whole: never a loss without its number
            for shorter in (parts, parts[:1], [(tr("loss {loss}", loss=_loss_text(sim)), theme.TEXT)]):
                lines = flow(shorter, max(1, text_w), text, m.small)
                if len(lines) == 1:
                    break
            lines = lines[:1]
        beside = text_w < inner
        height = len(lines) * line_h
        if button is not None:
            height = max(height, button[1]) if beside else height + m.gap + button[1]
        margin = m.gap // 2 if one_line else m.gap
        return Plan(lines, line_h, button, beside, margin, height + 2 * margin)

    # --- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        """The session's status in the graph's band (while there is a session)."""
        band = getattr(self.graph, "status_rect", None)
        if band is None:  # a graph that keeps no band: the top of its plot
            plot, sim = self.graph.plot, frame.sim
            band = pygame.Rect(plot.x, plot.y, plot.width, self.band_height(sim, plot.width, plot.height, frame.text, self.metrics))
        # Inside its band (a tiny window's glyphs are taller than the band's line): the graph
        # puts back only the band of what the overlay covered.
        with paint.clipped(surface, self.graph.rect), paint.clipped(surface, band):
            self.render(surface, band, frame.sim, frame.text, self.metrics)

    def render(self, surface: pygame.Surface, band: pygame.Rect, sim: Simulation, text: Text, m: Metrics) -> None:
        self.undo_rect = self.undo_hit = pygame.Rect(0, 0, 0, 0)
        session = sim.session
        plan = self._plan[1] if self._plan is not None else None  # as the graph asked for it this frame
        if session is None or plan is None or not plan.height or band.width <= 0 or band.height < plan.height:
            self.rect = pygame.Rect(0, 0, 0, 0)
            return
        self.rect, self.folded = pygame.Rect(band), plan.margin < m.gap
        pygame.draw.rect(surface, theme.FIELD_BG, band, border_radius=m.radius)
        pygame.draw.rect(surface, theme.PANEL_EDGE, band, max(1, m.line), border_radius=m.radius)
        y = band.y + plan.margin
        for line in plan.lines:
            x = band.x + m.pad
            for piece, color in line:
                glyph = text.render(piece, m.small, color)
                surface.blit(glyph, (x, y))
                x += glyph.get_width()
            y += plan.line_h
        if plan.button is not None:
            self._draw_button(surface, band, plan, y, session.trainer.epoch_losses, text, m)

    def _draw_button(
        self, surface: pygame.Surface, band: pygame.Rect, plan: Plan, text_bottom: int, losses: list[float],
        text: Text, m: Metrics,
    ) -> None:
        """The Undo button, right of the text or under it (then the loss curve beside it)."""
        assert plan.button is not None
        width, height = plan.button
        if plan.beside:
            button = pygame.Rect(band.right - m.pad - width, band.centery - height // 2, width, height)
        else:
            button = pygame.Rect(band.x + m.pad, text_bottom + m.gap, width, height)
            curve = pygame.Rect(button.right + m.pad, button.y, band.right - 2 * m.pad - button.right, height)
            points = curve_points(losses, curve) if curve.width >= m.px(40) else []
            if len(points) >= 2:  # the loss per epoch, log scale
                pygame.draw.lines(surface, theme.TARGET, False, points, max(1, m.px(2)))
        pygame.draw.rect(surface, theme.BUTTON_BG, button, border_radius=m.radius)
        pygame.draw.rect(surface, theme.ACCENT, button, 1, border_radius=m.radius)
        label = text.render(tr(UNDO_LABEL), m.small, theme.TEXT, bold=True)
        surface.blit(label, label.get_rect(center=button.center))
        self.undo_rect = button
        self.undo_hit = button.inflate(0, max(0, m.touch - height))
