"""Screen regions from the window size (DESIGN.md §3): nothing is a fixed pixel size."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import pygame

from ..i18n import N_
from .theme import Metrics

LEFT_SHARE = 0.68  # the diagram, chain and graph column; the controls take the rest
TOP_SHARE = 0.62  # header, diagram and chain; the bottom row takes the rest (the controls: all of it)
CHAIN_SHARE = 0.18  # the unrolled chain and its gradient strip
# Comparing, the chain adds the basic RNN's row and strip; the diagram, then wider than tall (its
# grid gains the RNN cell's column), gives up the height it no longer uses.
CHAIN_SHARE_COMPARE = 0.235
# A UI scale above 1 (--ui-scale, a projector's far rows) makes text and controls that much larger.
# The window, full at scale 1, cannot hold them all any more: the panels are then shown a group at
# a time, each group filling the window below the header (V or a click on the header's view name
# moves on). Beyond theme.UI_SCALE_MAX the diagram no longer fits even the full width.
# The groups' and tabs' names are English (marked): the header and the tab strip translate them.
PAGES = (N_("Diagram & graph"), N_("Math & stats"), N_("Controls & chain"))
CONTROLS_PAGE = 2
# Every panel at once needs a wide window: at the legibility floor, a squarer one folds some panels
# into tabs rather than shrinking their text (16:10 is the widest that folds).
WIDE_FROM = 1.65  # width / height
PORTRAIT_BELOW = 0.95
PORTRAIT_TABS_SHARE = 0.56  # comparing: a portrait window's height kept at least for its tabs
TABS: dict[str, tuple[str, ...]] = {
    "square": (N_("Time series & chain"), N_("Math & stats")),
    "portrait": (N_("Controls"), N_("Time series & chain"), N_("Math & stats")),
}
# A tab name's short form, for a tab too narrow for the whole name (whole words, never a cut).
TAB_SHORT: dict[str, str] = {
    # TRANSLATORS: "Time series & chain" shortened for a narrow tab
    "Time series & chain": N_("Time series"),
    # TRANSLATORS: "Math & stats" shortened for a narrow tab
    "Math & stats": N_("Math"),
}
FOLDED: dict[str, dict[int, tuple[str, ...]]] = {  # which panels each tab shows
    "square": {0: ("chain", "graph"), 1: ("math", "stats")},
    "portrait": {0: ("controls",), 1: ("chain", "graph"), 2: ("math", "stats")},
    "scaled": {0: ("diagram", "graph"), 1: ("math", "stats"), 2: ("controls", "chain", "graph")},
}


def arrangement_for(width: int, height: int) -> str:
    """"wide" (16:9 … 21:9), "square" (16:10, 3:2, 4:3, 5:4) or "portrait" (3:4 … 9:16)."""
    aspect = width / max(1, height)
    if aspect >= WIDE_FROM:
        return "wide"
    return "square" if aspect >= PORTRAIT_BELOW else "portrait"


@dataclass(frozen=True)
class Layout:
    """Every panel's rectangle for one window size."""

    size: tuple[int, int]
    metrics: Metrics
    header: pygame.Rect
    diagram: pygame.Rect
    chain: pygame.Rect
    graph: pygame.Rect
    controls: pygame.Rect
    stats: pygame.Rect
    math: pygame.Rect
    # The screen outside the opaque panels (diagram, chain, graph, controls, stats, math): the only
    # part a frame must clear, instead of filling the whole window and then covering it again.
    gaps: tuple[pygame.Rect, ...] = ()
    compare: bool = False  # laid out for compare mode (the basic RNN beside the LSTM)
    # The control panel's sizes: the window's, except on a scaled page where they are kept small
    # enough for its contents to fit the height they get.
    control_metrics: Metrics | None = None
    page: int = 0  # which group of panels a scaled layout shows (PAGES)
    pages: int = 1  # 1: every panel at once (UI scale 1)
    arrangement: str = "wide"  # "wide", "square" or "portrait" (window shape), or "scaled"
    # A window not wide enough for every panel folds some into tabs: `tabs` is the strip of tab
    # buttons above the folded area, `tab_names` their labels, `page` the tab shown.
    tabs: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    tab_names: tuple[str, ...] = ()
    # The Explore level (a visitor's first screen): its own control panel, with the diagram and
    # the graph; every other panel is on the Full level only.
    explore: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    level: str = "full"

    def shows(self, region: str) -> bool:
        """Whether the panel `region` is on screen (a scaled layout hides the other pages')."""
        rect = getattr(self, region)
        return rect.width > 0 and rect.height > 0

    @property
    def stage(self) -> pygame.Rect:
        """The largest panel on screen: where toasts and notices appear."""
        return max((self.diagram, self.math, self.controls), key=lambda r: r.width * r.height)

    @property
    def caption_area(self) -> tuple[pygame.Rect, bool]:
        """Where the attract tour's caption card lies, and whether a long caption grows upwards:
        over the chain (up into the diagram's wires); where the chain is folded away, over the
        tabs below the diagram (down over the folded panels), or at Explore over the graph's top,
        so the cell stays in sight."""
        if self.shows("chain"):
            return self.chain, True
        if self.level == "explore":  # over the graph's top (its plot is still empty): the cell stays in sight
            graph = self.graph
            return pygame.Rect(graph.x, graph.y, graph.width, min(graph.height, round(self.size[1] * 0.18))), False
        if self.tabs.width:
            return pygame.Rect(self.tabs.x, self.tabs.y, self.tabs.width, round(self.size[1] * 0.18)), False
        return self.diagram, True

    def page_of(self, region: str) -> int | None:
        """The page (tab) on which the panel `region` is shown, None when it is on none."""
        if self.shows(region):
            return self.page
        for page in range(self.pages):
            if region in FOLDED.get(self.arrangement, {}).get(page, ()):
                return page
        return None

    def panels(self) -> dict[str, pygame.Rect]:
        return {
            "header": self.header,
            "diagram": self.diagram,
            "chain": self.chain,
            "graph": self.graph,
            "controls": self.controls,
            "stats": self.stats,
            "math": self.math,
            "explore": self.explore,
        }


