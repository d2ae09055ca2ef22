"""The one partial-redraw mechanism (ui/redraw.py): reuse what the screen holds, blit the kept
picture back when the screen lost it, draw anew when what the pixels depend on changed."""

from __future__ import annotations

import pygame

from lstm_arcade.ui.redraw import Layer, Outcome, Parts, Redraw


def test_a_new_key_is_drawn_and_an_unchanged_one_is_reused_while_on_screen():
    redraw = Redraw()
    assert redraw.decide("a", on_screen=True) is Outcome.DRAW  # nothing drawn yet
    assert not redraw.unchanged("a", on_screen=True)  # drawn now, and recorded
    assert redraw.unchanged("a", on_screen=True)
    assert not redraw.unchanged("a", on_screen=False)  # something was drawn over it
    assert not redraw.unchanged("b", on_screen=True)
    redraw.forget()
    assert redraw.decide("b", on_screen=True) is Outcome.DRAW


def test_a_kept_picture_is_blitted_back_when_the_screen_lost_it():
    surface = pygame.Surface((40, 30))
    rect = pygame.Rect(10, 5, 20, 20)
    redraw = Redraw(picture=True)
    assert redraw.decide(1, on_screen=False) is Outcome.DRAW
    surface.fill((200, 0, 0), rect)
    redraw.keep(1, surface, rect)
    assert redraw.decide(1, on_screen=True) is Outcome.REUSE
    surface.fill((0, 0, 0))  # an overlay drew over the panel
    assert redraw.decide(1, on_screen=False) is Outcome.BLIT
    redraw.restore(surface, rect.topleft)
    assert surface.get_at(rect.center)[:3] == (200, 0, 0)
    assert surface.get_at((0, 0))[:3] == (0, 0, 0)  # only the panel's pixels
    assert redraw.decide(2, on_screen=False) is Outcome.DRAW


def test_a_part_redrawn_over_the_picture_is_kept_in_it():
    surface = pygame.Surface((40, 30))
    panel, part = pygame.Rect(10, 5, 20, 20), pygame.Rect(12, 7, 4, 4)
    redraw = Redraw(picture=True)
    redraw.keep("k", surface, panel)
    surface.fill((0, 90, 0), part)
    redraw.keep_part(surface, panel, part)
    redraw.mark("k2")
    surface.fill((0, 0, 0))
    assert redraw.decide("k2", on_screen=False) is Outcome.BLIT
    redraw.restore(surface, panel.topleft)
    assert surface.get_at(part.center)[:3] == (0, 90, 0)


def test_parts_say_which_changed_since_the_last_frame():
    parts = Parts()
    assert not parts.unchanged(1, "x", on_screen=True)  # never drawn
    assert not parts.unchanged(2, "y", on_screen=True)
    parts.commit()
    assert parts.before(1) == "x"
    assert parts.unchanged(1, "x", on_screen=True)
    assert not parts.unchanged(2, "z", on_screen=True)
    assert not parts.unchanged(3, "w", on_screen=False)
    parts.commit()
    assert parts.before(2) == "z" and parts.before(3) == "w"
    assert not parts.unchanged(1, "x", on_screen=False)  # the screen lost it
    parts.forget()
    assert parts.before(1) is None


def test_a_layer_puts_back_only_what_was_covered_while_the_screen_holds_it():
    screen = pygame.Surface((40, 20))
    rect = pygame.Rect(10, 5, 20, 10)
    picture = pygame.Surface(rect.size)
    picture.fill((0, 0, 255))
    layer = Layer()
    assert layer.needs(rect.size)
    layer.make(picture)
    assert not layer.needs(rect.size) and layer.needs((21, 10))
    layer.put_back(screen, rect, on_screen=True)  # a new picture: all of it, whatever the screen
    assert screen.get_at((10, 5))[:3] == (0, 0, 255) and screen.get_at((29, 14))[:3] == (0, 0, 255)
    screen.fill((255, 0, 0), pygame.Rect(12, 6, 3, 3))  # a moving part, reported
    layer.cover(pygame.Rect(12, 6, 3, 3))
    screen.fill((0, 255, 0), pygame.Rect(20, 6, 3, 3))  # drawn over it unreported
    layer.put_back(screen, rect, on_screen=True)
    assert screen.get_at((13, 7))[:3] == (0, 0, 255)  # put back
    assert screen.get_at((21, 7))[:3] == (0, 255, 0)  # not covered as far as it knows: left
    layer.put_back(screen, rect, on_screen=False)  # the screen lost it: all of it again
    assert screen.get_at((21, 7))[:3] == (0, 0, 255)
    layer.forget()
    assert layer.needs(rect.size)
