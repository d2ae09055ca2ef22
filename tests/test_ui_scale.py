"""--ui-scale: larger text and controls for a projector's far rows, a group of panels at a time."""

from __future__ import annotations

import itertools

import pygame
import pytest

from lstm_arcade.app import AppOptions
from lstm_arcade.app import dispatch as dispatcher
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.layout import CONTROLS_PAGE, PAGES, compute_layout
from tests.test_cli import lstm_arcade

REGIONS = ("diagram", "chain", "graph", "controls", "stats", "math")
SIZES = [(1280, 720), (1920, 1080), (3840, 2160), (1280, 1024)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", [1.25, 1.5])
@pytest.mark.parametrize("compare", [False, True])
def test_every_page_tiles_the_window_and_every_panel_is_on_a_page(size, scale, compare):
    shown_somewhere = set()
    for page in range(len(PAGES)):
        layout = compute_layout(*size, compare=compare, ui_scale=scale, page=page)
        assert layout.pages == len(PAGES) and layout.page == page
        assert layout.metrics.height == round(size[1] * scale)  # every size scaled
        shown = [getattr(layout, name) for name in REGIONS if layout.shows(name)]
        hidden = [getattr(layout, name) for name in REGIONS if not layout.shows(name)]
        assert len(shown) >= 2 and all(r.width == 0 for r in hidden)
        shown_somewhere |= {name for name in REGIONS if layout.shows(name)}
        pieces = shown + list(layout.gaps)
        for a, b in itertools.combinations(pieces, 2):
            assert not a.colliderect(b), (a, b)
        screen = pygame.Rect(0, 0, *size)
        assert all(screen.contains(piece) for piece in pieces)
        assert sum(r.width * r.height for r in pieces) == size[0] * size[1]
        assert layout.header.width == size[0] - 2 * layout.metrics.gap  # the header spans the window
        if layout.shows("controls"):  # the controls grow only as far as their column allows
            needed = round(layout.control_metrics.height * 0.62)
            assert needed <= layout.controls.height + layout.metrics.gap
    assert shown_somewhere == set(REGIONS)


def test_scale_1_is_the_everything_at_once_layout():
    assert compute_layout(1920, 1080, ui_scale=1.0) == compute_layout(1920, 1080)
    assert compute_layout(1920, 1080).pages == 1


@pytest.fixture
def scaled(make_driver, monkeypatch):
    return make_driver(Simulation(sequence=[1, 0, 0, 0, 0]), (1920, 1080), AppOptions(ui_scale=1.5))


def test_v_and_the_header_button_walk_through_the_pages(scaled):
    app = scaled.app
    gate = app.diagram.center("f")
    assert app.layout.shows("diagram") and not app.layout.shows("math")
    yellow = scaled.pixel(gate)
    scaled.key(pygame.K_v, unicode="v")
    assert app.state.page == 1 and app.layout.shows("math") and not app.layout.shows("diagram")
    assert scaled.pixel(gate) != yellow  # nothing of the diagram is left behind
    math = app.layout.math
    inked = sum(
        scaled.pixel((x, y)) != theme.PANEL
        for x in range(math.x + 20, math.right - 20, 16)
        for y in range(math.y + 60, math.y + 300, 8)
    )
    assert inked > 50  # the equations are drawn, at 1.5 × the size
    scaled.click(app.header.page_rect.center)
    assert app.state.page == CONTROLS_PAGE and app.layout.shows("controls")
    scaled.key(pygame.K_v, unicode="v")
    assert app.state.page == 0  # round again


def test_hidden_controls_take_no_clicks_and_tab_brings_them_back(scaled):
    app = scaled.app
    dispatcher.show_page(app, CONTROLS_PAGE)
    scaled.frame()
    knob = app.controls.sliders["w_f"].rect.center
    dispatcher.show_page(app, 0)
    scaled.frame()
    before = app.sim.params.w_f
    scaled.click(knob)  # where the slider was: now the diagram or graph
    scaled.drag(knob, (knob[0] + 200, knob[1]))
    assert app.sim.params.w_f == before and app.state.focused is None
    for _ in range(60):  # past what this page shows (the diagram's chips and nodes …)
        scaled.key(pygame.K_TAB)
        if app.state.focused in app.controls.widgets():
            break
    assert app.state.page == CONTROLS_PAGE and app.state.focused is app.controls.sequence


def test_scaled_text_is_larger_on_screen(make_driver, monkeypatch):
    heights = {}
    for scale in (1.0, 1.5):
        # One language offered: no switch beside the page button (where the row is short of room
        # the title gives way to it, and this compares the title's sizes).
        options = AppOptions(ui_scale=scale, languages=("en",))
        app = make_driver(Simulation(sequence=[1, 0]), (1920, 1080), options).app
        header = app.layout.header
        rows = [
            y for y in range(header.top, header.bottom)
            if any(app.screen.get_at((x, y))[:3] == theme.TEXT for x in range(header.x, header.x + 300))
        ]
        heights[scale] = rows[-1] - rows[0]  # the title's ink, top to bottom
        pygame.quit()
    assert heights[1.5] >= 1.4 * heights[1.0]


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--ui-scale", "2"], "argument --ui-scale: 2 is outside 1 … 1.5"),
        (["--ui-scale", "0.5"], "outside 1 … 1.5"),
        (["--ui-scale", "big"], "'big' is not a number"),
        (["--ui-scale", "1.5", "--kiosk"], "a kiosk shows every panel at once"),
    ],
)
def test_bad_ui_scale_exits_2_with_one_line(args, needle):
    done = lstm_arcade(*args, "--frames", "1")
    assert done.returncode == 2 and needle in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_ui_scale_from_the_command_line(tmp_path):
    shot = tmp_path / "shot.png"
    done = lstm_arcade("--ui-scale", "1.5", "--size", "1280x720", "--sequence", "1,0", "--frames", "2",
                       "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    layout = compute_layout(1280, 720, ui_scale=1.5)
    image = pygame.image.load(str(shot))
    # The diagram spans the window's width at this scale (at scale 1 the controls are on the right).
    assert tuple(image.get_at((layout.diagram.right - 4, layout.diagram.centery)))[:3] == theme.PANEL
    assert compute_layout(1280, 720).controls.collidepoint(layout.diagram.right - 4, layout.diagram.centery)


def test_text_too_wide_for_a_small_window_stays_inside_its_panel(make_driver, monkeypatch):
    """At 320 × 240 and 1.5 × the empty chain's hint is wider than its panel: clipped, it leaves
    no stray pixels in the controls beside it, which a reused frame would not paint over."""
    driver = make_driver(Simulation(sequence=[]), (320, 240), AppOptions(ui_scale=1.5))
    app = driver.app
    dispatcher.show_page(app, CONTROLS_PAGE)
    for _ in range(3):
        driver.frame()
    assert app.drawn_clean  # these frames reused the screen
    left = pygame.image.tobytes(app.screen, "RGB")
    app.drawn_clean = False
    app.draw()
    assert pygame.image.tobytes(app.screen, "RGB") == left