def compute_layout(
    width: int, height: int, compare: bool = False, ui_scale: float = 1.0, page: int = 0,
    level: str = "full",
) -> Layout:
    """The arrangement for the window's shape (`arrangement_for`). Wide: left column header,
    diagram, chain, then graph | stats | math; the controls down the right.

    A `ui_scale` above 1 lays out page `page` of PAGES instead (see `paged_layout`); the Explore
    `level` has an arrangement of its own (see `explore_layout`).
    """
    if level == "explore":
        return explore_layout(width, height, compare)
    if ui_scale > 1.0:
        return paged_layout(width, height, compare, ui_scale, page % len(PAGES))
    shape = arrangement_for(width, height)
    if shape == "square":
        return square_layout(width, height, compare, page % len(TABS["square"]))
    if shape == "portrait":
        return portrait_layout(width, height, compare, page % len(TABS["portrait"]))
    m = Metrics(height)
    gap = m.gap
    left_w = round(width * LEFT_SHARE)
    header_h = m.px(62)
    top_h = round(height * TOP_SHARE)  # header + diagram + chain; the bottom row takes the rest
    chain_h = round(height * (CHAIN_SHARE_COMPARE if compare else CHAIN_SHARE))

    header = pygame.Rect(gap, gap, left_w - 2 * gap, header_h - gap)
    diagram = pygame.Rect(gap, header.bottom + gap, header.width, top_h - header.bottom - chain_h - 2 * gap)
    chain = pygame.Rect(gap, diagram.bottom + gap, header.width, top_h - diagram.bottom - gap)
    # At the legibility floor the 13 sliders, the fields and the buttons need the whole height.
    controls = pygame.Rect(left_w + gap, gap, width - left_w - 2 * gap, height - 2 * gap)

    # The bottom row, under the chain: the graph, the stats, and the math panel with the most
    # room a line of equations can get (it wraps and scrolls where that is not enough).
    bottom_y = top_h + gap
    bottom_h = height - bottom_y - gap
    row_w = left_w - gap
    graph = pygame.Rect(gap, bottom_y, round(row_w * 0.42) - gap, bottom_h)
    stats_w = max(round(row_w * 0.16), m.px(210))
    stats = pygame.Rect(graph.right + gap, bottom_y, stats_w, bottom_h)
    math_rect = pygame.Rect(stats.right + gap, bottom_y, left_w - stats.right - 2 * gap, bottom_h)
    panels = (diagram, chain, graph, controls, stats, math_rect)
    gaps = uncovered((width, height), panels)
    return Layout(
        (width, height), m, header, diagram, chain, graph, controls, stats, math_rect, gaps, compare, m
    )


