"""The every-screen layout checks in every shipped language (German runs about a third longer than
English): each check of the fit tests, run again with the catalogue of each language, over the
screen shapes where room is tightest. The checks are the fit tests' own functions, called as they are."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pygame
import pytest
import test_chain_graph_fit as chain_graph
import test_controls_fit as controls
import test_diagram_fit as diagram
import test_math_fit as math_panel

from lstm_arcade.formats import languages
from lstm_arcade.sim import Simulation

CODES = [code for code in languages.CODES if code != languages.DEFAULT]
# A wide screen, a 16:10 laptop, a 4:3 projector, a 5:4 kiosk monitor and a portrait kiosk.
SIZES = [(1920, 1080), (1280, 800), (1024, 768), (1280, 1024), (1080, 1920)]
CHECKS: dict[str, Callable] = {
    "widgets fit the control panel": lambda d, s: controls.test_every_widget_fits_the_panel(d, s, False),
    "widgets fit in compare mode": lambda d, s: controls.test_every_widget_fits_the_panel(d, s, True),
    "diagram labels apart and inside": lambda d, s: diagram.test_no_label_overlaps_a_label_or_a_node_and_all_stay_inside(d, s, False),
    "diagram values in their boxes": lambda d, s: diagram.test_every_value_drawn_this_frame_sits_in_its_box(d, s, False),
    "diagram title, chips and Motion apart": diagram.test_title_chips_and_motion_do_not_collide_and_the_cell_starts_below,
    "graph legend inside": chain_graph.test_graph_plot_keeps_its_share_and_legend_stays_inside,
    "graph hint clear of Pin run": chain_graph.test_graph_hint_never_meets_the_pin_button,
    "chain text in its boxes": lambda d, s: chain_graph.test_chain_cell_text_fits_its_box(d, s, False),
    "math lines reachable and fitting": lambda d, s: math_panel.test_every_math_line_is_reachable_and_fits_at_every_size(d, s, False),
    "stats rows fit": math_panel.test_the_stats_rows_fit_at_every_size,
    "help card fits in pages": lambda d, s: _help_card_fits_in_pages(d, s),
    "tab names inside their tabs": lambda d, s: _tab_names_fit(d, s),
}


def _tab_names_fit(make_driver, size) -> None:
    """A folded window's tab names, each drawn whole inside its own tab, clear of its edge
    (Spanish "Serie temporal" once ran over both edges of a portrait tab)."""
    d = make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), size=size)
    d.frame()
    tabs = d.app.tabs
    if d.app.layout.pages < 2 or d.app.layout.arrangement == "scaled":
        return
    assert len(tabs.labels) == len(tabs.buttons) >= 2
    for label, button in zip(tabs.labels, tabs.buttons, strict=True):
        assert button.inflate(-2 * d.app.layout.metrics.line, 0).contains(label), (label, button)


def _help_card_fits_in_pages(make_driver, size) -> None:
    """The help card inside the window on every page, and clicks walk through them all (a longer
    language may need more pages than English: the text never gets smaller)."""
    d = make_driver(Simulation(), size=size)
    d.key(pygame.K_h)
    window = pygame.Rect(0, 0, *size)
    pages = d.app.help.pages
    assert 1 <= pages <= 6
    for page in range(pages):
        assert d.app.state.help_open and d.app.state.help_page == page
        assert window.contains(d.app.help.card)
        d.click((size[0] // 2, size[1] // 2))
    assert not d.app.state.help_open


@pytest.fixture(params=CODES)
def language(request) -> Iterator[str]:
    languages.use(request.param)
    yield request.param
    languages.use(languages.DEFAULT)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("check", list(CHECKS))
def test_every_layout_check_passes_in_every_language(make_driver, language, check, size):
    CHECKS[check](make_driver, size)
