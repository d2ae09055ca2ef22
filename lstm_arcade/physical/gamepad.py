"""Game controllers, joysticks and arcade encoders: pygame events in, Commands out.

Recognised gamepads come through SDL's game-controller events (named buttons); anything else
(arcade encoders, button panels, unknown pads) through the joystick events (numbered buttons).
SDL reports a recognised pad both ways, so joystick events of a device opened as a controller are
ignored. Held sticks, D-pads and hats repeat on the injected clock; unplugging a device drops its
held state at once, so nothing keeps moving.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import pygame

from .commands import Command
from .mapping import DEFAULT_CONTROLLER_MAPPING, ControllerMapping, Directions

FIRST_REPEAT = 0.4  # seconds a direction is held before it repeats
REPEAT_EVERY = 0.1
RELEASE_SHARE = 0.6  # a pushed stick is released only below 60 % of the dead zone: no chatter
AXIS_FULL_SCALE = 32767  # controller axes come as raw SDL integers, joystick axes as -1.0 … 1.0

DPAD_BUTTONS = frozenset(
    {
        pygame.CONTROLLER_BUTTON_DPAD_UP,
        pygame.CONTROLLER_BUTTON_DPAD_DOWN,
        pygame.CONTROLLER_BUTTON_DPAD_LEFT,
        pygame.CONTROLLER_BUTTON_DPAD_RIGHT,
    }
)
# The events to route to GamepadInput.handle (others are ignored there anyway).
EVENT_TYPES = frozenset(
    {
        pygame.CONTROLLERDEVICEADDED,
        pygame.CONTROLLERDEVICEREMOVED,
        pygame.CONTROLLERBUTTONDOWN,
        pygame.CONTROLLERBUTTONUP,
        pygame.CONTROLLERAXISMOTION,
        pygame.JOYDEVICEADDED,
        pygame.JOYDEVICEREMOVED,
        pygame.JOYBUTTONDOWN,
        pygame.JOYBUTTONUP,
        pygame.JOYHATMOTION,
        pygame.JOYAXISMOTION,
        pygame.WINDOWFOCUSLOST,
    }
)


class Device(Protocol):
    """An opened controller or joystick."""

    instance_id: int
    name: str

    def close(self) -> None: ...


class Devices(Protocol):
    """Opens devices by SDL device index (pygame's by default; tests pass a fake)."""

    def is_controller(self, device_index: int) -> bool: ...
    def open_controller(self, device_index: int) -> Device: ...
    def open_joystick(self, device_index: int) -> Device: ...


@dataclass
class _Opened:
    instance_id: int
    name: str
    handles: tuple[object, ...]

    def close(self) -> None:
        for handle in self.handles:
            # pygame.error when the subsystem was already shut down: the device is closed anyway
            with contextlib.suppress(pygame.error):
                handle.quit()  # type: ignore[attr-defined]


class PygameDevices:
    """Devices through pygame.joystick and pygame._sdl2.controller."""

    def is_controller(self, device_index: int) -> bool:
        from pygame._sdl2 import controller

        return bool(controller.get_init() and controller.is_controller(device_index))

    def open_controller(self, device_index: int) -> Device:
        from pygame._sdl2 import controller

        pad = controller.Controller(device_index)
        joystick = pad.as_joystick()  # only it tells the instance id the events carry
        name = pad.name() if callable(pad.name) else pad.name
        return _Opened(joystick.get_instance_id(), str(name), (pad, joystick))

    def open_joystick(self, device_index: int) -> Device:
        joystick = pygame.joystick.Joystick(device_index)
        return _Opened(joystick.get_instance_id(), joystick.get_name(), (joystick,))


def init_subsystems() -> str | None:
    """Start pygame's joystick and game-controller modules; None, or one line saying what failed.

    pygame.init() starts the joystick module but not the game-controller one; without the latter,
    gamepads still work, as plain joysticks with numbered buttons.
    """
    problems = []
    try:
        pygame.joystick.init()
    except pygame.error as exc:
        problems.append(f"joysticks unavailable ({exc})")
    try:
        from pygame._sdl2 import controller

        controller.init()
    except (ImportError, pygame.error) as exc:
        problems.append(f"game controllers unavailable ({exc})")
    return "; ".join(problems) or None


@dataclass
class _Held:
    command: Command
    next_due: float


def _no_log(message: str) -> None:
    pass


class GamepadInput:
    """Turns controller and joystick events into Commands; call update(now) once per frame."""

    def __init__(
        self,
        mapping: ControllerMapping | None = None,
        *,
        devices: Devices | None = None,
        log: Callable[[str], None] = _no_log,
    ) -> None:
        self.mapping = mapping or DEFAULT_CONTROLLER_MAPPING
        self._devices = devices or PygameDevices()
        self._log = log
        self._controllers: dict[int, Device] = {}  # by instance id
        self._joysticks: dict[int, Device] = {}
        self._directions: dict[tuple, int] = {}  # (instance id, source…) → -1, 0 or +1
        self._held: dict[tuple, _Held] = {}  # repeating directions, same keys

    @property
    def connected(self) -> list[str]:
        """The names of the opened devices, controllers first."""
        return [d.name for d in (*self._controllers.values(), *self._joysticks.values())]

    def handle(self, event: pygame.event.Event, now: float) -> list[Command]:
        """The commands one event sends (usually none or one); never raises on odd events."""
        kind = getattr(event, "type", None)
        try:
            if kind in _HANDLERS:
                return _HANDLERS[kind](self, event, now)
        except (TypeError, ValueError, AttributeError, OverflowError):
            pass  # a malformed synthetic event: ignore it rather than stop the exhibit
        return []

    def update(self, now: float) -> list[Command]:
        """The repeats due at `now` for held sticks, D-pads and hats (at most one each)."""
        due = []
        for held in self._held.values():
            if now >= held.next_due - 1e-9:  # 6.2 + 0.4 is 6.6000000000000005 in floats
                due.append(held.command)
                held.next_due += REPEAT_EVERY
                if held.next_due <= now:  # after a stalled frame: no burst of catch-up repeats
                    held.next_due = now + REPEAT_EVERY
        return due

    def release_all(self) -> None:
        """Forget every held direction (the window lost focus, so no release event will come)."""
        self._held.clear()
        self._directions.clear()

    def close(self) -> None:
        """Close every opened device."""
        for device in (*self._controllers.values(), *self._joysticks.values()):
            device.close()
        self._controllers.clear()
        self._joysticks.clear()
        self.release_all()

    # --- devices -----------------------------------------------------------------------------
    def _controller_added(self, event: pygame.event.Event, now: float) -> list[Command]:
        device = self._open(self._devices.open_controller, event, "game controller")
        if device is None or device.instance_id in self._controllers:
            return []
        stale = self._joysticks.pop(device.instance_id, None)  # it was opened as a joystick
        if stale is not None:
            stale.close()
            self._forget(device.instance_id)
        self._controllers[device.instance_id] = device
        self._log(f"Game controller connected: {device.name}")
        return []

    def _joystick_added(self, event: pygame.event.Event, now: float) -> list[Command]:
        index = _int(event, "device_index")
        with contextlib.suppress(pygame.error):  # controller module not started: a joystick
            if self._devices.is_controller(index):
                return []  # CONTROLLERDEVICEADDED follows and opens it with named buttons
        device = self._open(self._devices.open_joystick, event, "joystick")
        if device is None or device.instance_id in self._controllers:
            return []
        if device.instance_id in self._joysticks:
            return []  # the same device announced twice
        self._joysticks[device.instance_id] = device
        self._log(f"Joystick connected: {device.name}")
        return []

    def _open(
        self, opener: Callable[[int], Device], event: pygame.event.Event, what: str
    ) -> Device | None:
        index = _int(event, "device_index")
        try:
            device = opener(index)
            int(device.instance_id)
            return device
        except Exception as exc:  # noqa: BLE001 - a driver's failure is logged, never fatal
            self._log(f"Could not open {what} {index}: {exc}")
            return None

    def _removed(self, event: pygame.event.Event, now: float) -> list[Command]:
        instance = _int(event, "instance_id")
        for opened in (self._controllers, self._joysticks):
            device = opened.pop(instance, None)
            if device is not None:
                device.close()
                self._log(f"Disconnected: {device.name}")
        self._forget(instance)
        return []

    def _forget(self, instance: int) -> None:
        """Drop every held direction of one device (SDL sends no release after an unplug)."""
        for table in (self._held, self._directions):
            for key in [k for k in table if k[0] == instance]:
                del table[key]

    def _focus_lost(self, event: pygame.event.Event, now: float) -> list[Command]:
        self.release_all()
        return []

    # --- controls ----------------------------------------------------------------------------
    def _pad_button(self, event: pygame.event.Event, now: float) -> list[Command]:
        instance, button = _int(event, "instance_id"), _int(event, "button")
        key = (instance, "button", button)
        self._held.pop(key, None)
        command = self.mapping.pad_buttons.get(button)
        if event.type == pygame.CONTROLLERBUTTONUP or command is None:
            return []
        return self._press(key, command, now, repeat=button in DPAD_BUTTONS)

    def _pad_axis(self, event: pygame.event.Event, now: float) -> list[Command]:
        instance, axis = _int(event, "instance_id"), _int(event, "axis")
        value = _number(event, "value") / AXIS_FULL_SCALE
        directions = self.mapping.pad_axes.get(axis, (None, None))
        return self._axis((instance, "axis", axis), value, directions, now)

    def _joy_button(self, event: pygame.event.Event, now: float) -> list[Command]:
        instance, button = _int(event, "instance_id"), _int(event, "button")
        if instance in self._controllers or event.type == pygame.JOYBUTTONUP:
            return []
        command = self.mapping.joy_buttons.get(button)
        return [] if command is None else [command]

    def _joy_axis(self, event: pygame.event.Event, now: float) -> list[Command]:
        instance, axis = _int(event, "instance_id"), _int(event, "axis")
        if instance in self._controllers:
            return []
        directions = self.mapping.joy_axes.get(axis, (None, None))
        return self._axis((instance, "joyaxis", axis), _number(event, "value"), directions, now)

    def _joy_hat(self, event: pygame.event.Event, now: float) -> list[Command]:
        instance, hat = _int(event, "instance_id"), _int(event, "hat")
        if instance in self._controllers:
            return []
        x, y = (int(v) for v in event.value)
        h = self.mapping.joy_hat
        # A hat is two digital axes; SDL's y is +1 for up, unlike a stick's.
        return [
            *self._axis((instance, "hat", hat, "x"), x, (h.get("left"), h.get("right")), now),
            *self._axis((instance, "hat", hat, "y"), y, (h.get("down"), h.get("up")), now),
        ]

    def _axis(self, key: tuple, value: float, directions: Directions, now: float) -> list[Command]:
        """Dead zone with hysteresis: a stick resting near the threshold does not chatter."""
        value = max(-1.0, min(1.0, value))
        old = self._directions.get(key, 0)
        push, release = self.mapping.dead_zone, self.mapping.dead_zone * RELEASE_SHARE
        if value >= push or (old == 1 and value > release):
            new = 1
        elif value <= -push or (old == -1 and value < -release):
            new = -1
        else:
            new = 0
        if new == old:
            return []
        self._held.pop(key, None)
        if new == 0:
            self._directions.pop(key, None)
            return []
        self._directions[key] = new
        command = directions[0 if new < 0 else 1]
        return [] if command is None else self._press(key, command, now, repeat=True)

    def _press(self, key: tuple, command: Command, now: float, repeat: bool) -> list[Command]:
        if repeat and command.repeats:
            self._held[key] = _Held(command, now + FIRST_REPEAT)
        return [command]


def _int(event: pygame.event.Event, name: str) -> int:
    value = getattr(event, name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} is not a whole number")
    return value


def _number(event: pygame.event.Event, name: str) -> float:
    value = getattr(event, name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TypeError(f"{name} is not a number")
    return float(value)


_HANDLERS: dict[int, Callable[[GamepadInput, pygame.event.Event, float], list[Command]]] = {
    pygame.CONTROLLERDEVICEADDED: GamepadInput._controller_added,
    pygame.CONTROLLERDEVICEREMOVED: GamepadInput._removed,
    pygame.CONTROLLERBUTTONDOWN: GamepadInput._pad_button,
    pygame.CONTROLLERBUTTONUP: GamepadInput._pad_button,
    pygame.CONTROLLERAXISMOTION: GamepadInput._pad_axis,
    pygame.JOYDEVICEADDED: GamepadInput._joystick_added,
    pygame.JOYDEVICEREMOVED: GamepadInput._removed,
    pygame.JOYBUTTONDOWN: GamepadInput._joy_button,
    pygame.JOYBUTTONUP: GamepadInput._joy_button,
    pygame.JOYAXISMOTION: GamepadInput._joy_axis,
    pygame.JOYHATMOTION: GamepadInput._joy_hat,
    pygame.WINDOWFOCUSLOST: GamepadInput._focus_lost,
}