def paged_layout(width: int, height: int, compare: bool, ui_scale: float, page: int) -> Layout:
    """One group of panels, sized as for a window `ui_scale` times taller, fills the window.

    0 the diagram over the graph; 1 the math panel beside the stats; 2 the controls beside the
    chain over the graph. The panels of the other pages get empty rectangles.
    """
    m = Metrics(round(height * ui_scale))
    gap = m.gap
    header = pygame.Rect(gap, gap, width - 2 * gap, m.px(62) - gap)
    top = header.bottom + gap
    area = pygame.Rect(gap, top, width - 2 * gap, height - top - gap)
    hidden = pygame.Rect(0, 0, 0, 0)
    diagram = chain = graph = controls = stats = math_rect = hidden
    control_metrics = m
    if page == 0:
        diagram, graph = _split_rows(area, 0.6, gap)
    elif page == 1:
        math_rect, stats = _split_columns(area, 0.7, gap)
    else:
        controls, right = _split_columns(area, 0.48, gap)
        chain, graph = _split_rows(right, 0.5 if compare else 0.42, gap)
        # The controls keep their layout and grow only as far as their column's height allows.
        control_metrics = Metrics(min(m.height, round((controls.height + gap) / TOP_SHARE)))
    panels = (diagram, chain, graph, controls, stats, math_rect)
    gaps = uncovered((width, height), tuple(r for r in panels if r.width))
    return Layout(
        (width, height), m, header, diagram, chain, graph, controls, stats, math_rect, gaps,
        compare, control_metrics, page, len(PAGES), "scaled",
    )


def _header(width: int, m: Metrics) -> pygame.Rect:
    """The title bar across the window's width."""
    return pygame.Rect(m.gap, m.gap, width - 2 * m.gap, m.px(62) - m.gap)


def _folded(
    shape: str, width: int, height: int, compare: bool, page: int, m: Metrics,
    fixed: dict[str, pygame.Rect], area: pygame.Rect,
) -> Layout:
    """The layout whose `fixed` panels are always shown and whose tab `page` fills `area` (below
    the strip of tabs)."""
    gap = m.gap
    tabs = pygame.Rect(area.x, area.y, area.width, m.touch)
    body = pygame.Rect(area.x, tabs.bottom + gap, area.width, area.bottom - tabs.bottom - gap)
    hidden = pygame.Rect(0, 0, 0, 0)
    rects = dict.fromkeys(("diagram", "chain", "graph", "controls", "stats", "math"), hidden)
    rects.update(fixed)
    shown = FOLDED[shape][page]
    if shown == ("chain", "graph"):
        # Comparing, the chain adds the basic RNN's row (a portrait tab has the height for it).
        share = (0.52 if shape == "portrait" else 0.48) if compare else 0.38
        rects["chain"], rects["graph"] = _split_rows(body, share, gap)
    elif shown == ("math", "stats") and shape == "portrait":
        # The equations need the whole width; the stats' rows go in columns above them.
        rects["stats"], rects["math"] = _split_rows(body, 0.3, gap)
    elif shown == ("math", "stats"):
        stats_w = min(round(body.width * 0.34), m.px(300))
        rects["math"], rects["stats"] = _split_columns(body, 1 - stats_w / max(1, body.width), gap)
    else:
        rects[shown[0]] = body
    header = fixed["header"]
    panels = tuple(r for name, r in rects.items() if name != "header" and r.width)
    gaps = uncovered((width, height), (*panels, tabs))
    return Layout(
        (width, height), m, header, rects["diagram"], rects["chain"], rects["graph"],
        rects["controls"], rects["stats"], rects["math"], gaps + (tabs,), compare, m, page,
        len(TABS[shape]), shape, tabs, TABS[shape],
    )


def square_layout(width: int, height: int, compare: bool, page: int) -> Layout:
    """16:10 … 5:4: the controls down the right at full height, the diagram over a tabbed area
    (time series and chain, or math and stats) on the left."""
    m = Metrics(height)
    gap = m.gap
    header = _header(width, m)
    top = header.bottom + gap
    left_w = round(width * 0.62)
    controls = pygame.Rect(left_w + gap, top, width - left_w - 2 * gap, height - top - gap)
    diagram_h = round((height - top) * (0.42 if compare else 0.45))
    diagram = pygame.Rect(gap, top, left_w - gap, diagram_h)
    area = pygame.Rect(gap, diagram.bottom + gap, diagram.width, height - diagram.bottom - 2 * gap)
    fixed = {"header": header, "diagram": diagram, "controls": controls}
    return _folded("square", width, height, compare, page, m, fixed, area)


