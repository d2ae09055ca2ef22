"""The control panel fits every screen: swept over GRID with the real app, normal and comparing."""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import pygame
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from layout_grid import GRID

from lstm_arcade.i18n import tr
from lstm_arcade.sim import Simulation
from lstm_arcade.ui.widgets import Button, Slider

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]


def _show_controls(driver) -> None:
    """Bring the controls on screen (portrait: their tab) and draw a frame."""
    app = driver.app
    if not app.layout.shows("controls"):
        page = app.layout.page_of("controls")
        from lstm_arcade.app import dispatch

        dispatch.show_page(app, page)
    driver.frame()
    assert app.layout.shows("controls")


def _check_page(driver, size) -> None:
    app, panel = driver.app, driver.app.controls
    rect, m = app.layout.controls, app.layout.control_metrics or app.layout.metrics
    text = app.text
    shown = panel.visible_widgets()
    assert shown, size
    boxes = [(w.id, w.rect) for w in shown] + panel.text_boxes()
    for name, box in boxes:
        assert rect.contains(box), (size, name, box, rect)
    for (a, ra), (b, rb) in combinations(boxes, 2):
        assert not ra.colliderect(rb), (size, a, ra, b, rb)
    ring = m.px(4)  # how far a focus ring reaches past its widget
    for widget in shown:
        grown = widget.rect.inflate(2 * ring, 2 * ring)
        for name, box in boxes:
            if name != widget.id:
                assert not grown.colliderect(box), (size, "focus ring of", widget.id, "over", name)
    for widget in shown:
        if isinstance(widget, Button):
            assert widget.rect.height >= m.touch, (size, widget.id)
            for toggled in (False, True):
                if toggled and widget.toggled_label is None:
                    continue
                kept, widget.toggled = widget.toggled, toggled
                face, font_size, _hinted = widget.fitted(text, m)
                assert face in widget.faces(), (size, widget.id, face)
                assert font_size >= m.small
                width = text.size(face, font_size)[0]
                assert width <= widget.rect.width - 2 * m.gap, (size, widget.id, face)
                widget.toggled = kept
        if isinstance(widget, Slider):
            label_box, value_box = widget.text_rects(text, m)
            assert value_box.left >= widget.rect.left, (size, widget.id)
            if label_box.width:
                assert label_box.right + m.gap <= value_box.left, (size, widget.id, "label over value")
            assert not value_box.colliderect(widget.knob_rect()), (size, widget.id, "value over knob")
            assert not label_box.colliderect(widget.knob_rect()), (size, widget.id, "label over knob")
    for title, box in panel.column_labels:
        font = (m.body, True) if panel.transposed else (m.small, False)
        shown = title if panel.transposed else tr(title)  # as drawn: a kind's words translated
        assert text.size(shown, font[0], bold=font[1])[0] <= box.width, (size, shown)
    if panel.caption:
        assert text.size(panel.caption, m.small, bold=True)[0] <= panel.out_caption_rect.width
    if panel.message_rect.width:
        assert text.size(tr(panel.hint), m.small)[0] <= panel.message_rect.width, (size, tr(panel.hint))


@pytest.mark.parametrize("compare", [False, True])
@pytest.mark.parametrize("size", GRID, ids=[f"{w}x{h}" for w, h in GRID])
def test_every_widget_fits_the_panel(make_driver, size, compare) -> None:
    driver = make_driver(Simulation(sequence=PULSE), size=size)
    if compare:
        driver.key(pygame.K_c)
        assert driver.app.sim.compare
    _show_controls(driver)
    panel = driver.app.controls
    assert panel.show_rnn == compare
    _check_page(driver, size)
    if panel.folded:  # the other page, through its visible switch: a real click
        other = panel.pages[(panel.page + 1) % panel.page_count]
        driver.click(other.rect.center)
        assert panel.page == other.page
        _check_page(driver, size)
    every = {w.id for w in panel.widgets()}
    seen = set()
    for page in range(panel.page_count):
        panel.show_page(page)
        seen |= {w.id for w in panel.visible_widgets()}
    assert seen == every  # every widget is reachable on some page


def test_tab_to_a_weight_shows_its_page(make_driver) -> None:
    driver = make_driver(Simulation(sequence=PULSE), size=(1920, 1080))
    panel = driver.app.controls
    if not panel.folded:
        pytest.skip("this size shows every widget at once")
    assert panel.page == 0 and panel.sliders["w_f"].rect.width == 0
    while driver.app.state.focused is not panel.sliders["w_f"]:
        driver.key(pygame.K_TAB)
    assert panel.page == 1
    assert driver.app.layout.controls.contains(panel.sliders["w_f"].rect)


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768), (1080, 1920)])
def test_the_click_that_commits_the_sequence_also_steps(make_driver, size) -> None:
    driver = make_driver(size=size)
    _show_controls(driver)
    app = driver.app
    assert app.sim.t == 0 and not app.controls.step.enabled  # no sequence yet
    driver.click(app.controls.sequence.rect.center)
    assert app.state.focused is app.controls.sequence
    driver.type("1, 0, 1")
    driver.click(app.controls.step.rect.center)
    assert app.sim.sequence == [1.0, 0.0, 1.0]
    assert app.sim.t == 1


def test_a_portrait_kiosk_compares_with_two_control_pages_not_three(make_driver) -> None:
    """1080x1920 in compare mode: the diagram leaves the controls room for "Sequence & training"
    on one page (it once needed 18 px more, and a third page left half the panel empty)."""
    sim = Simulation(sequence=[1, 0, 0, 0, 0])
    sim.set_compare(True)
    d = make_driver(sim, size=(1080, 1920))
    d.frame()
    controls = d.app.controls
    assert controls.page_count == 2
    panel = d.app.layout.controls
    assert panel.contains(controls.play.rect) and panel.contains(controls.lr.rect)  # on one page together
