"""Game controllers and joysticks: real pygame events in, Commands out, on an injected clock."""

from __future__ import annotations

from dataclasses import dataclass

import pygame
import pytest

from lstm_arcade.physical import Command, GamepadInput, init_subsystems
from lstm_arcade.physical.gamepad import EVENT_TYPES, PygameDevices
from lstm_arcade.physical.mapping import parse_controller_mapping

Event = pygame.event.Event
PLAY, STEP, BACK, RESET = Command("play"), Command("step"), Command("back"), Command("reset")
UP, DOWN = Command("nudge", 1), Command("nudge", -1)
NEXT, PREV = Command("focus_next"), Command("focus_prev")
PAD, JOY = 7, 8  # instance ids of the fake devices
FULL = 32767  # a controller axis pushed all the way


@dataclass
class FakeDevice:
    instance_id: int
    name: str
    closed: bool = False

    def close(self) -> None:
        self.closed = True


class FakeDevices:
    """Device index 0 is a recognised gamepad (instance PAD), index 1 an arcade encoder (JOY)."""

    def __init__(self, fail: bool = False) -> None:
        self.opened: list[FakeDevice] = []
        self.fail = fail

    def is_controller(self, device_index: int) -> bool:
        return device_index == 0

    def _open(self, instance_id: int, name: str) -> FakeDevice:
        if self.fail:
            raise pygame.error("device vanished")
        self.opened.append(FakeDevice(instance_id, name))
        return self.opened[-1]

    def open_controller(self, device_index: int) -> FakeDevice:
        return self._open(PAD, "Xbox 360 Controller")

    def open_joystick(self, device_index: int) -> FakeDevice:
        return self._open(JOY if device_index == 1 else PAD, "Zero Delay encoder")


def pad_button(button: int, down: bool = True, instance: int = PAD) -> Event:
    kind = pygame.CONTROLLERBUTTONDOWN if down else pygame.CONTROLLERBUTTONUP
    return Event(kind, instance_id=instance, button=button)


def pad_axis(axis: int, value: int, instance: int = PAD) -> Event:
    return Event(pygame.CONTROLLERAXISMOTION, instance_id=instance, axis=axis, value=value)


def joy_button(button: int, down: bool = True, instance: int = JOY) -> Event:
    kind = pygame.JOYBUTTONDOWN if down else pygame.JOYBUTTONUP
    return Event(kind, instance_id=instance, button=button)


def hat(x: int, y: int, instance: int = JOY) -> Event:
    return Event(pygame.JOYHATMOTION, instance_id=instance, hat=0, value=(x, y))


@pytest.fixture
def devices() -> FakeDevices:
    return FakeDevices()


@pytest.fixture
def pad(devices) -> GamepadInput:
    """A gamepad (as SDL announces it: joystick first, then controller) and an arcade encoder."""
    gamepad = GamepadInput(devices=devices)
    for event in (
        Event(pygame.JOYDEVICEADDED, device_index=0, guid="x"),
        Event(pygame.CONTROLLERDEVICEADDED, device_index=0, guid="x"),
        Event(pygame.JOYDEVICEADDED, device_index=1, guid="y"),
    ):
        assert gamepad.handle(event, 0.0) == []
    return gamepad


def test_devices_announced_both_ways_are_opened_once_each(pad, devices):
    assert [(d.instance_id, d.name) for d in devices.opened] == [
        (PAD, "Xbox 360 Controller"),
        (JOY, "Zero Delay encoder"),
    ]
    assert pad.connected == ["Xbox 360 Controller", "Zero Delay encoder"]


def test_the_default_gamepad_buttons(pad):
    pressed = {
        pygame.CONTROLLER_BUTTON_A: PLAY,
        pygame.CONTROLLER_BUTTON_B: RESET,
        pygame.CONTROLLER_BUTTON_X: BACK,
        pygame.CONTROLLER_BUTTON_Y: STEP,
        pygame.CONTROLLER_BUTTON_START: Command("train"),
        pygame.CONTROLLER_BUTTON_BACK: Command("compare"),
        pygame.CONTROLLER_BUTTON_LEFTSHOULDER: PREV,
        pygame.CONTROLLER_BUTTON_RIGHTSHOULDER: NEXT,
        pygame.CONTROLLER_BUTTON_DPAD_UP: UP,
        pygame.CONTROLLER_BUTTON_DPAD_DOWN: DOWN,
        pygame.CONTROLLER_BUTTON_DPAD_LEFT: BACK,
        pygame.CONTROLLER_BUTTON_DPAD_RIGHT: STEP,
        pygame.CONTROLLER_BUTTON_GUIDE: None,
    }
    for button, command in pressed.items():
        assert pad.handle(pad_button(button), 1.0) == ([command] if command else [])
        assert pad.handle(pad_button(button, down=False), 1.0) == []


