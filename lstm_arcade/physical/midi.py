"""MIDI faders and knobs: control changes in, `set_param` Commands out, with a learn mode.

MIDI is optional: without pygame.midi, a backend or an input device, `MidiInput.open` says so
once in the log and returns a disabled input whose poll() returns nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from .commands import Command, param_spec
from .mapping import DEFAULT_MIDI_MAPPING, MidiMapping

MAX_MESSAGES_PER_POLL = 1024  # a flood is read over several frames, never freezing one
READ_CHUNK = 64


class MidiBackend(Protocol):
    """Where raw MIDI messages come from (pygame.midi, or a fake in tests)."""

    def read(self) -> list[tuple[int, int, int]]:
        """The messages waiting, oldest first, as (status, data1, data2)."""
        ...

    def close(self) -> None: ...


def cc_to_value(param_id: str, cc_value: int) -> float:
    """A 0–127 controller value on the parameter's range, rounded to 0.01.

    0 gives the minimum and 127 the maximum exactly; 64, a fader's middle, gives the middle of
    the range (0 for the weights and biases), so the two halves are scaled separately.
    """
    spec = param_spec(param_id)
    if spec is None:
        raise KeyError(f"unknown parameter {param_id!r}")
    middle = (spec.min + spec.max) / 2
    if cc_value <= 64:
        value = spec.min + (middle - spec.min) * cc_value / 64
    else:
        value = middle + (spec.max - middle) * (cc_value - 64) / 63
    return spec.clamp(round(value, 2) + 0.0)  # + 0.0: never show -0.00


def _no_log(message: str) -> None:
    pass


class MidiInput:
    """Control changes bound in a MidiMapping become Commands; poll() once per frame."""

    def __init__(
        self,
        mapping: MidiMapping | None = None,
        backend: MidiBackend | None = None,
        log: Callable[[str], None] = _no_log,
    ) -> None:
        self.mapping = mapping or DEFAULT_MIDI_MAPPING
        self._backend = backend
        self._log = log
        self._learning: str | None = None

    @classmethod
    def open(
        cls, mapping: MidiMapping | None = None, log: Callable[[str], None] = _no_log
    ) -> MidiInput:
        """Listen to every MIDI input device; a disabled input if there is none.

        Either way it logs exactly one line: the devices it listens to, or why there is no MIDI.
        """
        backend, message = _open_pygame_midi()
        log(message)
        return cls(mapping, backend, log)

    @property
    def enabled(self) -> bool:
        return self._backend is not None

    @property
    def learning(self) -> str | None:
        """The parameter waiting for a control to be moved, if learn mode is armed."""
        return self._learning

    def learn(self, param_id: str) -> None:
        """Arm learn mode: the next control change is bound to `param_id`."""
        if param_spec(param_id) is None:
            raise KeyError(f"unknown parameter {param_id!r}")
        self._learning = param_id

    def cancel_learn(self) -> None:
        self._learning = None

    def poll(self) -> list[Command]:
        """The commands from the messages waiting; only the last value of each control counts."""
        if self._backend is None:
            return []
        try:
            messages = self._backend.read()
        except Exception as exc:  # noqa: BLE001 - unplugged, or a driver failure: logged
            self._log(f"MIDI input stopped: {_reason(exc)}")
            self.close()
            return []
        commands: list[Command] = []
        latest: dict[tuple[int, int], int] = {}
        for message in messages[:MAX_MESSAGES_PER_POLL]:
            parsed = _control_change(message)
            if parsed is None:
                continue
            channel, cc, value = parsed
            if self._learning is not None:
                param_id, self._learning = self._learning, None
                self.mapping = self.mapping.with_binding(param_id, channel, cc)
                latest.pop((channel, cc), None)  # earlier values belonged to the old binding
                commands.append(Command("learned", (param_id, channel, cc)))
                continue
            latest[channel, cc] = value
        for (channel, cc), value in latest.items():
            bound = self.mapping.param_for(channel, cc)
            if bound is not None:
                commands.append(Command("set_param", (bound, cc_to_value(bound, value))))
        return commands

    def close(self) -> None:
        backend, self._backend = self._backend, None
        if backend is not None:
            with contextlib.suppress(Exception):
                backend.close()


def _control_change(message: object) -> tuple[int, int, int] | None:
    """(channel 1–16, controller, value) of a control change; None for anything else."""
    try:
        status, data1, data2 = (int(part) for part in message[:3])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return None
    if not 0xB0 <= status <= 0xBF or not 0 <= data1 <= 127 or not 0 <= data2 <= 127:
        return None
    return (status & 0x0F) + 1, data1, data2


def _reason(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0] or type(exc).__name__


class _MidiDevice(Protocol):
    """What PygameMidiBackend uses of a pygame.midi.Input."""

    def poll(self) -> bool: ...

    def read(self, num_events: int) -> list[list[Any]]:
        """Up to `num_events` events, each [[status, data1, data2, data3], timestamp]."""
        ...

    def close(self) -> None: ...


class _MidiModule(Protocol):
    """What PygameMidiBackend uses of the pygame.midi module."""

    def quit(self) -> None: ...


class PygameMidiBackend:
    """Every opened pygame.midi input, read without blocking."""

    def __init__(self, midi: _MidiModule, inputs: Sequence[_MidiDevice]) -> None:
        self._midi, self._inputs = midi, inputs

    def read(self) -> list[tuple[int, int, int]]:
        messages: list[tuple[int, int, int]] = []
        for device in self._inputs:
            poll, read = device.poll, device.read
            while len(messages) < MAX_MESSAGES_PER_POLL and poll():
                messages.extend((data[0], data[1], data[2]) for data, _time in read(READ_CHUNK))
        return messages

    def close(self) -> None:
        for device in self._inputs:
            with contextlib.suppress(Exception):
                device.close()
        with contextlib.suppress(Exception):
            self._midi.quit()


def _open_pygame_midi() -> tuple[PygameMidiBackend | None, str]:
    """pygame.midi's input devices, or None and the one-line reason there are none."""
    try:
        from pygame import midi
    except Exception as exc:  # noqa: BLE001 - ImportError, or a missing PortMidi library
        return None, f"MIDI unavailable: {_reason(exc)}"
    try:
        with _quiet_stderr():  # PortMidi/ALSA print to the C stderr when there is no sound card
            midi.init()
            found = []
            for device_id in range(midi.get_count()):
                _interface, name, is_input, _is_output, opened = midi.get_device_info(device_id)
                if is_input and not opened:
                    text = name.decode("utf-8", "replace") if isinstance(name, bytes) else name
                    found.append((device_id, str(text)))
            if not found:
                midi.quit()
                return None, "MIDI: no input device found"
            inputs, names, failures = [], [], []
            for device_id, name in found:
                try:
                    inputs.append(midi.Input(device_id))
                    names.append(name)
                except Exception as exc:  # noqa: BLE001 - one device failing leaves the others
                    failures.append(f"{name}: {_reason(exc)}")
            if not inputs:
                midi.quit()
                return None, f"MIDI unavailable: cannot open {'; '.join(failures)}"
    except Exception as exc:  # noqa: BLE001 - MIDI is optional: any failure means "no MIDI"
        with contextlib.suppress(Exception):
            midi.quit()
        return None, f"MIDI unavailable: {_reason(exc)}"
    return PygameMidiBackend(midi, inputs), f"MIDI: listening to {', '.join(names)}"


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to the null device for a moment (a clean start prints nothing)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all: nothing to silence
        os.close(null)
        yield
        return
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)
