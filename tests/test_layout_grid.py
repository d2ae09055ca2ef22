"""Every screen shape (tests/layout_grid.py): an arrangement of its own, panels disjoint and inside
the window, every panel reachable on some tab, and every text legible (measured glyph heights)."""

from __future__ import annotations

import itertools
import re

import pygame
import pytest
from layout_grid import GRID, NEAR_SQUARE, PORTRAIT, WIDE

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.sim import Simulation
from lstm_arcade.ui.layout import arrangement_for, compute_layout
from lstm_arcade.ui.text import Text
from lstm_arcade.ui.theme import Metrics

PANELS = ("diagram", "chain", "graph", "controls", "stats", "math")


@pytest.mark.parametrize(("sizes", "shape"), [(WIDE, "wide"), (NEAR_SQUARE, "square"), (PORTRAIT, "portrait")])
def test_each_shape_gets_its_own_arrangement(sizes, shape):
    assert {arrangement_for(*size) for size in sizes} == {shape}
    assert {compute_layout(*size).arrangement for size in sizes} == {shape}


@pytest.mark.parametrize("size", GRID, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("compare", [False, True], ids=["lstm", "compare"])
def test_every_tab_tiles_the_window_and_every_panel_is_on_one(size, compare):
    pages = compute_layout(*size, compare=compare).pages
    screen = pygame.Rect(0, 0, *size)
    seen: set[str] = set()
    for page in range(pages):
        layout = compute_layout(*size, compare=compare, page=page)
        assert layout.page == page
        shown = [getattr(layout, name) for name in PANELS if layout.shows(name)]
        seen |= {name for name in PANELS if layout.shows(name)}
        pieces = shown + list(layout.gaps)
        for a, b in itertools.combinations(pieces, 2):
            assert not a.colliderect(b), (page, a, b)
        assert all(screen.contains(piece) for piece in pieces)
        assert sum(r.width * r.height for r in pieces) == size[0] * size[1]  # nothing left unpainted
        assert layout.header.collidelist(shown) == -1 and layout.tabs.collidelist(shown) == -1
        assert screen.contains(layout.header)
        # A panel is big enough to hold its title and one line of content at the floor size.
        m = layout.metrics
        assert all(r.height >= m.heading + 2 * m.small and r.width >= 8 * m.small for r in shown), page
        for name in PANELS:
            assert (layout.page_of(name) == page) == layout.shows(name) or layout.page_of(name) != page
    assert seen == set(PANELS)  # every panel is on some tab
    if pages > 1:
        assert len(layout.tab_names) == pages and layout.tabs.height >= layout.metrics.touch


def test_a_tab_click_and_v_show_the_folded_panels(make_driver):
    d = make_driver(Simulation(), size=(1024, 768))
    app = d.app
    assert app.layout.arrangement == "square" and app.layout.shows("graph") and not app.layout.shows("math")
    d.click(app.tabs.buttons[1].center)
    assert app.state.page == 1 and app.layout.shows("math") and app.layout.shows("stats")
    assert not app.layout.shows("graph") and app.layout.shows("controls") and app.layout.shows("diagram")
    d.key(pygame.K_v)
    assert app.state.page == 0 and app.layout.shows("graph")


def test_a_portrait_kiosk_brings_the_controls_tab_back_when_a_slider_is_reached(make_driver):
    d = make_driver(Simulation(), size=(768, 1024))
    app = d.app
    app.dispatch(Action(act.SHOW_PAGE, 2), d.clock.now)
    assert not app.layout.shows("controls")
    for _ in range(60):  # past what is on screen (the tabs, the diagram's chips and nodes)
        d.key(pygame.K_TAB)
        if app.state.focused in app.controls.widgets():
            break
    assert app.state.focused is app.controls.sequence
    assert app.layout.shows("controls") and app.state.page == 0


def test_a_resize_keeps_a_valid_tab(make_driver):
    d = make_driver(Simulation(), size=(1080, 1920))
    d.app.dispatch(Action(act.SHOW_PAGE, 2), d.clock.now)
    pygame.display.set_mode((1024, 768), pygame.RESIZABLE)
    d.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 768), w=1024, h=768))
    d.frame()
    lay = d.app.layout
    assert lay.arrangement == "square" and 0 <= lay.page < lay.pages


# --- legibility: what is on screen, measured -----------------------------------------------------
CAPITAL_OR_DIGIT = re.compile("[0-9A-Z]")
_ink_cache: dict[tuple[int, bool, bool], int] = {}