def test_the_same_press_reported_as_joystick_and_controller_fires_once(pad):
    assert pad.handle(joy_button(0, instance=PAD), 1.0) == []  # SDL's joystick view of the pad
    assert pad.handle(Event(pygame.JOYAXISMOTION, instance_id=PAD, axis=1, value=-1.0), 1.0) == []
    assert pad.handle(hat(0, 1, instance=PAD), 1.0) == []
    assert pad.handle(pad_button(pygame.CONTROLLER_BUTTON_A), 1.0) == [PLAY]
    assert pad.handle(joy_button(0), 1.0) == [STEP]  # the arcade encoder still works


def test_a_held_dpad_repeats_after_0_4_s_then_every_0_1_s_until_released(pad):
    assert pad.handle(pad_button(pygame.CONTROLLER_BUTTON_DPAD_UP), 10.0) == [UP]
    assert pad.update(10.39) == []
    assert pad.update(10.40) == [UP]
    assert pad.update(10.45) == []
    assert pad.update(10.50) == [UP]
    assert pad.update(10.60) == [UP]
    assert pad.handle(pad_button(pygame.CONTROLLER_BUTTON_DPAD_UP, down=False), 10.62) == []
    assert pad.update(11.0) == [] and pad.update(20.0) == []


def test_buttons_that_toggle_never_repeat(pad):
    pad.handle(pad_button(pygame.CONTROLLER_BUTTON_A), 0.0)
    pad.handle(pad_button(pygame.CONTROLLER_BUTTON_START), 0.0)
    assert pad.update(5.0) == []


def test_a_stalled_frame_gives_one_repeat_not_a_burst(pad):
    pad.handle(pad_button(pygame.CONTROLLER_BUTTON_DPAD_RIGHT), 0.0)
    assert pad.update(3.0) == [STEP]
    assert pad.update(3.05) == []
    assert pad.update(3.1) == [STEP]


def test_the_left_stick_moves_focus_and_nudges_with_a_dead_zone(pad):
    lefty, leftx = pygame.CONTROLLER_AXIS_LEFTY, pygame.CONTROLLER_AXIS_LEFTX
    assert pad.handle(pad_axis(lefty, -8000), 0.0) == []  # inside the dead zone
    assert pad.handle(pad_axis(lefty, -FULL), 0.0) == [UP]  # SDL: pushed up is negative
    assert pad.handle(pad_axis(lefty, 0), 0.1) == []
    assert pad.handle(pad_axis(lefty, FULL), 0.2) == [DOWN]
    assert pad.handle(pad_axis(lefty, -FULL), 0.3) == [UP]  # straight across: the other way
    assert pad.handle(pad_axis(lefty, 0), 0.3) == []
    assert pad.handle(pad_axis(leftx, 20000), 0.4) == [NEXT]
    assert pad.handle(pad_axis(leftx, -20000), 0.5) == [PREV]


def test_a_stick_resting_near_the_threshold_does_not_chatter(pad):
    lefty = pygame.CONTROLLER_AXIS_LEFTY
    commands = []
    for k in range(40):  # noise around 50 % of full scale
        commands += pad.handle(pad_axis(lefty, -16800 if k % 2 else -15900), k * 0.01)
    assert commands == [UP]
    assert pad.handle(pad_axis(lefty, -11000), 0.5) == []  # 34 %: still held
    assert pad.update(0.8) == [UP]  # … and so still repeating
    assert pad.handle(pad_axis(lefty, -9000), 0.85) == []  # 27 %: released
    assert pad.update(5.0) == []
    assert pad.handle(pad_axis(lefty, -15900), 5.0) == []  # 49 %: not pushed again yet


