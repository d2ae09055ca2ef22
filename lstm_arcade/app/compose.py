"""Composing a frame: where each panel goes (relayout) and drawing them in turn (draw)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ui import paint, theme
from ..ui.layout import PAGES, Layout, compute_layout
from ..ui.theme import Metrics
from ..ui.views.diagram_text import math_key, series_key

if TYPE_CHECKING:
    from .app import App


def relayout(app: App) -> Layout:
    """Place every panel for the window's size, the mode and the page."""
    app.drawn_clean = False
    width, height = app.screen.get_size()
    lay = app.layout = compute_layout(width, height, app.sim.compare, app.options.ui_scale, app.state.page)
    if lay.shows("controls"):
        app.controls.place(lay.controls, lay.control_metrics)
    for view in app.pointer_views:
        if lay.shows(view.region):
            view.place(getattr(lay, view.region), lay.metrics)
    return lay

def draw(app: App) -> None:
    """Compose one frame: every shown panel, then the overlays."""
    surface, lay, m, text = app.screen, app.layout, app.layout.metrics, app.text
    now, still = app.clock(), app.state.reduce_motion
    # Panels that did not change leave the screen as it is, unless something was drawn over
    # them last frame (an overlay, a tooltip) or the window was laid out anew.
    reuse, app.drawn_clean = app.drawn_clean, True
    # The panels below paint every other pixel themselves, and draw nothing outside their
    # rectangles: of the gaps, only the header's text changes while the screen stands.
    for gap in (lay.header,) if reuse else lay.gaps:
        paint.fill(surface, theme.BACKGROUND, gap)
    app.header.draw(surface, lay.header, app.sim, text, m, _page_name(app))
    if lay.shows("diagram"):
        app.diagram.draw(
            surface, app.sim, text, app.animation.progress(now), still, app.state.highlight, reuse
        )
        with paint.clipped(surface, lay.diagram):
            app.chips.draw(surface)
    if lay.shows("chain"):
        with paint.clipped(surface, lay.chain):
            app.chain.draw(surface, app.sim, text, m, now, still, reuse)
    if lay.shows("graph"):
        with paint.clipped(surface, lay.graph):
            app.graph.draw(surface, app.sim, text, m, now, still, series_key(app.state.highlight))
            app.training_overlay.draw(surface, app.graph.plot, app.sim, text, m)
    if lay.shows("controls"):
        app.controls.draw(surface, lay.controls, text, lay.control_metrics, reuse)
    if lay.shows("stats"):
        with paint.clipped(surface, lay.stats):
            app.stats.draw(surface, lay.stats, app.sim, text, m, reuse)
    if lay.shows("math"):
        with paint.clipped(surface, lay.math):
            app.math.draw(surface, lay.math, app.sim, text, m, math_key(app.state.highlight), reuse)
    app.toast.draw(surface, lay.stage, text, m, now, still)
    hover = app.diagram.hover if lay.shows("diagram") else None
    overlays = (app.state.help_open, app.scenario_list.open, hover, app.toast.rect.width)
    if any(overlays):  # drawn over other panels: next frame, they draw themselves again
        app.drawn_clean = False
    # The overlays are the operator's: at the window's own sizes, whatever the UI scale.
    window = Metrics(surface.get_height()) if lay.pages > 1 else m
    if app.state.help_open:
        app.help.draw(surface, text, window)
    if app.scenario_list.open:
        app.scenario_list.draw(surface, text, window)

def _page_name(app: App) -> str | None:
    """The header's "view 1/3: …" label while a UI scale shows a page of panels at a time."""
    lay = app.layout
    return f"View {lay.page + 1}/{lay.pages}: {PAGES[lay.page]}  ▸ V" if lay.pages > 1 else None
