"""Composing a frame: where each panel goes (relayout) and drawing them in turn (draw).

Every panel answers to one contract (ui/frame.py): `layout(rect, metrics)` on every new layout,
`draw(surface, frame)` every frame it is shown, from the one `Frame` built here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import tr
from ..ui import paint
from ..ui.frame import Frame, View
from ..ui.layout import PAGES, Layout, compute_layout
from ..ui.text import Text
from ..ui.theme import Metrics
from ..ui.views.diagram_text import math_key, series_key
from ..ui.views.tooltip import Tip, Wanted
from . import lessons
from .hotspots import Hotspot, hotspots

if TYPE_CHECKING:
    import pygame

    from .app import App


def panels(app: App) -> list[tuple[str, View]]:
    """The panels in drawing order, each with the Layout field it lives in."""
    return [
        ("header", app.header),
        ("tabs", app.tabs),
        ("diagram", app.diagram),
        ("diagram", app.chips),  # in the diagram's title row
        ("chain", app.chain),
        ("graph", app.graph),
        ("graph", app.training_overlay),  # over the graph's plot
        ("controls", app.controls),
        ("explore", app.explore),  # the Explore level's controls (the Full level shows none)
        ("stats", app.stats),
        ("math", app.math),
    ]


def overlays(app: App) -> list[View]:
    """Drawn over the panels, each when it is up: a lesson's ring and card, the toast, a met
    challenge's stars, a shortened label's tooltip, the help card, the Ctrl+O list."""
    return [app.highlight, app.lesson_card, app.toast, app.celebration, app.tooltip, app.help, app.scenario_list]


def tips(app: App, text: Text, wanted: Wanted) -> list[Tip]:
    """The `wanted` shortened labels on screen with their whole text: the tabs' and the
    controls' (none while a card covers them)."""
    lay = app.layout
    if app.state.help_open or app.scenario_list.open:
        return []
    found = app.tabs.tips(text, wanted) if lay.shows("tabs") else []
    found += app.controls.tips(text, wanted) if lay.shows("controls") else []
    found += app.explore.tips(text, wanted) if lay.shows("explore") else []
    card = app.lesson_card.rect  # a label under a lesson's card is not shown: no tip for it
    return [tip for tip in found if not card.colliderect(tip.rect)] if card.width else found


def relayout(app: App) -> Layout:
    """Place every panel for the window's size, the mode and the page."""
    app.drawn_clean = False
    width, height = app.screen.get_size()
    lay = app.layout = compute_layout(
        width, height, app.sim.compare, app.options.ui_scale, app.state.page, app.state.level
    )
    for region, view in panels(app):
        if lay.shows(region):
            metrics = (lay.control_metrics or lay.metrics) if region == "controls" else lay.metrics
            view.layout(getattr(lay, region), metrics)
    app.toast.layout(lay.stage, lay.metrics)
    app.lesson_card.layout(app.screen.get_rect(), lay.metrics)
    app.highlight.layout(app.screen.get_rect(), lay.metrics)
    app.tooltip.layout(app.screen.get_rect(), lay.control_metrics or lay.metrics)
    app.celebration.layout(app.screen.get_rect(), lay.metrics)
    # The overlays are the operator's: at the window's own sizes, whatever the UI scale.
    window = _window_metrics(app.screen, lay)
    for overlay in (app.help, app.scenario_list):
        overlay.layout(app.screen.get_rect(), window)
    return lay


def frame(app: App, clean: bool) -> Frame:
    """The one frame every view draws from."""
    lay, now = app.layout, app.clock()
    return Frame(
        sim=app.sim,
        state=app.state,
        text=app.text,
        theme=app.theme,
        layout=lay,
        metrics=lay.metrics,
        window=_window_metrics(app.screen, lay),
        now=now,
        progress=app.animation.progress(now),
        clean=clean,
        math_key=math_key(app.state.highlight),
        series_key=series_key(app.state.highlight),
        page=_page_name(lay),
    )


def draw(app: App) -> Frame:
    """Compose one frame: every shown panel, then the overlays; the frame they drew from."""
    surface, lay = app.screen, app.layout
    # Panels that did not change leave the screen as it is, unless something was drawn over
    # them last frame (an overlay, a tooltip) or the window was laid out anew (ui/redraw.py).
    shown = frame(app, clean=app.drawn_clean)
    app.drawn_clean = True
    # The panels below paint every other pixel themselves, and draw nothing outside their
    # rectangles: while the screen stands, the gaps do too (the header clears its own row).
    if not shown.clean:
        for gap in lay.gaps:
            paint.fill(surface, shown.theme.BACKGROUND, gap)
    for region, view in panels(app):
        if lay.shows(region):
            view.draw(surface, shown)
    hover = app.diagram.hover if lay.shows("diagram") else None
    ring = _hotspot_ring(app, surface)
    lessons.present(app)  # the lesson's card and ring for this frame (none without a lesson)
    for overlay in overlays(app):
        overlay.draw(surface, shown)
    shown_over = (app.toast.rect.width, app.tooltip.rect.width, app.celebration.rect.width)
    # A lesson's card and ring are opaque and drawn again, in place, every frame after the panels:
    # the panels under them need drawing again only when they move or go.
    steady = (tuple(app.lesson_card.rect), tuple(app.highlight.rect))
    moved, app.steady_overlays = steady != app.steady_overlays, steady
    if any((app.state.help_open, app.scenario_list.open, hover, *shown_over, ring, moved)):
        app.drawn_clean = False  # drawn over other panels: next frame, they draw themselves again
    return shown


def _hotspot_ring(app: App, surface: pygame.Surface) -> bool:
    """The focus ring of a focused hotspot (a view's button, a node …), drawn over its panel where
    it is now; whether one was drawn."""
    focused = app.state.focused
    if not isinstance(focused, Hotspot):
        return False
    now = next((spot for spot in hotspots(app) if spot == focused), None)
    if now is None:
        return False  # gone from the screen (Back to live after going live): nothing to ring
    now.focused = True
    now.draw_focus_ring(surface, app.layout.metrics)
    return True


def _window_metrics(surface: pygame.Surface, lay: Layout) -> Metrics:
    return Metrics(surface.get_height()) if lay.arrangement == "scaled" else lay.metrics


def _page_name(lay: Layout) -> str | None:
    """The header's "view 1/3: …" label while a UI scale shows a page of panels at a time."""
    if lay.arrangement != "scaled":
        return None  # a folded window names its tabs in their own strip
    # TRANSLATORS: the header while a UI scale shows a page of panels: page k of n, the page's
    # panels ("Diagram & graph"); V is the key that shows the next page.
    return tr("View {k}/{n}: {name}  ▸ V", k=lay.page + 1, n=lay.pages, name=tr(PAGES[lay.page]))