def portrait_layout(width: int, height: int, compare: bool, page: int) -> Layout:
    """3:4 … 9:16: the diagram across the top, below it one tab at a time (the controls, the time
    series and chain, or math and stats)."""
    m = Metrics(height)
    gap = m.gap
    header = _header(width, m)
    top = header.bottom + gap
    height_for_diagram = round(width * 0.56)
    if compare:
        # The basic RNN beside the cell asks for more height; a short portrait window (3:4, 4:5)
        # still keeps PORTRAIT_TABS_SHARE for the tabs, whose chain then has the RNN's row too.
        height_for_diagram = min(round(width * 0.64), height - top - round(height * PORTRAIT_TABS_SHARE))
    diagram = pygame.Rect(gap, top, width - 2 * gap, height_for_diagram)
    area = pygame.Rect(gap, diagram.bottom + gap, diagram.width, height - diagram.bottom - 2 * gap)
    fixed = {"header": header, "diagram": diagram}
    return _folded("portrait", width, height, compare, page, m, fixed, area)


def explore_layout(width: int, height: int, compare: bool) -> Layout:
    """The Explore level: the diagram large, the graph under it, the Explore controls beside
    them (below them in a portrait window); no chain, math, stats or Full controls."""
    m = Metrics(height)
    gap = m.gap
    shape = arrangement_for(width, height)
    header = _header(width, m)
    top = header.bottom + gap
    if shape == "portrait":
        # A short portrait window (3:4) gives the diagram less than its width asks: the gate
        # controls need their rows more.
        diagram = pygame.Rect(gap, top, width - 2 * gap, min(round(width * 0.5), round((height - top) * 0.36)))
        rest = pygame.Rect(gap, diagram.bottom + gap, diagram.width, height - diagram.bottom - 2 * gap)
        explore, graph = _split_rows(rest, 0.62, gap)
    else:
        left_w = round(width * (0.64 if shape == "wide" else 0.58))
        explore = pygame.Rect(left_w + gap, top, width - left_w - 2 * gap, height - top - gap)
        column = pygame.Rect(gap, top, left_w - gap, height - top - gap)
        diagram, graph = _split_rows(column, 0.6, gap)
    hidden = pygame.Rect(0, 0, 0, 0)
    gaps = uncovered((width, height), (diagram, graph, explore))
    return Layout(
        (width, height), m, header, diagram, hidden, graph, hidden, hidden, hidden, gaps, compare, m,
        arrangement=shape, explore=explore, level="explore",
    )


def _split_rows(rect: pygame.Rect, share: float, gap: int) -> tuple[pygame.Rect, pygame.Rect]:
    """`rect` cut into a top part `share` of its height and the rest, `gap` apart."""
    top_h = round(rect.height * share)
    top = pygame.Rect(rect.x, rect.y, rect.width, top_h)
    return top, pygame.Rect(rect.x, top.bottom + gap, rect.width, rect.bottom - top.bottom - gap)


def _split_columns(rect: pygame.Rect, share: float, gap: int) -> tuple[pygame.Rect, pygame.Rect]:
    """`rect` cut into a left part `share` of its width and the rest, `gap` apart."""
    left_w = round(rect.width * share)
    left = pygame.Rect(rect.x, rect.y, left_w, rect.height)
    return left, pygame.Rect(left.right + gap, rect.y, rect.right - left.right - gap, rect.height)


def uncovered(size: tuple[int, int], covered: tuple[pygame.Rect, ...]) -> tuple[pygame.Rect, ...]:
    """Rectangles that together cover the screen minus `covered` (cut along every panel edge)."""
    xs = sorted({0, size[0], *(x for r in covered for x in (r.left, r.right))})
    ys = sorted({0, size[1], *(y for r in covered for y in (r.top, r.bottom))})
    cells: list[pygame.Rect] = []
    for y0, y1 in pairwise(ys):
        row: list[pygame.Rect] = []
        for x0, x1 in pairwise(xs):
            cell = pygame.Rect(x0, y0, x1 - x0, y1 - y0)
            if cell.width and cell.height and not any(r.contains(cell) for r in covered):
                if row and row[-1].right == cell.left:
                    row[-1].width += cell.width  # merge runs along the row: fewer, larger fills
                else:
                    row.append(cell)
        cells += row
    return tuple(cells)