def test_a_held_stick_repeats(pad):
    assert pad.handle(pad_axis(pygame.CONTROLLER_AXIS_LEFTX, FULL), 0.0) == [NEXT]
    assert [pad.update(t / 100) for t in range(0, 61, 5)].count([NEXT]) == 3  # 0.4, 0.5, 0.6


def test_unplugging_mid_hold_stops_everything_of_that_device_at_once(pad, devices):
    pad.handle(pad_button(pygame.CONTROLLER_BUTTON_DPAD_UP), 0.0)
    pad.handle(pad_axis(pygame.CONTROLLER_AXIS_LEFTX, FULL), 0.0)
    pad.handle(hat(0, -1), 0.0)  # the arcade encoder's stick held down
    assert sorted(pad.update(0.4), key=repr) == sorted([UP, NEXT, DOWN], key=repr)
    assert pad.handle(Event(pygame.CONTROLLERDEVICEREMOVED, instance_id=PAD), 0.45) == []
    assert pad.handle(Event(pygame.JOYDEVICEREMOVED, instance_id=PAD), 0.45) == []
    assert devices.opened[0].closed and not devices.opened[1].closed
    assert pad.update(0.5) == [DOWN]  # only the encoder, still plugged in, keeps repeating
    assert pad.handle(Event(pygame.JOYDEVICEREMOVED, instance_id=JOY), 0.55) == []
    assert devices.opened[1].closed
    assert pad.update(0.6) == [] and pad.update(60.0) == []
    assert pad.connected == []


def test_a_stick_held_while_unplugged_does_not_resume_on_replug(pad, devices):
    pad.handle(pad_axis(pygame.CONTROLLER_AXIS_LEFTY, -FULL), 0.0)
    pad.handle(Event(pygame.CONTROLLERDEVICEREMOVED, instance_id=PAD), 0.1)
    pad.handle(Event(pygame.CONTROLLERDEVICEADDED, device_index=0), 0.2)
    assert pad.update(2.0) == []
    assert pad.handle(pad_axis(pygame.CONTROLLER_AXIS_LEFTY, -FULL), 2.0) == [UP]  # fresh press


def test_a_two_button_arcade_panel(pad):
    assert pad.handle(joy_button(0), 0.0) == [STEP]
    assert pad.handle(joy_button(0, down=False), 0.1) == []
    assert pad.handle(joy_button(1), 0.2) == [PLAY]
    assert pad.handle(joy_button(40), 0.2) == []  # not bound
    assert pad.update(5.0) == []  # buttons do not repeat
    assert pad.handle(hat(1, 0), 6.0) == [NEXT]
    assert pad.handle(hat(0, 0), 6.1) == []
    assert pad.handle(hat(0, 1), 6.2) == [UP]  # SDL's hat: +1 is up
    assert pad.update(6.6) == [UP]
    assert pad.handle(hat(0, 0), 6.65) == []
    assert pad.update(7.0) == []
    axis = Event(pygame.JOYAXISMOTION, instance_id=JOY, axis=1, value=-1.0)
    assert pad.handle(axis, 8.0) == [UP]
    assert pad.handle(Event(pygame.JOYAXISMOTION, instance_id=JOY, axis=0, value=1.0), 8.0) == [
        NEXT
    ]


def test_a_mapping_file_rebinds_buttons_to_presets_and_triggers():
    mapping = parse_controller_mapping(
        '[gamepad]\na = "preset 2"\ntriggerright = "pin"\n[joystick]\nbutton_4 = "preset 9"\n'
    )
    gamepad = GamepadInput(mapping, devices=FakeDevices())
    assert gamepad.handle(pad_button(pygame.CONTROLLER_BUTTON_A), 0.0) == [Command("preset", 2)]
    assert gamepad.handle(pad_button(pygame.CONTROLLER_BUTTON_B), 0.0) == []  # unbound now
    trigger = pygame.CONTROLLER_AXIS_TRIGGERRIGHT
    assert gamepad.handle(pad_axis(trigger, FULL), 0.0) == [Command("pin")]
    assert gamepad.handle(pad_axis(trigger, FULL - 5), 0.0) == []  # still held: once
    assert gamepad.update(1.0) == []  # pin does not repeat
    assert gamepad.handle(joy_button(4), 0.0) == [Command("preset", 9)]