def _capital_height(text: Text, size: int, mono: bool, bold: bool) -> int:
    """The ink height of a capital and a digit ("H0") as this font draws them at `size`."""
    key = (size, mono, bold)
    if key not in _ink_cache:
        _ink_cache[key] = text.render("H0", size, (255, 255, 255), mono=mono, bold=bold).get_bounding_rect().height
    return _ink_cache[key]


SCREEN_SIZES = [(1920, 1080), (1024, 768), (1280, 800), (1080, 1920), (3840, 2160), (2560, 1080), (768, 1024)]


@pytest.mark.parametrize("size", SCREEN_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_text_on_screen_is_at_least_a_sixtieth_of_the_height(make_driver, monkeypatch, size):
    """Every string drawn with a capital or a digit in it, on every tab, after steps: its capitals
    stand at least H/60 high on screen (measured on the rendered glyphs, not the font size)."""
    d = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=size)
    drawn: list[tuple[str, int, bool, bool]] = []
    real = Text.render

    def recording(self, string, font_size, color, *, mono=False, bold=False):
        drawn.append((string, font_size, mono, bold))
        return real(self, string, font_size, color, mono=mono, bold=bold)

    monkeypatch.setattr(Text, "render", recording)
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    for page in range(d.app.layout.pages):
        d.app.dispatch(Action(act.SHOW_PAGE, page), d.clock.now)
        d.app.drawn_clean = False
        d.frame()
    floor = size[1] / 60
    small = [
        (string, font_size)
        for string, font_size, mono, bold in set(drawn)
        if CAPITAL_OR_DIGIT.search(string) and _capital_height(d.app.text, font_size, mono, bold) < floor - 0.5
    ]
    assert not small, f"{len(small)} texts below H/60 = {floor:.1f} px, e.g. {sorted(small)[:8]}"


@pytest.mark.parametrize("height", [768, 800, 1024, 1080, 1440, 1920, 2160, 3840])
def test_the_floor_and_body_sizes_measure_up(height):
    pygame.font.init()
    text, m = Text(), Metrics(height)
    assert _capital_height(text, m.small, True, False) >= height / 60 - 0.5
    assert _capital_height(text, m.small, False, False) >= height / 60 - 0.5
    assert _capital_height(text, m.body, True, False) >= height / 50 - 0.5
    assert _capital_height(text, m.body, False, False) >= height / 50 - 0.5


@pytest.mark.parametrize("size", [(1080, 1920), (768, 1024), (1024, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_help_card_fits_the_window_in_pages_and_clicks_walk_through_them(make_driver, size):
    d = make_driver(Simulation(), size=size)
    d.key(pygame.K_h)
    help_card = d.app.help
    assert d.app.state.help_open and pygame.Rect(0, 0, *size).contains(help_card.card)
    pages = help_card.pages
    assert (pages > 1) == (size != (1920, 1080))  # wide: one card; narrower: in pages, never smaller text
    for page in range(pages):
        assert d.app.state.help_open and d.app.state.help_page == page
        assert pygame.Rect(0, 0, *size).contains(help_card.card)
        d.click((size[0] // 2, size[1] // 2))
    assert not d.app.state.help_open  # the click after the last page closes it
    d.key(pygame.K_h)
    assert d.app.state.help_page == 0
    d.key(pygame.K_ESCAPE)
    assert not d.app.state.help_open


def test_the_tabs_follow_a_new_layout_of_the_same_names(make_driver):
    """Compare mode changes the diagram's height: the tab buttons move with their strip."""
    d = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=(800, 600))
    before = d.app.layout.tabs
    d.key(pygame.K_c)
    strip = d.app.layout.tabs
    assert d.app.sim.compare and strip != before
    assert all(strip.contains(button) for button in d.app.tabs.buttons) and len(d.app.tabs.buttons) == 2
    d.click(d.app.tabs.buttons[1].center)
    assert d.app.state.page == 1


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_tour_caption_lies_below_the_diagram_on_every_shape(size):
    from lstm_arcade.ui.views.tour_overlay import TourOverlay

    pygame.font.init()
    layout = compute_layout(*size)
    _card, rect = TourOverlay().card(layout, Text(), "1 / 9 · The cell", "A pulse enters: watch the forget gate keep it.")
    assert pygame.Rect(0, 0, *size).contains(rect) and rect.width >= layout.diagram.width * 0.6
    assert rect.top >= layout.diagram.centery  # the gates and their numbers stay in sight
