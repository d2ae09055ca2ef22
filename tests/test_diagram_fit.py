"""The network diagram fits every screen: every label it draws is measured into a free spot."""

from __future__ import annotations

import itertools

import pygame
import pytest
from layout_grid import GRID, WIDE

from lstm_arcade.model import SPEC_BY_NAME
from lstm_arcade.sim import Simulation
from lstm_arcade.ui.views.diagram import rect_hits_circle
from lstm_arcade.ui.views.formatting import weight
from lstm_arcade.ui.views.preset_chips import TITLE

# 9:16 with the RNN cell beside the LSTM's: the diagram's rect (1010 × 469 at 1080×1920) has no
# room for every node's label at the 1/60 floor; the ones that fit are drawn, none on another.
CRAMPED = {((1080, 1920), True), ((2160, 3840), True)}


def diagram_app(make_driver, size: tuple[int, int], compare: bool):
    """The real app at `size` after two steps; compare mode turned on by its key, as a visitor does."""
    driver = make_driver(Simulation(sequence=[1, 0, -1, 0, 0]), size=size)
    driver.key(pygame.K_RIGHT)
    driver.key(pygame.K_RIGHT)
    if compare:
        driver.key(pygame.K_c, unicode="c")
        assert driver.app.sim.compare
    driver.frame(2.0)  # the step animation has run out: every value is drawn
    return driver.app


@pytest.mark.parametrize("compare", [False, True], ids=["lstm", "compare"])
@pytest.mark.parametrize("size", GRID, ids=[f"{w}x{h}" for w, h in GRID])
def test_no_label_overlaps_a_label_or_a_node_and_all_stay_inside(make_driver, size, compare):
    app = diagram_app(make_driver, size, compare)
    diagram, m = app.diagram, app.layout.metrics
    rects = diagram.label_rects()
    nodes = [node for node in diagram.nodes if node.kind != "op"]
    # Every node's value is on screen (its one-line label or its name and value), at the floor or above.
    for node in nodes if (size, compare) not in CRAMPED else []:
        assert {f"{node.key}:label"} <= set(rects) or {f"{node.key}:name", f"{node.key}:value"} <= set(rects), node.key
    assert diagram.label_size >= m.small
    for name, rect in rects.items():
        assert diagram.content.contains(rect) and diagram.rect.contains(rect), f"{name} {rect} leaves the diagram"
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.colliderect(rb), f"{a} {ra} overlaps {b} {rb}"
    for key, (center, r) in diagram.node_circles().items():
        for name, rect in rects.items():
            if name.split(":")[0] != key:
                assert not rect_hits_circle(rect, center, r), f"{name} {rect} covers node {key}"
    if compare and size in WIDE:  # the RNN's labels inside its frame, the LSTM's clear of it
        assert diagram.frame_strict
        frame = diagram.rnn_frame_rect()
        for name, rect in rects.items():
            assert frame.contains(rect) if name.startswith("rnn") else not frame.colliderect(rect), name


@pytest.mark.parametrize("compare", [False, True], ids=["lstm", "compare"])
@pytest.mark.parametrize("size", GRID, ids=[f"{w}x{h}" for w, h in GRID])
def test_every_value_drawn_this_frame_sits_in_its_box(make_driver, size, compare):
    """The numbers the frame blitted (nodes and weights) are inside the boxes the overlap test checked."""
    app = diagram_app(make_driver, size, compare)
    diagram = app.diagram
    boxes = list(diagram.label_rects().values())
    if (size, compare) not in CRAMPED:
        assert len(diagram.drawn) >= len([n for n in diagram.nodes if n.kind != "op"])
    for drawn in diagram.drawn:
        assert any(box.contains(drawn) for box in boxes), f"{drawn} is drawn outside every label box"


@pytest.mark.parametrize("size", GRID, ids=[f"{w}x{h}" for w, h in GRID])
def test_title_chips_and_motion_do_not_collide_and_the_cell_starts_below(make_driver, size):
    app = diagram_app(make_driver, size, False)
    diagram, chips, m, text = app.diagram, app.chips, app.layout.metrics, app.text
    title = pygame.Rect(diagram.rect.x + m.pad, diagram.rect.y + m.pad, *text.size(TITLE, m.heading, bold=True))
    row = [rect for _, rect in chips.chips] + [diagram.motion_rect]
    assert len(chips.chips) == len(app.presets)
    for rect in row:
        assert diagram.rect.contains(rect)
        assert not rect.colliderect(title), f"{rect} covers the title {title}"
        assert rect.bottom <= diagram.content.top  # the cell's content starts below the row
        assert rect.height >= text.font(m.small).get_linesize()  # its label fits in it
    for a, b in itertools.combinations(row, 2):
        assert not a.colliderect(b)
    for preset, rect in chips.chips:
        assert text.size(chips.label(preset), m.small)[0] <= rect.width
    assert text.size("Motion off  M", m.small)[0] <= diagram.motion_rect.width
    sub_w = text.size(diagram.frame.subtitle, m.small)[0]
    drawn = m.pad + title.width + m.pad + sub_w <= diagram.rect.width - m.pad - diagram.frame.reserve
    if drawn:  # PanelFrame draws the subtitle: it must lie clear of the chips' row
        sub = pygame.Rect(title.right + m.pad, title.bottom - text.size("Ag", m.small)[1], sub_w, 1)
        assert not any(sub.colliderect(rect) for rect in row), f"the subtitle runs under the chips at {size}"


@pytest.mark.parametrize("size", [(1080, 1920), (1024, 768)])
def test_portrait_and_4_3_use_the_panels_height(make_driver, size):
    """The cell stretches down into a panel taller than its shape (up to the stretch limit)."""
    diagram = diagram_app(make_driver, size, False).diagram
    tops = [diagram.transform.point(node.center)[1] for node in diagram.nodes]
    used = max(tops) - min(tops)
    spare = diagram.content.height - used
    assert diagram.transform.sy > diagram.transform.sx
    assert spare < diagram.content.height * 0.2


def test_a_weight_label_left_out_is_on_request_in_the_gate_tooltip(make_driver):
    """At 4:3 some weight labels find no room; hovering their gate shows each with its value."""
    app = diagram_app(make_driver, (1024, 768), False)
    diagram = app.diagram
    rects = diagram.label_rects()
    missing = [name for name in ("w_f", "w_i", "w_c", "w_o") if f"{name}:value" not in rects]
    assert missing  # the case this test is about happens at this size
    for name in missing:
        gate = name[2:]
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=diagram.center(gate), rel=(0, 0), buttons=(0, 0, 0)))
        app.frame()
        assert diagram.hover == gate
        shown = " ".join(line.text for line in diagram.tooltip)
        assert SPEC_BY_NAME[name].label in shown and weight(getattr(app.sim.params, name)) in shown