def test_losing_window_focus_drops_held_directions(pad):
    pad.handle(pad_button(pygame.CONTROLLER_BUTTON_DPAD_DOWN), 0.0)
    pad.handle(Event(pygame.WINDOWFOCUSLOST, window=None), 0.1)
    assert pad.update(1.0) == []


@pytest.mark.parametrize(
    "event",
    [
        Event(pygame.CONTROLLERBUTTONDOWN),
        Event(pygame.CONTROLLERBUTTONDOWN, instance_id=99, button=pygame.CONTROLLER_BUTTON_INVALID),
        Event(pygame.CONTROLLERBUTTONDOWN, instance_id="7", button=0),
        Event(pygame.CONTROLLERAXISMOTION, instance_id=PAD, axis=1, value=None),
        Event(pygame.CONTROLLERAXISMOTION, instance_id=PAD, axis=1, value=float("nan")),
        Event(pygame.JOYHATMOTION, instance_id=JOY, hat=0, value=(1,)),
        Event(pygame.JOYHATMOTION, instance_id=JOY, hat=0, value="up"),
        Event(pygame.JOYAXISMOTION, instance_id=JOY, axis=0),
        Event(pygame.JOYBUTTONDOWN, instance_id=None, button=0),
        Event(pygame.JOYDEVICEADDED),
        Event(pygame.JOYDEVICEREMOVED, instance_id=12345),
        Event(pygame.CONTROLLERDEVICEREMOVED),
        Event(pygame.CONTROLLERDEVICEREMAPPED, instance_id=PAD),
        Event(pygame.KEYDOWN, key=pygame.K_SPACE),
        Event(pygame.USEREVENT),
    ],
)
def test_odd_events_are_ignored_without_crashing(pad, event):
    assert pad.handle(event, 0.0) == []
    assert pad.update(1.0) == []
    assert pad.handle(pad_button(pygame.CONTROLLER_BUTTON_A), 1.0) == [PLAY]  # still working


def test_events_from_unknown_devices_still_work_and_unplugging_them_is_harmless():
    gamepad = GamepadInput(devices=FakeDevices())
    assert gamepad.handle(pad_button(pygame.CONTROLLER_BUTTON_Y, instance=42), 0.0) == [STEP]
    assert gamepad.handle(joy_button(1, instance=43), 0.0) == [PLAY]
    assert gamepad.handle(Event(pygame.JOYDEVICEREMOVED, instance_id=43), 0.0) == []


def test_a_device_that_fails_to_open_is_logged_not_fatal():
    lines: list[str] = []
    gamepad = GamepadInput(devices=FakeDevices(fail=True), log=lines.append)
    assert gamepad.handle(Event(pygame.CONTROLLERDEVICEADDED, device_index=0), 0.0) == []
    assert gamepad.handle(Event(pygame.JOYDEVICEADDED, device_index=1), 0.0) == []
    assert lines == [
        "Could not open game controller 0: device vanished",
        "Could not open joystick 1: device vanished",
    ]
    assert gamepad.connected == []


def test_real_pygame_devices_without_the_subsystems_never_crash():
    """Headless, nothing initialised: opening fails, is logged, and events still map."""
    pygame.quit()
    lines: list[str] = []
    gamepad = GamepadInput(devices=PygameDevices(), log=lines.append)
    assert gamepad.handle(Event(pygame.JOYDEVICEADDED, device_index=0), 0.0) == []
    assert gamepad.handle(Event(pygame.CONTROLLERDEVICEADDED, device_index=0), 0.0) == []
    assert len(lines) == 2 and all(line.startswith("Could not open") for line in lines)
    assert gamepad.handle(joy_button(0), 0.0) == [STEP]
    gamepad.close()


def test_events_survive_the_real_queue_and_the_subsystems_start_headless():
    pygame.display.init()
    try:
        assert init_subsystems() is None
        gamepad = GamepadInput(devices=PygameDevices())
        pygame.event.clear()
        pygame.event.post(pad_button(pygame.CONTROLLER_BUTTON_A))
        pygame.event.post(pad_axis(pygame.CONTROLLER_AXIS_LEFTX, -FULL))
        pygame.event.post(hat(0, -1))
        commands = []
        for event in pygame.event.get():
            if event.type in EVENT_TYPES:
                commands += gamepad.handle(event, 0.0)
        assert commands == [PLAY, PREV, DOWN]
        gamepad.close()
    finally:
        pygame.quit()
