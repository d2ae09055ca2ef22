"""The unrolled chain: which cells are in view, what they show, clicks that inspect a step."""

from __future__ import annotations

import copy

import pygame
import pytest

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.app import dispatch as dispatcher
from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import paint, theme
from lstm_arcade.ui.views.chain import ChainView, chain_start
from lstm_arcade.ui.views.math_panel import math_lines

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]


def stepped(seq, n: int | None = None, params: LSTMParams | None = None) -> Simulation:
    sim = Simulation(params, seq)
    for _ in range(len(seq) if n is None else n):
        sim.step_forward()
    return sim


def cell(chain, k: int) -> pygame.Rect:
    return dict(chain.cells)[k]


# --- which steps are in view (pure) -------------------------------------------------------------
def test_a_short_sequence_starts_at_step_one():
    assert chain_start(shown=5, length=5, slots=8, start=1.0, live=True) == 1.0
    assert chain_start(shown=3, length=8, slots=8, start=1.0, live=False) == 1.0


def test_live_keeps_the_newest_step_second_from_the_right():
    assert chain_start(shown=150, length=300, slots=8, start=1.0, live=True) == 144.0
    assert chain_start(shown=149.5, length=300, slots=8, start=1.0, live=True) == 143.5  # sliding
    assert chain_start(shown=300, length=300, slots=8, start=1.0, live=True) == 293.0  # the end
    assert chain_start(shown=2, length=300, slots=8, start=1.0, live=True) == 1.0


def test_inspecting_keeps_the_window_until_the_step_leaves_it():
    assert chain_start(shown=146, length=300, slots=8, start=144.0, live=False) == 144.0
    assert chain_start(shown=40, length=300, slots=8, start=144.0, live=False) == 36.0  # centred


