"""Screen regions from the window size (DESIGN.md §3): nothing is a fixed pixel size."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import pygame

from .theme import Metrics

LEFT_SHARE = 0.68  # the diagram, chain and graph column; the controls take the rest
CHAIN_SHARE = 0.18  # the unrolled chain and its gradient strip
# Comparing, the chain adds the basic RNN's row and strip; the diagram, then wider than tall (its
# grid gains the RNN cell's column), gives up the height it no longer uses.
CHAIN_SHARE_COMPARE = 0.235


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

    def panels(self) -> dict[str, pygame.Rect]:
        return {
            "header": self.header,
            "diagram": self.diagram,
            "chain": self.chain,
            "graph": self.graph,
            "controls": self.controls,
            "stats": self.stats,
            "math": self.math,
        }


def compute_layout(width: int, height: int, compare: bool = False) -> Layout:
    """Left column: header, diagram, chain; bottom row: graph | stats | math; right: controls."""
    m = Metrics(height)
    gap = m.gap
    left_w = round(width * LEFT_SHARE)
    header_h = m.px(62)
    top_h = round(height * 0.62)  # header + diagram + chain; the bottom row takes the rest
    chain_h = round(height * (CHAIN_SHARE_COMPARE if compare else CHAIN_SHARE))

    header = pygame.Rect(gap, gap, left_w - 2 * gap, header_h - gap)
    diagram = pygame.Rect(gap, header.bottom + gap, header.width, top_h - header.bottom - chain_h - 2 * gap)
    chain = pygame.Rect(gap, diagram.bottom + gap, header.width, top_h - diagram.bottom - gap)
    controls = pygame.Rect(left_w + gap, gap, width - left_w - 2 * gap, top_h - gap)

    # The bottom row gives the graph half the width so the math panel's equations fit on a line.
    bottom_y = top_h + gap
    bottom_h = height - bottom_y - gap
    graph_w = round(width * 0.5) - gap
    graph = pygame.Rect(gap, bottom_y, graph_w - gap, bottom_h)
    stats_w = round(width * 0.115)
    stats = pygame.Rect(graph.right + gap, bottom_y, stats_w, bottom_h)
    math_rect = pygame.Rect(stats.right + gap, bottom_y, width - stats.right - 2 * gap, bottom_h)
    panels = (diagram, chain, graph, controls, stats, math_rect)
    gaps = uncovered((width, height), panels)
    return Layout(
        (width, height), m, header, diagram, chain, graph, controls, stats, math_rect, gaps, compare
    )


def uncovered(size: tuple[int, int], covered: tuple[pygame.Rect, ...]) -> tuple[pygame.Rect, ...]:
    """Rectangles that together cover the screen minus `covered` (cut along every panel edge)."""
    xs = sorted({0, size[0], *(x for r in covered for x in (r.left, r.right))})
    ys = sorted({0, size[1], *(y for r in covered for y in (r.top, r.bottom))})
    cells = []
    for y0, y1 in pairwise(ys):
        row = []
        for x0, x1 in pairwise(xs):
            cell = pygame.Rect(x0, y0, x1 - x0, y1 - y0)
            if cell.width and cell.height and not any(r.contains(cell) for r in covered):
                if row and row[-1].right == cell.left:
                    row[-1].width += cell.width  # merge runs along the row: fewer, larger fills
                else:
                    row.append(cell)
        cells += row
    return tuple(cells)
