"""The unrolled chain and the time-series graph fit every screen (issue 17): labels inside their
panel and on no other, the plot keeps its share of the graph's height, coincident gates all show."""

from __future__ import annotations

import pygame
import pytest
from layout_grid import GRID

from lstm_arcade.app.dispatch import show_page
from lstm_arcade.i18n import tr
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.graph import PLOT_SHARE


def fit_app(make_driver, size: tuple[int, int], compare: bool = False, steps: int = 3):
    """The real app at `size` after `steps` steps, on the tab that shows the chain and the graph."""
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=size)
    for _ in range(steps):
        driver.key(pygame.K_RIGHT)
    if compare:
        driver.key(pygame.K_c, unicode="c")
        assert driver.app.sim.compare
    page = driver.app.layout.page_of("graph")
    if page is not None and page != driver.app.layout.page:
        show_page(driver.app, page)
    driver.frame(2.0)
    driver.frame(2.1)
    return driver


@pytest.mark.parametrize("size", GRID, ids=[f"{w}x{h}" for w, h in GRID])
def test_graph_plot_keeps_its_share_and_legend_stays_inside(make_driver, size):
    app = fit_app(make_driver, size).app
    graph = app.graph
    assert graph.plot.height >= PLOT_SHARE * graph.rect.height * 0.9, (graph.plot, graph.rect)
    rects = [r for _, r in graph.legend.entries]
    for r in rects:
        assert graph.rect.contains(r), (r, graph.rect)
        assert not r.colliderect(graph.plot)
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].colliderect(rects[b])
    assert not graph.pin_rect.colliderect(graph.legend.rect)


@pytest.mark.parametrize("size", GRID, ids=[f"{w}x{h}" for w, h in GRID])
def test_graph_hint_never_meets_the_pin_button(make_driver, size):
    app = fit_app(make_driver, size).app
    graph, m, text = app.graph, app.layout.metrics, app.text
    hint = graph.frame.subtitle
    if hint:
        title_w = text.size(tr(graph.frame.title), m.heading, bold=True)[0]  # both as drawn
        right = graph.rect.x + 2 * m.pad + title_w + text.size(tr(hint), m.small)[0]
        assert right <= graph.pin_rect.x, (hint, right, graph.pin_rect)


@pytest.mark.parametrize("compare", [False, True], ids=["lstm", "compare"])
@pytest.mark.parametrize("size", GRID, ids=[f"{w}x{h}" for w, h in GRID])
def test_chain_cell_text_fits_its_box(make_driver, size, compare):
    app = fit_app(make_driver, size, compare).app
    chain, m, text = app.chain, app.layout.metrics, app.text
    rows = chain.rows
    line_h = text.font(m.small, mono=True).get_linesize()
    font_h = text.font(m.small, mono=True).get_height()
    lines = (2 if rows.two_rows else 1) if rows.box_text else 0
    assert lines * font_h <= rows.box_h - 2 * m.px(3), (rows.box_h, line_h)
    # y(k) above the box and x(k) under it stay inside the neurons' rows, clear of box and strip.
    if rows.show_y:
        assert rows.y_c - font_h // 2 >= 0
        assert rows.y_c + font_h // 2 <= rows.box_top
    assert rows.x_c - font_h // 2 >= rows.box_top + rows.box_h
    bottom_mark = rows.rnn[0] if rows.rnn is not None else rows.strips[0]
    assert rows.x_c + font_h // 2 <= bottom_mark
    box_w = chain._geometry[0]
    label = f"C({chain._t}) \u22120.000"
    assert text.size(label, m.small, mono=True)[0] <= box_w - 2 * m.px(3)
    assert chain.area.bottom <= chain.rect.bottom


def test_coincident_gate_lines_each_show(make_driver):
    """Default weights make f = i = o: after 3 steps each of the three colours is on the plot."""
    driver = fit_app(make_driver, (1920, 1080), steps=3)
    app = driver.app
    sim, graph = app.sim, app.graph
    f, i, o = (list(sim.column(k))[:3] for k in "fio")
    assert f == i == o  # the premise: the seed's defaults
    screen = pygame.display.get_surface()
    found = set()
    colours = {k: theme.color(t) for k, t in (("f", "FORGET_F"), ("i", "INPUT_I"), ("o", "OUTPUT_O"))}
    x0, _ = graph.point(1, f[0])
    x1, _ = graph.point(3, f[2])
    for x in range(round(x0) + 2, round(x1) - 2, 2):
        for y in range(graph.plot.top, graph.plot.bottom):
            pixel = tuple(screen.get_at((x, y)))[:3]
            for key, colour in colours.items():
                if sum(abs(a - b) for a, b in zip(pixel, colour, strict=True)) < 40:
                    found.add(key)
    assert found == {"f", "i", "o"}, found


def test_at_t0_no_step_marker_lies_over_the_chain_title(make_driver):
    """Step 0 is no step: its marker would sit left of the overview bar, over "Unrolled chain"."""
    driver = make_driver(Simulation(sequence=[1, 0] * 20), size=(1024, 768))
    chain = driver.app.chain
    assert chain.overview is not None and driver.app.sim.t == 0
    bar = chain.overview
    title_end = bar.x - driver.app.layout.metrics.pad
    strip = [driver.pixel((x, bar.centery)) for x in range(chain.rect.x, title_end)]
    assert theme.FOCUS not in strip
    driver.key(pygame.K_RIGHT)
    assert theme.FOCUS in [driver.pixel((x, bar.centery)) for x in range(bar.x - 4, bar.x + 8)]