# --- the view in the running app ------------------------------------------------------------------
def test_cells_show_c_and_h_with_inputs_and_outputs(make_driver):
    driver = make_driver(stepped(PULSE, 3), size=(1920, 1080))
    chain = driver.app.chain
    assert [k for k, _ in chain.cells] == [1, 2, 3, 4, 5]  # 4 and 5 are ghosts still to come
    area = chain.area
    assert all(area.contains(box.clip(area)) for _, box in chain.cells)
    # The cell holding the pulse's memory is tinted blue more than a later, fainter one.
    c1, c3 = cell(chain, 1), cell(chain, 3)
    row = lambda box: (box.x + box.width - 6, box.y + box.height // 3)
    blue1, blue3 = driver.pixel(row(c1)), driver.pixel(row(c3))
    assert blue1[2] > blue3[2] > theme.PANEL[2]
    # The current step is highlighted in yellow; ghosts have no highlight.
    assert driver.pixel((cell(chain, 3).x + 1, cell(chain, 3).centery)) == theme.FOCUS
    assert driver.pixel((cell(chain, 4).x + 1, cell(chain, 4).centery)) != theme.FOCUS


def test_the_highway_is_blue_up_to_the_next_step_then_grey(make_driver):
    driver = make_driver(stepped(PULSE, 2), size=(1920, 1080))
    chain = driver.app.chain
    c2, c3, c4 = cell(chain, 2), cell(chain, 3), cell(chain, 4)
    highway_y = next(
        y for y in range(c2.y, c2.bottom) if driver.pixel((c2.right + 3, y)) == theme.CELL_C
    )
    # C(2) flows into step 3; nothing flows out of step 3, not computed yet.
    assert driver.pixel(((c2.right + c3.x) // 2, highway_y)) == theme.CELL_C
    assert driver.pixel(((c3.right + c4.x) // 2, highway_y)) != theme.CELL_C


def test_click_a_cell_inspects_that_step(make_driver):
    driver = make_driver(stepped(PULSE, 4), size=(1920, 1080))
    chain = driver.app.chain
    driver.click(cell(chain, 2).center)
    sim = driver.app.sim
    assert (sim.inspected, sim.t) == (2, 4)
    assert math_lines(sim)[0].text.startswith("t = 2:")
    assert driver.pixel((cell(chain, 2).x + 1, cell(chain, 2).centery)) == theme.FOCUS
    assert driver.pixel((cell(chain, 4).x + 1, cell(chain, 4).centery)) == theme.ACCENT  # live t
    driver.click(cell(chain, 5).center)  # a step not taken yet: nothing to inspect
    assert sim.inspected == 2
    driver.click(cell(chain, 4).center)  # the live step: back to live
    assert sim.inspected is None


def test_only_cells_in_view_are_drawn_and_the_overview_shows_the_window(make_driver):
    seq = [float(k % 9 == 0) for k in range(20_000)]
    driver = make_driver(stepped(seq), size=(1280, 720))
    chain = driver.app.chain
    _, _, pitch = chain.geometry(driver.app.text, driver.app.layout.metrics, len(seq))
    assert len(chain.cells) <= chain.area.width // pitch + 2
    assert chain.cells[-1][0] == 20_000
    assert chain.overview is not None and chain.overview.right <= chain.rect.right
    marker_x = chain.overview.right - 2  # the shown step's marker, at the very end
    assert driver.pixel((marker_x, chain.overview.centery)) == theme.FOCUS
    driver.app.sim.inspect(10)
    driver.frame()
    assert chain.cells[0][0] <= 10 <= chain.cells[-1][0]
    assert driver.pixel((marker_x, chain.overview.centery)) != theme.FOCUS


def test_short_sequences_have_no_overview(make_driver):
    driver = make_driver(stepped(PULSE, 2), size=(1920, 1080))
    assert driver.app.chain.overview is None


def test_chain_values_equal_the_trace(make_driver):
    params = LSTMParams(w_f=1.5, u_c=-0.7)
    seq = [1.0, 0.0, 0.5, -1.0, 0.0, 0.0]
    driver = make_driver(stepped(seq, params=params), size=(1920, 1080))
    trace = run(params, seq)
    tiles = driver.app.chain._tiles
    shown = sorted({key[0] for key in tiles})
    assert len(shown) >= 5 and shown[-1] == 6  # the larger fonts leave five cells in view at 1080p
    for k in shown:
        key = next(key for key in tiles if key[0] == k)
        # The tile shows the trace's values to the 3 decimals on screen (and is keyed by them).
        assert key[2] == tuple(round(v, 3) for v in (trace.c[k - 1], trace.h[k - 1], trace.y[k - 1]))


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_labels_fit_inside_the_panel(make_driver, size):
    seq = [float(k % 9 == 0) for k in range(100_000)]
    sim = stepped(seq, 10)
    driver = make_driver(sim, size=size)
    chain = driver.app.chain
    area = chain.area
    for _, box in chain.cells:
        assert area.y <= box.y and box.bottom <= area.bottom
    label_w = driver.app.text.size("C(100000) +0.000", driver.app.layout.metrics.small, mono=True)[
        0
    ]
    assert cell(chain, 10).width >= label_w


def test_while_training_only_the_numbers_are_drawn_again_and_they_are_right(make_driver):
    driver = make_driver(Simulation(sequence=PULSE, speed=30), size=(1920, 1080))  # top pace
    app = driver.app
    dispatcher.select_task(app, app.controls.task_names.index("Remember the pulse"))
    driver.click(app.controls.train.rect.center)
    for _ in range(15):  # the chain slides to show the whole sequence, then stands
        driver.frame()
    chain = app.chain
    # A mark on the panel's title row, which nothing in the chain changes while it trains.
    mark = (chain.rect.centerx, chain.rect.y + 4)
    under = driver.pixel(mark)
    app.screen.set_at(mark, (255, 0, 255))
    shown = app.sim.column("c")[0]
    for _ in range(5):
        driver.frame()
    assert app.sim.training and app.sim.column("c")[0] != shown  # the weights moved
    assert driver.pixel(mark) == (255, 0, 255)  # the panel was not drawn anew, only its cells
    app.screen.set_at(mark, under)
    left = pygame.image.tobytes(app.screen, "RGB")
    app.drawn_clean = False
    app.draw()
    assert pygame.image.tobytes(app.screen, "RGB") == left


def chain_pixels(surface: pygame.Surface, app) -> bytes:
    return pygame.image.tobytes(surface.subsurface(app.chain.rect), "RGB")


def whole_chain_pixels(driver) -> bytes:
    """The chain panel drawn whole by a fresh view at the same scroll position, off screen."""
    app = driver.app
    whole = ChainView()
    whole.layout(app.chain.rect, app.chain._m)
    whole.start, whole.slide = app.chain.start, copy.deepcopy(app.chain.slide)
    scratch = pygame.Surface(app.screen.get_size())
    with paint.clipped(scratch, app.chain.rect):
        whole.render(scratch, app.sim, app.text, app.chain._m, driver.clock.now, app.state.reduce_motion)
    assert whole.start == app.chain.start
    return chain_pixels(scratch, app)


@pytest.mark.parametrize(
    ("size", "compare", "length", "taken"),
    [((1920, 1080), False, 300, 150), ((3840, 2160), True, 3000, 1500), ((1024, 768), False, 40, 20),
     ((1280, 800), False, 60, 0)],
    ids=["1080p", "4K-compare", "4:3-short", "from-the-start"],
)
def test_a_sliding_chain_is_every_frame_what_a_whole_drawing_gives(make_driver, size, compare, length, taken):
    """Playing, the steps slide along every frame: the frame, title, legend and strip labels are
    left standing and only the cells, the strip's marks and the overview are drawn again. Every
    frame the panel must hold exactly the pixels of drawing it whole."""
    sim = Simulation(sequence=[(k % 7) - 3 for k in range(length)], speed=25)
    sim.set_compare(compare)
    for _ in range(taken):
        sim.step_forward()
    while sim.pending:
        sim.update(0.0)
    driver = make_driver(sim, size=size)
    app = driver.app
    page = app.layout.page_of("chain")
    if page != app.layout.page:
        app.dispatch(Action(act.SHOW_PAGE, page), driver.clock.now)
        driver.frame()
    driver.key(pygame.K_SPACE)
    fills = []
    frame_draw = app.chain.frame.draw
    for k in range(40 if taken else 30):
        app.chain.frame.draw = lambda *a: fills.append(1) or frame_draw(*a)
        driver.frame()
        app.chain.frame.draw = frame_draw
        assert chain_pixels(app.screen, app) == whole_chain_pixels(driver), f"frame {k}"
    assert app.sim.playing and len(fills) <= 3  # slid: the frame stood on nearly every frame


def test_a_chain_that_was_empty_is_drawn_whole_when_steps_come_back(make_driver):
    """Emptied, the chain shows a hint where its steps were; a new sequence of the same length
    brings the steps back in the same places, and its first frame must draw the panel whole
    (the hint gone, the legend and the overview back), not slide the steps over the hint."""
    sim = Simulation(sequence=[float(k % 5 == 0) for k in range(40)], speed=25)
    for _ in range(20):
        sim.step_forward()
    driver = make_driver(sim, size=(1920, 1080))
    app = driver.app
    driver.key(pygame.K_SPACE)
    for _ in range(5):
        driver.frame()  # sliding: the frame, legend and labels stand
    driver.key(pygame.K_SPACE)
    field = app.controls.sequence
    for typed in ("", "1 0 0 0 0 " * 8):
        driver.click(field.rect.center)
        driver.key(pygame.K_a, pygame.KMOD_CTRL)
        driver.key(pygame.K_BACKSPACE)
        if typed:
            driver.type(typed)
        driver.key(pygame.K_RETURN)
        assert app.sim.length == len(typed.split())
    driver.key(pygame.K_RIGHT)
    assert chain_pixels(app.screen, app) == whole_chain_pixels(driver)
