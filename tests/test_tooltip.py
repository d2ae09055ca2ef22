"""A shortened label's whole text: the tooltip, driven by real pointer, key and touch events."""

from __future__ import annotations

import pygame
from test_touch import finger

from lstm_arcade.ui import theme
from lstm_arcade.ui.views.tooltip import REST_S
from lstm_arcade.ui.widgets.base import fit_words

SMALL = (1024, 768)  # a 4:3 projector: the Train button drops its key, W_out its name


def move(d, pos, buttons=(0, 0, 0)) -> None:
    d.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=buttons))
    d.frame()


def wait(d, seconds: float) -> None:
    for _ in range(round(seconds * 60)):
        d.frame()


def edge_pixels(d, rect: pygame.Rect) -> list[tuple[int, int, int]]:
    """The colours along the middle of a rectangle's left and right edges."""
    return [d.pixel((rect.left, rect.centery)), d.pixel((rect.right - 1, rect.centery))]


def test_resting_on_a_shortened_button_shows_its_whole_name_then_moving_away_restores_the_screen(make_driver):
    d = make_driver(size=SMALL)
    train = d.app.controls.train
    _, _, with_hint = train.fitted(d.app.text, d.app.layout.control_metrics or d.app.layout.metrics)
    assert not with_hint  # the precondition: the face leaves the key out at this size
    before = d.app.screen.copy()
    move(d, train.rect.center)
    wait(d, REST_S * 0.6)
    assert d.app.tooltip.shown == ""  # a pointer passing over does not flash a box
    wait(d, REST_S * 0.6)
    assert d.app.tooltip.shown == "▶ Train · key T"
    box = d.app.tooltip.rect
    assert d.app.screen.get_rect().contains(box) and not box.colliderect(train.rect)
    assert theme.ACCENT in edge_pixels(d, box)  # drawn on screen, not only decided
    move(d, (5, d.app.layout.header.bottom + 5))  # off every widget
    assert d.app.tooltip.shown == "" and d.app.tooltip.rect.width == 0
    # The panels it covered draw themselves again: the screen under it is as before.
    for pos in (box.center, box.topleft, (box.right - 1, box.bottom - 1)):
        assert d.pixel(pos) == tuple(before.get_at(pos))[:3]


def test_a_label_shown_whole_has_no_tooltip(make_driver):
    d = make_driver(size=(1920, 1080))
    train = d.app.controls.train
    move(d, train.rect.center)
    wait(d, REST_S * 2)
    assert d.app.tooltip.shown == ""  # "▶ Train  T": name and key both on the face


def test_a_hidden_slider_name_shows_with_what_it_moves_and_hides_while_dragged(make_driver):
    d = make_driver(size=SMALL)
    slider = d.app.controls.sliders["w_out"]
    m = d.app.layout.control_metrics or d.app.layout.metrics
    assert slider.shown_label(d.app.text, m) == ""  # only its value, beside the row's "y"
    move(d, slider.rect.center)
    wait(d, REST_S * 1.2)
    assert d.app.tooltip.shown == "W_out — Output weight: y(t) = W_out·h(t)"
    d.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=slider.rect.center, button=1))
    d.frame()
    assert d.app.tooltip.shown == ""  # a press hides it
    for k in range(int(REST_S * 60) + 5):  # a long drag: the box never covers the moving knob
        move(d, (slider.rect.centerx + (k % 7) - 3, slider.rect.centery), buttons=(1, 0, 0))
        assert d.app.tooltip.shown == ""
    d.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=slider.rect.center, button=1))
    d.frame()
    wait(d, REST_S * 1.2)
    assert d.app.tooltip.shown.startswith("W_out")  # at rest again: back


def test_keyboard_focus_shows_the_whole_name_at_once(make_driver):
    d = make_driver(size=SMALL)
    train = d.app.controls.train
    for _ in range(60):
        if d.app.state.focused is train:
            break
        d.key(pygame.K_TAB)
    assert d.app.state.focused is train
    assert d.app.tooltip.shown == "▶ Train · key T"  # no wait: the keys have no hover
    d.key(pygame.K_TAB)
    assert d.app.tooltip.shown != "▶ Train · key T"


def test_a_finger_held_on_a_button_shows_its_name_and_lifting_it_hides_it(make_driver):
    d = make_driver(size=SMALL)
    compare = d.app.controls.compare
    size = d.app.screen.get_size()
    d.post(finger(pygame.FINGERDOWN, compare.rect.center, size))
    wait(d, REST_S * 1.2)
    assert d.app.tooltip.shown == "LSTM vs RNN · key C"
    d.post(finger(pygame.FINGERUP, compare.rect.center, size))
    wait(d, REST_S * 2)
    assert d.app.tooltip.shown == ""
    assert d.app.sim.compare  # the lift still pressed the button


def test_a_message_cut_at_a_word_shows_whole(make_driver):
    d = make_driver(size=SMALL)
    field = d.app.controls.sequence
    d.click(field.rect.center)
    d.type("1,,2")
    d.key(pygame.K_RETURN)
    panel = d.app.controls
    message, _ = panel.message()
    assert message == "value 2 is missing (two separators in a row)"
    m = d.app.layout.control_metrics or d.app.layout.metrics
    assert fit_words(d.app.text, message, m.small, panel.message_rect.width) != message  # cut
    move(d, panel.message_rect.center)
    wait(d, REST_S * 1.2)
    assert d.app.tooltip.shown == message


def test_no_tooltip_over_the_help_card(make_driver):
    d = make_driver(size=SMALL)
    train = d.app.controls.train
    move(d, train.rect.center)
    wait(d, REST_S * 1.2)
    assert d.app.tooltip.shown
    d.key(pygame.K_F1)
    assert d.app.state.help_open and d.app.tooltip.shown == ""


def test_a_folded_tab_name_shows_whole_on_the_portrait_screen(make_driver):
    d = make_driver(size=(1080, 1920))
    names = d.app.tabs.names
    page = names.index("Time series & chain")
    move(d, d.app.tabs.buttons[page].center)
    wait(d, REST_S * 1.2)
    assert d.app.tooltip.shown == "Time series & chain"
